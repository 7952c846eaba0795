#include "poolbook/reports/pack/pack_layout.hpp"

#include <algorithm>

#include "poolbook/reports/pack/internal/pack_sections.hpp"

namespace poolbook::reports {
namespace {

using namespace detail;

std::string yes_no(bool value) { return value ? "yes" : "no"; }

std::string listed(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// A pack for one of several boards: which share of the pool it shows, and the pool's figures
// the boards' packs add up to.
void add_share(Section& out, const BoardPack& pack) {
  const PackShare& share = *pack.share;
  std::string own;
  if (!share.schemes.empty()) own += (share.schemes.size() == 1 ? "scheme " : "schemes ") + listed(share.schemes);
  if (!share.partners.empty())
    own += std::string(own.empty() ? "" : " and ") + "the contributions of " + listed(share.partners);
  out.paragraphs.push_back(
      "The agreement reports to " + std::to_string(share.boards.size()) + " Health and Wellbeing Boards (" +
      listed(share.boards) + "). This pack shows the " + pack.board +
      "'s share of the pool: " + (own.empty() ? std::string() : "in full, " + own + ", wholly its own; and ") +
      ledger::format_percent(share.share) +
      " of everything else. Each figure is split between the boards to the penny, so the boards' packs add up to "
      "the pool's. The outcome metrics, the ROI summary, the decisions, disputes and data quality are the whole "
      "agreement's.");
  Table& pool = out.tables.emplace_back(
      table("share-of-the-pool", "This board's share of the pool",
            {{"Figure", CellKind::text}, {"This board", CellKind::money}, {"The pool", CellKind::money}}));
  pool.rows = {
      {text("Budget for the year"), money(pack.budget), money(share.pool_budget)},
      {text("Budget to date (profile)"), money(pack.budget_to_date), money(share.pool_budget_to_date)},
      {text("Spend to date"), money(pack.spend_to_date), money(share.pool_spend_to_date)},
      {text("Forecast outturn"), money(pack.forecast_outturn), money(share.pool_forecast_outturn)},
      {text("Contributions due to date"), money(pack.due_to_date), money(share.pool_due_to_date)},
      {text("Contributions received to date"), money(pack.received_to_date), money(share.pool_received_to_date)}};
}

Section summary(const BoardPack& pack, const std::vector<Section>& others) {
  const auto met = std::count_if(pack.conditions.begin(), pack.conditions.end(),
                                 [](const PackCondition& condition) { return condition.met; });
  const auto on_track = std::count_if(pack.metrics.begin(), pack.metrics.end(), [](const PackMetric& metric) {
    return metric.status.status == MetricState::on_track;
  });
  Section out =
      section("summary", "Summary", "Summary",
              "National conditions met: " + std::to_string(met) + " of " + std::to_string(pack.conditions.size()) +
                  ". Metrics on track: " + std::to_string(on_track) + " of " + std::to_string(pack.metrics.size()) +
                  ". Spend to date " + pack.spend_to_date.to_report() + " against a profile of " +
                  pack.budget_to_date.to_report() + ".");
  out.paragraphs.push_back("This pack reports " + pack.agreement_title + " (" + pack.agreement_id + ") to the " +
                           pack.board + " for " + pack.quarter.to_string() + ", as at " + pack.as_at + ". " +
                           (pack.quarter_closed ? "The quarter's last month is closed: its figures are final."
                                                : "The quarter's last month is not closed yet: its figures may move."));
  if (pack.share) add_share(out, pack);
  out.paragraphs.push_back("Forecast outturn " + pack.forecast_outturn.to_report() + " against a budget of " +
                           pack.budget.to_report() + "; contributions received " + pack.received_to_date.to_report() +
                           " of " + pack.due_to_date.to_report() + " due to date.");
  Table& headline = out.tables.emplace_back(table("headline-figures", "Headline figures, " + pack.quarter.to_string(),
                                                  {{"Figure", CellKind::text}, {"Amount", CellKind::money}}));
  headline.rows = {{text("Budget for the year"), money(pack.budget)},
                   {text("Budget to date (profile)"), money(pack.budget_to_date)},
                   {text("Spend to date"), money(pack.spend_to_date)},
                   {text("Variance to date"), money(pack.spend_to_date - pack.budget_to_date)},
                   {text("Forecast outturn"), money(pack.forecast_outturn)},
                   {text("Forecast variance"), money(pack.forecast_outturn - pack.budget)},
                   {text("Contributions due to date"), money(pack.due_to_date)},
                   {text("Contributions received to date"), money(pack.received_to_date)}};
  Table& conditions = out.tables.emplace_back(table("national-conditions", "BCF national conditions",
                                                    {{"Condition", CellKind::text},
                                                     {"Minimum", CellKind::money},
                                                     {"Budget", CellKind::money},
                                                     {"Forecast", CellKind::money},
                                                     {"Met", CellKind::text}}));
  for (const PackCondition& condition : pack.conditions)
    conditions.rows.push_back({text(condition.id + ": " + condition.description), money(condition.minimum),
                               money(condition.budget), money(condition.outturn), text(yes_no(condition.met))});
  Table& status = out.tables.emplace_back(
      table("section-status", "Each section in a line", {{"Section", CellKind::text}, {"Status", CellKind::text}}));
  for (const Section& other : others) status.rows.push_back({text(other.title), text(other.status)});
  Table& exceptions = out.tables.emplace_back(
      table("exceptions", std::string("Exceptions at the quarter's end") + (pack.share ? " (the pool's)" : ""),
            {{"Exception", CellKind::text}}));
  for (const std::string& exception : pack.exceptions) exceptions.rows.push_back({text(exception)});
  if (pack.exceptions.empty()) exceptions.note = "None.";
  return out;
}

Section income(const BoardPack& pack) {
  int late = 0;
  for (const PackIncome& line : pack.income) late += line.overdue;
  Section out =
      section("income", "Income by partner", "Income",
              pack.received_to_date.to_report() + " received of " + pack.due_to_date.to_report() + " due to date; " +
                  count_of(static_cast<std::size_t>(late), "instalment", "instalments") + " overdue");
  Table& lines = out.tables.emplace_back(table("income-by-partner", "Contributions owed and paid to " + pack.as_at,
                                               {{"Partner", CellKind::text},
                                                {"Arrangement", CellKind::text},
                                                {"Form", CellKind::text},
                                                {"Agreed for the year", CellKind::money},
                                                {"Due to date", CellKind::money},
                                                {"Received to date", CellKind::money},
                                                {"Outstanding", CellKind::money},
                                                {"Instalments overdue", CellKind::count},
                                                {"Most working days late", CellKind::count}}));
  Money agreed;
  Money outstanding;  // each line's, so an overpayment on one does not hide what another owes
  for (const PackIncome& line : pack.income) {
    agreed += line.agreed;
    outstanding += line.outstanding;
    lines.rows.push_back({text(line.partner), text(line.arrangement), text(line.form), money(line.agreed),
                          money(line.due_to_date), money(line.received_to_date), money(line.outstanding),
                          Cell::of_count(line.overdue), Cell::of_count(line.most_working_days_late)});
  }
  lines.rows.push_back({strong(text("Total")), Cell::blank(), Cell::blank(), strong(money(agreed)),
                        strong(money(pack.due_to_date)), strong(money(pack.received_to_date)),
                        strong(money(outstanding)), Cell::blank(), Cell::blank()});
  return out;
}

Section expenditure(const BoardPack& pack) {
  const auto red = std::count_if(pack.schemes.begin(), pack.schemes.end(),
                                 [](const PackScheme& scheme) { return scheme.rag == "red"; });
  const auto amber = std::count_if(pack.schemes.begin(), pack.schemes.end(),
                                   [](const PackScheme& scheme) { return scheme.rag == "amber"; });
  Section out =
      section("expenditure", "Expenditure by scheme", "Expenditure",
              pack.spend_to_date.to_report() + " spent against " + pack.budget_to_date.to_report() +
                  " profiled; forecast " + pack.forecast_outturn.to_report() + " against " + pack.budget.to_report() +
                  "; " + std::to_string(red) + " red, " + std::to_string(amber) + " amber");
  Table& lines =
      out.tables.emplace_back(table("expenditure-by-scheme", "Spend, budget and forecast by scheme to " + pack.as_at,
                                    {{"Scheme", CellKind::text},
                                     {"Arrangement", CellKind::text},
                                     {"Budget", CellKind::money},
                                     {"Budget to date", CellKind::money},
                                     {"Spend to date", CellKind::money},
                                     {"Variance to date", CellKind::money},
                                     {"Forecast outturn", CellKind::money},
                                     {"Forecast variance", CellKind::money},
                                     {"RAG", CellKind::text}}));
  for (const PackScheme& scheme : pack.schemes)
    lines.rows.push_back({text(scheme.scheme + " " + scheme.name), text(scheme.arrangement), money(scheme.budget),
                          money(scheme.budget_to_date), money(scheme.actual_to_date), money(scheme.variance),
                          money(scheme.outturn), money(scheme.outturn_variance), text(scheme.rag)});
  lines.rows.push_back({strong(text("Total")), Cell::blank(), strong(money(pack.budget)),
                        strong(money(pack.budget_to_date)), strong(money(pack.spend_to_date)),
                        strong(money(pack.spend_to_date - pack.budget_to_date)), strong(money(pack.forecast_outturn)),
                        strong(money(pack.forecast_outturn - pack.budget)), Cell::blank()});
  if (!pack.rag_rule.empty()) out.paragraphs.push_back(pack.rag_rule);
  // Each outturn is forecast from the profile unless the books say otherwise: those are listed.
  Table& basis = out.tables.emplace_back(
      table("forecast-basis", "Forecasts on another basis than the profile",
            {{"Scheme", CellKind::text}, {"Forecast outturn", CellKind::money}, {"Basis", CellKind::text}}));
  for (const PackScheme& scheme : pack.schemes)
    if (!scheme.forecast_basis.empty() && scheme.forecast_basis != "profile")
      basis.rows.push_back(
          {text(scheme.scheme + " " + scheme.name), money(scheme.outturn), text(scheme.forecast_basis)});
  if (basis.rows.empty()) basis.note = "None: every outturn is forecast from the spend to date and the profile.";
  Table& months = out.tables.emplace_back(
      table("spend-by-month", "Spend against the phased budget, cumulative by month",
            {{"Month", CellKind::text}, {"Phased budget", CellKind::money}, {"Spend", CellKind::money}}));
  for (const PackMonth& month : pack.months)
    months.rows.push_back({text(month.month), money(month.budget), money(month.actual)});
  out.charts.push_back(Chart{
      "spend-chart", "Spend against phased budget (cumulative)", ChartKind::line, "spend-by-month", 0, {1, 2}, "£"});
  return out;
}

}  // namespace

Document pack_document(const BoardPack& pack) {
  Document document;
  document.title = pack.agreement_title;
  document.subtitle = "Board accountability pack, " + pack.quarter.to_string() + ", for the " + pack.board;
  document.as_at = pack.as_at;
  std::vector<Section> sections{income(pack),
                                expenditure(pack),
                                risk_section(pack),
                                contingency_section(pack),
                                contracts_section(pack),
                                metrics_section(pack),
                                roi_section(pack.roi),
                                governance_section(pack),
                                disputes_section(pack),
                                data_quality_section(pack),
                                coming_section(pack),
                                integrity_section(pack)};
  if (pack.quarter.quarter().number() == 4) sections.push_back(self_assessment_section(pack));
  document.sections.push_back(summary(pack, sections));
  for (Section& part : sections) document.sections.push_back(std::move(part));
  return document;
}

}  // namespace poolbook::reports

namespace poolbook::reports {

Document statement_document(const BoardPack& month) {
  Document document;
  document.title = month.agreement_title;
  document.subtitle = "Monthly finance statement, " + month.month;
  document.as_at = month.as_at;
  Section exceptions = section(
      "exceptions", "Exceptions", "Exceptions",
      month.exceptions.empty() ? "No exceptions"
                               : count_of(month.exceptions.size(), "exception", "exceptions") +
                                     (month.quarter_closed ? " at the month's end" : " to resolve before the close"));
  Table& list = exceptions.tables.emplace_back(
      table("exceptions", "Exceptions at the month's end", {{"Exception", CellKind::text}}));
  for (const std::string& exception : month.exceptions) list.rows.push_back({text(exception)});
  exceptions.paragraphs.push_back(month.quarter_closed ? "The month is closed: its figures are final."
                                                       : "The month is not closed: its figures may move.");
  document.sections.push_back(std::move(exceptions));
  document.sections.push_back(income(month));
  document.sections.push_back(expenditure(month));
  document.sections.push_back(detail::risk_section(month));
  document.sections.push_back(detail::contracts_section(month));
  document.sections.push_back(detail::integrity_section(month));
  return document;
}

Document return_document(const BoardPack& pack) {
  Document document;
  document.title = pack.agreement_title;
  document.subtitle = "BCF quarterly return figures, " + pack.quarter.to_string() +
                      (pack.share ? ", the " + pack.board + "'s share of the pool" : std::string());
  document.as_at = pack.as_at;
  const auto lines = [](std::vector<PackReturnLine> const& from, Table& into) {
    Money budget;
    Money quarter;
    Money to_date;
    for (const PackReturnLine& line : from) {
      into.rows.push_back({text(line.id), text(line.name), text(line.arrangement), money(line.budget),
                           money(line.quarter), money(line.to_date)});
      budget += line.budget;
      quarter += line.quarter;
      to_date += line.to_date;
    }
    into.rows.push_back({strong(text("Total")), Cell::blank(), Cell::blank(), strong(money(budget)),
                         strong(money(quarter)), strong(money(to_date))});
  };
  Section figures = section("return", "BCF quarterly return", "Return",
                            "Income and expenditure by scheme for " + pack.quarter.to_string() +
                                " and the year to date, and the metrics against plan");
  Table& spend = figures.tables.emplace_back(table("return-expenditure", "Expenditure by scheme",
                                                   {{"Scheme", CellKind::text},
                                                    {"Name", CellKind::text},
                                                    {"Arrangement", CellKind::text},
                                                    {"Budget for the year", CellKind::money},
                                                    {"In the quarter", CellKind::money},
                                                    {"Year to date", CellKind::money}}));
  lines(pack.return_expenditure, spend);
  Table& income = figures.tables.emplace_back(table("return-income", "Income by partner",
                                                    {{"Partner", CellKind::text},
                                                     {"Name", CellKind::text},
                                                     {"Arrangement", CellKind::text},
                                                     {"Agreed for the year", CellKind::money},
                                                     {"In the quarter", CellKind::money},
                                                     {"Year to date", CellKind::money}}));
  lines(pack.return_income, income);
  document.sections.push_back(std::move(figures));
  document.sections.push_back(detail::metrics_section(pack));
  // The return carries the metrics' table, not their charts.
  document.sections.back().charts.clear();
  auto& tables = document.sections.back().tables;
  tables.erase(tables.begin() + 1, tables.end());
  return document;
}

Document roi_document(const std::string& title, const std::string& subtitle, const std::string& as_at,
                      const std::vector<PackRoi>& appraisals) {
  Document document;
  document.title = title;
  document.subtitle = subtitle;
  document.as_at = as_at;
  document.sections.push_back(detail::roi_section(appraisals));
  // A year-by-year table of the first appraisal, so the working can be followed.
  return document;
}

}  // namespace poolbook::reports
