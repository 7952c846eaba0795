#include "poolbook/contracts/governance/governance_changes.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "poolbook/contracts/terms/budget_phasing.hpp"
#include "poolbook/contracts/terms/contribution_schedule.hpp"
#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/ledger/money/ratio.hpp"
#include "poolbook/ledger/text/text_list.hpp"

namespace poolbook::contracts {
namespace {

// A change of who may do what, or of the term (with the decision the text names for it).
GovernanceChange of_who(std::string what) { return {std::move(what), ActionType::agreement_variation, ""}; }
GovernanceChange of_term(std::string what, std::string decision = "") {
  return {std::move(what), ActionType::agreement_extension, std::move(decision)};
}

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
    text += (i == 0 ? "" : ", ") + member.person + " (weight " + member.vote_weight.str() +
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
                   std::vector<GovernanceChange>& changes) {
  std::map<std::string, std::string> was;
  for (const Item& item : before) was.emplace(item.id, described(item));
  for (const Item& item : after) {
    const std::string now = described(item);
    if (auto found = was.find(item.id); found == was.end())
      changes.push_back(of_who(kind + " " + item.id + " added: " + now));
    else if (found->second != now)
      changes.push_back(of_who(kind + " " + item.id + " was " + found->second + "; now " + now));
  }
  for (const Item& item : before)
    if (std::none_of(after.begin(), after.end(), [&](const Item& other) { return other.id == item.id; }))
      changes.push_back(of_who(kind + " " + item.id + " removed"));
}

// A body that votes by contributions: each organisation's share of the contributions (as
// varied) to its arrangement, year by year. Shares, not amounts: the same rise for everyone
// moves no vote.
using Shares = std::map<std::string, std::map<std::string, Ratio>>;  // year, organisation
Shares voting_shares(const Agreement& agreement, const Body& body) {
  std::map<std::string, std::map<std::string, Money>> amounts;
  for (const Contribution& contribution : agreement.contributions)
    if (contribution.arrangement == body.weights_from)
      amounts[contribution.year.to_string()][contribution.partner] += contribution_amount(agreement, contribution);
  Shares shares;
  for (const auto& [year, by_partner] : amounts) {
    Money total;
    for (const auto& [partner, amount] : by_partner) total += amount;
    for (const auto& [partner, amount] : by_partner)
      shares[year][partner] = total.is_zero() ? Ratio(0) : Ratio(amount.pence()) / Ratio(total.pence());
  }
  return shares;
}

std::string described(const std::map<std::string, Ratio>& shares) {
  std::string text;
  for (const auto& [partner, share] : shares)
    text += (text.empty() ? "" : ", ") + partner + " " + ledger::format_percent(share, 4);
  return text.empty() ? "none" : text;
}

void compare_voting_weights(const Agreement& before, const Agreement& after, std::vector<GovernanceChange>& changes) {
  for (const Body& body : after.bodies) {
    const Body* was = before.find_body(body.id);
    if (was == nullptr || body.voting != VotingRule::weighted || body.weights_from.empty() ||
        was->voting != VotingRule::weighted || was->weights_from != body.weights_from)
      continue;  // a new body, or one whose voting changed, is already a change of the body
    const Shares old_shares = voting_shares(before, *was);
    const Shares new_shares = voting_shares(after, body);
    std::map<std::string, bool> years;
    for (const auto* shares : {&old_shares, &new_shares})
      for (const auto& entry : *shares) years[entry.first] = true;
    for (const auto& [year, unused] : years) {
      const auto old_year = old_shares.find(year);
      const auto new_year = new_shares.find(year);
      const std::map<std::string, Ratio> none;
      const auto& old_weights = old_year == old_shares.end() ? none : old_year->second;
      const auto& new_weights = new_year == new_shares.end() ? none : new_year->second;
      if (old_weights != new_weights)
        changes.push_back(of_who("body " + body.id + " votes by contributions to " + body.weights_from + ": in " +
                                 year + " the weights were " + described(old_weights) + "; now " +
                                 described(new_weights)));
    }
  }
}

// A ring-fenced line (the Disabled Facilities Grant, the NHS minimum contribution to adult
// social care) keeps its money: a text that lowers its budget for a year moves money off it,
// as a virement would, and is adopted only under a decision.
void compare_ring_fenced_budgets(const Agreement& before, const Agreement& after,
                                 std::vector<GovernanceChange>& changes) {
  std::vector<FinancialYear> years = before.years();
  for (const FinancialYear year : after.years())
    if (std::find(years.begin(), years.end(), year) == years.end()) years.push_back(year);
  for (const Scheme& was : before.schemes) {
    if (was.ring_fence.empty()) continue;
    const Scheme* now = after.find_scheme(was.id);
    for (const FinancialYear year : years) {
      const Money old_budget = budget_annual(before, was, year);
      const Money new_budget = now == nullptr ? Money{} : budget_annual(after, *now, year);
      if (new_budget < old_budget)
        changes.push_back(of_who("ring-fenced " + was.id + " (" + was.ring_fence + "): its budget for " +
                                 year.to_string() + " was " + old_budget.to_report() + "; now " +
                                 new_budget.to_report()));
    }
  }
}

std::string described(const Extension& extension) {
  return "extension granted on " + ledger::to_iso(extension.granted_on) + " by decision " + extension.decision +
         " to " + ledger::to_iso(extension.new_end);
}

// The term: its start and end as signed, and each extension (granted by the decision it names).
void compare_term(const Agreement& before, const Agreement& after, std::vector<GovernanceChange>& changes) {
  if (before.start != after.start || before.end != after.end)
    changes.push_back(of_term("term was " + ledger::to_iso(before.start) + " to " + ledger::to_iso(before.end) +
                              "; now " + ledger::to_iso(after.start) + " to " + ledger::to_iso(after.end)));
  std::vector<std::string> remaining;
  for (const Extension& extension : before.extensions) remaining.push_back(described(extension));
  for (const Extension& extension : after.extensions)
    if (auto found = std::find(remaining.begin(), remaining.end(), described(extension)); found != remaining.end())
      remaining.erase(found);
    else
      changes.push_back(of_term("extension added: " + described(extension), extension.decision));
  for (const std::string& extension : remaining) changes.push_back(of_term("extension removed: " + extension));
}

}  // namespace

std::vector<GovernanceChange> governance_changes(const Agreement& before, const Agreement& after) {
  std::vector<GovernanceChange> changes;
  compare_by_id(before.people, after.people, "person", changes);
  compare_by_id(before.bodies, after.bodies, "body", changes);
  compare_voting_weights(before, after, changes);
  compare_ring_fenced_budgets(before, after, changes);
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
      changes.push_back(of_who("delegation added: " + row));
  for (const std::string& row : remaining) changes.push_back(of_who("delegation removed: " + row));
  compare_term(before, after, changes);
  return changes;
}

std::vector<std::string> digests_named(std::string_view refs) {
  std::vector<std::string> named;
  for (std::string ref : ledger::split_list(refs)) {
    if (ref.rfind("sha256:", 0) == 0) ref.erase(0, 7);
    std::transform(ref.begin(), ref.end(), ref.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ref.size() == kDigestLength && ref.find_first_not_of("0123456789abcdef") == std::string::npos)
      named.push_back(ref);
  }
  return named;
}

bool names_digest(std::string_view refs, const std::string& digest) {
  const auto named = digests_named(refs);
  return std::find(named.begin(), named.end(), digest) != named.end();
}

}  // namespace poolbook::contracts
