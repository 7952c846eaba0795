#include "poolbook/contracts/governance/dispute.hpp"

#include <algorithm>
#include <set>

#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/ledger/calendar/working_calendar.hpp"
#include "poolbook/ledger/text/text_list.hpp"

namespace poolbook::contracts {
namespace {

// The longest stretch counted for "working days late": ten years, far beyond any ladder.
constexpr int kMaxLateCalendarDays = 3660;

std::string join_commas(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

std::string label(DisputeLevel level) { return std::string(enum_label(level)); }

Status check_parties(const Agreement& agreement, const std::vector<std::string>& parties) {
  if (parties.size() > kMaxDisputeParties)
    return make_error("dispute.parties",
                      "a dispute is between at most " + std::to_string(kMaxDisputeParties) + " partners");
  std::set<std::string> seen;
  for (const std::string& party : parties) {
    if (agreement.find_partner(party) == nullptr)
      return make_error("dispute.parties", "'" + party + "' is not a partner of agreement " + agreement.id);
    if (!seen.insert(party).second) return make_error("dispute.parties", party + " is named twice");
  }
  if (seen.size() < 2)
    return make_error("dispute.parties",
                      "a dispute is between two or more partners of the agreement (--between "
                      "county,icb)");
  return ok_status();
}

// The actor is judged by the agreement's record of them, not by what the caller says of them.
Status check_actor(const Agreement& agreement, const std::vector<std::string>& parties, const Person& actor) {
  const Person* known = agreement.find_person(actor.id);
  if (known == nullptr)
    return refusal("dispute.actor", actor.id + " is not a person of agreement " + agreement.id +
                                        " ([[person]]), so may not act in a dispute");
  if (std::find(parties.begin(), parties.end(), known->organisation) != parties.end()) return ok_status();
  return refusal("dispute.actor", known->id + " (" + known->organisation +
                                      ") does not belong to a partner in this dispute (" + join_commas(parties) +
                                      "), so may not act in it");
}

Status check_dated(Date on, std::optional<Date> previous, Date today) {
  if (on > today)
    return make_error("dispute.date", "the date " + ledger::to_iso(on) + " is after today (" + ledger::to_iso(today) +
                                          "): record what has happened, not what will");
  if (previous && on < *previous)
    return make_error("dispute.date", "the date " + ledger::to_iso(on) + " is before the dispute's last event (" +
                                          ledger::to_iso(*previous) + ")");
  return ok_status();
}

// A new event at the rung at `position` from `on`, with that rung's deadline.
Result<DisputeEventRecord> event_at(const Agreement& agreement, DisputeEventKind kind, std::size_t position, Date on,
                                    std::string note, const Person& actor) {
  assert(position < agreement.dispute_ladder.size());
  const DisputeStep& rung = agreement.dispute_ladder[position];
  assert(rung.working_days >= 1 && rung.working_days <= kMaxDisputeStepWorkingDays &&
         "a valid agreement gives every rung its time limit");
  auto due = ledger::WorkingCalendar::england_and_wales().add_working_days(on, rung.working_days);
  if (!due) return due.error();
  return DisputeEventRecord{0,        kind, on, static_cast<int>(position) + 1, rung.level, *due, std::move(note),
                            actor.id, {}};
}

// The dispute has moved since the caller read it at `from`: say where to, when and by whom.
Status check_not_moved(const DisputeRecord& dispute, DisputeLevel from) {
  const DisputeEventRecord& last = dispute.events.back();  // an opening or escalation: a close is refused first
  const DisputeLevel now = last.level;
  if (now == from) return ok_status();
  if (last.kind == DisputeEventKind::escalated && from < now)
    return conflict("dispute.stale", dispute.id + " has already been escalated to " + label(now) + " on " +
                                         ledger::to_iso(last.on) + " by " + last.actor + "; nothing was changed");
  return conflict("dispute.stale", dispute.id + " stands at " + label(now) + " (since " + ledger::to_iso(last.on) +
                                       "), not at " + label(from) + "; nothing was changed");
}

// The checks every later event passes: the actor is a party, the dispute is open and still
// where the caller read it, the date follows the last event and is not in the future.
Status may_follow(const Agreement& agreement, const DisputeRecord& dispute, DisputeLevel from, Date on,
                  const Person& actor, Date today) {
  assert(!dispute.events.empty() && "a dispute is recorded with its opening event");
  if (auto party = check_actor(agreement, dispute_parties(dispute), actor); !party) return party;
  const DisputeEventRecord& last = dispute.events.back();
  if (last.kind == DisputeEventKind::closed)
    return conflict("dispute.closed", "dispute " + dispute.id + " was closed on " + ledger::to_iso(last.on) +
                                          "; nothing may follow its close (open a new dispute)");
  if (auto moved = check_not_moved(dispute, from); !moved) return moved;
  return check_dated(on, last.on, today);
}

// Working days d with after < d <= until, or none past the bank holiday list.
std::optional<int> working_days_between(Date after, Date until) {
  const auto& calendar = ledger::WorkingCalendar::england_and_wales();
  if (date::sys_days(until) - date::sys_days(after) > date::days(kMaxLateCalendarDays))
    until = Date(date::sys_days(after) + date::days(kMaxLateCalendarDays));
  auto counted = calendar.working_days_between(after, until);
  if (!counted) return std::nullopt;
  return *counted;
}

}  // namespace

std::vector<std::string> dispute_parties(const DisputeRecord& dispute) { return dispute.parties; }

DisputeLevel dispute_level(const DisputeRecord& dispute) {
  assert(!dispute.events.empty() && "a dispute is recorded with its opening event");
  for (auto event = dispute.events.rbegin(); event != dispute.events.rend(); ++event)
    if (event->kind != DisputeEventKind::closed) return event->level;
  return DisputeLevel::officers;
}

std::optional<std::size_t> ladder_position(const Agreement& agreement, DisputeLevel level) {
  const auto& ladder = agreement.dispute_ladder;
  for (std::size_t i = 0; i < ladder.size(); ++i)
    if (ladder[i].level == level) return i;
  return std::nullopt;
}

Result<DisputeRecord> open_dispute(const Agreement& agreement, const DisputeOpening& opening, const Person& actor,
                                   Date today) {
  if (agreement.dispute_ladder.empty())
    return make_error("dispute.ladder", "agreement " + agreement.id +
                                            " has no dispute ladder ([[dispute_step]]), so a dispute cannot be "
                                            "followed up it");
  const std::string id = ledger::trim_text(opening.id);
  const std::string matter = ledger::trim_text(opening.matter);
  if (id.empty()) return make_error("dispute.id", "a dispute needs a reference, e.g. DR-2025-01");
  if (matter.empty()) return make_error("dispute.matter", "say what is in dispute (--matter)");
  if (opening.amount && !opening.amount->is_positive())
    return make_error("dispute.amount", "the sum in dispute is " + opening.amount->to_report() +
                                            "; give a sum of more than nothing, or leave it out (--amount)");
  if (auto parties = check_parties(agreement, opening.parties); !parties) return parties.error();
  if (auto party = check_actor(agreement, opening.parties, actor); !party) return party.error();
  if (auto dated = check_dated(opening.on, std::nullopt, today); !dated) return dated.error();
  auto opened = event_at(agreement, DisputeEventKind::opened, 0, opening.on, matter, actor);
  if (!opened) return opened.error();
  opened->seq = 1;
  DisputeRecord record;
  record.id = id;
  record.opened_on = opening.on;
  record.parties = opening.parties;
  record.matter = matter;
  record.amount = opening.amount;
  record.refs = opening.refs;
  record.opened_by = actor.id;
  record.events.push_back(std::move(*opened));
  return record;
}

Result<DisputeEventRecord> escalate_dispute(const Agreement& agreement, const DisputeRecord& dispute, DisputeLevel from,
                                            Date on, const std::string& note, const Person& actor, Date today) {
  const std::string why = ledger::trim_text(note);
  if (why.empty())
    return make_error("dispute.note",
                      "say why dispute " + dispute.id + " goes up a step: what was not resolved (--note)");
  if (auto allowed = may_follow(agreement, dispute, from, on, actor, today); !allowed) return allowed.error();
  // By level, not position: a ladder changed since the dispute opened is still climbed in order.
  const auto& ladder = agreement.dispute_ladder;
  const auto next =
      std::find_if(ladder.begin(), ladder.end(), [&](const DisputeStep& rung) { return rung.level > from; });
  if (next == ladder.end()) {
    const std::string where =
        ladder_position(agreement, from)
            ? ", the last step of the ladder"
            : ", which is no longer a step of the agreement's dispute ladder, and no step is above it";
    return make_error("dispute.ladder", "dispute " + dispute.id + " is at " + label(from) + where +
                                            "; close the dispute with its outcome (poolbook dispute close " +
                                            dispute.id + " --resolution ...)");
  }
  return event_at(agreement, DisputeEventKind::escalated, static_cast<std::size_t>(next - ladder.begin()), on, why,
                  actor);
}

Result<DisputeEventRecord> close_dispute(const Agreement& agreement, const DisputeRecord& dispute, DisputeLevel at,
                                         Date on, const std::string& resolution, const Person& actor, Date today) {
  const std::string outcome = ledger::trim_text(resolution);
  if (outcome.empty())
    return make_error("dispute.resolution", "say how dispute " + dispute.id + " was resolved (--resolution)");
  if (auto allowed = may_follow(agreement, dispute, at, on, actor, today); !allowed) return allowed.error();
  const DisputeEventRecord& last = dispute.events.back();
  return DisputeEventRecord{0, DisputeEventKind::closed, on, last.step, last.level, last.due_on, outcome, actor.id, {}};
}

Result<DisputeState> dispute_state(const Agreement& agreement, const DisputeRecord& dispute, Date today) {
  assert(!dispute.events.empty() && "a dispute is recorded with its opening event");
  if (dispute.events.front().on > today)
    return make_error("dispute.date", "dispute " + dispute.id + " was opened on " +
                                          ledger::to_iso(dispute.events.front().on) + ", after " +
                                          ledger::to_iso(today));
  DisputeState state;
  // The rung stands where the last opening or escalation up to today put it; a close keeps it.
  for (const DisputeEventRecord& event : dispute.events) {
    if (event.on > today) break;
    if (event.kind == DisputeEventKind::closed) {
      state.closed_on = event.on;
      state.resolution = event.note;
      continue;
    }
    state.level = event.level;
    state.started = event.on;
    state.due = event.due_on;
  }
  state.step = ladder_position(agreement, state.level);
  if (state.step) state.step_name = agreement.dispute_ladder[*state.step].name;
  state.last_step = std::none_of(agreement.dispute_ladder.begin(), agreement.dispute_ladder.end(),
                                 [&](const DisputeStep& rung) { return rung.level > state.level; });
  state.overdue = !state.closed_on && today > state.due;
  if (state.overdue) {
    state.overdue_since = Date(date::sys_days(state.due) + date::days(1));
    state.working_days_late = working_days_between(state.due, today);
  }
  return state;
}

}  // namespace poolbook::contracts
