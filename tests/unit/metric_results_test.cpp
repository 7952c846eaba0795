// Outcome metrics: the agreement's [[metric]] tables checked, and a metrics file read against
// them, with the rates worked by hand.
#include <catch2/catch.hpp>

#include "northshire_agreement.hpp"
#include "poolbook/contracts/terms/metric_results.hpp"

using namespace poolbook;
using namespace poolbook::contracts;
using poolbook::testing::findings_with_tail;
using poolbook::testing::northshire;

namespace {

const std::string kHeading = "# Schedule 11: outcome metrics";

std::vector<std::string> refusals(const MetricResultsRead& read) {
  std::vector<std::string> out;
  for (const Error& error : read.refused)
    out.push_back(std::to_string(error.line) + ": " + error.message + " [" + error.rule + "]");
  return out;
}

}  // namespace

TEST_CASE("the example agreement's five metrics load with their plans and populations") {
  REQUIRE(northshire().metrics.size() == 5);
  const Metric* nea = northshire().find_metric("nea-65");
  REQUIRE(nea);
  CHECK(nea->unit == MetricUnit::per_100000);
  CHECK(nea->direction == KpiDirection::lower);
  CHECK(nea->national);
  CHECK(*nea->baseline == ledger::Ratio(12040, 10));
  REQUIRE(nea->plan.size() == 4);
  CHECK(nea->plan_for(*ledger::QuarterPeriod::parse("2025/26 Q2"))->value == 1175);
  CHECK(nea->population_in(ledger::FinancialYear(2025)) == 142300);
  CHECK(northshire().find_metric("reablement")->baseline == ledger::Ratio(812, 1000));
}

TEST_CASE("a metric's plan outside the term, a percentage over 100% and a rate without its population are refused") {
  const auto found = findings_with_tail(kHeading, R"(# ---
[[metric]]
id = "m1"
name = "A rate"
unit = "per-100000"
direction = "lower"
plan = [{ quarter = "2025/26 Q1", value = "10" }, { quarter = "2025/26 Q1", value = "11" }]

[[metric]]
id = "m2"
name = "A share"
unit = "percent"
direction = "higher"
baseline = "101%"
baseline_period = "2024/25"
plan = [{ quarter = "2030/31 Q1", value = "90%" }]

[[metric]]
id = "m2"
name = "Again"
unit = "furlongs"
direction = "sideways"
)");
  CHECK(found ==
        std::vector<std::string>{
            "7: metric 'm1' is a rate per 100,000 but gives no population for 2025/26 ([[metric.population]] "
            "year and people) [agreement.metric]",
            "7: metric 'm1' plans 2025/26 Q1 twice [agreement.duplicate]",
            "7: metric 'm1' is a rate per 100,000 but gives no population for 2025/26 ([[metric.population]] "
            "year and people) [agreement.metric]",
            "9: metric 'm2': the baseline is 101%, above 100% [agreement.metric]",
            "16: metric 'm2' plans 2030/31 Q1, outside the term of the agreement [agreement.term]",
            "18: metric 'm2' is declared twice (first at line " +
                std::to_string(poolbook::testing::tail_first_line(kHeading) + 8) + ") [agreement.duplicate]",
            "21: metric 'm2': 'unit' is 'furlongs', which is not one of: per-100000, percent, count, days, "
            "score [agreement.field]",
            "22: metric 'm2': 'direction' is 'sideways', which is not one of: higher, lower [agreement.field]"});
}

TEST_CASE("a metrics file's rates are worked exactly from numerator and denominator, or the year's population") {
  const auto read = read_metric_results(northshire(),
                                        "period,metric,numerator,denominator,value,source\n"
                                        "2025/26 Q1,nea-65,1672,,,SUS\n"
                                        "2025/26 Q1,nea-65x,1,,,SUS\n"
                                        "2025/26 Q2,nea-65,1702,150000,,SUS\n"
                                        "2025/26 Q1,discharge-usual,2811,3040,,tracker\n"
                                        "2025/26 Q1,reablement,,,82.4%,follow-up\n"
                                        "2025/26 Q1,falls-65,,,398,audit\n",
                                        "m.csv");
  REQUIRE(read.rows.size() == 5);
  CHECK(read.records == 6);
  // 1,672 admissions of 142,300 people aged 65+ (the agreement's population): 1,174.98 per 100,000.
  CHECK(read.rows[0].value == ledger::Ratio(1672 * 100000LL, 142300));
  CHECK(read.rows[0].denominator == 142300);
  // A denominator given is used: 1,702 / 150,000 x 100,000 = 1,134.67.
  CHECK(read.rows[1].value == ledger::Ratio(1702 * 100000LL, 150000));
  CHECK(read.rows[2].value == ledger::Ratio(2811, 3040));
  CHECK(read.rows[3].value == ledger::Ratio(824, 1000));
  CHECK(read.rows[4].value == 398);
  CHECK(refusals(read) == std::vector<std::string>{"3: the agreement has no metric 'nea-65x' [metric.metric]"});
}

TEST_CASE("each bad row of a metrics file is refused with its line and rule, and the good rows kept") {
  const auto read = read_metric_results(northshire(),
                                        "period,metric,numerator,denominator,value,source\n"
                                        "2025/26 Q2,discharge-usual,3100,3062,,tracker\n"
                                        "2025/26 Q2,care-home-65,199,,140.2,SALT\n"
                                        "2025/26 Q5,reablement,,,81.6%,follow-up\n"
                                        "2025/26 Q2,falls-65,,,401,\n"
                                        "2025/26 Q2,falls-65,,,1e5,audit\n"
                                        "2025/26 Q2,falls-65,,,1/3,audit\n"
                                        "2025/26 Q2,falls-65,,,40%,audit\n"
                                        "2025/26 Q2,nea-65,-5,,,SUS\n"
                                        "2025/26 Q2,nea-65,1234567890123,,,SUS\n"
                                        "2025/26 Q2,discharge-usual,5,0,,tracker\n"
                                        "2025/26 Q2,falls-65,,,401,audit\n"
                                        "2025/26 Q2,falls-65,,,402,audit again\n"
                                        "2031/32 Q1,falls-65,,,401,audit\n"
                                        "2025/26 Q2,falls-65,,,401\n",
                                        "bad.csv");
  CHECK(read.rows.size() == 1);
  CHECK(read.records == 14);
  const auto found = refusals(read);
  REQUIRE(found.size() == 13);
  CHECK(found[0] == "2: the percentage is 101.24%, above 100% [metric.value]");
  CHECK(found[1] == "3: the row gives both a numerator and a value: give one [metric.value]");
  CHECK(found[2] == "4: '2025/26 Q5' is not a quarter such as 2025/26 Q1 [metric.period]");
  CHECK(found[3] == "5: the row does not say where the figure is from (source) [metric.source]");
  CHECK(found[4].rfind("6: ", 0) == 0);
  CHECK(found[5] == "7: '1/3' is not a decimal or a percentage [metric.value]");
  CHECK(found[6] == "8: falls-65 is not a percentage, so '40%' is not its value [metric.value]");
  CHECK(found[7] == "9: the numerator '-5' is not a whole number of at most 12 digits [metric.value]");
  CHECK(found[8] == "10: the numerator '1234567890123' is not a whole number of at most 12 digits [metric.value]");
  CHECK(found[9] == "11: the denominator is 0 [metric.value]");
  CHECK(found[10] == "13: falls-65 for 2025/26 Q2 is given twice in the file; each once [metric.duplicate]");
  CHECK(found[11] == "14: 2031/32 Q1 is outside the term of the agreement [metric.period]");
  CHECK(found[12].rfind("15: the row has 5 fields, not the 6 of the header", 0) == 0);
}

TEST_CASE("a metrics file without its header is refused whole") {
  const auto read = read_metric_results(northshire(), "quarter,metric,value\n2025/26 Q1,falls-65,398\n", "h.csv");
  CHECK(read.rows.empty());
  REQUIRE(read.refused.size() == 1);
  CHECK(read.refused[0].rule == "metric.header");
  CHECK(read_metric_results(northshire(), "", "e.csv").refused.at(0).rule == "metric.header");
}
