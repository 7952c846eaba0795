#include "poolbook/contracts/dispute.hpp"

#include <algorithm>
#include <set>

#include "poolbook/ledger/financial_calendar.hpp"
#include "poolbook/ledger/text_list.hpp"
#include "poolbook/ledger/working_calendar.hpp"

namespace poolbook::contracts {
namespace {

using ledger::DisputeEventRecord;
using ledger::DisputeRecord;

// The longest stretch counted for "working days late": ten years, far beyond any ladder.
constexpr int kMaxLateCalendarDays = 3660;

std::string join_commas(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

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

Status check_actor(const std::vector<std::string>& parties, const Person& actor) {
  if (std::find(parties.begin(), parties.end(), actor.organisation) != parties.end()) return ok_status();
  return make_error("dispute.actor", actor.id + " (" + actor.organisation +
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

Date stored_date(const std::string& iso) {
  auto parsed = ledger::parse_iso_date(iso);
  assert(parsed && "the store keeps the ISO dates poolbook wrote");
  return parsed ? *parsed : Date{};
}

// A new event at rung `step` from `on`, with that rung's deadline.
Result<DisputeEventRecord> event_at(const Agreement& agreement, std::string kind, std::size_t step, Date on,
                                    std::string note, const Person& actor) {
  assert(step < agreement.dispute_ladder.size());
  const DisputeStep& rung = agreement.dispute_ladder[step];
  auto due = ledger::WorkingCalendar::england_and_wales().add_working_days(on, rung.working_days);
  if (!due) return due.error();
  return DisputeEventRecord{0,
                            std::move(kind),
                            ledger::to_iso(on),
                            static_cast<int>(step),
                            std::string(enum_word(rung.level)),
                            ledger::to_iso(*due),
                            std::move(note),
                            actor.id,
                            {}};
}

// The checks every later event passes: the actor is a party, the dispute is open and has
// room for another event, the date follows the last event and is not in the future.
Status may_follow(const DisputeRecord& dispute, Date on, const Person& actor, Date today) {
  assert(!dispute.events.empty() && "a dispute is recorded with its opening event");
  if (auto party = check_actor(dispute_parties(dispute), actor); !party) return party;
  const DisputeEventRecord& last = dispute.events.back();
  if (last.kind == "closed")
    return make_error("dispute.closed", "dispute " + dispute.id + " was closed on " + last.on +
                                            "; nothing may follow its close (open a new dispute)");
  if (dispute.events.size() >= kMaxDisputeEvents)
    return make_error("dispute.limit",
                      "dispute " + dispute.id + " already has " + std::to_string(kMaxDisputeEvents) + " events");
  return check_dated(on, stored_date(last.on), today);
}

// Working days d with after < d <= until.
Result<int> working_days_between(Date after, Date until) {
  const auto& calendar = ledger::WorkingCalendar::england_and_wales();
  int count = 0;
  int steps = 0;
  for (date::sys_days day = date::sys_days(after) + date::days(1); day <= date::sys_days(until); day += date::days(1)) {
    if (++steps > kMaxLateCalendarDays) break;
    auto working = calendar.is_working_day(Date(day));
    if (!working) return working.error();
    if (*working) ++count;
  }
  return count;
}

}  // namespace

std::vector<std::string> dispute_parties(const DisputeRecord& dispute) { return ledger::split_list(dispute.parties); }

Result<DisputeRecord> open_dispute(const Agreement& agreement, const DisputeOpening& opening, const Person& actor,
                                   Date today) {
  if (agreement.dispute_ladder.empty())
    return make_error("dispute.ladder", "agreement " + agreement.id +
                                            " has no dispute ladder ([[dispute_step]]), so a dispute cannot be "
                                            "followed up it");
  if (opening.id.empty()) return make_error("dispute.id", "a dispute needs a reference, e.g. DR-2025-01");
  if (opening.matter.empty()) return make_error("dispute.matter", "say what is in dispute (--matter)");
  if (auto parties = check_parties(agreement, opening.parties); !parties) return parties.error();
  if (auto party = check_actor(opening.parties, actor); !party) return party.error();
  if (auto dated = check_dated(opening.on, std::nullopt, today); !dated) return dated.error();
  auto opened = event_at(agreement, "opened", 0, opening.on, opening.matter, actor);
  if (!opened) return opened.error();
  opened->seq = 1;
  DisputeRecord record;
  record.id = opening.id;
  record.opened_on = ledger::to_iso(opening.on);
  record.parties = join_commas(opening.parties);
  record.matter = opening.matter;
  record.amount = opening.amount;
  record.refs = opening.refs;
  record.opened_by = actor.id;
  record.events.push_back(std::move(*opened));
  return record;
}

Result<DisputeEventRecord> escalate_dispute(const Agreement& agreement, const DisputeRecord& dispute, Date on,
                                            const std::string& note, const Person& actor, Date today) {
  if (auto allowed = may_follow(dispute, on, actor, today); !allowed) return allowed.error();
  const DisputeEventRecord& last = dispute.events.back();
  const auto next = static_cast<std::size_t>(last.step) + 1;
  if (next >= agreement.dispute_ladder.size())
    return make_error("dispute.ladder", "dispute " + dispute.id + " is at " + last.level +
                                            ", the last step of the ladder; close the dispute with its outcome "
                                            "(poolbook dispute close " +
                                            dispute.id + " --resolution ...)");
  return event_at(agreement, "escalated", next, on, note, actor);
}

Result<DisputeEventRecord> close_dispute(const DisputeRecord& dispute, Date on, const std::string& resolution,
                                         const Person& actor, Date today) {
  if (auto allowed = may_follow(dispute, on, actor, today); !allowed) return allowed.error();
  if (resolution.empty())
    return make_error("dispute.resolution", "say how dispute " + dispute.id + " was resolved (--resolution)");
  const DisputeEventRecord& last = dispute.events.back();
  return DisputeEventRecord{0,           "closed",   ledger::to_iso(on), last.step, last.level,
                            last.due_on, resolution, actor.id,           {}};
}

Result<DisputeState> dispute_state(const Agreement& agreement, const DisputeRecord& dispute, Date today) {
  assert(!dispute.events.empty() && "a dispute is recorded with its opening event");
  DisputeState state;
  // The rung stands where the last opening or escalation put it; a close keeps it.
  for (const DisputeEventRecord& event : dispute.events) {
    if (event.kind == "closed") {
      state.closed_on = stored_date(event.on);
      state.resolution = event.note;
      continue;
    }
    state.step = static_cast<std::size_t>(event.step);
    state.started = stored_date(event.on);
    state.due = stored_date(event.due_on);
    if (auto level = enum_from_word<DisputeLevel>(event.level)) state.level = *level;
  }
  if (state.step < agreement.dispute_ladder.size()) state.step_name = agreement.dispute_ladder[state.step].name;
  state.last_step = state.step + 1 >= agreement.dispute_ladder.size();
  state.overdue = !state.closed_on && today > state.due;
  if (state.overdue) {
    auto late = working_days_between(state.due, today);
    if (!late) return late.error();
    state.working_days_late = *late;
  }
  return state;
}

}  // namespace poolbook::contracts
