// `poolbook reconcile MONTH`: the month-end statement as the books stand, exceptions first,
// then what each partner owes and has paid, then budget monitoring by scheme and its
// roll-ups, and the balance proof. As text, JSON (--json) or long-format CSV (--csv).
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "exit_status.hpp"
#include "open_books.hpp"
#include "poolbook/daemon/books/month_close.hpp"
#include "poolbook/daemon/books/month_end.hpp"
#include "poolbook/daemon/books/terms.hpp"
#include "poolbook/ledger/calendar/date_format.hpp"
#include "statement_sections.hpp"
#include "text_table.hpp"
#include "year_end_output.hpp"

namespace poolbook::cli {
namespace {

using contracts::MonitoredAmounts;
using ledger::Money;

struct ReconcileOptions {
  std::string store = books::kDefaultStorePath;
  std::string actor;  // close
  std::string period;
  std::string forecast = "profile";
  std::vector<std::string> performance;  // "NEA-65=met"
  bool json = false;
  bool csv = false;
};

std::string share(const MonitoredAmounts& amounts) {
  return amounts.variance_share ? ledger::format_percent(*amounts.variance_share, 1) : "-";
}

std::vector<std::string> money_cells(const MonitoredAmounts& amounts) {
  return {amounts.budget.to_report(),
          amounts.budget_to_date.to_report(),
          amounts.actual_to_date.to_report(),
          amounts.variance.to_report(),
          share(amounts),
          amounts.month_actual.to_report(),
          std::string(rag_word(amounts.status))};
}

const std::vector<Align> kMoneyAligns = {Align::right, Align::right, Align::right, Align::right,
                                         Align::right, Align::right, Align::left};

void print_forecast(const contracts::Forecast& forecast) {
  std::cout << "\nForecast outturn for " << forecast.period.year().to_string() << " by "
            << contracts::forecast_method_word(forecast.method) << "\n";
  TextTable schemes({"scheme", "arrangement", "budget", "forecast", "variance", "method"},
                    {Align::left, Align::left, Align::right, Align::right, Align::right, Align::left});
  std::vector<std::string> notes;
  for (const auto& scheme : forecast.schemes) {
    schemes.add_row({scheme.scheme, scheme.arrangement, scheme.budget.to_report(), scheme.outturn.to_report(),
                     scheme.variance.to_report(), std::string(contracts::forecast_method_word(scheme.method))});
    if (!scheme.note.empty()) notes.push_back(scheme.scheme + ": " + scheme.note);
  }
  std::cout << schemes.render();
  for (const std::string& note : notes) std::cout << "  " << note << "\n";
  for (const auto& arrangement : forecast.arrangements) {
    std::cout << "\n"
              << arrangement.arrangement << ": budget " << arrangement.budget.to_report() << ", forecast "
              << arrangement.outturn.to_report() << ", variance " << arrangement.variance.to_report() << "\n";
    if (!arrangement.exposure) {
      std::cout << "  no risk-share exposure: " << arrangement.exposure_note << "\n";
      continue;
    }
    const auto& exposure = *arrangement.exposure;
    std::cout << (arrangement.exposure_note.empty() ? std::string("  Risk-share exposure if the year ended so:\n")
                                                    : "  Risk-share exposure, " + arrangement.exposure_note + ":\n");
    for (std::size_t i = 0; i < exposure.working.size(); ++i)
      std::cout << "    " << (i + 1) << ". " << exposure.working[i].sentence << "\n";
    TextTable partners({"partner", "would bear"}, {Align::left, Align::right});
    for (const auto& partner : exposure.partners) partners.add_row({partner.partner, partner.amount.to_report()});
    std::cout << indented(partners.render(), "    ");
  }
}

void print_text(const books::MonthStatement& statement) {
  const ledger::Period& period = statement.period;
  std::cout << "Month-end statement: " << statement.agreement_id << ", " << period.to_string() << " (to "
            << ledger::to_iso(period.last_day()) << "), as the books stand\n\n";
  if (statement.exceptions.empty()) {
    std::cout << "Exceptions: none\n";
  } else {
    std::cout << "Exceptions: " << statement.exceptions.size() << "\n";
    for (const auto& exception : statement.exceptions)
      std::cout << "  " << (exception.hard ? "HARD ERROR: " : "") << exception.message << " [" << exception.rule
                << "]\n";
  }

  std::cout << "\nOwed and paid to " << ledger::to_iso(period.last_day()) << "\n";
  TextTable owed(
      {"partner", "arrangement", "form", "agreed", "due to date", "received", "outstanding", "overpaid"},
      {Align::left, Align::left, Align::left, Align::right, Align::right, Align::right, Align::right, Align::right});
  for (const auto& position : statement.owed.positions)
    owed.add_row({position.partner, position.arrangement, std::string(contracts::enum_word(position.form)),
                  position.agreed.to_report(), position.due_to_date.to_report(), position.received_to_date.to_report(),
                  position.outstanding.to_report(), position.overpaid.to_report()});
  owed.add_rule();
  const auto& total = statement.owed;
  owed.add_row({"total", "", "", total.agreed.to_report(), total.due_to_date.to_report(),
                total.received_to_date.to_report(), total.outstanding.to_report(), total.overpaid.to_report()});
  std::cout << owed.render();
  for (const auto& position : statement.owed.positions)
    if (position.form == contracts::ContributionForm::in_kind)
      std::cout << "  in kind: " << position.partner << " to " << position.arrangement << ", "
                << (position.funds.empty() ? std::string("on no scheme") : "spent on " + position.funds)
                << (position.evidence.empty() ? std::string("; no evidence named")
                                              : "; evidenced by " + position.evidence)
                << "\n";
  bool any_overdue = false;
  for (const auto& position : statement.owed.positions) any_overdue = any_overdue || !position.overdue.empty();
  if (any_overdue) {
    std::cout << "\nUnpaid at " << ledger::to_iso(period.last_day()) << "\n";
    TextTable unpaid({"partner", "arrangement", "due", "instalment", "unpaid", "working days overdue"},
                     {Align::left, Align::left, Align::left, Align::right, Align::right, Align::right});
    for (const auto& position : statement.owed.positions)
      for (const auto& overdue : position.overdue)
        unpaid.add_row({position.partner, position.arrangement, ledger::to_iso(overdue.instalment.due),
                        overdue.instalment.amount.to_report(), overdue.unpaid.to_report(),
                        std::to_string(overdue.working_days_overdue)});
    std::cout << unpaid.render();
  }

  if (!statement.payments.empty()) {
    std::cout << "\nContract payments due by " << period.to_string() << "\n";
    TextTable payments(
        {"contract", "period", "results", "status", "fixed", "earned", "withheld", "approved by"},
        {Align::left, Align::left, Align::right, Align::left, Align::right, Align::right, Align::right, Align::left});
    for (const auto& due : statement.payments)
      payments.add_row({due.contract, due.period, std::to_string(due.results) + " of " + std::to_string(due.kpis),
                        due.approved ? "approved" : "not approved", due.approved ? due.approved->fixed.to_report() : "",
                        due.approved ? due.approved->earned.to_report() : "",
                        due.approved ? due.approved->withheld.to_report() : "",
                        due.approved ? due.approved->approved_by : ""});
    std::cout << payments.render();
  }

  const auto& monitoring = statement.monitoring;
  std::cout << "\nBudget monitoring to " << period.to_string() << " (amber from "
            << ledger::format_percent(monitoring.thresholds.amber) << " over, red from "
            << ledger::format_percent(monitoring.thresholds.red) << " over; "
            << ledger::format_percent(monitoring.thresholds.red) << " under is amber)\n";
  std::vector<Align> aligns = {Align::left, Align::left};
  aligns.insert(aligns.end(), kMoneyAligns.begin(), kMoneyAligns.end());
  TextTable schemes(
      {"scheme", "arrangement", "budget", "budget to date", "spent to date", "variance", "%", "month spent", "status"},
      aligns);
  for (const auto& line : monitoring.schemes) {
    std::vector<std::string> cells = {line.scheme, line.arrangement};
    for (std::string& cell : money_cells(line.amounts)) cells.push_back(std::move(cell));
    schemes.add_row(cells);
  }
  schemes.add_rule();
  std::vector<std::string> total_cells = {"total", ""};
  for (std::string& cell : money_cells(monitoring.total)) total_cells.push_back(std::move(cell));
  schemes.add_row(total_cells);
  std::cout << schemes.render();
  for (const auto& [title, groups] : {std::pair<const char*, const std::vector<contracts::MonitoringGroup>*>{
                                          "arrangement", &monitoring.by_arrangement},
                                      {"scheme type", &monitoring.by_type},
                                      {"commissioner", &monitoring.by_commissioner},
                                      {"funding source", &monitoring.by_funding}}) {
    std::vector<Align> group_aligns = {Align::left};
    group_aligns.insert(group_aligns.end(), kMoneyAligns.begin(), kMoneyAligns.end());
    TextTable table({title, "budget", "budget to date", "spent to date", "variance", "%", "month spent", "status"},
                    group_aligns);
    for (const auto& group : *groups) {
      std::vector<std::string> cells = {group.key};
      for (std::string& cell : money_cells(group.amounts)) cells.push_back(std::move(cell));
      table.add_row(cells);
    }
    std::cout << "\nBy " << title << "\n" << table.render();
  }
  print_forecast(statement.forecast);
  if (!statement.conditions.empty()) {
    std::cout << "\nBCF national conditions for " << period.year().to_string() << "\n";
    TextTable conditions({"condition", "minimum", "budget", "forecast", "met", "schemes counted"},
                         {Align::left, Align::right, Align::right, Align::right, Align::left, Align::left});
    for (const auto& status : statement.conditions) {
      std::string counted;
      for (const auto& scheme : status.schemes) counted += (counted.empty() ? "" : " ") + scheme;
      conditions.add_row({status.condition.id + " " + std::string(contracts::enum_word(status.condition.kind)),
                          status.condition.minimum.to_report(), status.budget.to_report(), status.outturn.to_report(),
                          status.met ? "yes" : "NO", counted});
    }
    std::cout << conditions.render();
  }
  print_bank(statement);
  print_quarter(statement);
  print_settlement(statement);
  std::cout << "\nBalance proof: spend " << statement.statement_spend.to_report() << " (journal "
            << statement.journal_spend.to_report() << ") and cash received " << statement.statement_received.to_report()
            << " (journal " << statement.journal_received.to_report() << "), " << period.year().to_string()
            << " M01 to " << period.to_string()
            << (statement.statement_spend == statement.journal_spend &&
                        statement.statement_received == statement.journal_received
                    ? ": they tie"
                    : ": THEY DO NOT TIE")
            << "\n";
}

nlohmann::json amounts_json(const MonitoredAmounts& amounts) {
  return {{"budget", amounts.budget.to_plain()},
          {"annual", amounts.annual.to_plain()},
          {"virements", amounts.virements.to_plain()},
          {"budget_to_date", amounts.budget_to_date.to_plain()},
          {"actual_to_date", amounts.actual_to_date.to_plain()},
          {"month_budget", amounts.month_budget.to_plain()},
          {"month_actual", amounts.month_actual.to_plain()},
          {"variance", amounts.variance.to_plain()},
          {"variance_percent", amounts.variance_share
                                   ? nlohmann::json(ledger::format_decimal(*amounts.variance_share * 100, 2))
                                   : nlohmann::json(nullptr)},
          {"status", std::string(rag_word(amounts.status))}};
}

nlohmann::json forecast_json(const contracts::Forecast& forecast) {
  nlohmann::json schemes = nlohmann::json::array();
  for (const auto& scheme : forecast.schemes)
    schemes.push_back({{"scheme", scheme.scheme},
                       {"arrangement", scheme.arrangement},
                       {"method", std::string(contracts::forecast_method_word(scheme.method))},
                       {"budget", scheme.budget.to_plain()},
                       {"outturn", scheme.outturn.to_plain()},
                       {"variance", scheme.variance.to_plain()},
                       {"note", scheme.note}});
  nlohmann::json arrangements = nlohmann::json::array();
  for (const auto& arrangement : forecast.arrangements) {
    nlohmann::json exposure = nullptr;
    if (arrangement.exposure) {
      nlohmann::json partners = nlohmann::json::array();
      for (const auto& partner : arrangement.exposure->partners)
        partners.push_back({{"partner", partner.partner}, {"bears", partner.amount.to_plain()}});
      nlohmann::json working = nlohmann::json::array();
      for (const auto& step : arrangement.exposure->working) working.push_back(step.sentence);
      exposure = {{"partners", partners},
                  {"reserve_used", arrangement.exposure->reserve_used.to_plain()},
                  {"unallocated", arrangement.exposure->unallocated.to_plain()},
                  {"working", working}};
    }
    arrangements.push_back({{"arrangement", arrangement.arrangement},
                            {"budget", arrangement.budget.to_plain()},
                            {"outturn", arrangement.outturn.to_plain()},
                            {"variance", arrangement.variance.to_plain()},
                            {"exposure", exposure},
                            {"exposure_note", arrangement.exposure_note}});
  }
  return {{"method", std::string(contracts::forecast_method_word(forecast.method))},
          {"schemes", schemes},
          {"arrangements", arrangements}};
}

nlohmann::json conditions_json(const std::vector<books::ConditionStatus>& conditions) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& status : conditions)
    out.push_back({{"id", status.condition.id},
                   {"kind", std::string(contracts::enum_word(status.condition.kind))},
                   {"arrangement", status.condition.arrangement},
                   {"minimum", status.condition.minimum.to_plain()},
                   {"budget", status.budget.to_plain()},
                   {"outturn", status.outturn.to_plain()},
                   {"met", status.met},
                   {"schemes", status.schemes}});
  return out;
}

nlohmann::json payments_json(const std::vector<books::PaymentDue>& payments) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& due : payments) {
    nlohmann::json approved = nullptr;
    if (due.approved)
      approved = {{"fixed", due.approved->fixed.to_plain()},   {"at_risk", due.approved->at_risk.to_plain()},
                  {"earned", due.approved->earned.to_plain()}, {"withheld", due.approved->withheld.to_plain()},
                  {"approved_by", due.approved->approved_by},  {"decision", due.approved->decision},
                  {"results", due.approved->results}};
    out.push_back({{"contract", due.contract},
                   {"period", due.period},
                   {"due_at_close_of", due.due.to_string()},
                   {"kpis", due.kpis},
                   {"results", due.results},
                   {"approved", approved}});
  }
  return out;
}

nlohmann::json statement_json(const books::MonthStatement& statement) {
  nlohmann::json exceptions = nlohmann::json::array();
  for (const auto& exception : statement.exceptions)
    exceptions.push_back({{"rule", exception.rule}, {"message", exception.message}, {"hard", exception.hard}});
  nlohmann::json positions = nlohmann::json::array();
  for (const auto& position : statement.owed.positions) {
    nlohmann::json overdue = nlohmann::json::array();
    for (const auto& item : position.overdue)
      overdue.push_back({{"due", ledger::to_iso(item.instalment.due)},
                         {"instalment", item.instalment.amount.to_plain()},
                         {"unpaid", item.unpaid.to_plain()},
                         {"working_days_overdue", item.working_days_overdue}});
    positions.push_back({{"partner", position.partner},
                         {"arrangement", position.arrangement},
                         {"form", std::string(contracts::enum_word(position.form))},
                         {"funds", position.funds},
                         {"evidence", position.evidence},
                         {"agreed", position.agreed.to_plain()},
                         {"due_to_date", position.due_to_date.to_plain()},
                         {"received_to_date", position.received_to_date.to_plain()},
                         {"outstanding", position.outstanding.to_plain()},
                         {"overpaid", position.overpaid.to_plain()},
                         {"overdue", overdue}});
  }
  nlohmann::json schemes = nlohmann::json::array();
  for (const auto& line : statement.monitoring.schemes)
    schemes.push_back({{"scheme", line.scheme},
                       {"name", line.name},
                       {"arrangement", line.arrangement},
                       {"commissioner", line.commissioner},
                       {"type", std::string(contracts::enum_word(line.type))},
                       {"funding", std::string(contracts::enum_word(line.funding))},
                       {"amounts", amounts_json(line.amounts)}});
  const auto groups = [](const std::vector<contracts::MonitoringGroup>& list) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& group : list) out.push_back({{"key", group.key}, {"amounts", amounts_json(group.amounts)}});
    return out;
  };
  const auto& monitoring = statement.monitoring;
  return {{"agreement", statement.agreement_id},
          {"period", statement.period.to_string()},
          {"to", ledger::to_iso(statement.period.last_day())},
          {"exceptions", exceptions},
          {"owed_and_paid",
           {{"positions", positions},
            {"agreed", statement.owed.agreed.to_plain()},
            {"due_to_date", statement.owed.due_to_date.to_plain()},
            {"received_to_date", statement.owed.received_to_date.to_plain()},
            {"outstanding", statement.owed.outstanding.to_plain()},
            {"overpaid", statement.owed.overpaid.to_plain()}}},
          {"budget_monitoring",
           {{"thresholds",
             {{"amber", ledger::format_percent(monitoring.thresholds.amber)},
              {"red", ledger::format_percent(monitoring.thresholds.red)},
              {"late_after_working_days", monitoring.thresholds.late_after}}},
            {"schemes", schemes},
            {"by_arrangement", groups(monitoring.by_arrangement)},
            {"by_type", groups(monitoring.by_type)},
            {"by_commissioner", groups(monitoring.by_commissioner)},
            {"by_funding", groups(monitoring.by_funding)},
            {"total", amounts_json(monitoring.total)}}},
          {"contract_payments", payments_json(statement.payments)},
          {"national_conditions", conditions_json(statement.conditions)},
          {"forecast", forecast_json(statement.forecast)},
          {"bank", bank_json(statement)},
          {"quarter_return", quarter_json(statement)},
          {"settlement", settlement_json(statement)},
          {"balance_proof",
           {{"statement_spend", statement.statement_spend.to_plain()},
            {"journal_spend", statement.journal_spend.to_plain()},
            {"statement_received", statement.statement_received.to_plain()},
            {"journal_received", statement.journal_received.to_plain()}}}};
}

// Long format: one figure a row (section, item, arrangement, measure, value), for a pivot table.
void print_csv(const books::MonthStatement& statement) {
  std::cout << "section,item,arrangement,measure,value\n";
  const auto row = [](const std::string& section, const std::string& item, const std::string& arrangement,
                      const std::string& measure, const std::string& value) {
    std::cout << section << ',' << item << ',' << arrangement << ',' << measure << ',' << value << '\n';
  };
  for (const auto& position : statement.owed.positions)
    for (const auto& [measure, amount] : {std::pair<const char*, Money>{"agreed", position.agreed},
                                          {"due_to_date", position.due_to_date},
                                          {"received_to_date", position.received_to_date},
                                          {"outstanding", position.outstanding},
                                          {"overpaid", position.overpaid}})
      row("owed", position.partner, position.arrangement, measure, amount.to_plain());
  const auto amounts_rows = [&](const std::string& section, const std::string& item, const std::string& arrangement,
                                const MonitoredAmounts& amounts) {
    for (const auto& [measure, amount] : {std::pair<const char*, Money>{"budget", amounts.budget},
                                          {"budget_to_date", amounts.budget_to_date},
                                          {"actual_to_date", amounts.actual_to_date},
                                          {"variance", amounts.variance},
                                          {"month_actual", amounts.month_actual}})
      row(section, item, arrangement, measure, amount.to_plain());
    row(section, item, arrangement, "status", std::string(rag_word(amounts.status)));
  };
  for (const auto& line : statement.monitoring.schemes)
    amounts_rows("scheme", line.scheme, line.arrangement, line.amounts);
  for (const auto& group : statement.monitoring.by_arrangement)
    amounts_rows("arrangement", group.key, "", group.amounts);
  amounts_rows("total", "all", "", statement.monitoring.total);
  for (const auto& scheme : statement.forecast.schemes) {
    row("forecast", scheme.scheme, scheme.arrangement, "outturn", scheme.outturn.to_plain());
    row("forecast", scheme.scheme, scheme.arrangement, "variance", scheme.variance.to_plain());
  }
  for (const auto& arrangement : statement.forecast.arrangements)
    if (arrangement.exposure)
      for (const auto& partner : arrangement.exposure->partners)
        row("exposure", partner.partner, arrangement.arrangement, "bears", partner.amount.to_plain());
  for (const auto& due : statement.payments)
    if (due.approved)
      for (const auto& [measure, amount] : {std::pair<const char*, Money>{"fixed", due.approved->fixed},
                                            {"earned", due.approved->earned},
                                            {"withheld", due.approved->withheld}})
        row("payment", due.contract + " " + due.period, "", measure, amount.to_plain());
  std::cout << bank_csv(statement) << quarter_csv(statement) << settlement_csv(statement);
}

// The results given with --performance, checked against the agreement for the month's year.
Result<contracts::PerformanceResults> performance_of(const ReconcileOptions& options, const books::Books& opened,
                                                     const ledger::Period& period) {
  auto given = performance_given(options.performance, "month-end.argument");
  if (!given) return given.error();
  return books::performance_results(opened.agreement, period.year(), *given);
}

int run_reconcile(const ReconcileOptions& options) {
  auto period = ledger::Period::parse(options.period);
  if (!period) return report_error("reconcile", period.error());
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("reconcile", opened.error());
  auto method = contracts::parse_forecast_method(options.forecast);
  if (!method) return report_error("reconcile", method.error());
  auto performance = performance_of(options, *opened, *period);
  if (!performance) return report_error("reconcile", performance.error());
  auto statement = books::month_statement(*opened, *period, *method, *performance);
  if (!statement) return report_error("reconcile", statement.error());
  if (options.json)
    std::cout << statement_json(*statement).dump(2) << '\n';
  else if (options.csv)
    print_csv(*statement);
  else
    print_text(*statement);
  const bool hard = std::any_of(statement->exceptions.begin(), statement->exceptions.end(),
                                [](const books::StatementException& exception) { return exception.hard; });
  return hard ? kRefused : kDone;
}

int run_close(const ReconcileOptions& options) {
  auto period = ledger::Period::parse(options.period);
  if (!period) return report_error("close", period.error());
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("close", opened.error());
  auto performance = performance_of(options, *opened, *period);
  if (!performance) return report_error("close", performance.error());
  auto closed = books::close_month_end(*opened, options.actor, *period, *performance);
  if (!closed) return report_error("close", closed.error());
  if (closed->already_closed) {
    std::cout << period->to_string() << " was already closed; nothing was changed"
              << (closed->statement_digest.empty() ? std::string()
                                                   : " (its statement: SHA-256 " + closed->statement_digest + ")")
              << "\n";
    return kDone;
  }
  std::cout << period->to_string() << " closed by " << closed->actor << "\n";
  for (const auto& recognised : closed->in_kind)
    std::cout << "  recognised " << recognised.amount.to_report() << " in kind from " << recognised.partner << " to "
              << recognised.arrangement << " as spend on " << recognised.scheme << " (entry " << recognised.entry
              << ")\n";
  if (closed->accruals.empty())
    std::cout << (closed->accruals_standing == 0
                      ? std::string("  no contribution accrued: every contribution due was received as due\n")
                      : "  no further contribution accrued: the " + std::to_string(closed->accruals_standing) +
                            " accrued at the earlier close stand\n");
  for (const auto& accrual : closed->accruals) {
    if (accrual.adjustment)
      std::cout << "  adjusted the accrual for " << accrual.partner << " to " << accrual.arrangement << " by "
                << accrual.amount.to_report() << ": " << accrual.accrued.to_report()
                << (accrual.accrued.is_negative() ? " received in advance" : " due") << " in all";
    else
      std::cout << "  accrued " << accrual.amount.to_report()
                << (accrual.amount.is_negative() ? " received in advance from " : " due from ") << accrual.partner
                << " to " << accrual.arrangement;
    std::cout << " (entry " << accrual.entry << ", reversed on " << ledger::to_iso(period->next().first_day())
              << " by entry " << accrual.reversal << ")\n";
  }
  for (const auto& accrued : closed->payment_accruals)
    std::cout << "  accrued " << accrued.amount.to_report() << " earned by " << accrued.contract << " for "
              << accrued.period << " (entry " << accrued.entry << ", reversed on "
              << ledger::to_iso(period->next().first_day()) << " by entry " << accrued.reversal << ")\n";
  for (const ledger::EntryId id : closed->settlement_reversed)
    std::cout << "  reversed the earlier settlement entry " << id << "\n";
  if (closed->settlement) {
    if (closed->settlement_entries.empty())
      std::cout << "  settled " << closed->settlement->year.to_string() << ": nothing to post\n";
    for (const auto& posted : closed->settlement_entries) {
      std::cout << "  " << posted.description << " (entry " << posted.entry << ")\n";
      if (posted.description.rfind("Year-end settlement", 0) != 0) continue;
      for (const auto& settled : closed->settlement->arrangements)
        if (settled.arrangement == posted.arrangement)
          for (const auto& partner : settled.allocation.partners)
            if (!partner.amount.is_zero())
              std::cout << "    " << partner.partner
                        << (partner.amount.is_positive() ? " pays the pool " : " is repaid ")
                        << partner.amount.abs().to_report() << "\n";
    }
  }
  for (const auto& exception : closed->exceptions)
    std::cout << "  noted: " << exception.message << " [" << exception.rule << "]\n";
  std::cout << "statement recorded with the books: SHA-256 " << closed->statement_digest << "\n"
            << "head of the books: " << closed->head.to_string()
            << " (keep it with the month's papers: `poolbook verify --expect-head` checks it later)\n";
  return kDone;
}

}  // namespace

void add_reconcile_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ReconcileOptions>();
  CLI::App* reconcile = app.add_subcommand(
      "reconcile", "The month-end statement: exceptions, owed and paid, budget monitoring, the balance proof");
  reconcile->add_option("month", options->period, "The month, e.g. \"2025/26 M07\" or 2025-10")->required();
  reconcile->add_option("--store", options->store, "The books")->capture_default_str();
  reconcile->add_option("--forecast", options->forecast, "How the outturn is forecast: profile, run-rate or last-year")
      ->capture_default_str();
  auto* json = reconcile->add_flag("--json", options->json, "Print JSON");
  reconcile->add_option("--performance", options->performance,
                        "ELEMENT=met|missed: a performance element's result, for the year-end settlement at M12");
  reconcile->add_flag("--csv", options->csv, "Print one figure a row as CSV (section,item,arrangement,measure,value)")
      ->excludes(json);
  reconcile->footer("Example: poolbook reconcile \"2025/26 M07\" --store nsh.db");
  reconcile->callback([options, &exit_code] { exit_code = run_reconcile(*options); });

  CLI::App* close =
      app.add_subcommand("close",
                         "Close a month at month end: refused on a hard error, else its accruals posted, its statement "
                         "recorded and the month locked");
  close->add_option("month", options->period, "The month, e.g. \"2025/26 M07\" or 2025-10")->required();
  close->add_option("--store", options->store, "The books")->capture_default_str();
  close->add_option("--as", options->actor, kAsHelp);
  close->add_option("--performance", options->performance,
                    "ELEMENT=met|missed: a performance element's result, for the year-end settlement at M12");
  close->footer("Example: poolbook close \"2025/26 M07\" --store nsh.db");
  close->callback([options, &exit_code] { exit_code = run_close(*options); });
}

}  // namespace poolbook::cli
