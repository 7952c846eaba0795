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

#include "books.hpp"
#include "commands.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/governance/governance.hpp"
#include "poolbook/ledger/calendar/london_clock.hpp"
#include "poolbook/ledger/text/text_list.hpp"
#include "text_table.hpp"

namespace poolbook::cli {
namespace {

using contracts::Agreement;

struct AuthorityOptions {
  std::string person;
  std::string agreement;
  std::string store = kDefaultStorePath;
  bool json = false;
};

int refuse(const Error& error) {
  std::cerr << "poolbook authority: " << error.describe() << '\n';
  return 2;
}

std::string limit_words(const contracts::PersonAuthority& authority) {
  if (authority.up_to && authority.from)
    return "over " + authority.from->to_report() + " up to " + authority.up_to->to_report();
  if (authority.up_to) return "up to " + authority.up_to->to_report();
  if (authority.from) return "over " + authority.from->to_report();
  return "any amount";
}

int run_authority(const AuthorityOptions& options) {
  auto loaded = agreement_from(options.agreement, options.store);
  if (!loaded) return refuse(loaded.error());
  const Agreement& agreement = *loaded;
  const contracts::Person* person = agreement.find_person(options.person);
  if (person == nullptr) person = contracts::person_for_os_user(agreement, options.person);
  if (person == nullptr)
    return refuse(make_error("authority.person", "'" + options.person +
                                                     "' is neither a person of the agreement nor a user mapped to "
                                                     "one, so may approve nothing"));
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
    return 0;
  }
  std::cout << person->name << " (" << person->id << "), " << person->role << ", " << person->organisation << "\n\n";
  if (authorities.empty()) {
    std::cout << "may approve nothing under the scheme of delegation\n";
    return 0;
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
  return 0;
}

// ---- decisions and what is done under them ----

struct DecisionOptions {
  std::string id, body, on, matter, action, amount = "0.00", year, refs, conditions, outcome, actor;
  std::string present, in_favour, against, abstain, conflicted;  // comma lists of person ids
  std::string store = kDefaultStorePath;
  std::string from, to;       // virement
  std::string decision;       // virement: the decision cited
  std::string since;          // decisions: taken on or after this date
  bool refused_only = false;  // authority-log
};

int refuse_as(const std::string& command, const Error& error, int code = 2) {
  std::cerr << "poolbook " << command << ": " << error.describe() << '\n';
  return code;
}

int run_decide(const DecisionOptions& options) {
  auto books = open_books(options.store);
  if (!books) return refuse_as("decide", books.error());
  const Agreement& agreement = books->agreement;
  auto clerk = known_actor(*books, options.actor, "decide", "record a decision");
  if (!clerk) return refuse_as("decide", clerk.error());
  auto action = contracts::enum_from_word<contracts::ActionType>(options.action);
  if (!action)
    return refuse_as("decide", make_error("decision.action", "'" + options.action + "' is not one of: " +
                                                                 contracts::enum_words_list<contracts::ActionType>()));
  auto amount = ledger::Money::parse(options.amount);
  if (!amount) return refuse_as("decide", amount.error());
  auto year = ledger::FinancialYear::parse(options.year);
  if (!year) return refuse_as("decide", year.error());
  auto on = ledger::parse_iso_date(options.on);
  if (!on) return refuse_as("decide", on.error());
  contracts::Meeting meeting{
      options.body, *year, ledger::split_list(options.present), {}, ledger::split_list(options.conflicted)};
  std::vector<contracts::Vote> votes;
  for (const auto& [list, cast] : {std::pair{&options.in_favour, contracts::VoteCast::in_favour},
                                   std::pair{&options.against, contracts::VoteCast::against},
                                   std::pair{&options.abstain, contracts::VoteCast::abstain}})
    for (const std::string& person : ledger::split_list(*list)) {
      if (!meeting.votes.emplace(person, cast).second)
        return refuse_as("decide", make_error("decision.votes", person + " is recorded with two votes"));
      votes.push_back(contracts::Vote{person, cast});
    }
  auto result = contracts::decide(agreement, meeting);
  if (!result) return refuse_as("decide", result.error());
  const std::string outcome(contracts::outcome_word(result->outcome));
  for (const std::string& line : result->working) std::cout << "  " << line << "\n";
  if (!options.outcome.empty() && options.outcome != outcome)
    return refuse_as("decide", make_error("decision.outcome", "the minutes say '" + options.outcome +
                                                                  "' but the attendance and votes give '" + outcome +
                                                                  "'; nothing was recorded"));
  contracts::DecisionRecord record;
  record.id = options.id;
  record.body = options.body;
  record.decided_on = *on;
  record.matter = options.matter;
  record.action = options.action;
  record.amount = *amount;
  record.year = *year;
  record.refs = options.refs;
  record.present = meeting.present;
  record.votes = votes;
  record.conflicted = meeting.conflicted;
  record.outcome = result->outcome;
  record.conditions = options.conditions;
  record.recorded_by = (*clerk)->id;
  if (auto recorded = books->governance->record_decision(record); !recorded)
    return refuse_as("decide", recorded.error(), 1);
  std::cout << "recorded " << record.id << " (" << options.body << ", " << ledger::to_iso(record.decided_on)
            << "): " << outcome << "\n";
  return 0;
}

int run_decisions(const DecisionOptions& options) {
  auto books = open_books(options.store);
  if (!books) return refuse_as("decisions", books.error());
  TextTable table(
      {"decision", "date", "body", "action", "amount", "used", "outcome", "ratified by"},
      {Align::left, Align::left, Align::left, Align::left, Align::right, Align::right, Align::left, Align::left});
  std::optional<contracts::Date> since;
  if (!options.since.empty()) {
    auto day = ledger::parse_iso_date(options.since);
    if (!day) return refuse_as("decisions", day.error());
    since = *day;
  }
  for (const auto& decision : books->governance->decisions()) {
    if (!options.body.empty() && decision.body != options.body) continue;
    if (since && decision.decided_on < *since) continue;
    std::string ratified;
    for (const auto& ratification : decision.ratifications)
      ratified += (ratified.empty() ? "" : ", ") + ratification.body;
    table.add_row({decision.id, ledger::to_iso(decision.decided_on), decision.body, decision.action,
                   decision.amount.to_report(), decision.used.to_report(),
                   std::string(contracts::outcome_word(decision.outcome)), ratified});
  }
  std::cout << table.render();
  return 0;
}

int run_ratify(const DecisionOptions& options) {
  auto books = open_books(options.store);
  if (!books) return refuse_as("ratify", books.error());
  auto clerk = known_actor(*books, options.actor, "ratify", "record a ratification");
  if (!clerk) return refuse_as("ratify", clerk.error());
  const auto* body = books->agreement.find_body(options.body);
  if (body == nullptr || body->kind != contracts::BodyKind::governing_body)
    return refuse_as("ratify",
                     make_error("decision.ratification", options.body + " is not a partner's governing body"));
  auto on = ledger::parse_iso_date(options.on);
  if (!on) return refuse_as("ratify", on.error());
  // A ratification follows the decision and has happened: not dated before it, nor after today.
  const std::string on_iso = ledger::to_iso(*on);
  for (const auto& decision : books->governance->decisions())
    if (decision.id == options.id && *on < decision.decided_on)
      return refuse_as(
          "ratify", make_error("decision.ratification", "a ratification on " + on_iso + " would come before decision " +
                                                            decision.id + " was taken (" +
                                                            ledger::to_iso(decision.decided_on) + ")"));
  if (*on > ledger::london_date(std::chrono::system_clock::now()))
    return refuse_as("ratify", make_error("decision.ratification",
                                          "a ratification dated " + on_iso + " has not happened yet: record it then"));
  if (auto done = books->governance->record_ratification(options.id, body->id, *on, (*clerk)->id); !done)
    return refuse_as("ratify", done.error(), 1);
  std::cout << options.id << " ratified by " << body->name << " on " << ledger::to_iso(*on) << "\n";
  return 0;
}

int run_authority_log(const DecisionOptions& options) {
  auto books = open_books(options.store);
  if (!books) return refuse_as("authority-log", books.error());
  TextTable table({"at", "actor", "action", "amount", "decision", "", "reason"},
                  {Align::left, Align::left, Align::left, Align::right, Align::left, Align::left, Align::left});
  std::size_t refused = 0, shown = 0;
  for (const auto& event : books->governance->authority_log()) {
    if (!event.allowed) ++refused;
    if (options.refused_only && event.allowed) continue;
    ++shown;
    table.add_row({ledger::timestamp_iso(event.at), event.actor, event.action,
                   event.amount.is_zero() ? "" : event.amount.to_report(), event.decision,
                   event.allowed ? "allowed" : "REFUSED", event.reason});
  }
  std::cout << table.render() << shown << " shown; " << refused << " refused in all\n";
  return 0;
}

// A virement: the decision it cites read as it stands, the authority checked, the virement
// and its authority log line written, in one transaction (so two sessions cannot both spend
// the last of a decision's amount); a refusal is logged afterwards, in its own.
Result<std::int64_t> record_virement(Books& books, const contracts::VirementRecord& virement,
                                     const contracts::Person* actor, contracts::Date today) {
  auto recorded = books.db->write_value([&]() -> Result<std::int64_t> {
    std::optional<contracts::DecisionRecord> cited;
    if (!virement.decision.empty()) {
      auto found = books.governance->decision(virement.decision);
      if (!found && found.error().kind != ErrorKind::not_found) return found.error();
      if (!found)
        return make_error("authority.decision", "there is no decision " + virement.decision + " in these books");
      cited = std::move(found).value();
    }
    if (auto allowed = contracts::authorise(books.agreement, actor, contracts::ActionType::virement, virement.amount,
                                            virement.year, cited, today);
        !allowed)
      return allowed.error();
    auto id = books.governance->record_virement(virement);
    if (!id) return id;
    if (auto logged = books.governance->log_authority(contracts::AuthorityEvent{
            virement.actor,
            "virement",
            virement.amount,
            virement.decision,
            true,
            "virement " + std::to_string(*id) + " from " + virement.from_scheme + " to " + virement.to_scheme,
            {}});
        !logged)
      return logged.error();
    return id;
  });
  if (!recorded && contracts::is_authority_refusal(recorded.error()))
    (void)books.governance->log_authority(contracts::AuthorityEvent{
        virement.actor, "virement", virement.amount, virement.decision, false, recorded.error().message, {}});
  return recorded;
}

int run_virement(const DecisionOptions& options) {
  auto books = open_books(options.store);
  if (!books) return refuse_as("virement", books.error());
  const Agreement& agreement = books->agreement;
  auto amount = ledger::Money::parse(options.amount);
  if (!amount) return refuse_as("virement", amount.error());
  if (amount->is_negative() || amount->is_zero())
    return refuse_as("virement", make_error("virement.amount", "a virement moves a positive amount"));
  auto year = ledger::FinancialYear::parse(options.year);
  if (!year) return refuse_as("virement", year.error());
  const auto* from = agreement.find_scheme(options.from);
  const auto* to = agreement.find_scheme(options.to);
  if (from == nullptr || to == nullptr || from == to || from->arrangement != to->arrangement)
    return refuse_as("virement", make_error("virement.schemes",
                                            "a virement moves budget between two different "
                                            "schemes of one arrangement: '" +
                                                options.from + "' and '" + options.to + "' are not"));
  auto known = known_actor(*books, options.actor, "virement", "move budget between schemes");
  if (!known) return refuse_as("virement", known.error(), 1);
  const contracts::Person* actor = *known;
  const std::string& actor_id = actor->id;
  const auto today = ledger::london_date(std::chrono::system_clock::now());
  contracts::VirementRecord virement{0, *year, from->id, to->id, *amount, options.decision, actor_id, {}};
  auto recorded = record_virement(*books, virement, actor, today);
  if (!recorded) return refuse_as("virement", recorded.error(), 1);
  std::cout << "virement " << *recorded << ": " << amount->to_report() << " from " << from->id << " to " << to->id
            << " for " << year->to_string() << " by " << actor_id
            << (options.decision.empty() ? std::string(" (within the pool manager's own authority)")
                                         : " under " + options.decision)
            << "\n";
  return 0;
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
  decide->add_option("--refs", options->refs, "Schemes or periods it concerns");
  decide->add_option("--conditions", options->conditions, "Conditions attached");
  decide->add_option("--outcome", options->outcome, "The outcome the minutes record, checked against the votes");
  decide->add_option("--as", options->actor, "Who records it (default: the OS user)");
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
  ratify->add_option("--as", options->actor, "Who records it (default: the OS user)");
  store(ratify);
  ratify->callback([options, &exit_code] { exit_code = run_ratify(*options); });
  CLI::App* virement = app.add_subcommand("virement", "Move budget between two schemes, within someone's authority");
  virement->add_option("from", options->from, "The scheme giving budget")->required();
  virement->add_option("to", options->to, "The scheme receiving it")->required();
  virement->add_option("amount", options->amount, "The amount")->required();
  virement->add_option("--year", options->year, "The financial year")->required();
  virement->add_option("--decision", options->decision, "The decision that authorises it, if one is needed");
  virement->add_option("--as", options->actor, "Who is acting (default: the OS user)");
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
