// `poolbook authority PERSON [--agreement FILE | --store PATH] [--json]`
//
// What a person may approve under the scheme of delegation: alone (as an officer, such as the
// pool manager) and as a member of a board, by action and up to how much. PERSON is a person
// id of the agreement or an operating-system user mapped to one.
#include <chrono>
#include <iostream>
#include <memory>
#include <tuple>

#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "exit_status.hpp"
#include "open_books.hpp"
#include "poolbook/daemon/books/decisions.hpp"
#include "poolbook/ledger/calendar/date_format.hpp"
#include "poolbook/ledger/calendar/london_clock.hpp"
#include "poolbook/ledger/text/text_list.hpp"
#include "text_table.hpp"

namespace poolbook::cli {
namespace {

using contracts::Agreement;

struct AuthorityOptions {
  std::string person;
  std::string agreement;
  std::string store = books::kDefaultStorePath;
  bool json = false;
};

std::string limit_words(const contracts::PersonAuthority& authority) {
  if (authority.up_to && authority.from)
    return "over " + authority.from->to_report() + " up to " + authority.up_to->to_report();
  if (authority.up_to) return "up to " + authority.up_to->to_report();
  if (authority.from) return "over " + authority.from->to_report();
  return "any amount";
}

int run_authority(const AuthorityOptions& options) {
  auto loaded = books::agreement_from(options.agreement, options.store);
  if (!loaded) return report_error("authority", loaded.error());
  const Agreement& agreement = *loaded;
  const contracts::Person* person = agreement.find_person(options.person);
  if (person == nullptr) person = contracts::person_for_os_user(agreement, options.person);
  if (person == nullptr)
    return report_error("authority", not_found("authority.person", "'" + options.person +
                                                                       "' is neither a person of the agreement nor a "
                                                                       "user mapped to one, so may approve nothing"));
  const auto authorities = contracts::authority_of(agreement, person->id);
  if (options.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& authority : authorities)
      rows.push_back({{"action", contracts::enum_word(authority.action)},
                      {"from", authority.from ? authority.from->to_plain() : ""},
                      {"up_to", authority.up_to ? authority.up_to->to_plain() : ""},
                      {"body", authority.body},
                      {"alone", authority.alone},
                      {"reserved", authority.reserved}});
    std::cout << nlohmann::json{{"person", person->id}, {"name", person->name}, {"authority", rows}}.dump(2) << '\n';
    return kDone;
  }
  std::cout << person->name << " (" << person->id << "), " << person->role << ", " << person->organisation << "\n\n";
  if (authorities.empty()) {
    std::cout << "may approve nothing under the scheme of delegation\n";
    return kDone;
  }
  TextTable table({"action", "amount", "how", "body"}, {Align::left, Align::left, Align::left, Align::left});
  for (const auto& authority : authorities) {
    const auto* body = agreement.find_body(authority.body);
    std::string how = authority.alone ? "alone" : "board decision";
    if (authority.reserved) how += ", ratified by every partner";
    table.add_row({std::string(contracts::enum_label(authority.action)), limit_words(authority), how,
                   body != nullptr ? body->name : authority.body});
  }
  std::cout << table.render();
  return kDone;
}

// ---- decisions and what is done under them ----

struct DecisionOptions {
  std::string id, body, on, matter, action, amount = "0.00", year, refs, conditions, outcome, actor;
  std::string present, in_favour, against, abstain, conflicted;  // comma lists of person ids
  std::string store = books::kDefaultStorePath;
  std::string from, to;       // virement
  std::string decision;       // virement: the decision cited
  std::string since;          // decisions: taken on or after this date
  bool refused_only = false;  // authority-log
};

Result<books::DecisionRequest> decision_request(const DecisionOptions& options) {
  auto action = contracts::enum_from_word<contracts::ActionType>(options.action);
  if (!action)
    return make_error("decision.action",
                      "'" + options.action + "' is not one of: " + contracts::enum_words_list<contracts::ActionType>());
  auto amount = ledger::Money::parse(options.amount);
  if (!amount) return amount.error();
  auto year = ledger::FinancialYear::parse(options.year);
  if (!year) return year.error();
  auto on = ledger::parse_iso_date(options.on);
  if (!on) return on.error();
  books::DecisionRequest request;
  request.id = options.id;
  request.body = options.body;
  request.on = *on;
  request.matter = options.matter;
  request.action = *action;
  request.amount = *amount;
  request.year = *year;
  request.refs = options.refs;
  request.conditions = options.conditions;
  request.present = ledger::split_list(options.present);
  request.in_favour = ledger::split_list(options.in_favour);
  request.against = ledger::split_list(options.against);
  request.abstain = ledger::split_list(options.abstain);
  request.conflicted = ledger::split_list(options.conflicted);
  if (!options.outcome.empty()) request.minuted_outcome = options.outcome;
  return request;
}

int run_decide(const DecisionOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("decide", opened.error());
  auto request = decision_request(options);
  if (!request) return report_error("decide", request.error());
  auto recorded = books::record_decision(*opened, options.actor, *request);
  if (!recorded) return report_error("decide", recorded.error());
  for (const std::string& line : recorded->working) std::cout << "  " << line << "\n";
  std::cout << "recorded " << recorded->record.id << " (" << options.body << ", "
            << ledger::to_iso(recorded->record.decided_on) << "): " << contracts::outcome_word(recorded->record.outcome)
            << "\n";
  return kDone;
}

int run_decisions(const DecisionOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("decisions", opened.error());
  books::DecisionFilter filter{options.body, std::nullopt};
  if (!options.since.empty()) {
    auto day = ledger::parse_iso_date(options.since);
    if (!day) return report_error("decisions", day.error());
    filter.since = *day;
  }
  TextTable table(
      {"decision", "date", "body", "action", "amount", "used", "outcome", "ratified by"},
      {Align::left, Align::left, Align::left, Align::left, Align::right, Align::right, Align::left, Align::left});
  for (const auto& decision : books::decisions(*opened, filter)) {
    std::string ratified;
    for (const auto& ratification : decision.ratifications)
      ratified += (ratified.empty() ? "" : ", ") + ratification.body;
    table.add_row({decision.id, ledger::to_iso(decision.decided_on), decision.body, decision.action,
                   decision.amount.to_report(), decision.used.to_report(),
                   std::string(contracts::outcome_word(decision.outcome)), ratified});
  }
  std::cout << table.render();
  return kDone;
}

int run_ratify(const DecisionOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("ratify", opened.error());
  auto on = ledger::parse_iso_date(options.on);
  if (!on) return report_error("ratify", on.error());
  const auto today = ledger::london_date(std::chrono::system_clock::now());
  auto ratified = books::ratify(*opened, options.actor, {options.id, options.body, *on, ""}, today);
  if (!ratified) return report_error("ratify", ratified.error());
  std::cout << options.id << " ratified by " << ratified->body_name << " on " << ledger::to_iso(*on) << "\n";
  return kDone;
}

int run_authority_log(const DecisionOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("authority-log", opened.error());
  TextTable table({"at", "actor", "action", "amount", "decision", "", "reason"},
                  {Align::left, Align::left, Align::left, Align::right, Align::left, Align::left, Align::left});
  std::size_t refused = 0, shown = 0;
  for (const auto& event : books::authority_log(*opened)) {
    if (!event.allowed) ++refused;
    if (options.refused_only && event.allowed) continue;
    ++shown;
    table.add_row({ledger::timestamp_iso(event.at), event.actor, event.action,
                   event.amount.is_zero() ? "" : event.amount.to_report(), event.decision,
                   event.allowed ? "allowed" : "REFUSED", event.reason});
  }
  std::cout << table.render() << shown << " shown; " << refused << " refused in all\n";
  return kDone;
}

int run_virement(const DecisionOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("virement", opened.error());
  auto amount = ledger::Money::parse(options.amount);
  if (!amount) return report_error("virement", amount.error());
  auto year = ledger::FinancialYear::parse(options.year);
  if (!year) return report_error("virement", year.error());
  const auto today = ledger::london_date(std::chrono::system_clock::now());
  auto moved =
      books::move_budget(*opened, options.actor, {options.from, options.to, *amount, *year, options.decision}, today);
  if (!moved) return report_error("virement", moved.error());
  std::cout << "virement " << moved->id << ": " << amount->to_report() << " from " << moved->moved.from_scheme << " to "
            << moved->moved.to_scheme << " for " << year->to_string() << " by " << moved->actor
            << (options.decision.empty() ? std::string(" (within the pool manager's own authority)")
                                         : " under " + options.decision)
            << "\n";
  return kDone;
}

}  // namespace

void add_decision_commands(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DecisionOptions>();
  const auto store = [&](CLI::App* command) {
    command->add_option("--store", options->store, "The books")->capture_default_str();
  };
  CLI::App* decide =
      app.add_subcommand("decide", "Record a meeting's decision: the outcome is computed from the votes");
  decide->add_option("id", options->id, "The decision's reference, e.g. D-2025-014")->required();
  decide->add_option("--body", options->body, "The body that met")->required();
  decide->add_option("--on", options->on, "The date of the meeting, e.g. 2025-10-16")->required();
  decide->add_option("--matter", options->matter, "What was decided")->required();
  decide->add_option("--action", options->action, "The action type, e.g. virement")->required();
  decide->add_option("--amount", options->amount, "The amount decided (0.00 if none)");
  decide->add_option("--year", options->year, "The financial year it concerns")->required();
  decide->add_option("--present", options->present, "Members present, comma separated")->required();
  decide->add_option("--for", options->in_favour, "Members voting in favour");
  decide->add_option("--against", options->against, "Members voting against");
  decide->add_option("--abstain", options->abstain, "Members abstaining");
  decide->add_option("--conflicted", options->conflicted, "Members who declared a conflict of interest");
  decide->add_option("--refs", options->refs,
                     "Schemes or periods it concerns; for agreement-variation or agreement-extension, the varied "
                     "agreement's SHA-256 (all 64 digits, as sha256sum prints them)");
  decide->add_option("--conditions", options->conditions, "Conditions attached");
  decide->add_option("--outcome", options->outcome, "The outcome the minutes record, checked against the votes");
  decide->add_option("--as", options->actor, kAsHelp);
  store(decide);
  decide->callback([options, &exit_code] { exit_code = run_decide(*options); });
  CLI::App* decisions = app.add_subcommand("decisions", "The decisions recorded, with what has been used of each");
  decisions->add_option("--body", options->body, "Only this body's");
  decisions->add_option("--since", options->since, "Only those taken on or after this date, e.g. 2025-10-01");
  store(decisions);
  decisions->callback([options, &exit_code] { exit_code = run_decisions(*options); });
  CLI::App* log = app.add_subcommand("authority-log", "Every action checked against the scheme of delegation, and why");
  log->add_flag("--refused", options->refused_only, "Only the refusals");
  store(log);
  log->callback([options, &exit_code] { exit_code = run_authority_log(*options); });
  CLI::App* ratify = app.add_subcommand("ratify", "Record a partner's governing body ratifying a decision");
  ratify->add_option("id", options->id, "The decision")->required();
  ratify->add_option("--body", options->body, "The governing body")->required();
  ratify->add_option("--on", options->on, "The date it ratified")->required();
  ratify->add_option("--as", options->actor, kAsHelp);
  store(ratify);
  ratify->callback([options, &exit_code] { exit_code = run_ratify(*options); });
  CLI::App* virement = app.add_subcommand("virement", "Move budget between two schemes, within someone's authority");
  virement->add_option("from", options->from, "The scheme giving budget")->required();
  virement->add_option("to", options->to, "The scheme receiving it")->required();
  virement->add_option("amount", options->amount, "The amount")->required();
  virement->add_option("--year", options->year, "The financial year")->required();
  virement->add_option("--decision", options->decision, "The decision that authorises it, if one is needed");
  virement->add_option("--as", options->actor, kAsHelp);
  store(virement);
  virement->callback([options, &exit_code] { exit_code = run_virement(*options); });
}

void add_authority_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<AuthorityOptions>();
  CLI::App* command = app.add_subcommand("authority", "What a person may approve, and up to how much");
  command->add_option("person", options->person, "A person id, or an operating-system user mapped to one")->required();
  command->add_option("--agreement", options->agreement, "The agreement file (default: the one the books follow)");
  command->add_option("--store", options->store, "The books, for their agreement")->capture_default_str();
  command->add_flag("--json", options->json, "Print JSON");
  command->callback([options, &exit_code] { exit_code = run_authority(*options); });
}

}  // namespace poolbook::cli
