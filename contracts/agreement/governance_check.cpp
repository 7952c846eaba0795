// The checks of the agreement's governance: people, bodies, the scheme of delegation and the
// dispute ladder.
#include <algorithm>
#include <set>

#include "poolbook/contracts/governance/governance.hpp"
#include "poolbook/contracts/terms/contribution_schedule.hpp"

namespace poolbook::contracts {
namespace {

class GovernanceChecker {
 public:
  explicit GovernanceChecker(const Agreement& agreement) : agreement_(agreement) {}

  std::vector<Finding> run() {
    check_people();
    for (const Body& body : agreement_.bodies) check_body(body);
    check_delegations();
    check_dispute_ladder();
    return std::move(findings_);
  }

 private:
  void report(std::string rule, long line, std::string message, Severity severity = Severity::error) {
    findings_.push_back(Finding{severity, Error{std::move(rule), std::move(message), agreement_.file, line}});
  }

  template <typename Item>
  void unique_ids(const std::vector<Item>& items, const std::string& kind) {
    std::map<std::string, long> first;
    for (const Item& item : items)
      if (auto [found, added] = first.emplace(item.id, item.line); !added)
        report("agreement.duplicate", item.line,
               kind + " '" + item.id + "' is defined again (first at line " + std::to_string(found->second) + ")");
  }

  void check_people() {
    unique_ids(agreement_.people, "person");
    std::map<std::string, std::string> users;
    for (const Person& person : agreement_.people)
      for (const std::string& user : person.os_users)
        if (auto [found, added] = users.emplace(user, person.id); !added)
          report("governance.shared-account", person.line,
                 "person " + person.id + ": the operating-system account '" + user + "' also acts for " +
                     found->second +
                     "; whoever holds it may act as either with --as, so the segregation of their "
                     "duties rests on the account, not the books",
                 Severity::warning);
  }

  // Who records a body's decisions: its clerks (people of the agreement) and its chair (one).
  void check_recorders(const Body& body, const std::string& where) {
    for (const std::string& clerk : body.clerks)
      if (agreement_.find_person(clerk) == nullptr)
        report("governance.reference", body.line,
               where + " has clerk '" + clerk + "', who is not a [[person]] of the agreement");
    const auto chairs =
        std::count_if(body.members.begin(), body.members.end(), [](const BodyMember& member) { return member.chair; });
    if (chairs > 1) report("governance.body", body.line, where + " has " + std::to_string(chairs) + " chairs");
    const bool recorded = body.kind != BodyKind::officer;  // an officer records their own
    if (recorded && body.clerks.empty() && chairs == 0)
      report("governance.clerk", body.line,
             where + " names no clerk (clerks = [...]) and no chair, so no one may record its decisions" +
                 (body.kind == BodyKind::governing_body ? std::string(" or ratifications") : std::string()),
             Severity::warning);
  }

  void check_body(const Body& body) {
    const std::string where = "body " + body.id;
    std::set<std::string> seen;
    int voting = 0;
    for (const BodyMember& member : body.members) {
      if (agreement_.find_person(member.person) == nullptr)
        report("governance.reference", member.line,
               where + " has member '" + member.person + "', who is not a [[person]] of the agreement");
      if (!seen.insert(member.person).second)
        report("agreement.duplicate", member.line, where + " lists " + member.person + " twice");
      if (member.vote_weight < 0) report("governance.body", member.line, where + ": a vote weight is negative");
      if (member.voting) ++voting;
    }
    if (body.members.empty()) report("governance.body", body.line, where + " has no members");
    check_recorders(body, where);
    if (body.kind == BodyKind::officer &&
        (body.members.size() != 1 || !body.members.front().voting || body.quorum != 1))
      report("governance.body", body.line,
             where + " is an officer, so has exactly one member, who decides alone (voting, quorum 1)");
    if (body.kind != BodyKind::officer && body.quorum > voting && !body.members.empty())
      report("governance.body", body.line,
             where + ": the quorum is " + std::to_string(body.quorum) + " but it has " + std::to_string(voting) +
                 " voting member(s)");
    for (const std::string& partner : body.quorum_partners) {
      if (agreement_.find_partner(partner) == nullptr) {
        report("governance.reference", body.line,
               where + ": quorum partner '" + partner + "' is not a partner of the agreement");
        continue;
      }
      const bool has_member = std::any_of(body.members.begin(), body.members.end(), [&](const BodyMember& member) {
        const Person* person = agreement_.find_person(member.person);
        return member.voting && person != nullptr && person->organisation == partner;
      });
      if (!has_member)
        report("governance.body", body.line,
               where + ": its quorum needs a member from " + partner + ", but it has no voting member from there");
    }
    if (!body.veto.empty() && agreement_.find_partner(body.veto) == nullptr)
      report("governance.reference", body.line, where + ": the veto partner '" + body.veto + "' is not a partner");
    if (body.kind == BodyKind::governing_body && agreement_.find_partner(body.partner) == nullptr)
      report("governance.reference", body.line,
             where + " is the governing body of '" + body.partner + "', which is not a partner");
    if (!body.weights_from.empty() && agreement_.find_arrangement(body.weights_from) == nullptr)
      report("governance.reference", body.line,
             where + ": votes are weighted by contributions to '" + body.weights_from +
                 "', which is not an arrangement of the agreement");
    if (!body.weights_from.empty() && body.voting != VotingRule::weighted)
      report("governance.body", body.line, where + " gives 'weights_from' but does not vote \"weighted\"");
    // Weighted by contributions, a motion carries only on weight: if no voting member's
    // organisation contributes to the arrangement, nothing can ever carry.
    if (!body.weights_from.empty() && body.voting == VotingRule::weighted &&
        agreement_.find_arrangement(body.weights_from) != nullptr) {
      const bool any_weight = std::any_of(body.members.begin(), body.members.end(), [&](const BodyMember& member) {
        const Person* person = agreement_.find_person(member.person);
        return member.voting && person != nullptr &&
               std::any_of(agreement_.contributions.begin(), agreement_.contributions.end(),
                           [&](const Contribution& contribution) {
                             return contribution.arrangement == body.weights_from &&
                                    contribution.partner == person->organisation &&
                                    !contribution_amount(agreement_, contribution).is_zero();
                           });
      });
      if (!any_weight)
        report("governance.weights", body.line,
               where + ": votes are weighted by contributions to '" + body.weights_from +
                   "', but no voting member's organisation contributes to it, so no motion can carry",
               Severity::warning);
    }
  }

  void check_delegations() {
    unique_ids(agreement_.bodies, "body");
    std::map<std::pair<ActionType, std::optional<std::int64_t>>, long> limits;
    std::set<ActionType> reserved;
    for (const Delegation& row : agreement_.delegations) {
      const std::string where = "the delegation of " + std::string(enum_word(row.action));
      if (agreement_.find_body(row.body) == nullptr)
        report("governance.reference", row.line, where + " names body '" + row.body + "', which is not a [[body]]");
      const auto key = std::make_pair(
          row.action, row.up_to ? std::optional<std::int64_t>(row.up_to->pence()) : std::optional<std::int64_t>());
      if (auto [found, added] = limits.emplace(key, row.line); !added)
        report("governance.delegation", row.line,
               where + (row.up_to ? " up to " + row.up_to->to_report() : std::string(" without a limit")) +
                   " is given twice (first at line " + std::to_string(found->second) + ")");
      if (row.up_to && row.up_to->is_negative())
        report("governance.delegation", row.line, where + ": a negative limit");
      if (row.reserved) reserved.insert(row.action);
    }
    // A reserved matter needs each partner's governing body to ratify it.
    if (!reserved.empty())
      for (const Partner& partner : agreement_.partners) {
        const bool governed = std::any_of(agreement_.bodies.begin(), agreement_.bodies.end(), [&](const Body& body) {
          return body.kind == BodyKind::governing_body && body.partner == partner.id;
        });
        if (!governed)
          report("governance.body", partner.line,
                 "partner " + partner.id +
                     " has no governing body ([[body]] kind = \"governing-body\"), so cannot ratify reserved matters",
                 Severity::warning);
      }
  }

  // The ladder climbs: each level at most once, in the order of the enumeration (officers,
  // directors, chief executives, mediation); a level may be left out.
  void check_dispute_ladder() {
    const auto& ladder = agreement_.dispute_ladder;
    if (ladder.empty()) {
      report("governance.disputes", agreement_.line,
             "the agreement has no dispute ladder ([[dispute_step]]), so `poolbook dispute` cannot follow a dispute "
             "between partners",
             Severity::warning);
      return;
    }
    std::map<DisputeLevel, long> seen;
    const DisputeStep* highest = nullptr;
    // Each rung is named by its position in the file, which a rung of unknown level (left
    // out of the ladder by the reader) does not shift. Time limits are checked by the reader.
    for (const DisputeStep& step : ladder) {
      const std::string where =
          "dispute step " + std::to_string(step.position) + " (" + std::string(enum_word(step.level)) + ")";
      if (auto [found, added] = seen.emplace(step.level, step.line); !added)
        report("governance.dispute-order", step.line,
               where + " repeats the level " + std::string(enum_word(step.level)) + " (first at line " +
                   std::to_string(found->second) + "): each level is a rung of the ladder once");
      else if (highest != nullptr && step.level < highest->level)
        report("governance.dispute-order", step.line,
               where + " comes after " + std::string(enum_word(highest->level)) + " (line " +
                   std::to_string(highest->line) +
                   "): the ladder climbs from officers to directors to chief executives to mediation");
      if (highest == nullptr || step.level > highest->level) highest = &step;
    }
  }

  const Agreement& agreement_;
  std::vector<Finding> findings_;
};

}  // namespace

std::vector<Finding> check_governance(const Agreement& agreement) { return GovernanceChecker(agreement).run(); }

}  // namespace poolbook::contracts
