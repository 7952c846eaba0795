#pragma once
// Who may decide what: the agreement's people, bodies (boards, officers, partners' governing
// bodies) and scheme of delegation ([[person]], [[body]], [[delegation]] in the agreement
// file), and the outcome of a meeting computed from its attendance and votes, never typed in.
//
//   auto covering = delegation_for(agreement, ActionType::virement, *Money::parse("120000.00"));
//   // -> the row "virement up to £500,000.00: njcb"
//   auto result = decide(agreement, Meeting{"njcb", FinancialYear(2025), present, votes, conflicted});
//   result->outcome;  // carried, failed or not quorate, with the working
//
// Rules, as the agreement states them for each board:
//  - quorum: at least `quorum` voting members present and not conflicted, including at least
//    one from each of `quorum_partners`; a conflicted member counts for neither quorum nor vote;
//  - voting: unanimity (every voting member present in favour), simple majority (more in
//    favour than against), two-thirds (in favour at least two-thirds of the votes cast),
//    weighted (the weight in favour more than the weight against: each member's vote_weight,
//    or, with weights_from, each organisation's contributions to that arrangement for the
//    year shared equally between its members who vote), consensus (no vote against);
//  - veto: with `veto = PARTNER`, a vote against by a member from that partner defeats the
//    motion under any rule;
//  - an officer decides alone, within the limits the scheme of delegation gives its body.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/contracts/agreement/finding.hpp"
#include "poolbook/contracts/governance/governance_records.hpp"

namespace poolbook::contracts {

struct Meeting {
  std::string body;
  FinancialYear year{0};                  // for votes weighted by contributions
  std::vector<std::string> present;       // people attending
  std::map<std::string, VoteCast> votes;  // person -> vote
  std::vector<std::string> conflicted;    // people who declared a conflict of interest
};

struct MeetingResult {
  Outcome outcome = Outcome::failed;
  int counted_present = 0;  // voting members present and not conflicted
  int in_favour = 0;
  int against = 0;
  int abstained = 0;
  Ratio weight_in_favour = 0;
  Ratio weight_against = 0;
  std::vector<std::string> working;
};

// Refused when someone present is not a member of the body, a conflicted member or a
// non-voting member votes, or someone votes without being present (rule governance.meeting).
Result<MeetingResult> decide(const Agreement& agreement, const Meeting& meeting);

// The row of the scheme of delegation that covers an action of an amount: of that action's
// rows, the one with the smallest limit at or above the amount (an unlimited row last).
// Refused when no row covers it (rule governance.delegation).
Result<const Delegation*> delegation_for(const Agreement& agreement, ActionType action, Money amount);

// What a person may approve: alone (as an officer), or as a member of a board.
struct PersonAuthority {
  ActionType action = ActionType::virement;
  std::optional<Money> from;   // above this (the next lower row's limit), if any
  std::optional<Money> up_to;  // up to this, if limited
  std::string body;
  bool alone = false;  // an officer's own authority; else a board's, which this person sits on
  bool reserved = false;
};
std::vector<PersonAuthority> authority_of(const Agreement& agreement, std::string_view person);

// The person an operating-system user acts as, if the agreement maps one.
const Person* person_for_os_user(const Agreement& agreement, std::string_view user);

// Whether `actor` may take `action` of `amount` in `year`, citing `decision` (as recorded in
// the books, with what has been used of it) or none, on `today`. Without a decision, only an
// officer within its limit acting alone on a matter that is not reserved; with one, the
// decision must be on that action, carried, taken by a body with authority for the amount,
// dated on or before today, for that year, ratified by every partner's governing body if the
// matter is reserved, and not used beyond its amount. Refusals name the rule (authority.*)
// and say what would be needed. An unknown actor (nullptr) may do nothing.
Status authorise(const Agreement& agreement, const Person* actor, ActionType action, Money amount, FinancialYear year,
                 const std::optional<DecisionRecord>& decision, Date today);

// Whether `actor` may reopen the closed month `period` on `today`: as authorise for a
// period-reopening of no amount in that month's year; and a cited decision must name the
// month among its refs ("2025/26 M12" or "2026-03", rule authority.refs), be taken after
// the month ended (authority.date), and not have reopened it before (`reopened_under_it`
// times, authority.used): one board decision reopens the months it names, once each.
// Whether actor may close `period` (its accruals, statement and lock; at M12 the year's
// settlement): as the scheme of delegation's period-close rows say, or, in an agreement with
// none, whoever may post a manual journal alone.
Status authorise_close(const Agreement& agreement, const Person* actor, const ledger::Period& period, Date today);
Status authorise_reopening(const Agreement& agreement, const Person* actor, const ledger::Period& period,
                           const std::optional<DecisionRecord>& decision, int reopened_under_it, Date today);

// The scheme of delegation as the PostgreSQL database checks it again (the schemes table of
// ledger/store/pg/governance.sql), as JSON: {"people": {id: true, ...}, "partners": [id, ...],
// "bodies": {id: {"kind", "partner", "members": {person: voting}, "recorders": [its clerks, then
// its chair]}}, "delegations": [{"action", "body", "up_to": pence or null, "reserved"}]}, each
// in the agreement's order, so that one agreement always gives the same text.
std::string scheme_of_delegation_json(const Agreement& agreement);

// The checks of the agreement's governance (run by check_agreement).
std::vector<Finding> check_governance(const Agreement& agreement);

}  // namespace poolbook::contracts
