#include "poolbook/contracts/governance/governance_changes.hpp"

#include <algorithm>
#include <map>

#include "poolbook/ledger/money/ratio.hpp"

namespace poolbook::contracts {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

std::string described(const Person& person) {
  return person.name + ", " + person.role + ", " + person.organisation + ", accounts [" + joined(person.os_users) + "]";
}

std::string described(const Body& body) {
  std::string text = body.name + ", " + std::string(enum_word(body.kind)) +
                     (body.partner.empty() ? "" : " of " + body.partner) + ", quorum " + std::to_string(body.quorum) +
                     " [" + joined(body.quorum_partners) + "], " + std::string(enum_word(body.voting)) +
                     (body.veto.empty() ? "" : ", veto " + body.veto) +
                     (body.weights_from.empty() ? "" : ", weights from " + body.weights_from) + ", clerks [" +
                     joined(body.clerks) + "], members [";
  for (std::size_t i = 0; i < body.members.size(); ++i) {
    const BodyMember& member = body.members[i];
    text += (i == 0 ? "" : ", ") + member.person + " (weight " + ledger::format_decimal(member.vote_weight, 6) +
            (member.voting ? "" : ", not voting") + (member.independent ? ", independent" : "") +
            (member.chair ? ", chair" : "") + ")";
  }
  return text + "]";
}

std::string described(const Delegation& row) {
  return std::string(enum_word(row.action)) + (row.up_to ? " up to " + row.up_to->to_report() : " of any amount") +
         " by " + row.body + (row.reserved ? ", reserved" : "");
}

// Items with ids: what was added, removed, or now says something else.
template <typename Item>
void compare_by_id(const std::vector<Item>& before, const std::vector<Item>& after, const std::string& kind,
                   std::vector<std::string>& changes) {
  std::map<std::string, std::string> was;
  for (const Item& item : before) was.emplace(item.id, described(item));
  for (const Item& item : after) {
    const std::string now = described(item);
    if (auto found = was.find(item.id); found == was.end())
      changes.push_back(kind + " " + item.id + " added: " + now);
    else if (found->second != now)
      changes.push_back(kind + " " + item.id + " was " + found->second + "; now " + now);
  }
  for (const Item& item : before)
    if (std::none_of(after.begin(), after.end(), [&](const Item& other) { return other.id == item.id; }))
      changes.push_back(kind + " " + item.id + " removed");
}

}  // namespace

std::vector<std::string> governance_changes(const Agreement& before, const Agreement& after) {
  std::vector<std::string> changes;
  compare_by_id(before.people, after.people, "person", changes);
  compare_by_id(before.bodies, after.bodies, "body", changes);
  // The scheme of delegation's rows have no ids: each row said before or after, once each.
  std::vector<std::string> was;
  std::vector<std::string> now;
  for (const Delegation& row : before.delegations) was.push_back(described(row));
  for (const Delegation& row : after.delegations) now.push_back(described(row));
  std::vector<std::string> remaining = was;
  for (const std::string& row : now)
    if (auto found = std::find(remaining.begin(), remaining.end(), row); found != remaining.end())
      remaining.erase(found);
    else
      changes.push_back("delegation added: " + row);
  for (const std::string& row : remaining) changes.push_back("delegation removed: " + row);
  return changes;
}

}  // namespace poolbook::contracts
