// The ROI appraisal, worked by hand: the example (£500,000 a year for three years
// avoiding 120 non-elective admissions a year at £2,250), the Green Book's long rate, a
// payback, persistence with decay, the tornado, and inputs refused.
#include "poolbook/reports/roi/roi_appraisal.hpp"

#include <catch2/catch.hpp>

using namespace poolbook;
using namespace poolbook::reports;

namespace {

Money pounds(const char* text) { return *Money::parse(text); }

AppraisalInputs worked_example() {
  AppraisalInputs inputs;
  inputs.investment = {pounds("500000.00"), pounds("500000.00"), pounds("500000.00")};
  BenefitStream admissions;
  admissions.name = "non-elective admissions avoided";
  admissions.beneficiary = Beneficiary::acute_nhs;
  admissions.cashable = true;
  admissions.activity = 120;
  admissions.unit_cost = pounds("2250.00");
  admissions.first_year = 0;
  admissions.years = 3;
  inputs.benefits = {admissions};
  inputs.adjustments.deadweight = Ratio(1, 5);
  inputs.adjustments.attribution = Ratio(4, 5);
  inputs.adjustments.optimism_bias = Ratio(3, 20);
  return inputs;
}

}  // namespace

TEST_CASE("the worked example: £500,000 a year for three years against 120 admissions avoided a year at £2,250") {
  // Gross: 120 x £2,250.00 = £270,000.00 a year. Net: x (1 - 0.20 deadweight) x 0.80
  // attribution x (1 - 0 displacement) x (1 - 0.15 optimism bias) = x 0.544 = £146,880.00.
  // Discount factors at 3.5%: year 0 is 1, year 1 is 1/1.035 = 200/207, year 2 is
  // 1/1.035^2 = 40,000/42,849; their sum is 124,249/42,849 (2.8996942...).
  // Present investment: £500,000.00 x 124,249/42,849 = £1,449,847.1376... = £1,449,847.14.
  // Present benefit: £146,880.00 x 124,249/42,849 = £425,907.0951... = £425,907.10.
  // NPV: £425,907.0951... - £1,449,847.1376... = -£1,023,940.0425... = (£1,023,940.04).
  // Benefit-cost ratio: 146,880 / 500,000 = 0.29376 exactly: "£0.29 per £1"; ROI -70.624%.
  // The discounted benefits never cover the investment: no payback year.
  auto appraisal = appraise(worked_example());
  REQUIRE(appraisal);
  REQUIRE(appraisal->years.size() == 3);
  CHECK(appraisal->years[0].gross_benefit == pounds("270000.00"));
  CHECK(appraisal->years[0].net_benefit == pounds("146880.00"));
  CHECK(appraisal->years[1].discount_factor == Ratio(200, 207));
  CHECK(appraisal->years[2].discount_factor == Ratio(40000, 42849));
  CHECK(appraisal->years[1].present_investment == pounds("483091.79"));  // 500,000 x 200/207
  CHECK(appraisal->years[2].present_benefit == pounds("137114.05"));     // 146,880 x 40,000/42,849
  CHECK(appraisal->gross_benefit == pounds("810000.00"));
  CHECK(appraisal->net_benefit == pounds("440640.00"));
  CHECK(appraisal->present_investment == pounds("1449847.14"));
  CHECK(appraisal->present_benefit == pounds("425907.10"));
  CHECK(appraisal->net_present_value == pounds("-1023940.04"));
  CHECK(appraisal->benefit_cost_ratio == Ratio(3672, 12500));  // 0.29376
  CHECK(per_pound(appraisal->benefit_cost_ratio) == "£0.29 per £1");
  CHECK(appraisal->return_on_investment == Ratio(-8828, 12500));  // -0.70624
  CHECK_FALSE(appraisal->payback_year);
  // Who benefits: the acute trust, all of it cashable.
  REQUIRE(appraisal->by_beneficiary.size() == 1);
  CHECK(appraisal->by_beneficiary[0].beneficiary == Beneficiary::acute_nhs);
  CHECK(appraisal->by_beneficiary[0].present_benefit == pounds("425907.10"));
  CHECK(appraisal->by_beneficiary[0].present_cashable == pounds("425907.10"));
}

TEST_CASE("the tornado moves each input by 20% and sorts by the swing in NPV") {
  // Investment -20%/+20%: present investment £400,000.00 or £600,000.00 x 124,249/42,849, so
  // NPV (£733,970.61) or (£1,313,909.47): a swing of £579,938.86, the largest.
  // Attribution 0.64 or 0.96: net benefit £117,504.00 or £176,256.00 a year, NPV
  // (£1,109,121.46) or (£938,758.62): a swing of £170,362.84; activity and unit cost swing
  // the same, since each scales the benefit by 0.8 or 1.2 too.
  auto tornado = sensitivity(worked_example());
  REQUIRE(tornado);
  REQUIRE(tornado->size() == 8);
  CHECK(tornado->at(0).input == "investment");
  CHECK(tornado->at(0).npv_low == pounds("-733970.61"));
  CHECK(tornado->at(0).npv_high == pounds("-1313909.47"));
  CHECK(tornado->at(0).swing == pounds("579938.86"));
  CHECK(tornado->at(1).input == "attribution");
  CHECK(tornado->at(1).swing == pounds("170362.84"));
  CHECK(tornado->at(2).input == "activity: non-elective admissions avoided");
  CHECK(tornado->at(3).input == "unit cost: non-elective admissions avoided");
  for (std::size_t i = 1; i < tornado->size(); ++i) CHECK_FALSE(tornado->at(i - 1).swing < tornado->at(i).swing);
  // Displacement is 0: moving it by a fifth of itself changes nothing.
  const auto displacement = std::find_if(tornado->begin(), tornado->end(),
                                         [](const SensitivityLine& line) { return line.input == "displacement"; });
  REQUIRE(displacement != tornado->end());
  CHECK(displacement->swing.is_zero());
}

TEST_CASE("a payback year, persistence with decay, and the Green Book's 3.0% from year 31") {
  AppraisalInputs inputs;
  inputs.investment = {pounds("100000.00")};
  BenefitStream beds;
  beds.name = "care home placements delayed";
  beds.beneficiary = Beneficiary::social_care;
  beds.cashable = false;
  beds.activity = 1;
  beds.unit_cost = pounds("60000.00");
  beds.years = 2;        // years 0 and 1 in full
  beds.persistence = 2;  // then years 2 and 3, losing half a year
  beds.decay = Ratio(1, 2);
  inputs.benefits = {beds};
  auto appraisal = appraise(inputs);
  REQUIRE(appraisal);
  // Year 0: £60,000.00 against £100,000.00; year 1 adds £60,000.00 x 200/207 = £57,971.01:
  // £117,971.01 covers it, so payback is year 1.
  CHECK(appraisal->payback_year == 1);
  // Persistence: £30,000.00 in year 2 and £15,000.00 in year 3, undiscounted.
  REQUIRE(appraisal->years.size() == 4);
  CHECK(appraisal->years[2].net_benefit == pounds("30000.00"));
  CHECK(appraisal->years[3].net_benefit == pounds("15000.00"));
  CHECK(appraisal->net_benefit == pounds("165000.00"));
  CHECK(appraisal->by_beneficiary[0].beneficiary == Beneficiary::social_care);
  CHECK(appraisal->by_beneficiary[0].present_cashable.is_zero());
  // A benefit in year 31 is discounted at 3.5% for 30 years and 3.0% for the 31st.
  inputs.benefits[0].first_year = 31;
  inputs.benefits[0].years = 1;
  inputs.benefits[0].persistence = 0;
  auto late = appraise(inputs);
  REQUIRE(late);
  REQUIRE(late->years.size() == 32);
  Ratio expected(1);
  for (int year = 1; year <= 30; ++year) expected /= Ratio(207, 200);
  expected /= Ratio(103, 100);
  CHECK(late->years[31].discount_factor == expected);
  CHECK(late->years[30].discount_factor * Ratio(100, 103) == expected);
}

TEST_CASE("an appraisal with impossible inputs is refused with the reason") {
  auto inputs = worked_example();
  inputs.adjustments.attribution = Ratio(6, 5);
  auto refused = appraise(inputs);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "roi.input");
  CHECK(refused.error().message == "attribution is a share, from 0 to 1 (0% to 100%)");
  inputs = worked_example();
  inputs.investment.clear();
  CHECK(appraise(inputs).error().message == "the appraisal has no investment: give at least year 0's");
  inputs = worked_example();
  inputs.investment[1] = pounds("-1.00");
  CHECK(appraise(inputs).error().message == "the investment in year 1 is negative");
  inputs = worked_example();
  inputs.benefits[0].persistence = 500;
  CHECK(appraise(inputs).error().message == "non-elective admissions avoided: it runs beyond year 200");
}

TEST_CASE("a benefit-cost ratio below nothing is written in brackets, as money is") {
  CHECK(per_pound(Ratio(-426, 10000)) == "(£0.04) per £1");
  CHECK(per_pound(Ratio(-17, 10)) == "(£1.70) per £1");
  CHECK(per_pound(Ratio(267, 100)) == "£2.67 per £1");
  CHECK(per_pound(Ratio(0)) == "£0.00 per £1");
}
