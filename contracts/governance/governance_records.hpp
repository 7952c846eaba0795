#pragma once
// What the books keep of governance, as recorded: a board's or officer's decision (with the
// votes that carried it and the ratifications that followed), a budget virement made under
// one, every action that needed authority (allowed or refused, and why), and disputes
// between partners with their history up the dispute ladder. These are plain records: the
// rules that make them (governance.hpp, dispute.hpp) and the store that keeps them
// (governance_store.hpp) are elsewhere.
//
//   DecisionRecord decision{.id = "D-2025-014", .body = "njcb", .decided_on = 2025_y/10/16,
//                           .action = "virement", .amount = *Money::parse("120000.00"),
//                           .year = FinancialYear(2025), .outcome = Outcome::carried};
//   decision.votes = {{"d.hughes", VoteCast::in_favour}, {"s.wright", VoteCast::against}};
//
// Dates are calendar days, years are financial years, and times are UTC seconds; the store
// writes them as ISO text. Decisions, ratifications, virements, the authority log, disputes
// and their events are append-only.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/ledger/calendar/timestamp.hpp"
#include "poolbook/ledger/money/money.hpp"

namespace poolbook::contracts {

using ledger::Timestamp;

enum class VoteCast { in_favour, against, abstain };
enum class Outcome { carried, failed, not_quorate };

std::string_view vote_cast_word(VoteCast cast);  // "for", "against", "abstain"
std::optional<VoteCast> vote_cast_from_word(std::string_view word);
std::string_view outcome_word(Outcome outcome);  // "carried", "failed", "not quorate"
std::optional<Outcome> outcome_from_word(std::string_view word);

struct Vote {
  std::string person;
  VoteCast cast = VoteCast::abstain;
  bool operator==(const Vote&) const = default;
};

// A partner's governing body confirming a decision on a reserved matter.
struct Ratification {
  std::string body;
  Date on{};
  bool operator==(const Ratification&) const = default;
};

// A decision of a board or officer, as recorded (the outcome was computed from the votes by
// the caller; the store keeps it and what has been done under it).
struct DecisionRecord {
  std::string id;  // e.g. "D-2025-014"
  std::string body;
  Date decided_on{};
  std::string matter;
  std::string action;  // the scheme of delegation's word, e.g. "virement"
  Money amount;
  FinancialYear year{0};
  std::string refs;  // schemes or periods it concerns, as written
  std::vector<std::string> present;
  std::vector<Vote> votes;
  std::vector<std::string> conflicted;
  Outcome outcome = Outcome::failed;
  std::string conditions;
  std::string recorded_by;
  Timestamp recorded_at{};                  // set by the store
  std::vector<Ratification> ratifications;  // filled when read
  Money used;                               // by the virements that cite it, filled when read
};

// A budget virement between two schemes of a year, and the decision it cites (if any).
struct VirementRecord {
  std::int64_t id = 0;  // assigned by the store
  FinancialYear year{0};
  std::string from_scheme;
  std::string to_scheme;
  Money amount;
  std::string decision;
  std::string actor;
  Timestamp at{};  // set by the store
};

// An action someone asked for that needs authority, allowed or refused, with the reason.
struct AuthorityEvent {
  std::string actor;
  std::string action;
  Money amount;
  std::string decision;
  bool allowed = false;
  std::string reason;
  Timestamp at{};  // set by the store
};

enum class DisputeEventKind { opened, escalated, closed };
std::string_view dispute_event_kind_word(DisputeEventKind kind);  // "opened", "escalated", "closed"
std::optional<DisputeEventKind> dispute_event_kind_from_word(std::string_view word);

// One event in a dispute's history: opened at a rung of the dispute ladder, escalated to the
// next rung, or closed with its resolution. The rung, its level and its deadline are as they
// were worked out when the event was recorded.
struct DisputeEventRecord {
  int seq = 0;  // 1, 2, 3, ... within the dispute, assigned by the store
  DisputeEventKind kind = DisputeEventKind::opened;
  Date on{};
  int step = 0;  // the rung's position on the ladder when recorded (1 = first), for the history
                 // only: the ladder may change, so the level is what a dispute stands at
  DisputeLevel level = DisputeLevel::officers;
  Date due_on{};     // the day that rung must be resolved by
  std::string note;  // why it was escalated, or how it was resolved
  std::string actor;
  Timestamp recorded_at{};  // set by the store
};

// A dispute between partners and its history, oldest event first; the first is an opening.
struct DisputeRecord {
  std::string id;  // e.g. "DR-2025-01"
  Date opened_on{};
  std::vector<std::string> parties;  // partner ids
  std::string matter;
  std::optional<Money> amount;  // the sum in dispute, if any
  std::string refs;
  std::string opened_by;
  Timestamp recorded_at{};  // set by the store
  std::vector<DisputeEventRecord> events;
};

// A KPI's measured result for a contract's payment period, as a results file gave it.
// A later result for the same contract, KPI and period supersedes an earlier one.
struct KpiResultRecord {
  std::int64_t id = 0;  // assigned by the store
  std::string contract;
  std::string kpi;
  std::string period;  // the payment period, in its standard form: "2025/26 Q2"
  ledger::Ratio value;
  std::string written;  // the value as the file wrote it: "0.83", "83%"
  std::string source;   // who measured it: "Brightcare quarterly return"
  std::string file;     // the results file, and its line
  long line = 0;
  std::string file_digest;  // SHA-256 of the file
  std::string recorded_by;
  Timestamp recorded_at{};  // set by the store
};

// An outcome metric's measured figure for a quarter, as a metrics file gave it. A later
// figure for the same metric and quarter supersedes an earlier one.
struct MetricResultRecord {
  std::int64_t id = 0;  // assigned by the store
  std::string metric;
  std::string period;                       // "2025/26 Q1"
  std::optional<std::int64_t> numerator;    // as given, for a rate or a percentage
  std::optional<std::int64_t> denominator;  // as given, or the agreement's population
  ledger::Ratio value;                      // in the metric's unit, a percentage as a fraction
  std::string source;
  std::string file;
  long line = 0;
  std::string file_digest;
  std::string recorded_by;
  Timestamp recorded_at{};  // set by the store
};

// A row of a metrics file that was not recorded, kept with why (the metrics' quarantine).
struct MetricRefusalRecord {
  std::int64_t id = 0;  // assigned by the store
  std::string file;
  long line = 0;
  std::string rule;
  std::string reason;
  std::string raw;  // the record as written ("" when the reader could not give it)
  std::string file_digest;
  std::string recorded_by;
  Timestamp recorded_at{};  // set by the store
};

// A contract's payment for a period, computed from its KPI results and approved under the
// scheme of delegation (action contract-payment).
struct ContractPaymentRecord {
  std::int64_t id = 0;  // assigned by the store
  std::string contract;
  std::string period;
  Money fixed;
  Money at_risk;
  Money earned;
  Money withheld;
  std::string results;  // the results used: "K1=83/100,K2=91/100,..."
  std::string decision;
  std::string approved_by;
  Timestamp approved_at{};  // set by the store
};

}  // namespace poolbook::contracts
