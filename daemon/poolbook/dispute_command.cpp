// `poolbook dispute open|step|close|list|show`
//
// A dispute between partners, followed up the agreement's dispute ladder (Schedule 10 in
// Northshire's): opened at the first rung, escalated a rung at a time, closed with its
// resolution. Each rung's deadline is worked out in working days; `list` flags the overdue.
// Every change needs a person of the agreement who belongs to a partner in the dispute, and
// is refused if another session moved the dispute after this one read it.
#include <cassert>
#include <chrono>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "exit_status.hpp"
#include "open_books.hpp"
#include "poolbook/daemon/books/disputes.hpp"
#include "poolbook/ledger/calendar/date_format.hpp"
#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/ledger/calendar/london_clock.hpp"
#include "poolbook/ledger/calendar/working_calendar.hpp"
#include "poolbook/ledger/text/text_list.hpp"
#include "text_table.hpp"

namespace poolbook::cli {
namespace {

using contracts::Agreement;
using contracts::Date;
using contracts::DisputeLevel;
using contracts::DisputeState;

struct DisputeOptions {
  std::string id, between, matter, amount, refs, note, resolution, on, today, actor, from;
  std::string store = books::kDefaultStorePath;
  bool all = false;
  bool json = false;
};

int refuse(const std::string& verb, const Error& error) { return report_error("dispute " + verb, error); }

// --on or --today as given, else today's date in London.
Result<Date> date_or_today(const std::string& given) {
  if (given.empty()) return ledger::london_date(std::chrono::system_clock::now());
  return ledger::parse_iso_date(given);
}

std::string join_parties(const contracts::DisputeRecord& dispute) {
  std::string out;
  for (const std::string& party : dispute.parties) out += (out.empty() ? "" : ",") + party;
  return out;
}

std::string day_words(Date day) { return date::format("%a %Y-%m-%d", date::sys_days{day}); }

std::string plural(int count, const std::string& one, const std::string& many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

const std::string kOffLadder = "no longer a step of the agreement's dispute ladder";

// "step 2 of 4, directors", by level: the ladder may have changed since the dispute reached it.
std::string rung_words(const Agreement& agreement, DisputeLevel level) {
  const std::string label(contracts::enum_label(level));
  const auto position = contracts::ladder_position(agreement, level);
  if (!position) return label + " (" + kOffLadder + ")";
  return "step " + std::to_string(*position + 1) + " of " + std::to_string(agreement.dispute_ladder.size()) + ", " +
         label;
}

// "2 directors" for the step column of `list`.
std::string step_column(const DisputeState& state) {
  const std::string word(contracts::enum_word(state.level));
  return state.step ? std::to_string(*state.step + 1) + " " + word : word + " (off the ladder)";
}

// What a rung asks for, and by when.
void print_rung(const Agreement& agreement, const contracts::DisputeEventRecord& event) {
  const DisputeLevel at = event.level;
  std::cout << "  " << rung_words(agreement, at);
  if (const auto position = contracts::ladder_position(agreement, at)) {
    const auto& rung = agreement.dispute_ladder[*position];
    std::cout << ": " << rung.name << "\n  to be resolved by " << day_words(event.due_on) << " ("
              << plural(rung.working_days, "working day", "working days") << " from " << ledger::to_iso(event.on)
              << ")";
  }
  std::cout << "\n";
}

// Overdue is said from the day after the due date; the working days late are added when
// there are any (a deadline on a Friday is 0 working days late on the Saturday) and when the
// bank holiday list reaches today.
std::string status_words(const DisputeState& state) {
  if (state.closed_on) return "closed " + ledger::to_iso(*state.closed_on);
  if (!state.overdue) return "open";
  const std::string since = "OVERDUE since " + ledger::to_iso(state.overdue_since);
  if (!state.working_days_late)
    return since + " (working days cannot be counted past " +
           std::to_string(ledger::WorkingCalendar::england_and_wales().last_year()) + ")";
  if (*state.working_days_late == 0) return since;
  return "OVERDUE by " + plural(*state.working_days_late, "working day", "working days");
}

// --from as given: the level the person saw the dispute at (else it is read now).
Result<std::optional<DisputeLevel>> level_given(const DisputeOptions& options) {
  if (options.from.empty()) return std::optional<DisputeLevel>{};
  auto given = contracts::enum_from_word<DisputeLevel>(options.from);
  if (!given)
    return make_error("dispute.from", "--from is '" + options.from +
                                          "', which is not one of: " + contracts::enum_words_list<DisputeLevel>());
  return std::optional<DisputeLevel>{*given};
}

int run_open(const DisputeOptions& options) {
  auto on = date_or_today(options.on);
  if (!on) return refuse("open", on.error());
  std::optional<ledger::Money> amount;
  if (!options.amount.empty()) {
    auto parsed = ledger::Money::parse(options.amount);
    if (!parsed) return refuse("open", parsed.error());
    amount = *parsed;
  }
  auto opened = open_books_noting(options.store);
  if (!opened) return refuse("open", opened.error());
  const auto today = ledger::london_date(std::chrono::system_clock::now());
  auto dispute = books::open_dispute(*opened, options.actor,
                                     contracts::DisputeOpening{options.id, ledger::split_list(options.between),
                                                               options.matter, amount, options.refs, *on},
                                     today);
  if (!dispute) return refuse("open", dispute.error());
  std::cout << "opened " << dispute->id << " between " << join_parties(*dispute) << " on "
            << ledger::to_iso(dispute->opened_on) << "\n";
  print_rung(opened->agreement, dispute->events.front());
  return kDone;
}

// Step or close: the next event is worked out inside the store's write transaction.
int run_event(const DisputeOptions& options, bool closing) {
  const std::string verb = closing ? "close" : "step";
  auto on = date_or_today(options.on);
  if (!on) return refuse(verb, on.error());
  auto from = level_given(options);
  if (!from) return refuse(verb, from.error());
  auto opened = open_books_noting(options.store);
  if (!opened) return refuse(verb, opened.error());
  const auto today = ledger::london_date(std::chrono::system_clock::now());
  const books::DisputeEventRequest request{options.id,
                                           closing ? books::DisputeMove::close : books::DisputeMove::escalate,
                                           closing ? options.resolution : options.note, *on, *from};
  auto moved = books::move_dispute(*opened, options.actor, request, today);
  if (!moved) return refuse(verb, moved.error());
  const Agreement& agreement = opened->agreement;
  const auto& event = moved->event;
  if (closing) {
    const auto position = contracts::ladder_position(agreement, moved->from);
    std::cout << options.id << " closed on " << ledger::to_iso(event.on) << " at "
              << (position ? "step " + std::to_string(*position + 1) + " (" +
                                 std::string(contracts::enum_word(event.level)) + ")"
                           : rung_words(agreement, moved->from))
              << ": " << event.note << "\n";
    return kDone;
  }
  std::cout << options.id << " escalated on " << ledger::to_iso(event.on) << "\n";
  print_rung(agreement, event);
  return kDone;
}

nlohmann::json standing_json(const books::DisputeStanding& standing) {
  const auto& [dispute, state] = standing;
  return {{"id", dispute.id},
          {"parties", contracts::dispute_parties(dispute)},
          {"matter", dispute.matter},
          {"amount", dispute.amount ? dispute.amount->to_plain() : ""},
          {"step", state.step ? nlohmann::json(*state.step + 1) : nlohmann::json(nullptr)},
          {"level", std::string(contracts::enum_word(state.level))},
          {"step_name", state.step_name},
          {"started", ledger::to_iso(state.started)},
          {"due", ledger::to_iso(state.due)},
          {"closed_on", state.closed_on ? ledger::to_iso(*state.closed_on) : ""},
          {"resolution", state.resolution},
          {"overdue", state.overdue},
          {"overdue_since", state.overdue ? ledger::to_iso(state.overdue_since) : ""},
          {"working_days_late",
           state.working_days_late ? nlohmann::json(*state.working_days_late) : nlohmann::json(nullptr)}};
}

int run_list(const DisputeOptions& options) {
  auto today = date_or_today(options.today);
  if (!today) return refuse("list", today.error());
  auto opened = open_books_noting(options.store);
  if (!opened) return refuse("list", opened.error());
  auto standings = books::disputes_as_at(*opened, *today, options.all);
  if (!standings) return refuse("list", standings.error());
  TextTable table({"dispute", "parties", "matter", "step", "started", "due", "status"},
                  {Align::left, Align::left, Align::left, Align::left, Align::left, Align::left, Align::left});
  nlohmann::json rows = nlohmann::json::array();
  int overdue = 0;
  for (const auto& standing : *standings) {
    const auto& [dispute, state] = standing;
    if (state.overdue) ++overdue;
    table.add_row({dispute.id, join_parties(dispute), dispute.matter, step_column(state), ledger::to_iso(state.started),
                   ledger::to_iso(state.due), status_words(state)});
    rows.push_back(standing_json(standing));
  }
  if (options.json) {
    std::cout << nlohmann::json{{"today", ledger::to_iso(*today)}, {"disputes", rows}}.dump(2) << '\n';
    return kDone;
  }
  const int shown = static_cast<int>(standings->size());
  if (shown > 0) std::cout << table.render();
  std::cout << plural(shown, options.all ? "dispute" : "open dispute", options.all ? "disputes" : "open disputes")
            << ", " << overdue << " overdue, as at " << ledger::to_iso(*today) << "\n";
  return kDone;
}

int run_show(const DisputeOptions& options) {
  auto today = date_or_today(options.today);
  if (!today) return refuse("show", today.error());
  auto opened = open_books_noting(options.store);
  if (!opened) return refuse("show", opened.error());
  auto standing = books::dispute_as_at(*opened, options.id, *today);
  if (!standing) return refuse("show", standing.error());
  const auto& [dispute, state] = *standing;
  std::cout << dispute.id << ": " << dispute.matter << "\nbetween " << join_parties(dispute) << "; opened by "
            << dispute.opened_by << " on " << ledger::to_iso(dispute.opened_on);
  if (dispute.amount) std::cout << "; amount " << dispute.amount->to_report();
  if (!dispute.refs.empty()) std::cout << "; refs " << ledger::with_standard_periods(dispute.refs);
  std::cout << "\n\n";
  TextTable table({"date", "event", "step", "due", "by", "note"},
                  {Align::left, Align::left, Align::left, Align::left, Align::left, Align::left});
  for (const auto& event : dispute.events)
    table.add_row({ledger::to_iso(event.on), std::string(contracts::dispute_event_kind_word(event.kind)),
                   std::to_string(event.step) + " " + std::string(contracts::enum_word(event.level)),
                   event.kind == contracts::DisputeEventKind::closed ? "" : ledger::to_iso(event.due_on), event.actor,
                   event.note});
  std::cout << table.render() << "\nas at " << ledger::to_iso(*today) << ": "
            << rung_words(opened->agreement, state.level) << ", due " << ledger::to_iso(state.due) << "; "
            << status_words(state) << "\n";
  return kDone;
}

}  // namespace

void add_dispute_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DisputeOptions>();
  CLI::App* dispute = app.add_subcommand("dispute", "Disputes between partners, up the agreement's dispute ladder");
  dispute->require_subcommand(1);
  const auto common = [&](CLI::App* command) {
    command->add_option("--store", options->store, "The books")->capture_default_str();
  };
  const auto acting = [&](CLI::App* command) {
    command->add_option("--on", options->on, "The date it happened (default: today in London)");
    command->add_option("--as", options->actor, kAsHelp);
    common(command);
  };
  CLI::App* open = dispute->add_subcommand("open", "Open a dispute at the first step of the ladder");
  open->add_option("id", options->id, "The dispute's reference, e.g. DR-2025-01")->required();
  open->add_option("--between", options->between, "The partners in dispute, e.g. county,icb")->required();
  open->add_option("--matter", options->matter, "What is in dispute")->required();
  open->add_option("--amount", options->amount, "The sum in dispute, if any");
  open->add_option("--refs", options->refs, "Schemes, decisions or periods it concerns");
  acting(open);
  open->callback([options, &exit_code] { exit_code = run_open(*options); });
  CLI::App* step = dispute->add_subcommand("step", "Escalate a dispute to the next step of the ladder");
  step->add_option("id", options->id, "The dispute")->required();
  step->add_option("--note", options->note, "Why it goes up (what the step before did not resolve)")->required();
  step->add_option("--from", options->from,
                   "The level it stands at, e.g. officers: refused if it has moved (default: as read now)");
  acting(step);
  step->callback([options, &exit_code] { exit_code = run_event(*options, false); });
  CLI::App* close = dispute->add_subcommand("close", "Close a dispute with its resolution");
  close->add_option("id", options->id, "The dispute")->required();
  close->add_option("--resolution", options->resolution, "How it was resolved")->required();
  close->add_option("--from", options->from,
                    "The level it stands at, e.g. directors: refused if it has moved (default: as read now)");
  acting(close);
  close->callback([options, &exit_code] { exit_code = run_event(*options, true); });
  CLI::App* list = dispute->add_subcommand("list", "Open disputes, their current step and deadline");
  list->add_flag("--all", options->all, "Closed disputes too");
  list->add_option("--today", options->today, "The date to judge deadlines on (default: today in London)");
  list->add_flag("--json", options->json, "Print JSON");
  common(list);
  list->callback([options, &exit_code] { exit_code = run_list(*options); });
  CLI::App* show = dispute->add_subcommand("show", "A dispute's history, step by step");
  show->add_option("id", options->id, "The dispute")->required();
  show->add_option("--today", options->today, "The date to judge its deadline on (default: today in London)");
  common(show);
  show->callback([options, &exit_code] { exit_code = run_show(*options); });
}

}  // namespace poolbook::cli
