#pragma once
// Decisions and what is done under them. A board's decision is recorded with its attendance
// and votes and its outcome computed from them (minutes that claim another outcome are
// refused); a partner's governing body ratifies a reserved matter; budget moves between two
// schemes (a virement) only within someone's own authority or under a decision that covers
// it. Every check, allowed or refused, is written to the authority log.
//
//   auto recorded = books::record_decision(books, "finance.officer", meeting);   // carried
//   auto moved = books::move_budget(books, "pool.manager",
//                                   {"S08", "S07", *Money::parse("120000.00"), FinancialYear(2025), "D-2025-015"},
//                                   today);
//
// Guarantees: only a person of the agreement records, ratifies or moves budget; two sessions
// cannot both spend the last of a decision's amount (checked in the store's transaction).

#include <optional>
#include <string>
#include <vector>

#include "poolbook/contracts/governance/governance.hpp"
#include "poolbook/daemon/books/books.hpp"

namespace poolbook::books {

struct DecisionRequest {
  std::string id;  // e.g. "D-2025-015"
  std::string body;
  date::year_month_day on;
  std::string matter;
  contracts::ActionType action = contracts::ActionType::virement;
  ledger::Money amount;
  ledger::FinancialYear year{0};
  std::string refs;  // schemes or periods it concerns, as written
  std::string conditions;
  std::vector<std::string> present, in_favour, against, abstain, conflicted;  // person ids
  std::optional<std::string> minuted_outcome;  // what the minutes say, checked against the votes
};

struct RecordedDecision {
  contracts::DecisionRecord record;
  std::vector<std::string> working;  // how the outcome follows from the attendance and votes
};

// Refused with the working as the error's details when the minutes disagree with the votes.
Result<RecordedDecision> record_decision(Books& books, const std::string& as, const DecisionRequest& request);

struct DecisionFilter {
  std::string body;                           // only this body's, when not empty
  std::optional<date::year_month_day> since;  // only those taken on or after
};
std::vector<contracts::DecisionRecord> decisions(Books& books, const DecisionFilter& filter);

struct Ratification {
  std::string decision;
  std::string body;  // a partner's governing body
  date::year_month_day on;
  std::string body_name;  // filled in on success
};
// A ratification follows its decision and has happened: not dated before it, nor after today.
Result<Ratification> ratify(Books& books, const std::string& as, Ratification ratification, date::year_month_day today);

struct VirementRequest {
  std::string from_scheme;
  std::string to_scheme;
  ledger::Money amount;
  ledger::FinancialYear year{0};
  std::string decision;  // the decision cited, if one is needed
};
struct Virement {
  std::int64_t id = 0;
  VirementRequest moved;
  std::string actor;  // the person's id
};
Result<Virement> move_budget(Books& books, const std::string& as, const VirementRequest& request,
                             date::year_month_day today);

std::vector<contracts::AuthorityEvent> authority_log(Books& books);

}  // namespace poolbook::books
