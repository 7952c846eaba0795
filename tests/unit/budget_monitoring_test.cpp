// Budget monitoring for 2025/26 M06 on the Northshire agreement, worked by hand.
#include "poolbook/contracts/reconcile/budget_monitoring.hpp"
#include "poolbook/contracts/reconcile/forecast.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "northshire_agreement.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"

using namespace poolbook;
using namespace poolbook::contracts;
using namespace poolbook::testing;
using namespace date::literals;

namespace {

std::array<Money, 12> months(std::initializer_list<const char*> amounts) {
  std::array<Money, 12> out{};
  std::size_t i = 0;
  for (const char* amount : amounts) out[i++] = pounds(amount);
  return out;
}

const SchemeMonitoring& line(const BudgetMonitoring& monitoring, const std::string& id) {
  const auto found = std::find_if(monitoring.schemes.begin(), monitoring.schemes.end(),
                                  [&](const SchemeMonitoring& scheme) { return scheme.scheme == id; });
  REQUIRE(found != monitoring.schemes.end());
  return *found;
}

// £12,000.00 moved from S03 to S04 on 10 July 2025 (M04) for 2025/26.
VirementRecord s03_to_s04() {
  VirementRecord virement;
  virement.id = 1;
  virement.year = FinancialYear(2025);
  virement.from_scheme = "S03";
  virement.to_scheme = "S04";
  virement.amount = pounds("12000.00");
  virement.actor = "r.osei";
  virement.at = date::sys_days(2025_y / date::July / 10) + std::chrono::hours(9);
  return virement;
}

}  // namespace

TEST_CASE("budget monitoring at 2025/26 M06: budgets as varied and moved, phased, against spend") {
  const SpendByScheme spend{
      {"S03", months({"41000.00", "41000.00", "41000.00", "41000.00", "41000.00", "53000.00"})},
      {"S04", months({"61000.00", "61000.00", "61000.00", "61000.00", "61000.00", "61000.00"})},
      {"S07", months({"345000.00", "345000.00", "345000.00", "345000.00", "345000.00", "345000.00"})},
      // July's spend is after M06: it does not count.
      {"S01", months({"0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "999999.99"})}};
  const auto monitoring = monitor_budgets(northshire(), *Period::parse("2025/26 M06"), spend, {s03_to_s04()});

  // S03: flat £486,300.00 = £40,525.00 a month. The virement's -£12,000.00 is spread over
  // M04..M12 (nine equal months: 133,333 pence each and the 3 pence left to the first three),
  // so M04-M06 lose £1,333.34 each. Budget to date 6 x 40,525.00 - 3 x 1,333.34 = 239,149.98;
  // spent 5 x 41,000 + 53,000 = 258,000.00; over by 18,850.02, 7.88% of the budget to date: red.
  const auto& s03 = line(monitoring, "S03").amounts;
  CHECK(s03.annual == pounds("486300.00"));
  CHECK(s03.virements == pounds("-12000.00"));
  CHECK(s03.budget == pounds("474300.00"));
  CHECK(s03.budget_to_date == pounds("239149.98"));
  CHECK(s03.month_budget == pounds("39191.66"));
  CHECK(s03.actual_to_date == pounds("258000.00"));
  CHECK(s03.month_actual == pounds("53000.00"));
  CHECK(s03.variance == pounds("18850.02"));
  REQUIRE(s03.variance_share);
  CHECK(*s03.variance_share == Ratio(1885002, 23914998));
  CHECK(s03.status == Rag::red);

  // S04: flat £724,150.00: 72,415,000 pence / 12 = 6,034,583 each and 4 pence left, to M01-M04:
  // M01-M04 £60,345.84, M05-M12 £60,345.83; to date 362,075.02, plus the virement's M04-M06
  // 3 x 1,333.34 = 366,075.04. Spent 366,000.00: under by 75.04 (0.02%): green.
  const auto& s04 = line(monitoring, "S04").amounts;
  CHECK(s04.budget == pounds("736150.00"));
  CHECK(s04.budget_to_date == pounds("366075.04"));
  CHECK(s04.variance == pounds("-75.04"));
  CHECK(s04.status == Rag::green);

  // S07: £4,215,600.00 at 8% a month for M01-M06 = 337,248.00 each, 2,023,488.00 to date. The
  // +£250,000.00 of V-2025-02 (signed off 18 September) is in the annual budget but phased
  // from M07. Spent 6 x 345,000 = 2,070,000.00: over by 46,512.00, 2.30%: amber.
  const auto& s07 = line(monitoring, "S07").amounts;
  CHECK(s07.annual == pounds("4465600.00"));
  CHECK(s07.budget_to_date == pounds("2023488.00"));
  CHECK(s07.variance == pounds("46512.00"));
  CHECK(s07.status == Rag::amber);

  // S01 has spent nothing by M06 against a budget to date: an underspend of 100%: amber.
  CHECK(line(monitoring, "S01").amounts.actual_to_date.is_zero());
  CHECK(line(monitoring, "S01").amounts.status == Rag::amber);

  // The roll-ups sum their schemes; the total is every scheme's.
  Money bcf_budget_to_date;
  Money all_actual;
  for (const auto& scheme : monitoring.schemes) {
    if (scheme.arrangement == "bcf-pool") bcf_budget_to_date += scheme.amounts.budget_to_date;
    all_actual += scheme.amounts.actual_to_date;
  }
  const auto bcf = std::find_if(monitoring.by_arrangement.begin(), monitoring.by_arrangement.end(),
                                [](const MonitoringGroup& group) { return group.key == "bcf-pool"; });
  REQUIRE(bcf != monitoring.by_arrangement.end());
  CHECK(bcf->amounts.budget_to_date == bcf_budget_to_date);
  CHECK(monitoring.total.actual_to_date == pounds("2694000.00"));
  CHECK(all_actual == pounds("2694000.00"));
  CHECK(monitoring.by_arrangement.size() == 3);
  CHECK(monitoring.total.virements.is_zero());  // a virement moves budget within the total
}

TEST_CASE("the red/amber/green rule at its edges") {
  const MonitoringThresholds thresholds;  // amber 2%, red 5%
  const auto status = [&](const char* budget_to_date, const char* actual) {
    MonitoredAmounts amounts;
    amounts.budget_to_date = pounds(budget_to_date);
    amounts.actual_to_date = pounds(actual);
    amounts.variance = amounts.actual_to_date - amounts.budget_to_date;
    if (!amounts.budget_to_date.is_zero())
      amounts.variance_share = Ratio(amounts.variance.pence()) / Ratio(amounts.budget_to_date.pence());
    return rag_status(amounts, thresholds);
  };
  CHECK(status("1000.00", "1019.99") == Rag::green);  // 1.999%
  CHECK(status("1000.00", "1020.00") == Rag::amber);  // exactly 2%
  CHECK(status("1000.00", "1049.99") == Rag::amber);
  CHECK(status("1000.00", "1050.00") == Rag::red);   // exactly 5%
  CHECK(status("1000.00", "950.01") == Rag::green);  // 4.999% under
  CHECK(status("1000.00", "950.00") == Rag::amber);  // 5% under: not being spent as planned
  CHECK(status("0.00", "0.00") == Rag::green);
  CHECK(status("0.00", "0.01") == Rag::red);     // spend with no budget to date
  CHECK(status("-100.00", "0.00") == Rag::red);  // budget moved away after spending: overspent
}

namespace {

// The Northshire agreement with `monitoring` written after its [agreement] table's last key.
LoadedAgreement with_monitoring(const std::string& monitoring) {
  std::string text = northshire_text();
  const std::string after = "contribution_mismatch = \"error\"\n";
  const auto at = text.find(after);
  REQUIRE(at != std::string::npos);
  text.insert(at + after.size(), "\n" + monitoring);
  return load_agreement_text(text, "varied.toml");
}

}  // namespace

TEST_CASE("the agreement sets the monitoring thresholds, and nonsense ones are refused with their line") {
  CHECK(northshire().monitoring.amber == Ratio(2, 100));  // Northshire sets none: the defaults
  CHECK(northshire().monitoring.red == Ratio(5, 100));
  const auto own = with_monitoring("[agreement.monitoring]\namber = \"1%\"\nred = \"10%\"\nlate_after = 5\n");
  REQUIRE(own.valid());
  CHECK(own.agreement->monitoring.late_after == 5);
  CHECK_FALSE(with_monitoring("[agreement.monitoring]\nlate_after = -1\n").valid());
  CHECK_FALSE(with_monitoring("[agreement.monitoring]\nlate_after = \"5\"\n").valid());
  CHECK(own.agreement->monitoring.amber == Ratio(1, 100));
  CHECK(own.agreement->monitoring.red == Ratio(1, 10));
  for (const char* bad : {"amber = \"6%\"\nred = \"5%\"\n", "amber = \"0%\"\n", "red = \"150%\"\n"}) {
    const auto refused = with_monitoring(std::string("[agreement.monitoring]\n") + bad);
    REQUIRE_FALSE(refused.valid());
    const auto found = std::find_if(refused.findings.begin(), refused.findings.end(), [](const Finding& finding) {
      return finding.error.rule == "agreement.monitoring";
    });
    REQUIRE(found != refused.findings.end());
    CHECK(found->describe().rfind("varied.toml:52: error: [agreement.monitoring]: amber (", 0) == 0);
  }
  const auto unknown = with_monitoring("[agreement.monitoring]\nambre = \"2%\"\n");
  CHECK_FALSE(unknown.valid());
  const auto number = with_monitoring("[agreement.monitoring]\namber = 0.02\n");
  CHECK_FALSE(number.valid());
}

TEST_CASE("the forecast outturn by run rate, profile and last year's shape, and who would bear it") {
  const SpendByScheme spend{
      {"S03", months({"41000.00", "41000.00", "41000.00", "41000.00", "41000.00", "53000.00"})},
      {"S04", months({"61000.00", "61000.00", "61000.00", "61000.00", "61000.00", "61000.00"})},
      {"S07", months({"345000.00", "345000.00", "345000.00", "345000.00", "345000.00", "345000.00"})}};
  const auto monitoring = monitor_budgets(northshire(), *Period::parse("2025/26 M06"), spend, {s03_to_s04()});
  const auto outturn = [](const Forecast& forecast, const std::string& id) {
    const auto found = std::find_if(forecast.schemes.begin(), forecast.schemes.end(),
                                    [&](const SchemeForecast& scheme) { return scheme.scheme == id; });
    REQUIRE(found != forecast.schemes.end());
    return *found;
  };
  // Run rate: S03 has spent £258,000.00 in six months: x 12 / 6 = £516,000.00, £41,700.00 over
  // its £474,300.00.
  auto run_rate = forecast_outturn(northshire(), monitoring, ForecastMethod::run_rate);
  REQUIRE(run_rate);
  CHECK(outturn(*run_rate, "S03").outturn == pounds("516000.00"));
  CHECK(outturn(*run_rate, "S03").variance == pounds("41700.00"));
  // Profile: spend to date / budget to date x budget, half-up to the penny:
  // S03 474,300.00 x 258,000.00 / 239,149.98 = 511,684.7587... = £511,684.76 (over £37,384.76);
  // S07 4,465,600.00 x 2,070,000.00 / 2,023,488.00 = £4,568,246.51 (over £102,646.51);
  // S04 736,150.00 x 366,000.00 / 366,075.04 = £735,999.10 (under £150.90).
  auto profile = forecast_outturn(northshire(), monitoring, ForecastMethod::profile);
  REQUIRE(profile);
  CHECK(outturn(*profile, "S03").outturn == pounds("511684.76"));
  CHECK(outturn(*profile, "S03").variance == pounds("37384.76"));
  CHECK(outturn(*profile, "S07").outturn == pounds("4568246.51"));
  CHECK(outturn(*profile, "S04").variance == pounds("-150.90"));
  // Last year's shape: S03 spent £240,000.00 to M06 of 2024/25 and £492,000.00 in the year, so
  // this year's £258,000.00 x 492,000 / 240,000 = £528,900.00. S07 has no last year: profile.
  const SpendByScheme last_year{
      {"S03", months({"40000.00", "40000.00", "40000.00", "40000.00", "40000.00", "40000.00", "42000.00", "42000.00",
                      "42000.00", "42000.00", "42000.00", "42000.00"})}};
  auto shaped = forecast_outturn(northshire(), monitoring, ForecastMethod::last_year, last_year);
  REQUIRE(shaped);
  CHECK(outturn(*shaped, "S03").outturn == pounds("528900.00"));
  CHECK(outturn(*shaped, "S03").method == ForecastMethod::last_year);
  CHECK(outturn(*shaped, "S07").method == ForecastMethod::profile);
  CHECK(outturn(*shaped, "S07").note == "no spend in 2024/25 to 2024/25 M06 to take a shape from: forecast by profile");
  CHECK(outturn(*shaped, "S07").outturn == pounds("4568246.51"));
  // Each arrangement's forecast sums its schemes; the pool's variance goes through its risk
  // share, whose partners' shares sum to what is not met inside the pool.
  const auto bcf = std::find_if(profile->arrangements.begin(), profile->arrangements.end(),
                                [](const ArrangementForecast& a) { return a.arrangement == "bcf-pool"; });
  REQUIRE(bcf != profile->arrangements.end());
  Money variance;
  for (const auto& scheme : profile->schemes)
    if (scheme.arrangement == "bcf-pool") variance += scheme.variance;
  CHECK(bcf->variance == variance);
  REQUIRE(bcf->exposure);
  CHECK(bcf->exposure->total_variance == variance);
  const auto chc = std::find_if(profile->arrangements.begin(), profile->arrangements.end(),
                                [](const ArrangementForecast& a) { return a.arrangement == "chc-lead"; });
  REQUIRE(chc != profile->arrangements.end());
  CHECK_FALSE(chc->exposure);
  CHECK(chc->exposure_note == "the agreement has no risk-share terms for chc-lead");
  CHECK_FALSE(parse_forecast_method("guess"));
  CHECK(*parse_forecast_method("last-year") == ForecastMethod::last_year);
}
