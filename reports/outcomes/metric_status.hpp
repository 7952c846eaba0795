#pragma once
// Where each outcome metric stands at a quarter's end, by the rule the board pack prints
// (docs/metrics-format.md, "Status and trend"):
// - on track: the quarter's figure meets its plan in the metric's direction (at most the plan
//   for a metric where lower is better, at least for higher);
// - not on track: it does not;
// - no data: no figure is recorded for the quarter, or the agreement plans none for it.
// The trend compares the quarter's figure with the quarter before's: improving or worsening
// in the metric's direction, steady when equal, none without both figures.
//
//   auto status = reports::metric_status(metric, figures, *QuarterPeriod::parse("2025/26 Q2"));
//   status.status == MetricState::on_track;
#include <map>
#include <optional>
#include <string_view>

#include "poolbook/contracts/agreement/agreement.hpp"

namespace poolbook::reports {

enum class MetricState { on_track, not_on_track, no_data };
enum class MetricTrend { improving, worsening, steady, none };
std::string_view metric_state_words(MetricState state);  // "on track", "not on track", "no data"
std::string_view metric_trend_word(MetricTrend trend);   // "improving", "worsening", "steady", "-"

struct MetricStatus {
  const contracts::Metric* metric = nullptr;
  ledger::QuarterPeriod quarter{ledger::FinancialYear(0), ledger::Quarter(1)};
  std::optional<ledger::Ratio> plan;
  std::optional<ledger::Ratio> actual;
  std::optional<ledger::Ratio> previous;  // the quarter before's figure
  MetricState status = MetricState::no_data;
  MetricTrend trend = MetricTrend::none;
};

// `figures`: the metric's recorded figure by quarter (the latest for each).
MetricStatus metric_status(const contracts::Metric& metric,
                           const std::map<ledger::QuarterPeriod, ledger::Ratio>& figures,
                           const ledger::QuarterPeriod& quarter);

// The quarter before (2025/26 Q1 -> 2024/25 Q4).
ledger::QuarterPeriod previous_quarter(const ledger::QuarterPeriod& quarter);

}  // namespace poolbook::reports
