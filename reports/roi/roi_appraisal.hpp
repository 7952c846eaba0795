#pragma once
// The return on an investment in a scheme, a group of schemes or the whole fund, as HM
// Treasury's Green Book and the integration toolkit's value case work it: what is invested
// each year; what it saves, as a change in activity times its unit cost, for each
// organisation that benefits; that saving reduced by deadweight (what would have happened
// anyway), attribution (the share due to this scheme), displacement (what moves elsewhere)
// and optimism bias; the effect's persistence after delivery, decaying each year; and both
// discounted to present value at the Green Book rate (3.5% for years 0 to 30, 3.0% after).
//
//   AppraisalInputs inputs;
//   inputs.investment = {pounds(500000), pounds(500000), pounds(500000)};
//   inputs.benefits = {{"non-elective admissions avoided", Beneficiary::acute_nhs, true, 120, pounds(2250), 0, 3}};
//   inputs.adjustments = {.deadweight = Ratio(1, 5), .attribution = Ratio(4, 5), .optimism_bias = Ratio(3, 20)};
//   auto appraisal = appraise(inputs);   // appraisal->npv, per_pound(appraisal->benefit_cost_ratio)
//
// Exact throughout: every figure is worked as a fraction and rounded to the penny (half up)
// only as it is reported; ratios are reported to two places. Year 0 is not discounted.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/ledger/error.hpp"
#include "poolbook/ledger/money/money.hpp"
#include "poolbook/ledger/money/ratio.hpp"

namespace poolbook::reports {

using ledger::Money;
using ledger::Ratio;

// Who a saving falls to: the investor and the beneficiary are often different partners.
enum class Beneficiary { acute_nhs, community_nhs, social_care, other };
std::string_view beneficiary_word(Beneficiary beneficiary);  // "acute-nhs", ...

struct BenefitStream {
  std::string name;  // "non-elective admissions avoided"
  Beneficiary beneficiary = Beneficiary::acute_nhs;
  bool cashable = true;  // released as money, or capacity freed
  Ratio activity;        // the change in activity a year: 120 admissions avoided
  Money unit_cost;       // what each costs: £2,250.00
  int first_year = 0;    // the appraisal year it starts
  int years = 1;         // years of full effect
  int persistence = 0;   // years the effect lasts after those, decaying
  Ratio decay;           // the share of the effect lost each year of persistence
};

struct Adjustments {
  Ratio deadweight;      // what would have happened anyway (0.2)
  Ratio attribution{1};  // the share of the change due to this investment (0.8)
  Ratio displacement;    // the share that moves elsewhere rather than being saved
  Ratio optimism_bias;   // the share the benefits are taken down by for optimism (0.15)
};

struct AppraisalInputs {
  std::vector<Money> investment;  // by appraisal year, year 0 first
  std::vector<BenefitStream> benefits;
  Adjustments adjustments;
  Ratio discount_rate{7, 200};       // 3.5% a year, to year long_rate_from - 1
  Ratio long_discount_rate{3, 100};  // 3.0% a year from year long_rate_from
  int long_rate_from = 31;
};

struct AppraisalYear {
  int year = 0;
  Ratio discount_factor;  // exact: 1 / 1.035^year (and 1.03 a year from year 31)
  Money investment;
  Money gross_benefit;  // activity x unit cost, before the adjustments
  Money net_benefit;    // after deadweight, attribution, displacement and optimism bias
  Money present_investment;
  Money present_benefit;  // of the net benefit
};

struct BeneficiaryValue {
  Beneficiary beneficiary = Beneficiary::other;
  Money present_benefit;   // net, discounted
  Money present_cashable;  // the part of it that is cashable
};

struct Appraisal {
  std::vector<AppraisalYear> years;
  Money gross_benefit;  // undiscounted, the whole appraisal
  Money net_benefit;
  Money present_investment;
  Money present_benefit;
  Money net_present_value;          // present benefit less present investment
  Ratio benefit_cost_ratio;         // present benefit over present investment, exact
  Ratio return_on_investment;       // net present value over present investment, exact
  std::optional<int> payback_year;  // the first year the discounted benefits to date cover the investment to date
  std::vector<BeneficiaryValue> by_beneficiary;  // in the order of Beneficiary, those with a benefit
};

// Refused (rule roi.input, with the reason): no investment at all; a negative investment,
// unit cost or year; a share (deadweight, attribution, displacement, optimism bias, decay)
// outside 0 to 1; a negative discount rate; a benefit beyond year 200.
Result<Appraisal> appraise(const AppraisalInputs& inputs);

// "£0.29 per £1": the benefit-cost ratio to two places (half up).
std::string per_pound(const Ratio& benefit_cost_ratio);

// Each input moved down and up by `range` (a share of itself: 1/5 is +/-20%), the others held,
// and the net present value each way; sorted by the swing, largest first (a tornado).
struct SensitivityLine {
  std::string input;  // "deadweight", "unit cost: non-elective admissions avoided", ...
  Money npv_low;      // with the input at (1 - range) of itself
  Money npv_high;     // with the input at (1 + range) of itself
  Money swing;        // |npv_high - npv_low|
};
Result<std::vector<SensitivityLine>> sensitivity(const AppraisalInputs& inputs, const Ratio& range = Ratio(1, 5));

}  // namespace poolbook::reports
