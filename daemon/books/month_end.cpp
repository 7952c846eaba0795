#include "poolbook/daemon/books/month_end.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "poolbook/contracts/agreement/chart_of_accounts.hpp"
#include "poolbook/daemon/books/forecasts.hpp"
#include "poolbook/daemon/books/periods.hpp"
#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/ledger/text/text_list.hpp"

namespace poolbook::books {
namespace {

// The year's balances up to the month, read once: every account's movements M01..M12.
using YearToDate = std::map<std::string, std::array<ledger::Money, 12>>;

YearToDate read_year_to_date(Books& books, const ledger::Period& period) {
  YearToDate read;
  const ledger::Period first(period.year(), ledger::FinancialMonth(1));
  for (const ledger::BalanceRow& row : books.store->balances(first, period, "")) {
    auto& months = read[row.account];
    months[static_cast<std::size_t>(row.period.month().number() - 1)] += row.movement;
  }
  return read;
}

ledger::Money sum(const std::array<ledger::Money, 12>& months) {
  ledger::Money total;
  for (const ledger::Money& month : months) total += month;
  return total;
}

// A scheme account's path and its scheme id: "pool/bcf-pool/scheme/S07" -> S07.
bool is_scheme_account(const std::string& path, std::string& arrangement, std::string& scheme) {
  const auto first = path.find('/');
  const auto second = first == std::string::npos ? std::string::npos : path.find('/', first + 1);
  if (second == std::string::npos) return false;
  const std::string top = path.substr(0, first);
  if ((top != "pool" && top != "aligned") || path.compare(second, 8, "/scheme/") != 0) return false;
  arrangement = path.substr(first + 1, second - first - 1);
  scheme = path.substr(second + 8);
  return !scheme.empty() && scheme.find('/') == std::string::npos;
}

// A contribution's cash by month: what was credited to its contributions account less what
// was accrued there (an accrual at a close credits contributions and debits the receivable;
// its reversal the next day undoes both), so a closed month reads the same after its
// accruals. None when neither account moved in the year.
std::optional<std::array<ledger::Money, 12>> cash_by_month(const YearToDate& read, const std::string& arrangement,
                                                           const std::string& partner) {
  std::optional<std::array<ledger::Money, 12>> out;
  for (const std::string& path : {contracts::account_path::contributions(arrangement, partner),
                                  contracts::account_path::receivable(arrangement, partner)})
    if (const auto found = read.find(path); found != read.end()) {
      if (!out) out.emplace();
      for (std::size_t month = 0; month < 12; ++month) (*out)[month] -= found->second[month];
    }
  return out;
}

// Whether a carried overspend-action-plan decision for the year names the scheme in its refs.
bool has_action_plan(const std::vector<contracts::DecisionRecord>& decisions, const std::string& scheme,
                     ledger::FinancialYear year) {
  return std::any_of(decisions.begin(), decisions.end(), [&](const contracts::DecisionRecord& decision) {
    if (decision.action != "overspend-action-plan" || decision.outcome != contracts::Outcome::carried ||
        decision.year != year)
      return false;
    const auto refs = ledger::split_list(decision.refs);
    return std::find(refs.begin(), refs.end(), scheme) != refs.end();
  });
}

void add_exceptions(Books& books, MonthStatement& statement, const YearToDate& read,
                    const std::vector<PaymentDue>& due_by_now) {
  const contracts::Agreement& agreement = books.agreement;
  auto& out = statement.exceptions;
  // Spend on a scheme account the agreement has no scheme for that year.
  std::set<std::string> monitored;
  for (const auto& line : statement.monitoring.schemes) monitored.insert(line.scheme);
  for (const auto& [path, months] : read) {
    std::string arrangement;
    std::string scheme;
    if (!is_scheme_account(path, arrangement, scheme) || sum(months).is_zero() || monitored.count(scheme) != 0)
      continue;
    statement.statement_spend += sum(months);  // counted, and shown as an exception
    out.push_back({"budget.unknown-scheme",
                   path + " has spent " + sum(months).to_report() + " in " + statement.period.year().to_string() +
                       ", but the agreement has no budget for " + scheme + " that year",
                   false});
  }
  // Instalments unpaid beyond the agreement's working days.
  for (const auto& position : statement.owed.positions)
    for (const auto& overdue : position.overdue)
      if (overdue.working_days_overdue > agreement.monitoring.late_after)
        out.push_back({"contribution.late",
                       position.partner + " owes " + overdue.unpaid.to_report() + " to " + position.arrangement +
                           " due " + ledger::to_iso(overdue.instalment.due) + ", " +
                           std::to_string(overdue.working_days_overdue) + " working days overdue at " +
                           ledger::to_iso(statement.period.last_day()),
                       false});
  // In kind with no scheme to recognise it on.
  for (const auto& position : statement.owed.positions)
    if (position.form == contracts::ContributionForm::in_kind && position.funds.empty())
      out.push_back({"in-kind.unlinked",
                     position.partner + "'s in-kind contribution to " + position.arrangement +
                         " names no scheme it funds ('funds' in the agreement), so no close recognises it as spend",
                     false});
  // A partner's own record of its payments that does not agree with the receipts from it.
  for (const auto& position : statement.owed.positions) {
    if (position.form != contracts::ContributionForm::cash) continue;
    const auto memo = read.find(contracts::account_path::partner_paid(position.arrangement, position.partner));
    if (memo == read.end()) continue;
    const ledger::Money paid = sum(memo->second);
    if (paid == position.received_to_date) continue;
    out.push_back({"payments.unagreed",
                   position.partner + "'s own ledger shows " + paid.to_report() + " paid into " + position.arrangement +
                       " in " + statement.period.year().to_string() + " to " + statement.period.to_string() +
                       "; the pool received " + position.received_to_date.to_report() + ": " +
                       (paid - position.received_to_date).to_report() + " apart (poolbook match \"" +
                       statement.period.to_string() + "\" gives the lines)",
                   false});
  }
  // A pooled fund whose contributions for the year, as varied, do not cover its schemes'
  // budgets (as varied) and its contingency reserve.
  for (const contracts::Arrangement& arrangement : agreement.arrangements) {
    if (arrangement.kind != contracts::ArrangementKind::pooled_fund) continue;
    ledger::Money contributed;
    bool any = false;
    for (const auto& position : statement.owed.positions)
      if (position.arrangement == arrangement.id) {
        contributed += position.agreed;
        any = true;
      }
    ledger::Money needed = arrangement.reserve_for(statement.period.year());
    for (const auto& line : statement.monitoring.schemes)
      if (line.arrangement == arrangement.id) {
        needed += line.amounts.annual;
        any = true;
      }
    if (any && contributed < needed)
      out.push_back({"contributions.cover",
                     arrangement.id + "'s contributions for " + statement.period.year().to_string() + " as varied, " +
                         contributed.to_report() + ", do not cover its schemes' budgets and reserve, " +
                         needed.to_report() + ": " + (needed - contributed).to_report() + " short",
                     false});
  }
  // Contract payments due and not approved (of any year, until they are).
  // In the year's last month, one due in the year with results recorded is a hard error: the
  // year's settlement would leave out what the contract earned, and a later approval would
  // accrue it in the next year. (With no result recorded there is nothing to compute it from.)
  const bool year_end = statement.period.month().number() == 12;
  for (const PaymentDue& due : due_by_now) {
    if (due.approved && due.approved->results != due.latest)
      out.push_back({"contract.revised",
                     due.contract + "'s payment for " + due.period + " was approved by " + due.approved->approved_by +
                         " on the results " + due.approved->results + "; the results recorded since are " + due.latest +
                         ": the payment approved stands, and the difference is for the contract's "
                         "manager to settle with the provider",
                     false});
    if (due.approved) continue;
    const bool blocks = year_end && due.due.year() == statement.period.year() && due.results > 0;
    out.push_back({"contract.unapproved",
                   due.contract + "'s payment for " + due.period + " was due at the close of " + due.due.to_string() +
                       " and is not approved (results recorded for " + std::to_string(due.results) + " of " +
                       std::to_string(due.kpis) + " KPIs): poolbook contract approve " + due.contract + " --period \"" +
                       due.period + "\"" + (blocks ? "; the year cannot settle without it" : ""),
                   blocks});
  }
  // A red scheme with no action plan.
  const auto decisions = books.governance->decisions();
  for (const auto& line : statement.monitoring.schemes)
    if (line.amounts.status == contracts::Rag::red && !line.amounts.variance.is_negative() &&
        !has_action_plan(decisions, line.scheme, statement.period.year()))
      out.push_back({"budget.red",
                     line.scheme + " (" + line.name + ") is " + line.amounts.variance.to_report() +
                         " over its budget to date of " + line.amounts.budget_to_date.to_report() +
                         ", with no carried overspend-action-plan decision naming it for " +
                         statement.period.year().to_string(),
                     false});
  // Rows held back from imports.
  const auto held = books.store->quarantine(true);
  if (!held.empty()) {
    std::map<std::string, int> by_file;
    for (const auto& row : held) ++by_file[row.file];
    for (const auto& [file, count] : by_file)
      out.push_back({"quarantine.open",
                     std::to_string(count) + " row(s) of " + file +
                         " are still in quarantine (poolbook quarantine list): the month's figures leave them out",
                     false});
  }
  // The balance proof.
  if (statement.statement_spend != statement.journal_spend)
    out.push_back({"statement.balance",
                   "spend in the statement " + statement.statement_spend.to_report() +
                       " does not tie to the journal's balances " + statement.journal_spend.to_report(),
                   true});
  if (statement.statement_received != statement.journal_received)
    out.push_back({"statement.balance",
                   "cash received in the statement " + statement.statement_received.to_report() +
                       " does not tie to the journal's balances " + statement.journal_received.to_report(),
                   true});
}

}  // namespace

// Each arrangement that holds money: the books' bank account and the bank's statement of it,
// as they stand at the month's end (both since the books began, not only this year).
void add_bank(Books& books, MonthStatement& statement) {
  const ledger::Period first(ledger::FinancialYear(ledger::kFirstFinancialYear), ledger::FinancialMonth(1));
  for (const contracts::Arrangement& arrangement : books.agreement.arrangements) {
    if (arrangement.kind == contracts::ArrangementKind::aligned_budget) continue;
    const std::string bank = contracts::account_path::bank(arrangement.id);
    const std::string stated = contracts::account_path::bank_statement(arrangement.id);
    BankPosition position{.arrangement = arrangement.id, .books = {}, .statement = {}, .statement_to = {}};
    for (const ledger::BalanceRow& row : books.store->balances(first, statement.period, bank))
      if (row.account == bank) position.books += row.movement;
    for (const ledger::BalanceRow& row : books.store->balances(first, statement.period, stated)) {
      if (row.account != stated) continue;
      position.statement = position.statement.value_or(ledger::Money{}) + row.movement;
      if (!position.statement_to || *position.statement_to < row.period) position.statement_to = row.period;
    }
    if (!position.agrees())
      statement.exceptions.push_back(
          {"bank.balance",
           arrangement.id + "'s bank statement shows " + position.statement->to_report() + " at " +
               ledger::to_iso(statement.period.last_day()) + "; the books' bank (receipts less payments) is " +
               position.books.to_report() + ": " + (*position.statement - position.books).to_report() + " apart" +
               (*position.statement_to < statement.period
                    ? " (the statement imported runs only to " + position.statement_to->to_string() + ")"
                    : std::string()),
           false});
    statement.bank.push_back(std::move(position));
  }
}

// Months from..to (1-based) of a year's movements.
ledger::Money months_sum(const std::array<ledger::Money, 12>& months, int from, int to) {
  ledger::Money total;
  for (int month = from; month <= to; ++month) total += months[static_cast<std::size_t>(month - 1)];
  return total;
}

void add_quarter(MonthStatement& statement, const YearToDate& read, const contracts::SpendByScheme& spend) {
  const int month = statement.period.month().number();
  if (month % 3 != 0) return;
  QuarterFigures figures;
  figures.quarter = statement.period.quarter().to_string();
  for (const auto& line : statement.monitoring.schemes) {
    const auto found = spend.find(line.scheme);
    QuarterScheme row{line.scheme, line.arrangement, line.amounts.budget, {}, {}};
    if (found != spend.end()) {
      row.quarter = months_sum(found->second, month - 2, month);
      row.to_date = months_sum(found->second, 1, month);
    }
    figures.spent += row.quarter;
    figures.schemes.push_back(std::move(row));
  }
  // Cash, as the owed-and-paid table counts it: credited to contributions less accrued.
  for (const auto& position : statement.owed.positions) {
    if (position.form != contracts::ContributionForm::cash) continue;
    QuarterIncome row{position.partner, position.arrangement, {}, {}};
    if (const auto cash = cash_by_month(read, position.arrangement, position.partner)) {
      row.quarter = months_sum(*cash, month - 2, month);
      row.to_date = months_sum(*cash, 1, month);
    }
    figures.received += row.quarter;
    figures.income.push_back(std::move(row));
  }
  statement.quarter = std::move(figures);
}

// "S01, S02, S03"
std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// The Better Care Fund's national conditions the agreement declares for the month's year: the
// schemes each counts must have at least its minimum, budgeted and forecast.
void add_conditions(Books& books, MonthStatement& statement) {
  const contracts::Agreement& agreement = books.agreement;
  for (const contracts::NationalCondition& condition : agreement.national_conditions) {
    if (condition.year != statement.period.year()) continue;
    ConditionStatus status{condition, {}, {}, {}, false};
    for (const auto& line : statement.monitoring.schemes) {
      if (line.arrangement != condition.arrangement || line.funding != contracts::FundingSource::nhs_minimum) continue;
      const contracts::Partner* commissioner = agreement.find_partner(line.commissioner);
      if (commissioner == nullptr) continue;
      const bool counts = condition.kind == contracts::ConditionKind::nhs_social_care
                              ? contracts::is_local_authority(commissioner->kind)
                              : contracts::is_nhs_body(commissioner->kind);
      if (!counts) continue;
      status.schemes.push_back(line.scheme);
      status.budget += line.amounts.budget;
    }
    for (const auto& scheme : statement.forecast.schemes)
      if (std::find(status.schemes.begin(), status.schemes.end(), scheme.scheme) != status.schemes.end())
        status.outturn += scheme.outturn;
    status.met = status.budget >= condition.minimum && status.outturn >= condition.minimum;
    if (!status.met)
      statement.exceptions.push_back(
          {"bcf.condition",
           condition.id + " (" + std::string(contracts::enum_label(condition.kind)) + ", at least " +
               condition.minimum.to_report() + " in " + condition.year.to_string() + "): the schemes it counts (" +
               (status.schemes.empty() ? std::string("none") : joined(status.schemes)) + ") have a budget of " +
               status.budget.to_report() + " and a forecast outturn of " + status.outturn.to_report(),
           false});
    statement.conditions.push_back(std::move(status));
  }
}

// The year's settlement, in its last month: a year the risk share cannot settle is a hard error.
// The performance results a closed year's last month was closed with, as its close recorded
// them in its statement ("performance NEA-65 met").
contracts::PerformanceResults recorded_performance(Books& books, const ledger::Period& period) {
  contracts::PerformanceResults out;
  if (!books.store->is_closed(period)) return out;
  const auto record = books.store->setting(statement_setting(period));
  if (!record) return out;
  std::istringstream lines(*record);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string first;
    std::string element;
    std::string result;
    if (words >> first >> element >> result && first == "performance" && (result == "met" || result == "missed"))
      out[element] = result == "met";
  }
  return out;
}

void add_settlement(Books& books, MonthStatement& statement) {
  if (statement.period.month().number() != 12) return;
  // A closed year was settled on the results its close recorded: they stand, whatever is
  // given now (a what-if on other results is `poolbook risk-share`).
  if (auto recorded = recorded_performance(books, statement.period); !recorded.empty()) {
    if (!statement.performance.empty() && statement.performance != recorded)
      statement.exceptions.push_back({"performance.recorded",
                                      statement.period.to_string() +
                                          " was closed on the performance results it recorded; those stand, and "
                                          "the results given now are not used",
                                      false});
    statement.performance = std::move(recorded);
  }
  auto settled = contracts::settle_year(books.agreement, statement.monitoring, statement.performance);
  if (!settled) {
    statement.exceptions.push_back({"year-end.settle",
                                    statement.period.year().to_string() + " cannot be settled: " +
                                        settled.error().message + " [" + settled.error().rule + "]",
                                    true});
    return;
  }
  // At the year's end the exposure is no longer a forecast: it is the settlement, on the
  // actual variances under the year-end terms and the performance results.
  for (auto& forecast : statement.forecast.arrangements)
    for (const auto& arrangement : settled->arrangements)
      if (arrangement.arrangement == forecast.arrangement) {
        forecast.exposure = arrangement.allocation;
        forecast.exposure_note = "at the year's end, the settlement on the actual variances";
      }
  for (const auto& arrangement : settled->arrangements)
    for (const auto& pending : arrangement.allocation.pending_performance)
      statement.exceptions.push_back({"performance.pending",
                                      pending.id + " (" + pending.metric + ") has no result: its " +
                                          pending.amount.to_report() + " stays in " + pending.scheme +
                                          "'s budget as if met; give it when closing (--performance " + pending.id +
                                          "=met or =missed)",
                                      false});
  statement.settlement = std::move(settled).value();
}

std::string statement_setting(const ledger::Period& period) { return "month-end." + period.to_string(); }

Result<MonthStatement> month_statement(Books& books, const ledger::Period& period, contracts::ForecastMethod method,
                                       const contracts::PerformanceResults& performance) {
  const contracts::Agreement& agreement = books.agreement;
  if (auto term = within_term(books, period, period.to_string(), ": the books have no statement for it"); !term)
    return term.error();
  const YearToDate read = read_year_to_date(books, period);
  // Spend by scheme, and everything spent on scheme accounts (for the proof).
  contracts::SpendByScheme spend;
  ledger::Money journal_spend;
  for (const auto& [path, months] : read) {
    std::string arrangement;
    std::string scheme;
    if (!is_scheme_account(path, arrangement, scheme)) continue;
    journal_spend += sum(months);
    const contracts::Scheme* known = agreement.find_scheme(scheme);
    if (known != nullptr && known->arrangement == arrangement) spend[scheme] = months;
  }
  // Cash received by contribution, and everything credited to contributions (for the proof).
  contracts::ReceivedByContribution received;
  ledger::Money journal_received;
  for (const contracts::Arrangement& arrangement : agreement.arrangements)
    for (const std::string& partner : arrangement.partners)
      if (const auto cash = cash_by_month(read, arrangement.id, partner)) {
        received[{arrangement.id, partner}] = sum(*cash);
        journal_received += sum(*cash);
      }
  auto owed = contracts::owed_and_paid(agreement, period, received);
  if (!owed) return owed.error();
  auto monitoring = contracts::monitor_budgets(agreement, period, spend, books.governance->virements());
  contracts::SpendByScheme last_year;
  if (method == contracts::ForecastMethod::last_year) {
    const ledger::Period last(period.year().previous(), ledger::FinancialMonth(12));
    for (const auto& [path, months] : read_year_to_date(books, last)) {
      std::string arrangement;
      std::string scheme;
      if (is_scheme_account(path, arrangement, scheme)) last_year[scheme] = months;
    }
  }
  // In the year's last month the outturn is the year's actual spend: a manual forecast made
  // earlier no longer stands in for it.
  contracts::ManualOutturns manual;
  if (period.month().number() < 12)
    for (const auto& [scheme, set] : manual_forecasts(books, period.year()))
      manual[scheme] = {set.outturn, "set by " + set.set_by + " on " + set.set_on + ": " + set.reason};
  auto forecast = contracts::forecast_outturn(agreement, monitoring, method, last_year, manual);
  if (!forecast) return forecast.error();
  MonthStatement statement{.agreement_id = agreement.id,
                           .period = period,
                           .exceptions = {},
                           .owed = std::move(owed).value(),
                           .monitoring = std::move(monitoring),
                           .forecast = std::move(forecast).value(),
                           .payments = {},
                           .conditions = {},
                           .bank = {},
                           .quarter = {},
                           .settlement = {},
                           .performance = {},
                           .statement_spend = {},
                           .journal_spend = journal_spend,
                           .statement_received = {},
                           .journal_received = journal_received};
  statement.performance = performance;
  for (const auto& line : statement.monitoring.schemes) statement.statement_spend += line.amounts.actual_to_date;
  for (const auto& position : statement.owed.positions)
    if (position.form == contracts::ContributionForm::cash) statement.statement_received += position.received_to_date;
  const std::vector<PaymentDue> due_by_now = payments_due(books, period);
  for (const PaymentDue& due : due_by_now)
    if (due.due.year() == period.year()) statement.payments.push_back(due);
  add_exceptions(books, statement, read, due_by_now);
  add_bank(books, statement);
  add_quarter(statement, read, spend);
  add_conditions(books, statement);
  add_settlement(books, statement);
  return statement;
}

}  // namespace poolbook::books
