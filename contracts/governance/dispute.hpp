#pragma once
// A dispute between partners (clause 25 of a Section 75 agreement) climbs the agreement's
// dispute ladder ([[dispute_step]]): it opens at the first rung (usually officers), and each
// rung has a time limit in working days, counted on the England and Wales calendar from the
// day the dispute reached it. Nothing moves by itself: a rung left unresolved past its time
// limit is overdue until a person escalates the dispute to the next rung (directors, chief
// executives, mediation) or closes it with its resolution.
//
//   auto opened = open_dispute(agreement, DisputeOpening{"DR-2025-01", {"county", "icb"},
//                              "Share of the S07 overspend", amount, "S07", 2025_y/12/19}, *actor, today);
//   // opened->events[0]: officers, due 2026-01-07 (10 working days, past Christmas)
//   auto state = dispute_state(agreement, *opened, 2026_y/1/9);
//   // state->overdue, *state->working_days_late == 2
//   auto step = escalate_dispute(agreement, *opened, DisputeLevel::officers, 2026_y/1/8, "not agreed", *actor, today);
//
// A dispute stands at a level (officers, directors, ...), not at a position on the ladder, so
// a ladder changed after a dispute opened is followed by level: an escalation goes to the
// first rung above the level the dispute stands at. The history is kept by the store
// (DisputeRecord, append-only); these functions work out the next event from it, or
// refuse it with a rule and a sentence:
//  - dispute.id, dispute.matter, dispute.note, dispute.resolution: a reference, what is in
//    dispute, why it goes up and how it was resolved are not blank;
//  - dispute.amount: a sum in dispute, if given, is more than nothing;
//  - dispute.parties: two or more different partners of the agreement;
//  - dispute.actor: the person acting is a person of the agreement and belongs to one of the
//    partners in dispute;
//  - dispute.ladder: the agreement has a ladder, and there is a rung above to escalate to;
//  - dispute.stale: the dispute still stands at the level the caller read it at (another
//    session has not escalated it in between);
//  - dispute.date: an event is not dated before the one before it, nor after today;
//  - dispute.closed: nothing follows a close;
//  - calendar.coverage: a deadline past the bank holiday list (from the working calendar).
// A dispute has at most five events: its opening, one escalation to each level above the
// first (levels only climb, and there are four), and its close.
// Pure: no I/O, no clock (today is passed in).

#include <optional>
#include <string>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/contracts/governance/governance_records.hpp"

namespace poolbook::contracts {

// At most this many partners in one dispute.
inline constexpr std::size_t kMaxDisputeParties = 32;

struct DisputeOpening {
  std::string id;
  std::vector<std::string> parties;  // partner ids
  std::string matter;
  std::optional<Money> amount;
  std::string refs;
  Date on{};
};

// Where a dispute stands on a day, from its events dated up to that day.
struct DisputeState {
  DisputeLevel level = DisputeLevel::officers;
  // The position of that level on the agreement's ladder (0 = the first rung); none if the
  // ladder no longer has that level (it was changed after the dispute reached it).
  std::optional<std::size_t> step;
  std::string step_name;  // the rung's name in the agreement; empty when not on the ladder
  Date started{};         // when it reached this rung
  Date due{};             // when this rung must be resolved by
  std::optional<Date> closed_on;
  std::string resolution;
  bool overdue = false;  // open, and today is after the due date
  Date overdue_since{};  // the day after the due date, when overdue
  // Working days after the due date, up to today, when overdue; none when the bank holiday
  // list does not reach today, so they cannot be counted.
  std::optional<int> working_days_late;
  bool last_step = false;  // no rung above on the ladder
};

// The level a dispute stands at: that of its last opening or escalation (a close keeps it).
DisputeLevel dispute_level(const DisputeRecord& dispute);

// The position of the rung at `level` on the agreement's ladder (0 = the first), if it has one.
std::optional<std::size_t> ladder_position(const Agreement& agreement, DisputeLevel level);

// The dispute as opened, with its opening event at the first rung and that rung's deadline.
// The id and matter are kept without the spaces around them.
Result<DisputeRecord> open_dispute(const Agreement& agreement, const DisputeOpening& opening, const Person& actor,
                                   Date today);

// The event that escalates the dispute on `on` from `from` (the level the caller read it
// at) to the first rung of the ladder above it. Refused as dispute.stale if the dispute no
// longer stands at `from`.
Result<DisputeEventRecord> escalate_dispute(const Agreement& agreement, const DisputeRecord& dispute, DisputeLevel from,
                                            Date on, const std::string& note, const Person& actor, Date today);

// The event that closes the dispute on `on` at `at` (the level the caller read it at), with
// its resolution. Refused as dispute.stale if the dispute no longer stands at `at`.
Result<DisputeEventRecord> close_dispute(const Agreement& agreement, const DisputeRecord& dispute, DisputeLevel at,
                                         Date on, const std::string& resolution, const Person& actor, Date today);

// Where the dispute stands today, from its events dated up to today. Refused (dispute.date)
// if it was opened after today. Never refused for the calendar: lateness past the bank
// holiday list is left uncounted (working_days_late is empty).
Result<DisputeState> dispute_state(const Agreement& agreement, const DisputeRecord& dispute, Date today);

// The partner ids of a dispute's parties.
std::vector<std::string> dispute_parties(const DisputeRecord& dispute);

}  // namespace poolbook::contracts
