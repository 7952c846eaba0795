#pragma once
// A value case says what a scheme, or a group of schemes, is expected to save: a TOML file
// beside the agreement (docs/value-case-format.md) holding the Green Book adjustments, the
// benefits (a change in activity a year times its unit cost, for the organisation it falls
// to) and the benefits map: the share of each benefit each scheme delivers. From it come the
// inputs of an ROI appraisal (roi_appraisal.hpp), as planned or as realised.
//
//   [[benefit]]                      [[intervention]]
//   id = "nea-avoided"               scheme = "S01"
//   activity = "480"                 [[intervention.benefit]]
//   unit_cost = "2250.00"            benefit = "nea-avoided"
//   ...                              share = "40%"
//
//   LoadedValueCase loaded = load_value_case("fixtures/northshire/value-case.toml", agreement);
//   if (!loaded.valid()) print(loaded.findings);
//   auto inputs = planned_inputs(*loaded.value_case, agreement, {"S01"});  // 40% of 480 a year
//   auto appraisal = appraise(*inputs);
//
// Guarantees: nothing in the file is silently ignored (an unknown key is a finding, with the
// key probably meant); money, activity, shares and rates are read only from strings, exactly;
// every problem is a finding with the file, the line and a sentence, under the rules
// value-case.field (a value of the wrong shape or out of range), value-case.reference (a
// scheme, metric or benefit that is not there) and value-case.share (a benefit shared out
// above 100%). A value case is returned whenever the file could be read as TOML.
// Limits: a file of at most kMaxValueCaseFileBytes, kMaxValueCaseBenefits benefits and
// kMaxValueCaseInterventions interventions; a benefit runs to year 200 at most.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/contracts/agreement/finding.hpp"
#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/reports/roi/roi_appraisal.hpp"

namespace poolbook::reports {

using ledger::FinancialYear;

inline constexpr std::uintmax_t kMaxValueCaseFileBytes = 1024 * 1024;
inline constexpr std::size_t kMaxValueCaseBenefits = 100;
inline constexpr std::size_t kMaxValueCaseInterventions = 200;

// A benefit of the value case: its stream as planned (the activity is the whole benefit, before
// the map shares it out), and the agreement's metric whose movement realises it, if any.
struct ValueBenefit {
  std::string id;  // "nea-avoided"
  BenefitStream stream;
  std::string metric;  // "nea-65", or empty
  long line = 0;
};

// One row of the benefits map: the scheme delivers `share` of the benefit.
struct MapShare {
  std::string benefit;
  Ratio share;
  long line = 0;  // of the share itself, where a finding about it points
};

struct Intervention {
  std::string scheme;  // a scheme of the agreement
  std::vector<MapShare> shares;
  long line = 0;
};

struct ValueCase {
  std::string file;  // where it was loaded from, for messages
  std::string name;
  FinancialYear first_year{0};  // appraisal year 0
  Adjustments adjustments;
  Ratio discount_rate{7, 200};
  Ratio long_discount_rate{3, 100};
  int long_rate_from = 31;
  Ratio sensitivity{1, 5};  // the tornado's range: each input moved by this share of itself
  std::vector<ValueBenefit> benefits;
  std::vector<Intervention> interventions;  // in file order
  long line = 0;                            // of [appraisal]

  [[nodiscard]] const ValueBenefit* find_benefit(std::string_view id) const;
  [[nodiscard]] const Intervention* find_intervention(std::string_view scheme) const;
};

struct LoadedValueCase {
  std::optional<ValueCase> value_case;       // absent only when the file could not be read as TOML
  std::vector<contracts::Finding> findings;  // in file order, then the checks across the file

  [[nodiscard]] bool valid() const { return value_case.has_value() && contracts::no_errors(findings); }
};

// Reads and checks the value case in a file against the agreement it sits beside.
LoadedValueCase load_value_case(const std::filesystem::path& file, const contracts::Agreement& agreement);
// The same from text, naming it file_name in findings (for tests and stdin).
LoadedValueCase load_value_case_text(std::string_view text, std::string file_name,
                                     const contracts::Agreement& agreement);

// The schemes the map gives a share of some benefit to, in file order.
std::vector<std::string> value_case_schemes(const ValueCase& value_case);

// The appraisal as planned of a scheme, a group of schemes or (`schemes` empty) every scheme of
// the map, from a value case that loaded valid against `agreement`:
//  - investment in appraisal year i: the schemes' budget_annual for first_year + i, from year 0
//    to the last year any of them has a budget (a year none has is £0.00);
//  - each benefit the map gives any of them a share of, its activity times the sum of their
//    shares of it (exactly), the rest of its stream as planned;
//  - the adjustments and rates of [appraisal].
// Refused (roi.input): a scheme not in the value case; no budget from first_year on.
Result<AppraisalInputs> planned_inputs(const ValueCase& value_case, const contracts::Agreement& agreement,
                                       const std::vector<std::string>& schemes);

// A benefit's activity as realised, with the working that shows where it came from
// ("nea-65, 2025/26 Q1: (1,204.0 - 1,175.0) per 100,000 x 142,300 people = 41.3 admissions").
struct RealisedActivity {
  std::string benefit;
  Ratio activity;
  std::string working;
};

// The appraisal as realised: as planned_inputs, but the investment is `spend_by_year` (actual
// spend from the books, by appraisal year, year 0 first) and each benefit's activity is the
// realised figure given for it (times the schemes' shares of it), in year 0 only, persisting
// and decaying as planned. A benefit with no realised figure contributes nothing; a negative
// one (the metric moved the wrong way) is a cost, and is kept.
// Refused (roi.input): a scheme not in the value case; no spend; a realised figure for a
// benefit the value case does not have.
Result<AppraisalInputs> realised_inputs(const ValueCase& value_case, const contracts::Agreement& agreement,
                                        const std::vector<std::string>& schemes,
                                        const std::vector<Money>& spend_by_year,
                                        const std::map<std::string, Ratio>& realised_activity_by_benefit);

// The events a quarter's figure of a metric stands for against its baseline: the improvement
// (baseline - actual for a metric where lower is better, actual - baseline where higher is)
//  - per 100,000: times the people it is a rate of (`denominator` when the figure gives one,
//    else the agreement's population for `year`, else 0), over 100,000;
//  - percent: times `denominator`, the number measured (0 without one);
//  - count: as it is;
//  - days or score: 0 (a change in them is not a number of events).
// No baseline: 0. Negative when the metric moved the wrong way.
Ratio metric_movement(const contracts::Metric& metric, const Ratio& actual, std::optional<std::int64_t> denominator,
                      FinancialYear year);

}  // namespace poolbook::reports
