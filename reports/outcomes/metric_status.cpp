#include "poolbook/reports/outcomes/metric_status.hpp"

namespace poolbook::reports {

std::string_view metric_state_words(MetricState state) {
  switch (state) {
    case MetricState::on_track:
      return "on track";
    case MetricState::not_on_track:
      return "not on track";
    case MetricState::no_data:
      return "no data";
  }
  return "no data";
}

std::string_view metric_trend_word(MetricTrend trend) {
  switch (trend) {
    case MetricTrend::improving:
      return "improving";
    case MetricTrend::worsening:
      return "worsening";
    case MetricTrend::steady:
      return "steady";
    case MetricTrend::none:
      return "-";
  }
  return "-";
}

ledger::QuarterPeriod previous_quarter(const ledger::QuarterPeriod& quarter) {
  const int number = quarter.quarter().number();
  if (number > 1) return {quarter.year(), ledger::Quarter(number - 1)};
  return {ledger::FinancialYear(quarter.year().start_year() - 1), ledger::Quarter(4)};
}

MetricStatus metric_status(const contracts::Metric& metric,
                           const std::map<ledger::QuarterPeriod, ledger::Ratio>& figures,
                           const ledger::QuarterPeriod& quarter) {
  MetricStatus status;
  status.metric = &metric;
  status.quarter = quarter;
  if (const contracts::MetricPlan* plan = metric.plan_for(quarter)) status.plan = plan->value;
  if (auto found = figures.find(quarter); found != figures.end()) status.actual = found->second;
  if (auto found = figures.find(previous_quarter(quarter)); found != figures.end()) status.previous = found->second;
  const bool lower = metric.direction == contracts::KpiDirection::lower;
  // `better(a, b)`: a is better than b in the metric's direction.
  const auto better = [&](const ledger::Ratio& a, const ledger::Ratio& b) { return lower ? a < b : a > b; };
  if (status.actual && status.plan)
    status.status = better(*status.plan, *status.actual) ? MetricState::not_on_track : MetricState::on_track;
  if (status.actual && status.previous) {
    if (*status.actual == *status.previous)
      status.trend = MetricTrend::steady;
    else
      status.trend = better(*status.actual, *status.previous) ? MetricTrend::improving : MetricTrend::worsening;
  }
  return status;
}

}  // namespace poolbook::reports
