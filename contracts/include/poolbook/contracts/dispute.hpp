#pragma once
// A dispute between partners (clause 25 of a Section 75 agreement) climbs the agreement's
// dispute ladder ([[dispute_step]]): it opens at the first rung (usually officers), and each
// rung has a time limit in working days, counted on the England and Wales calendar from the
// day the dispute reached it. Unresolved, it is escalated to the next rung (directors, chief
// executives, mediation) that day; at any rung it may be closed with its resolution.
//
//   auto opened = open_dispute(agreement, DisputeOpening{"DR-2025-01", {"county", "icb"},
//                              "Share of the S07 overspend", amount, "S07", 2025_y/12/19}, *actor, today);
//   // opened->events[0]: officers, due 2026-01-07 (10 working days, past Christmas)
//   auto state = dispute_state(agreement, *opened, 2026_y/1/9);
//   // state->overdue, state->working_days_late == 2
//
// The history is kept by the store (ledger::DisputeRecord, append-only); these functions
// work out the next event from it, or refuse it with a rule and a sentence:
//  - dispute.id, dispute.matter, dispute.resolution: a reference, what is in dispute, and how
//    it was resolved are not left empty;
//  - dispute.parties: two or more different partners of the agreement;
//  - dispute.actor: the person acting belongs to one of the partners in dispute;
//  - dispute.ladder: the agreement has a ladder, and there is a rung above to escalate to;
//  - dispute.date: an event is not dated before the one before it, nor after today;
//  - dispute.closed: nothing follows a close;
//  - calendar.coverage: a date outside the bank holiday list (from the working calendar).
// Pure: no I/O, no clock (today is passed in).

#include <optional>
#include <string>
#include <vector>

#include "poolbook/contracts/agreement.hpp"
#include "poolbook/ledger/store.hpp"

namespace poolbook::contracts {

// At most this many partners in one dispute, and events in one dispute's history.
inline constexpr std::size_t kMaxDisputeParties = 32;
inline constexpr std::size_t kMaxDisputeEvents = 64;

struct DisputeOpening {
  std::string id;
  std::vector<std::string> parties;  // partner ids
  std::string matter;
  std::optional<Money> amount;
  std::string refs;
  Date on{};
};

// Where a dispute stands on a day.
struct DisputeState {
  std::size_t step = 0;  // index into the ladder
  DisputeLevel level = DisputeLevel::officers;
  std::string step_name;  // the rung's name in the agreement
  Date started{};         // when it reached this rung
  Date due{};             // when this rung must be resolved by
  std::optional<Date> closed_on;
  std::string resolution;
  bool overdue = false;       // open, and today is after the due date
  int working_days_late = 0;  // working days after the due date, up to today
  bool last_step = false;     // no rung above
};

// The dispute as opened, with its opening event at the first rung and that rung's deadline.
Result<ledger::DisputeRecord> open_dispute(const Agreement& agreement, const DisputeOpening& opening,
                                           const Person& actor, Date today);

// The event that escalates the dispute to the next rung on `on`.
Result<ledger::DisputeEventRecord> escalate_dispute(const Agreement& agreement, const ledger::DisputeRecord& dispute,
                                                    Date on, const std::string& note, const Person& actor, Date today);

// The event that closes the dispute at its current rung on `on`, with its resolution.
Result<ledger::DisputeEventRecord> close_dispute(const ledger::DisputeRecord& dispute, Date on,
                                                 const std::string& resolution, const Person& actor, Date today);

// Where the dispute stands today, from its events.
Result<DisputeState> dispute_state(const Agreement& agreement, const ledger::DisputeRecord& dispute, Date today);

// The partner ids of a dispute's parties ("county,icb" -> {"county", "icb"}).
std::vector<std::string> dispute_parties(const ledger::DisputeRecord& dispute);

}  // namespace poolbook::contracts
