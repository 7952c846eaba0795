#include "poolbook/contracts/reconcile/forecast.hpp"

#include <algorithm>
#include <map>

namespace poolbook::contracts {
namespace {

Money sum_to(const std::array<Money, 12>& months, int month) {
  Money total;
  for (int i = 0; i < month; ++i) total += months[static_cast<std::size_t>(i)];
  return total;
}

Money by_profile(const MonitoredAmounts& amounts, const std::array<Money, 12>& phased, int month) {
  if (amounts.budget_to_date.is_zero()) {
    Money rest;
    for (int i = month; i < 12; ++i) rest += phased[static_cast<std::size_t>(i)];
    return amounts.actual_to_date + rest;
  }
  return multiply(amounts.budget, ratio_of(amounts.actual_to_date, amounts.budget_to_date));
}

}  // namespace

std::string_view forecast_method_word(ForecastMethod method) {
  switch (method) {
    case ForecastMethod::run_rate:
      return "run-rate";
    case ForecastMethod::profile:
      return "profile";
    case ForecastMethod::last_year:
      return "last-year";
    case ForecastMethod::manual:
      return "manual";
  }
  return "profile";
}

Result<ForecastMethod> parse_forecast_method(std::string_view word) {
  for (const ForecastMethod method : {ForecastMethod::run_rate, ForecastMethod::profile, ForecastMethod::last_year})
    if (forecast_method_word(method) == word) return method;
  return make_error("forecast.method",
                    "'" + std::string(word) + "' is not a forecast method: use run-rate, profile or last-year");
}

Result<Forecast> forecast_outturn(const Agreement& agreement, const BudgetMonitoring& monitoring, ForecastMethod method,
                                  const SpendByScheme& last_year, const ManualOutturns& manual) {
  Forecast forecast{method, monitoring.period, {}, {}};
  const int month = monitoring.period.month().number();
  const FinancialYear year = monitoring.period.year();
  std::map<std::string, std::map<std::string, Money>> variances;  // arrangement -> scheme -> variance
  for (const SchemeMonitoring& line : monitoring.schemes) {
    const MonitoredAmounts& amounts = line.amounts;
    SchemeForecast scheme{line.scheme, line.arrangement, method, amounts.budget, {}, {}, {}};
    const std::array<Money, 12>& phased = line.phased;
    const auto by_hand = manual.find(line.scheme);
    switch (by_hand != manual.end() ? ForecastMethod::manual : method) {
      case ForecastMethod::manual:
        scheme.method = ForecastMethod::manual;
        scheme.outturn = by_hand->second.outturn;
        scheme.note = by_hand->second.note;
        break;
      case ForecastMethod::run_rate:
        scheme.outturn = multiply(amounts.actual_to_date, Ratio(12, month));
        break;
      case ForecastMethod::profile:
        scheme.outturn = by_profile(amounts, phased, month);
        break;
      case ForecastMethod::last_year: {
        const auto found = last_year.find(line.scheme);
        const Money before = found == last_year.end() ? Money{} : sum_to(found->second, month);
        const Money whole = found == last_year.end() ? Money{} : sum_to(found->second, 12);
        if (before.is_zero() || !before.is_positive()) {
          scheme.method = ForecastMethod::profile;
          scheme.note = "no spend in " + year.previous().to_string() + " to " +
                        Period(year.previous(), monitoring.period.month()).to_string() +
                        " to take a shape from: forecast by profile";
          scheme.outturn = by_profile(amounts, phased, month);
        } else {
          scheme.outturn = multiply(amounts.actual_to_date, ratio_of(whole, before));
        }
        break;
      }
    }
    scheme.variance = scheme.outturn - scheme.budget;
    variances[line.arrangement][line.scheme] = scheme.variance;
    forecast.schemes.push_back(std::move(scheme));
  }
  for (const Arrangement& arrangement : agreement.arrangements) {
    ArrangementForecast total{arrangement.id, {}, {}, {}, std::nullopt, {}};
    bool any = false;
    for (const SchemeForecast& scheme : forecast.schemes)
      if (scheme.arrangement == arrangement.id) {
        any = true;
        total.budget += scheme.budget;
        total.outturn += scheme.outturn;
        total.variance += scheme.variance;
      }
    if (!any) continue;
    if (agreement.find_risk_share(arrangement.id) == nullptr) {
      total.exposure_note = "the agreement has no risk-share terms for " + arrangement.id +
                            (arrangement.kind == ArrangementKind::aligned_budget ? " (an aligned budget: each partner "
                                                                                   "bears its own)"
                                                                                 : "");
    } else {
      // A year the terms cannot be applied to (no contributions to share by, say) has no
      // exposure, and the statement says why rather than failing.
      auto allocated = allocate_variance(agreement, arrangement.id, year, variances[arrangement.id]);
      if (allocated)
        total.exposure = std::move(allocated).value();
      else
        total.exposure_note =
            "the risk share cannot be applied: " + allocated.error().message + " [" + allocated.error().rule + "]";
    }
    forecast.arrangements.push_back(std::move(total));
  }
  return forecast;
}

}  // namespace poolbook::contracts
