#pragma once
// The forecast outturn of each scheme for the year, from the month's budget monitoring, by a
// named method; the year-end variance of each scheme and of each arrangement; and what each
// partner of a pooled arrangement would bear if the year ended so (the agreement's risk
// share applied to the forecast variances, with its working).
//
//   auto forecast = forecast_outturn(monitoring, ForecastMethod::run_rate, last_year);
//   // forecast.schemes[0]: S01 outturn £6,536,874.15, variance (£305,435.85)
//
// The methods (docs/month-end.md), each rounded half-up to the penny:
// - run-rate: spend to date / months elapsed x 12;
// - profile: spend to date / budget to date x budget (the rest of the year spent at the rate
//   so far against the phasing); with no budget to date, spend to date plus the budget for
//   the months left;
// - last-year: spend to date x (last year's spend for the year / last year's spend to the
//   same month), the shape of last year's spending; a scheme with no spend last year to
//   that month is forecast by profile instead, and says so.
// - manual: a scheme forecast by hand (ManualOutturns) takes that outturn, whatever the
//   method, and its note says who set it, when and why.
// The forecast of a scheme is the method's figure; its variance is outturn less budget
// (an overspend positive), as the risk share takes it.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/contracts/reconcile/budget_monitoring.hpp"
#include "poolbook/contracts/terms/risk_share.hpp"

namespace poolbook::contracts {

// `manual` is not asked for: a scheme with a manual forecast (ManualOutturns) is forecast by
// it, whatever the method asked for the others.
enum class ForecastMethod { run_rate, profile, last_year, manual };
std::string_view forecast_method_word(ForecastMethod method);         // "run-rate", "profile", "last-year", "manual"
Result<ForecastMethod> parse_forecast_method(std::string_view word);  // the first three

// Forecasts set by hand, by scheme: the outturn and a note (who set it, when and why).
struct ManualOutturn {
  Money outturn;
  std::string note;
};
using ManualOutturns = std::map<std::string, ManualOutturn>;

struct SchemeForecast {
  std::string scheme;
  std::string arrangement;
  ForecastMethod method = ForecastMethod::profile;  // the method used (profile where last-year had no shape)
  Money budget;
  Money outturn;
  Money variance;    // outturn - budget
  std::string note;  // why another method was used, if it was
};

struct ArrangementForecast {
  std::string arrangement;
  Money budget;
  Money outturn;
  Money variance;
  // For a pooled fund or lead commissioning with risk-share terms: who would bear the
  // forecast variance, with the working; none for an arrangement without terms.
  std::optional<VarianceAllocation> exposure;
  std::string exposure_note;  // why there is none, when there is none
};

struct Forecast {
  ForecastMethod method = ForecastMethod::profile;
  Period period;
  std::vector<SchemeForecast> schemes;
  std::vector<ArrangementForecast> arrangements;
};

// `last_year`: spend by scheme and month in the year before the period's (for last-year);
// `manual`: schemes forecast by hand.
Result<Forecast> forecast_outturn(const Agreement& agreement, const BudgetMonitoring& monitoring, ForecastMethod method,
                                  const SpendByScheme& last_year = {}, const ManualOutturns& manual = {});

}  // namespace poolbook::contracts
