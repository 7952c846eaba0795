// The value case file, read and worked: the Northshire example loads clean and appraises the
// whole fund; one scheme's appraisal worked by hand to the penny; the realised appraisal from
// metric movements; and each problem refused at its line under its rule, above all a benefit
// shared out above 100%.
#include "poolbook/reports/roi/value_case.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "poolbook/contracts/agreement/agreement_loader.hpp"

using namespace poolbook;
using namespace poolbook::reports;

namespace {

const std::filesystem::path kArea = std::filesystem::path(POOLBOOK_FIXTURES_DIR) / "northshire";

Money pounds(const char* text) { return *Money::parse(text); }

std::string file_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The agreement's outcome metrics (Schedule 11), for an agreement file written before them.
constexpr const char* kMetrics = R"(
[[metric]]
id = "nea-65"
name = "Emergency admissions, people aged 65+"
unit = "per-100000"
direction = "lower"
baseline = "1204.0"
baseline_period = "2024/25"
population = [{ year = "2025/26", people = 142300 }, { year = "2026/27", people = 145100 }]
[[metric]]
id = "discharge-usual"
name = "Discharged to their usual place of residence"
unit = "percent"
direction = "higher"
baseline = "91.8%"
baseline_period = "2024/25"
[[metric]]
id = "care-home-65"
name = "Permanent admissions to residential and nursing care, people aged 65+"
unit = "per-100000"
direction = "lower"
baseline = "148.0"
baseline_period = "2024/25"
population = [{ year = "2025/26", people = 142300 }, { year = "2026/27", people = 145100 }]
[[metric]]
id = "reablement"
name = "Still at home 91 days after discharge into reablement"
unit = "percent"
direction = "higher"
baseline = "81.2%"
baseline_period = "2024/25"
[[metric]]
id = "falls-65"
name = "Emergency admissions for falls, people aged 65+"
unit = "count"
direction = "lower"
baseline = "412"
baseline_period = "2024/25"
)";

// The Northshire agreement, with its metrics appended if the file does not have them yet.
const contracts::Agreement& northshire() {
  static const contracts::LoadedAgreement loaded = [] {
    const std::string file = (kArea / "agreement.toml").string();
    std::string text = file_text(file);
    auto first = contracts::load_agreement_text(text, file);
    if (first.agreement && first.agreement->find_metric("nea-65") != nullptr) return first;
    return contracts::load_agreement_text(text + kMetrics, file);
  }();
  for (const auto& finding : loaded.findings) INFO(finding.describe());
  REQUIRE(loaded.valid());
  return *loaded.agreement;
}

LoadedValueCase example() { return load_value_case(kArea / "value-case.toml", northshire()); }

// The 1-based line of the first line of `text` holding `needle`.
long line_of(std::string_view text, std::string_view needle) {
  const auto at = text.find(needle);
  REQUIRE(at != std::string_view::npos);
  return 1 + static_cast<long>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

constexpr const char* kAppraisal = R"([appraisal]
name = "Test value case"
first_year = "2025/26"
deadweight = "20%"
attribution = "80%"
optimism_bias = "15%"

[[benefit]]
id = "nea-avoided"
name = "Non-elective admissions avoided"
beneficiary = "acute-nhs"
cashable = true
activity = "480"
unit_cost = "2250.00"
years = 2
metric = "nea-65"
)";

// One scheme's map with one share of nea-avoided.
std::string intervention(const char* scheme, const char* share) {
  return std::string("\n[[intervention]]\nscheme = \"") + scheme +
         "\"\n[[intervention.benefit]]\nbenefit = \"nea-avoided\"\nshare = " + share + "\n";
}

bool has_finding(const LoadedValueCase& loaded, const std::string& rule, long line, const std::string& words) {
  for (const auto& finding : loaded.findings)
    if (finding.error.rule == rule && finding.error.line == line &&
        finding.error.message.find(words) != std::string::npos)
      return true;
  return false;
}

void show(const LoadedValueCase& loaded) {
  for (const auto& finding : loaded.findings) UNSCOPED_INFO(finding.describe());
}

}  // namespace

TEST_CASE("the example value case loads with no findings against the Northshire agreement", "[value-case]") {
  const LoadedValueCase loaded = example();
  show(loaded);
  REQUIRE(loaded.findings.empty());
  REQUIRE(loaded.valid());
  const ValueCase& value_case = *loaded.value_case;
  CHECK(value_case.name == "Admission avoidance and discharge to assess: the value case");
  CHECK(value_case.first_year == FinancialYear(2025));
  CHECK(value_case.adjustments.deadweight == Ratio(1, 5));
  CHECK(value_case.adjustments.attribution == Ratio(4, 5));
  CHECK(value_case.adjustments.optimism_bias == Ratio(3, 20));
  CHECK(value_case.discount_rate == Ratio(7, 200));
  CHECK(value_case.sensitivity == Ratio(1, 5));
  REQUIRE(value_case.benefits.size() == 7);
  CHECK(value_case.benefits[0].id == "nea-avoided");
  CHECK(value_case.benefits[0].metric == "nea-65");
  CHECK(value_case.benefits[0].stream.activity == 2400);
  CHECK(value_case.benefits[0].stream.unit_cost == pounds("2250.00"));
  CHECK(value_case.benefits[0].stream.decay == Ratio(1, 2));
  CHECK(value_case_schemes(value_case) ==
        std::vector<std::string>{"S01", "S02", "S03", "S05", "S06", "S07", "S08", "S09"});
}

TEST_CASE("the example's whole fund as planned is £0.61 per £1", "[value-case]") {
  // Investment: the eight schemes' budgets, £30,134,930.50 in 2025/26 and £31,059,835.81 in
  // 2026/27. Benefits: each at its activity times the shares of the eight (nea-avoided: 2,400 x
  // 90% = 2,160 a year); the others' shares add up to 100%.
  // Gross in years 0 and 1: £30,438,700.00 a year; net (x 0.544) £16,558,652.80.
  const LoadedValueCase loaded = example();
  REQUIRE(loaded.valid());
  auto inputs = planned_inputs(*loaded.value_case, northshire(), {});
  REQUIRE(inputs);
  CHECK(inputs->investment == std::vector<Money>{pounds("30134930.50"), pounds("31059835.81")});
  REQUIRE(inputs->benefits.size() == 7);
  CHECK(inputs->benefits[0].activity == 2160);
  CHECK(inputs->benefits[1].activity == 310);
  auto appraisal = appraise(*inputs);
  REQUIRE(appraisal);
  CHECK(appraisal->years[0].gross_benefit == pounds("30438700.00"));
  CHECK(appraisal->years[0].net_benefit == pounds("16558652.80"));
  CHECK(appraisal->present_investment == pounds("60144433.70"));
  CHECK(appraisal->present_benefit == pounds("36703349.01"));
  CHECK(appraisal->net_present_value == pounds("-23441084.69"));
  CHECK(per_pound(appraisal->benefit_cost_ratio) == "£0.61 per £1");
  CHECK_FALSE(appraisal->payback_year);
}

TEST_CASE("one scheme as planned - falls prevention S03 - worked to the penny", "[value-case]") {
  // S03's budgets: £486,300.00 in 2025/26 (year 0) and £496,026.00 in 2026/27 (year 1).
  // Present investment: £486,300.00 + £496,026.00 x 200/207 (£479,252.1739...) = £965,552.17.
  // S03 delivers 60% of falls-avoided: 310 x 60% = 186 falls a year x £3,850.00 = £716,100.00
  // gross, x (1 - 20%) x 80% x (1 - 15%) = x 0.544 = £389,558.40 net, in years 0 and 1; then
  // persisting two years at 50% decay: £194,779.20 in year 2 and £97,389.60 in year 3.
  // Present benefit: £389,558.40 x (1 + 200/207) = £765,943.3275...
  //   + £194,779.20 x 40,000/42,849 = £181,828.4674...
  //   + £97,389.60 x 8,000,000/8,869,743 (1/1.035^3) = £87,839.8393...
  //   = £1,035,611.6342... = £1,035,611.63.
  // NPV: £1,035,611.6342... - £965,552.1739... = £70,059.4603... = £70,059.46; £1.07 per £1.
  // Payback in year 3: to year 2 the benefits (£947,771.79) are short of the £965,552.17.
  const LoadedValueCase loaded = example();
  REQUIRE(loaded.valid());
  auto inputs = planned_inputs(*loaded.value_case, northshire(), {"S03"});
  REQUIRE(inputs);
  CHECK(inputs->investment == std::vector<Money>{pounds("486300.00"), pounds("496026.00")});
  REQUIRE(inputs->benefits.size() == 1);
  CHECK(inputs->benefits[0].name == "Emergency admissions for falls avoided, people aged 65+");
  CHECK(inputs->benefits[0].activity == 186);
  CHECK(inputs->benefits[0].persistence == 2);
  auto appraisal = appraise(*inputs);
  REQUIRE(appraisal);
  REQUIRE(appraisal->years.size() == 4);
  CHECK(appraisal->years[0].gross_benefit == pounds("716100.00"));
  CHECK(appraisal->years[1].net_benefit == pounds("389558.40"));
  CHECK(appraisal->years[2].net_benefit == pounds("194779.20"));
  CHECK(appraisal->years[3].net_benefit == pounds("97389.60"));
  CHECK(appraisal->present_investment == pounds("965552.17"));
  CHECK(appraisal->present_benefit == pounds("1035611.63"));
  CHECK(appraisal->net_present_value == pounds("70059.46"));
  CHECK(per_pound(appraisal->benefit_cost_ratio) == "£1.07 per £1");
  CHECK(appraisal->payback_year == 3);
  // A group adds the shares: S03 and S05 deliver 60% + 25% of the falls avoided, 310 x 85%.
  auto group = planned_inputs(*loaded.value_case, northshire(), {"S03", "S05", "S03"});
  REQUIRE(group);
  CHECK(group->investment == std::vector<Money>{pounds("2360240.00"), pounds("2411192.68")});
  REQUIRE(group->benefits.size() == 3);  // nea-avoided, falls-avoided, conveyances-avoided
  CHECK(group->benefits[1].activity == Ratio(527, 2));
}

TEST_CASE("planned inputs refuse a scheme that the value case does not map", "[value-case]") {
  const LoadedValueCase loaded = example();
  REQUIRE(loaded.valid());
  auto inputs = planned_inputs(*loaded.value_case, northshire(), {"S04"});
  REQUIRE_FALSE(inputs);
  CHECK(inputs.error().rule == "roi.input");
  CHECK(inputs.error().message.find("scheme S04 is not in the value case") != std::string::npos);
}

TEST_CASE("the realised appraisal takes the spend and the metric's movement in year 0", "[value-case]") {
  // Falls (falls-65, a count, lower is better, baseline 412 a quarter) in 2025/26: 398, 401,
  // 419 and 402, so 14 + 11 - 7 + 10 = 28 falls avoided in the year.
  const contracts::Metric* falls = northshire().find_metric("falls-65");
  REQUIRE(falls != nullptr);
  Ratio falls_avoided;
  for (int actual : {398, 401, 419, 402})
    falls_avoided += metric_movement(*falls, Ratio(actual), std::nullopt, FinancialYear(2025));
  CHECK(falls_avoided == 28);
  // S03 and S05 deliver 85% of it: 23.8 falls x £3,850.00 = £91,630.00 gross in year 0, net
  // (x 0.544) £49,846.72; persisting at 50% decay: £24,923.36 in year 1 (x 200/207 =
  // £24,080.5411...) and £12,461.68 in year 2 (x 40,000/42,849 = £11,633.1116...).
  // Present benefit £85,560.3727... = £85,560.37 against the £2,341,118.40 spent.
  // No realised figure for nea-avoided or conveyances-avoided: they count £0.00.
  const LoadedValueCase loaded = example();
  REQUIRE(loaded.valid());
  auto inputs = realised_inputs(*loaded.value_case, northshire(), {"S03", "S05"}, {pounds("2341118.40")},
                                {{"falls-avoided", falls_avoided}});
  REQUIRE(inputs);
  REQUIRE(inputs->benefits.size() == 3);
  CHECK(inputs->benefits[0].activity == 0);
  CHECK(inputs->benefits[1].activity == Ratio(119, 5));
  CHECK(inputs->benefits[1].first_year == 0);
  CHECK(inputs->benefits[1].years == 1);
  CHECK(inputs->benefits[1].persistence == 2);
  auto appraisal = appraise(*inputs);
  REQUIRE(appraisal);
  REQUIRE(appraisal->years.size() == 3);
  CHECK(appraisal->years[0].net_benefit == pounds("49846.72"));
  CHECK(appraisal->years[1].net_benefit == pounds("24923.36"));
  CHECK(appraisal->present_investment == pounds("2341118.40"));
  CHECK(appraisal->present_benefit == pounds("85560.37"));
  CHECK(appraisal->net_present_value == pounds("-2255558.03"));
  // A realised figure for a benefit the value case does not have is refused.
  auto stray = realised_inputs(*loaded.value_case, northshire(), {"S03"}, {pounds("1.00")}, {{"fals-avoided", 1}});
  REQUIRE_FALSE(stray);
  CHECK(stray.error().rule == "roi.input");
}

TEST_CASE("a metric's movement against its baseline is a number of events", "[value-case]") {
  const contracts::Agreement& agreement = northshire();
  const FinancialYear year(2025);
  // nea-65: 1,672 admissions in Q1 among 142,300 people is 1,174.98... per 100,000 against a
  // baseline of 1,204.0: (1,204.0 - 167,200,000/142,300) x 142,300 / 100,000 = 1,713.292 -
  // 1,672 = 41.292 admissions avoided.
  const contracts::Metric* nea = agreement.find_metric("nea-65");
  REQUIRE(nea != nullptr);
  CHECK(metric_movement(*nea, Ratio(167200000, 142300), std::nullopt, year) == Ratio(41292, 1000));
  // Given its own denominator, a rate is of that many people: (1,204.0 - 1,100.0) x 150,000 /
  // 100,000 = 156.
  CHECK(metric_movement(*nea, Ratio(1100), 150000, year) == 156);
  // care-home-65: 204 admissions, baseline 148.0 per 100,000: 148.0 x 1.423 - 204 = 6.604.
  const contracts::Metric* care_home = agreement.find_metric("care-home-65");
  REQUIRE(care_home != nullptr);
  CHECK(metric_movement(*care_home, Ratio(20400000, 142300), std::nullopt, year) == Ratio(6604, 1000));
  // discharge-usual (higher is better): 2,811 of 3,040 home against 91.8%: 2,811 - 0.918 x
  // 3,040 (2,790.72) = 20.28 more people home; without the number measured, 0.
  const contracts::Metric* discharge = agreement.find_metric("discharge-usual");
  REQUIRE(discharge != nullptr);
  CHECK(metric_movement(*discharge, Ratio(2811, 3040), 3040, year) == Ratio(2028, 100));
  CHECK(metric_movement(*discharge, Ratio(2811, 3040), std::nullopt, year) == 0);
  // reablement below its baseline of 81.2%: 80.0% of 250 is (0.800 - 0.812) x 250 = -3.
  const contracts::Metric* reablement = agreement.find_metric("reablement");
  REQUIRE(reablement != nullptr);
  CHECK(metric_movement(*reablement, Ratio(4, 5), 250, year) == -3);
  // falls-65, a count: 412 - 398 = 14. Days, a score or no baseline: 0.
  contracts::Metric falls = *agreement.find_metric("falls-65");
  CHECK(metric_movement(falls, Ratio(398), std::nullopt, year) == 14);
  falls.unit = contracts::MetricUnit::days;
  CHECK(metric_movement(falls, Ratio(398), std::nullopt, year) == 0);
  falls.unit = contracts::MetricUnit::count;
  falls.baseline.reset();
  CHECK(metric_movement(falls, Ratio(398), std::nullopt, year) == 0);
}

TEST_CASE("a benefit shared out above 100 percent is refused at the share that takes it over", "[value-case]") {
  // 40% + 40% is 80%; S07's 30% takes it to 110%.
  const std::string text = std::string(kAppraisal) + intervention("S01", "\"40%\"") + intervention("S06", "\"40%\"") +
                           intervention("S07", "\"30%\"");
  const LoadedValueCase loaded = load_value_case_text(text, "over.toml", northshire());
  show(loaded);
  REQUIRE_FALSE(loaded.valid());
  REQUIRE(loaded.findings.size() == 1);
  const Error& error = loaded.findings[0].error;
  CHECK(error.rule == "value-case.share");
  CHECK(error.file == "over.toml");
  CHECK(error.line == line_of(text, "share = \"30%\""));
  CHECK(error.message ==
        "the shares of benefit 'nea-avoided' (Non-elective admissions avoided) add up to 110% across the "
        "interventions (S01 40%, S06 40%, S07 30%); the schemes cannot deliver more than all of it, 100%");
  // Exactly 100% is allowed.
  const std::string whole = std::string(kAppraisal) + intervention("S01", "\"70%\"") + intervention("S06", "\"30%\"");
  CHECK(load_value_case_text(whole, "whole.toml", northshire()).findings.empty());
}

TEST_CASE("a share written as a floating-point number is refused", "[value-case]") {
  const std::string text = std::string(kAppraisal) + intervention("S01", "0.4");
  const LoadedValueCase loaded = load_value_case_text(text, "float.toml", northshire());
  show(loaded);
  REQUIRE_FALSE(loaded.valid());
  CHECK(has_finding(loaded, "value-case.field", line_of(text, "share = 0.4"),
                    "'share' is written as a floating-point number, which is not exact; write it in quotes"));
}

TEST_CASE("a scheme that is not in the agreement is refused with the scheme probably meant", "[value-case]") {
  const std::string text = std::string(kAppraisal) + intervention("S0l", "\"40%\"");
  const LoadedValueCase loaded = load_value_case_text(text, "scheme.toml", northshire());
  show(loaded);
  REQUIRE_FALSE(loaded.valid());
  CHECK(has_finding(loaded, "value-case.reference", line_of(text, "scheme = \"S0l\""),
                    "scheme S0l is not a scheme of the agreement; did you mean 'S01'?"));
}

TEST_CASE("every other problem of a value case is a finding at its line", "[value-case]") {
  const std::string text = R"([appraisal]
name = "Problems"
first_year = "2025/27"
deadweight = "120%"
attribution = "80%"
optimism_bias = 0.15
discount_rat = "3.5%"

[[benefit]]
id = "nea-avoided"
name = "Admissions avoided"
beneficiary = "acute"
cashable = true
activity = "-5"
unit_cost = "-2250.00"
years = 2
metric = "nea-56"

[[benefit]]
id = "nea-avoided"
name = "Again"
beneficiary = "other"
cashable = false
activity = "1"
unit_cost = "1.00"
years = 1
metric = "los"

[[intervention]]
scheme = "S01"
[[intervention.benefit]]
benefit = "nea-avodied"
share = "10%"

[[intervention]]
scheme = "S01"
[[intervention.benefit]]
benefit = "nea-avoided"
share = "10%"
[[intervention.benefit]]
benefit = "nea-avoided"
share = "10%"
)";
  contracts::Agreement agreement = northshire();
  contracts::Metric length_of_stay;
  length_of_stay.id = "los";
  length_of_stay.name = "Average length of stay";
  length_of_stay.unit = contracts::MetricUnit::days;
  agreement.metrics.push_back(length_of_stay);
  const LoadedValueCase loaded = load_value_case_text(text, "bad.toml", agreement);
  show(loaded);
  REQUIRE_FALSE(loaded.valid());
  const auto at = [&](std::string_view needle) { return line_of(text, needle); };
  CHECK(has_finding(loaded, "value-case.field", at("2025/27"), "'first_year'"));
  CHECK(has_finding(loaded, "value-case.field", at("120%"), "'deadweight' is 120%; a share is from 0% to 100%"));
  CHECK(has_finding(loaded, "value-case.field", at("0.15"), "'optimism_bias' is written as a floating-point number"));
  CHECK(has_finding(loaded, "value-case.field", at("discount_rat"), "did you mean 'discount_rate'?"));
  CHECK(has_finding(loaded, "value-case.field", at("acute\""), "not one of: acute-nhs, community-nhs"));
  CHECK(has_finding(loaded, "value-case.field", at("-5"), "'activity' is -5, below zero"));
  CHECK(has_finding(loaded, "value-case.field", at("-2250"), "a unit cost is from £0.00"));
  CHECK(has_finding(loaded, "value-case.reference", at("nea-56"), "did you mean 'nea-65'?"));
  CHECK(has_finding(loaded, "value-case.field", at("name = \"Again\"") - 1, "declared twice (first at line 9)"));
  CHECK(has_finding(loaded, "value-case.reference", at("\"los\""),
                    "measured in days: a change in it is not a number of events"));
  CHECK(has_finding(loaded, "value-case.reference", at("nea-avodied"), "did you mean 'nea-avoided'?"));
  // The second intervention of S01, and its second share of nea-avoided.
  const long second = at("share = \"10%\"\n\n[[intervention]]") + 3;
  CHECK(has_finding(loaded, "value-case.field", second, "scheme S01 is mapped twice (first at line"));
  CHECK(has_finding(loaded, "value-case.field", second + 5, "given a share of benefit 'nea-avoided' twice"));
}

TEST_CASE("a value case that is not TOML or has a key of too many parts is refused at its line", "[value-case]") {
  const LoadedValueCase broken =
      load_value_case_text("[appraisal]\nname = \"x\nfirst_year = 1\n", "b.toml", northshire());
  REQUIRE(broken.findings.size() == 1);
  CHECK_FALSE(broken.value_case);
  CHECK(broken.findings[0].error.rule == "toml.syntax");
  CHECK(broken.findings[0].error.line == 2);
  // 40 parts would make the parser recurse 40 deep; in a string or a comment, dots are only text.
  std::string key = "a";
  for (int part = 1; part < 40; ++part) key += ".a";
  const std::string text = std::string(kAppraisal) + "# " + key + "\nname2 = \"" + key + "\"\n" + key + " = 1\n";
  const LoadedValueCase deep = load_value_case_text(text, "deep.toml", northshire());
  REQUIRE(deep.findings.size() == 1);
  CHECK(deep.findings[0].error.rule == "toml.limits");
  CHECK(deep.findings[0].error.line == line_of(text, key + " = 1"));
}
