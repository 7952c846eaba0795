#include "poolbook/daemon/books/roi_report.hpp"

#include <algorithm>

#include "poolbook/daemon/books/metrics.hpp"
#include "poolbook/daemon/books/month_end.hpp"
#include "poolbook/reports/roi/value_case.hpp"

namespace poolbook::books {
namespace {

using ledger::Money;
using ledger::Ratio;

std::string scope_of(const contracts::Agreement& agreement, const std::vector<std::string>& schemes) {
  if (schemes.empty()) return "the whole fund";
  std::string scope;
  for (const std::string& id : schemes) {
    const contracts::Scheme* scheme = agreement.find_scheme(id);
    scope += (scope.empty() ? "" : "; ") + id + (scheme != nullptr ? " " + scheme->name : "");
  }
  return scope;
}

reports::PackRoi appraised(const reports::Appraisal& appraisal, std::string scope, std::string basis) {
  reports::PackRoi roi;
  roi.scope = std::move(scope);
  roi.basis = std::move(basis);
  roi.present_investment = appraisal.present_investment;
  roi.present_benefit = appraisal.present_benefit;
  roi.net_present_value = appraisal.net_present_value;
  roi.benefit_cost_ratio = appraisal.benefit_cost_ratio;
  roi.payback_year = appraisal.payback_year;
  roi.by_beneficiary = appraisal.by_beneficiary;
  roi.years = appraisal.years;
  return roi;
}

// The last month the realised appraisal runs to: the quarter's last month, or the latest
// closed month of the value case's first year.
Result<ledger::Period> realised_to(Books& books, const reports::ValueCase& value_case,
                                   const std::optional<ledger::QuarterPeriod>& to) {
  if (to) return to->last_period();
  for (int month = 12; month >= 1; --month) {
    const ledger::Period period(value_case.first_year, ledger::FinancialMonth(month));
    if (books.store->is_closed(period)) return period;
  }
  return make_error("roi.realised", "no month of " + value_case.first_year.to_string() +
                                        " (the value case's first year) is closed, so nothing is realised yet");
}

}  // namespace

Result<std::vector<reports::PackRoi>> roi_appraisals(Books& books, const RoiRequest& request) {
  const reports::LoadedValueCase loaded = reports::load_value_case(request.value_case, books.agreement);
  if (!loaded.valid()) {
    // Every error of the file at once: the first as the error, the others after it, a line each.
    std::optional<Error> first;
    for (const contracts::Finding& finding : loaded.findings) {
      if (finding.severity != contracts::Severity::error) continue;
      if (!first)
        first = finding.error;
      else
        first->message += "\n  " + finding.error.describe();
    }
    if (first) return *first;
    return make_error("value-case.field", request.value_case + " could not be read");
  }
  const reports::ValueCase& value_case = *loaded.value_case;
  auto planned = reports::planned_inputs(value_case, books.agreement, request.schemes);
  if (!planned) return planned.error();
  auto appraisal = reports::appraise(*planned);
  if (!appraisal) return appraisal.error();
  const std::string scope = scope_of(books.agreement, request.schemes);
  std::vector<reports::PackRoi> out{appraised(*appraisal, scope, "planned")};
  out.front().as_at = ledger::to_iso(value_case.first_year.first_day());
  if (request.tornado) {
    auto tornado = reports::sensitivity(*planned, value_case.sensitivity);
    if (!tornado) return tornado.error();
    out.front().tornado = std::move(*tornado);
  }
  if (!request.realised) return out;
  auto last = realised_to(books, value_case, request.to);
  if (!last) return last.error();
  if (last->year() != value_case.first_year)
    return make_error("roi.realised", "the realised appraisal runs in " + value_case.first_year.to_string() +
                                          " (the value case's first year), not " + last->year().to_string());
  auto statement = month_statement(books, *last);
  if (!statement) return statement.error();
  const std::vector<std::string> schemes =
      request.schemes.empty() ? reports::value_case_schemes(value_case) : request.schemes;
  Money spent;
  for (const contracts::SchemeMonitoring& scheme : statement->monitoring.schemes)
    if (std::find(schemes.begin(), schemes.end(), scheme.scheme) != schemes.end())
      spent += scheme.amounts.actual_to_date;
  // Each benefit's activity realised: its metric's movement against the baseline, summed over
  // the year's quarters to the last month's, where a figure is recorded.
  const ledger::QuarterPeriod quarter = last->quarter();
  const MetricFigures figures = metric_figures(books, quarter);
  std::map<std::string, Ratio> activity;
  std::string working = "Realised to " + last->to_string() + ": spend " + spent.to_report() + " to date;";
  for (const reports::ValueBenefit& benefit : value_case.benefits) {
    const contracts::Metric* metric = books.agreement.find_metric(benefit.metric);
    if (metric == nullptr) continue;
    Ratio moved;
    int quarters = 0;
    if (auto found = figures.find(metric->id); found != figures.end())
      for (const auto& [when, figure] : found->second) {
        if (when.year() != value_case.first_year || quarter < when) continue;
        moved += reports::metric_movement(*metric, figure.value, figure.denominator, when.year());
        ++quarters;
      }
    activity[benefit.id] = moved;
    working += " " + benefit.id + " " + ledger::format_decimal(moved, 1) + " from " + metric->id + " over " +
               std::to_string(quarters) + " quarter(s);";
  }
  working.back() = '.';
  auto realised_inputs = reports::realised_inputs(value_case, books.agreement, request.schemes, {spent}, activity);
  if (!realised_inputs) return realised_inputs.error();
  auto realised = reports::appraise(*realised_inputs);
  if (!realised) return realised.error();
  out.push_back(appraised(*realised, scope, "realised to " + last->to_string()));
  out.back().realised_working = working;
  out.back().as_at = ledger::to_iso(last->last_day());
  return out;
}

}  // namespace poolbook::books
