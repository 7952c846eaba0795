// Contract payments: outcome-based, capitated, alliance and activity contracts of the
// Northshire agreement (fixtures/northshire/agreement.toml, Schedule 8), with worked numbers
// checked by hand and properties that must hold for any result.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <random>
#include <sstream>

#include "northshire_agreement.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/terms/contract_payment.hpp"

using namespace poolbook::contracts;
using poolbook::ledger::FinancialYear;
using poolbook::ledger::Money;
using poolbook::ledger::Ratio;

namespace {

using poolbook::testing::northshire;

const Contract& contract(const char* id) {
  const Contract* found = northshire().find_contract(id);
  REQUIRE(found != nullptr);
  return *found;
}

Money pounds(const char* text) { return *Money::parse(text); }

const FinancialYear k2025(2025);
const PaymentPeriod kYear{k2025, 1, 1, "2025/26"};

// Results that meet every KPI of the home care contract half way, and fully.
const KpiResults kQ2 = {
    {"K1", Ratio(83, 100)}, {"K2", Ratio(91, 100)}, {"K3", Ratio(105, 1000)}, {"K4", Ratio(78, 100)}};

}  // namespace

TEST_CASE("outcome-based: a quarter's fixed payment and what each KPI earns of the 10% at risk") {
  auto period = payment_period(contract("HC-OUTCOMES"), "2025/26 Q2");
  REQUIRE(period);
  auto paid = outcome_payment(contract("HC-OUTCOMES"), *period, kQ2);
  REQUIRE(paid);
  // £8,918,450.00 a year: £891,845.00 at risk, £8,026,605.00 fixed, a quarter of each.
  CHECK(paid->fixed == pounds("2006651.25"));
  CHECK(paid->at_risk == pounds("222961.25"));
  // Weights 40/25/20/15 split £222,961.25 to the penny: £89,184.50 / £55,740.31 / £44,592.25 / £33,444.19.
  REQUIRE(paid->kpis.size() == 4);
  CHECK(paid->kpis[0].available == pounds("89184.50"));
  CHECK(paid->kpis[1].available == pounds("55740.31"));
  CHECK(paid->kpis[3].available == pounds("33444.19"));
  // K1 linear, 0.83 between 0.80 and 0.85: 60%. K2 all or nothing, 0.91 >= 0.90: all.
  // K3 lower is better, 0.105 between 0.12 and 0.09: 50%, £22,296.125 rounds to £22,296.13.
  // K4 banded, 0.78 reaches the 0.70 band: 50% (above its 25% collar).
  CHECK(paid->kpis[0].earned == pounds("53510.70"));
  CHECK(paid->kpis[1].earned == pounds("55740.31"));
  CHECK(paid->kpis[2].earned == pounds("22296.13"));
  CHECK(paid->kpis[3].earned == pounds("16722.10"));
  CHECK(paid->earned == pounds("148269.24"));
  CHECK(paid->withheld == pounds("74692.01"));
  CHECK(paid->kpis[2].sentence ==
        "K3 Readmitted to hospital within 30 days (weight 20%, lower is better; threshold 0.12, target 0.09, linear): "
        "result 0.105 earns 50% of £44,592.25 = £22,296.13");
  CHECK(paid->working.back() ==
        "Earned £148,269.24 of £222,961.25 at risk; withheld £74,692.01; the provider is paid £2,154,920.49 for "
        "2025/26 Q2");
}

TEST_CASE("outcome-based: a year's four quarters pay the contract value to the penny") {
  // 2026/27: £9,266,269.55, at risk £926,626.96 (10%, half up), fixed £8,339,642.59.
  Money fixed;
  Money at_risk;
  for (const char* quarter : {"2026/27 Q1", "2026/27 Q2", "2026/27 Q3", "2026/27 Q4"}) {
    auto paid = outcome_payment(contract("HC-OUTCOMES"), *payment_period(contract("HC-OUTCOMES"), quarter), kQ2);
    REQUIRE(paid);
    fixed += paid->fixed;
    at_risk += paid->at_risk;
    if (std::string(quarter) == "2026/27 Q4") CHECK(paid->fixed == pounds("2084910.64"));
  }
  CHECK(fixed == pounds("8339642.59"));
  CHECK(at_risk == pounds("926626.96"));
  CHECK(fixed + at_risk == pounds("9266269.55"));
}

TEST_CASE("KPI curves at their edges: threshold, target, direction, bands, collar and cap") {
  Kpi linear{"L",
             "linear",
             Ratio(1),
             KpiDirection::higher,
             std::nullopt,
             Ratio(80, 100),
             Ratio(85, 100),
             PaymentCurve::linear,
             PaymentSchedule::quarterly,
             {},
             Ratio(0),
             Ratio(1),
             0};
  CHECK(kpi_earned_share(linear, Ratio(80, 100)) == 0);
  CHECK(kpi_earned_share(linear, Ratio(79, 100)) == 0);
  CHECK(kpi_earned_share(linear, Ratio(85, 100)) == 1);
  CHECK(kpi_earned_share(linear, Ratio(99, 100)) == 1);  // capped at 100%
  CHECK(kpi_earned_share(linear, Ratio(81, 100)) == Ratio(1, 5));
  linear.cap = Ratio(6, 5);  // over-achievement pays up to 120%
  CHECK(kpi_earned_share(linear, Ratio(86, 100)) == Ratio(6, 5));
  CHECK(kpi_earned_share(linear, Ratio(855, 1000)) == Ratio(11, 10));
  linear.collar = Ratio(1, 4);
  CHECK(kpi_earned_share(linear, Ratio(50, 100)) == Ratio(1, 4));
  Kpi lower = linear;
  lower.direction = KpiDirection::lower;
  lower.threshold = Ratio(12, 100);
  lower.target = Ratio(9, 100);
  lower.collar = 0;
  lower.cap = 1;
  CHECK(kpi_earned_share(lower, Ratio(12, 100)) == 0);
  CHECK(kpi_earned_share(lower, Ratio(9, 100)) == 1);
  CHECK(kpi_earned_share(lower, Ratio(2, 100)) == 1);
  CHECK(kpi_earned_share(lower, Ratio(13, 100)) == 0);
  Kpi all = linear;
  all.curve = PaymentCurve::all_or_nothing;
  all.collar = 0;
  all.cap = 1;
  CHECK(kpi_earned_share(all, Ratio(85, 100)) == 1);
  CHECK(kpi_earned_share(all, Ratio(8499, 10000)) == 0);
  const Kpi& banded = contract("HC-OUTCOMES").kpis[3];  // 0.70 50%, 0.80 75%, 0.85 100%, collar 25%
  CHECK(kpi_earned_share(banded, Ratio(69, 100)) == Ratio(1, 4));
  CHECK(kpi_earned_share(banded, Ratio(70, 100)) == Ratio(1, 2));
  CHECK(kpi_earned_share(banded, Ratio(80, 100)) == Ratio(3, 4));
  CHECK(kpi_earned_share(banded, Ratio(85, 100)) == 1);
}

TEST_CASE("outcome-based: what cannot be paid is refused with the reason") {
  const Contract& home_care = contract("HC-OUTCOMES");
  auto annual = payment_period(home_care, "2025/26");
  REQUIRE_FALSE(annual);
  CHECK(annual.error().message == "contract HC-OUTCOMES pays quarterly: give a period like 2025/26 Q2, not '2025/26'");
  KpiResults missing = kQ2;
  missing.erase("K3");
  auto without = outcome_payment(home_care, *payment_period(home_care, "2025/26 Q1"), missing);
  REQUIRE_FALSE(without);
  CHECK(without.error().message == "there is no result for KPI K3 (Readmitted to hospital within 30 days)");
  KpiResults extra = kQ2;
  extra["K9"] = 1;
  CHECK(outcome_payment(home_care, *payment_period(home_care, "2025/26 Q1"), extra).error().message ==
        "contract HC-OUTCOMES has no KPI 'K9'");
  CHECK(outcome_payment(home_care, *payment_period(home_care, "2027/28 Q1"), kQ2).error().rule == "contract.year");
}

TEST_CASE("property: earned plus withheld is always the amount at risk") {
  std::mt19937_64 random(2025);
  const Contract& home_care = contract("HC-OUTCOMES");
  for (int round = 0; round < 500; ++round) {
    KpiResults results;
    for (const char* id : {"K1", "K2", "K3", "K4"}) results[id] = Ratio(static_cast<long>(random() % 1001), 1000);
    auto paid = outcome_payment(home_care, *payment_period(home_care, "2025/26 Q3"), results);
    REQUIRE(paid);
    CHECK(paid->earned + paid->withheld == paid->at_risk);
    CHECK(paid->earned <= paid->at_risk);
    CHECK_FALSE(paid->earned.is_negative());
  }
}

TEST_CASE("capitated: the corridors share an overspend and an underspend") {
  // £49.90 a head x 61,280 people = £3,057,872.00; 2% = £61,157.44; 5% = £152,893.60.
  auto over = capitated_settlement(contract("INT-CAPITATED"), kYear, pounds("3200000.00"));
  REQUIRE(over);
  CHECK(over->budget == pounds("3057872.00"));
  CHECK(over->variance == pounds("142128.00"));
  CHECK(over->provider == pounds("101642.72"));  // £61,157.44 + half of £80,970.56
  CHECK(over->commissioner == pounds("40485.28"));
  auto beyond = capitated_settlement(contract("INT-CAPITATED"), kYear, pounds("4000000.00"));
  REQUIRE(beyond);
  CHECK(beyond->provider == pounds("107025.52"));  // £61,157.44 + half of £91,736.16; nothing beyond 5%
  auto under = capitated_settlement(contract("INT-CAPITATED"), kYear, pounds("2990000.00"));
  REQUIRE(under);
  CHECK(under->variance == pounds("-67872.00"));
  CHECK(under->provider == pounds("-64514.72"));  // the provider keeps £64,514.72
  CHECK(under->working.back() == "The provider keeps £64,514.72; the commissioner keeps £3,357.28");
}

TEST_CASE("property: capitated corridors are continuous at their edges and never pay the wrong way") {
  const Contract& capitated = contract("INT-CAPITATED");
  const Money budget = pounds("3057872.00");
  std::vector<Money> actuals;
  for (std::int64_t offset : {6'115'744LL, 15'289'360LL})
    for (std::int64_t pence = -300; pence <= 300; ++pence) {
      actuals.push_back(budget + Money::from_pence(offset + pence));
      actuals.push_back(budget - Money::from_pence(offset + pence));
    }
  std::sort(actuals.begin(), actuals.end());
  std::optional<std::pair<Money, Money>> before;  // the actual and the provider's part a penny before
  for (const Money actual : actuals) {
    auto settled = capitated_settlement(capitated, kYear, actual);
    REQUIRE(settled);
    CHECK(settled->provider + settled->commissioner == settled->variance);
    CHECK(settled->provider.abs() <= settled->variance.abs());
    CHECK((settled->provider.is_negative() == settled->variance.is_negative() || settled->provider.is_zero()));
    if (before && actual - before->first == Money::from_pence(1)) {
      const Money step = settled->provider - before->second;
      CHECK_FALSE(step.is_negative());  // more cost never lowers the provider's part
      CHECK(step <= Money::from_pence(1));
    }
    before = std::make_pair(actual, settled->provider);
  }
}

TEST_CASE("alliance: pain shared by agreed percentages within a member's cap, and the outcome pot") {
  auto shared =
      alliance_share(contract("HOME-FIRST"), k2025, pounds("600000.00"), {{"A1", Ratio(36)}, {"A2", Ratio(80, 100)}});
  REQUIRE(shared);
  // 30/30/25/15: Age UK's £90,000.00 is capped at £50,000.00; its £40,000.00 passes to the
  // others by 30:30:25 (£14,117.65 / £14,117.65 / £11,764.70).
  REQUIRE(shared->members.size() == 4);
  CHECK(shared->members[0].amount == pounds("194117.65"));
  CHECK(shared->members[1].amount == pounds("194117.65"));
  CHECK(shared->members[2].amount == pounds("161764.70"));
  CHECK(shared->members[3].amount == pounds("50000.00"));
  CHECK(shared->unallocated == Money{});
  // A1 (60% of £400,000.00): 36 a day between 42 and 30: half. A2 (40%): 0.80 < 0.82: nothing.
  CHECK(shared->pot_earned == pounds("120000.00"));
  CHECK(shared->pot_shares[3].amount == pounds("18000.00"));
  auto gain =
      alliance_share(contract("HOME-FIRST"), k2025, pounds("-100000.00"), {{"A1", Ratio(30)}, {"A2", Ratio(82, 100)}});
  REQUIRE(gain);
  CHECK(gain->members[3].amount == pounds("-15000.00"));  // a gain is not capped
  CHECK(gain->pot_earned == pounds("400000.00"));
}

TEST_CASE("property: no alliance member bears more pain than its cap, and the pain is all accounted for") {
  std::mt19937_64 random(7);
  for (int round = 0; round < 300; ++round) {
    const Money pain = Money::from_pence(static_cast<std::int64_t>(random() % 500'000'000));
    auto shared = alliance_share(contract("HOME-FIRST"), k2025, pain, {{"A1", Ratio(40)}, {"A2", Ratio(1)}});
    REQUIRE(shared);
    Money total = shared->unallocated;
    for (const auto& member : shared->members) total += member.amount;
    CHECK(total == pain);
    CHECK(shared->members[3].amount <= pounds("50000.00"));
  }
}

TEST_CASE("activity: the unit price up to the threshold, the marginal price above it") {
  auto above = activity_payment(contract("STP-ACTIVITY"), 3240);
  REQUIRE(above);
  CHECK(above->within_threshold == pounds("2850000.00"));
  CHECK(above->above_threshold == pounds("182400.00"));
  CHECK(above->total == pounds("3032400.00"));
  CHECK(above->sentence ==
        "3,000 units at £950.00 = £2,850,000.00; 240 above the threshold of 3,000 at £760.00 = £182,400.00; total "
        "£3,032,400.00");
  CHECK(activity_payment(contract("STP-ACTIVITY"), 2999)->total == pounds("2849050.00"));
  CHECK(activity_payment(contract("STP-ACTIVITY"), 0)->total == Money{});
  CHECK(activity_payment(contract("STP-ACTIVITY"), -1).error().rule == "contract.volume");
  CHECK(activity_payment(contract("HC-OUTCOMES"), 1).error().rule == "contract.kind");
}

// ---- the checks of the contracts ----

namespace {

// The Northshire agreement with its contracts replaced by `block`.
std::vector<std::string> contract_findings(const std::string& block) {
  return poolbook::testing::findings_with_tail("# Schedule 8", block);
}

const std::string kOutcome =
    "[[contract]]\nid = \"C1\"\nname = \"Home care\"\nkind = \"outcome-based\"\narrangement = \"bcf-pool\"\n"
    "scheme = \"S11\"\nprovider = \"Brightcare Homecare Ltd\"\nvalue = { \"2025/26\" = \"1000.00\" }\n"
    "at_risk = \"10%\"\n";

}  // namespace

TEST_CASE("contract checks: KPI weights, the order of threshold and target, and how often a KPI is measured") {
  CHECK(contract_findings(kOutcome +
                          "[[contract.kpi]]\nid = \"K1\"\nname = \"a\"\nweight = \"60%\"\ndirection = \"higher\"\n"
                          "threshold = \"0.9\"\ntarget = \"0.8\"\ncurve = \"linear\"\nmeasured = \"annual\"\n") ==
        std::vector<std::string>{
            "10: contract C1 KPI K1: with higher is better, the threshold (0.9) should be below the target (0.8) "
            "[contract.kpi]",
            "10: contract C1 KPI K1 is measured annual but the contract pays quarterly: a payment would wait for a "
            "result not yet measured [contract.kpi]",
            "10: contract C1: the KPIs' weights sum to 60%, not exactly 100% [contract.kpi]"});
  CHECK(contract_findings("[[contract]]\nid = \"C1\"\nname = \"x\"\nkind = \"outcome-based\"\narrangement = "
                          "\"bcf-pool\"\nscheme = \"S21\"\nprovider = \"x\"\nvalue = { \"2025/26\" = \"1000.00\" }\n"
                          "at_risk = \"0%\"\n") ==
        std::vector<std::string>{
            "1: contract C1 is paid from scheme S21, which is charged to mh-aligned, not bcf-pool [contract.reference]",
            "1: contract C1: the part at risk is 0%; it should be more than 0% and at most 100% [contract.value]",
            "1: contract C1 is outcome-based but has no KPIs [contract.kpi]"});
}

TEST_CASE("contract checks: a cap over 100% on an all-or-nothing KPI is never reached") {
  CHECK(contract_findings(
            kOutcome +
            "[[contract.kpi]]\nid = \"K1\"\nname = \"a\"\nweight = \"100%\"\ndirection = "
            "\"higher\"\ntarget = \"0.8\"\ncurve = \"all-or-nothing\"\ncap = \"120%\"\nmeasured = \"quarterly\"\n") ==
        std::vector<std::string>{"10: warning: contract C1 KPI K1: the cap of 120% is never reached: an all-or-nothing "
                                 "KPI pays 100% at its target or nothing [contract.kpi]"});
}

namespace {

// A banded KPI of contract C1 (lines 10 to 19 of the block), with `extra` written after its
// direction (line 15).
std::string banded_kpi(const std::string& extra) {
  return kOutcome + "[[contract.kpi]]\nid = \"K1\"\nname = \"a\"\nweight = \"100%\"\ndirection = \"higher\"\n" + extra +
         "curve = \"banded\"\nmeasured = \"quarterly\"\n[[contract.kpi.band]]\nreaches = \"0.7\"\npays = \"60%\"\n"
         "[[contract.kpi.band]]\nreaches = \"0.8\"\npays = \"100%\"\n";
}

}  // namespace

TEST_CASE("a banded KPI needs no target, and a target or threshold given to it is named as not used") {
  CHECK(contract_findings(banded_kpi("")).empty());
  CHECK(contract_findings(banded_kpi("target = \"0.85\"\n")) ==
        std::vector<std::string>{"15: warning: contract C1 KPI K1 is banded, so its 'target' is not used: it pays by "
                                 "its bands (the highest band reached) [contract.kpi]"});
  CHECK(contract_findings(banded_kpi("threshold = \"0.5\"\n")) ==
        std::vector<std::string>{"15: warning: contract C1 KPI K1 is banded, so its 'threshold' is not used: it pays "
                                 "by its bands (the highest band reached) [contract.kpi]"});
  // The target changes nothing: 0.75 reaches the 0.70 band (60%) with or without a target
  // of 0.85, and 0.85 reaches the 0.80 band (100%).
  const auto kpi_of = [](const std::string& extra) {
    auto loaded = load_agreement_text(poolbook::testing::northshire_text() + banded_kpi(extra), "nsh.toml");
    REQUIRE(loaded.agreement);
    const Contract* c1 = loaded.agreement->find_contract("C1");
    REQUIRE(c1 != nullptr);
    return c1->kpis.front();
  };
  const Kpi without = kpi_of("");
  const Kpi with = kpi_of("target = \"0.85\"\n");
  for (const Ratio& result : {Ratio(69, 100), Ratio(75, 100), Ratio(85, 100)})
    CHECK(kpi_earned_share(without, result) == kpi_earned_share(with, result));
  CHECK(kpi_earned_share(without, Ratio(75, 100)) == Ratio(3, 5));
  CHECK(kpi_earned_share(without, Ratio(85, 100)) == 1);
}

TEST_CASE("a linear or all-or-nothing KPI still needs its target, and bands only a banded KPI uses") {
  const std::string kpi =
      kOutcome + "[[contract.kpi]]\nid = \"K1\"\nname = \"a\"\nweight = \"100%\"\ndirection = \"higher\"\n";
  const auto linear = contract_findings(kpi + "threshold = \"0.5\"\ncurve = \"linear\"\nmeasured = \"quarterly\"\n");
  REQUIRE_FALSE(linear.empty());
  CHECK(linear.front() == "10: contract C1 KPI K1 has no 'target' [agreement.field]");
  CHECK(contract_findings(kpi + "curve = \"all-or-nothing\"\nmeasured = \"quarterly\"\n") ==
        std::vector<std::string>{"10: contract C1 KPI K1 has no 'target' [agreement.field]"});
  CHECK(contract_findings(kpi + "threshold = \"0.5\"\ntarget = \"0.8\"\ncurve = \"all-or-nothing\"\n"
                                "measured = \"quarterly\"\n") ==
        std::vector<std::string>{"15: warning: contract C1 KPI K1 is all-or-nothing, so its 'threshold' is not used: "
                                 "it pays all at its target, else nothing [contract.kpi]"});
  CHECK(contract_findings(kpi + "target = \"0.8\"\ncurve = \"all-or-nothing\"\nmeasured = \"quarterly\"\n"
                                "[[contract.kpi.band]]\nreaches = \"0.7\"\npays = \"50%\"\n") ==
        std::vector<std::string>{"18: warning: contract C1 KPI K1 is all-or-nothing, so its [[band]] tables are not "
                                 "used: only a banded KPI pays by bands [contract.kpi]"});
}

TEST_CASE("contract checks: corridors and alliance members") {
  CHECK(contract_findings(
            "[[contract]]\nid = \"C2\"\nname = \"x\"\nkind = \"capitated\"\narrangement = "
            "\"bcf-pool\"\nprovider = \"x\"\nrate_per_head = { \"2025/26\" = \"10.00\" }\n"
            "population = { \"2025/26\" = 100 }\n[[contract.corridor]]\nupto = \"5%\"\n"
            "provider_share = \"100%\"\n[[contract.corridor]]\nupto = \"2%\"\nprovider_share = \"50%\"\n") ==
        std::vector<std::string>{"12: contract C2 corridor 2 is the last corridor but has an 'upto'; the last "
                                 "corridor takes the rest [contract.corridor]",
                                 "12: contract C2 corridor 2: 'upto' should be above the corridor before it (5%) "
                                 "[contract.corridor]"});
  CHECK(contract_findings("[[contract]]\nid = \"C3\"\nname = \"x\"\nkind = \"alliance\"\narrangement = "
                          "\"bcf-pool\"\n[[contract.member]]\nid = \"a\"\nname = \"A\"\ncontract_value = "
                          "{ \"2025/26\" = \"1.00\" }\nshare = \"60%\"\n") ==
        std::vector<std::string>{"1: contract C3 is an alliance, which shares a year's gain and pain and outcome pot: "
                                 "its schedule is annual [contract.member]",
                                 "1: contract C3 is an alliance but has fewer than two members [contract.member]",
                                 "6: contract C3: the members' shares sum to 60%, not exactly 100% [contract.member]"});
}

TEST_CASE("capitated: a contract settled quarterly has a quarter of the year's budget") {
  Contract quarterly = contract("INT-CAPITATED");
  quarterly.schedule = PaymentSchedule::quarterly;
  auto period = payment_period(quarterly, "2025/26 Q3");
  REQUIRE(period);
  auto settled = capitated_settlement(quarterly, *period, pounds("800000.00"));
  REQUIRE(settled);
  CHECK(settled->budget == pounds("764468.00"));  // £3,057,872.00 / 4
  CHECK(settled->variance == pounds("35532.00"));
  // 2% of the quarter's budget is £15,289.36; 5% £38,223.40: £15,289.36 + half of £20,242.64.
  CHECK(settled->provider == pounds("25410.68"));
}

TEST_CASE("contract payments refuse a negative cost and an unknown alliance KPI") {
  CHECK(capitated_settlement(contract("INT-CAPITATED"), kYear, pounds("-1.00")).error().rule == "contract.cost");
  CHECK(alliance_share(contract("HOME-FIRST"), k2025, pounds("1.00"),
                       {{"A1", Ratio(30)}, {"A2", Ratio(1)}, {"ZZ", Ratio(1)}})
            .error()
            .message == "contract HOME-FIRST has no KPI 'ZZ'");
}

TEST_CASE("contract checks: a contract pays the provider its scheme names") {
  std::string other = kOutcome;
  other.replace(other.find("Brightcare Homecare Ltd"), 23, "Wolds and Vale Home Support Ltd");
  const auto findings =
      contract_findings(other +
                        "[[contract.kpi]]\nid = \"K1\"\nname = \"a\"\nweight = \"100%\"\ndirection = \"higher\"\n"
                        "threshold = \"0.8\"\ntarget = \"0.9\"\ncurve = \"linear\"\nmeasured = \"quarterly\"\n");
  CHECK(findings == std::vector<std::string>{
                        "1: contract C1 pays 'Wolds and Vale Home Support Ltd', but its scheme S11 names 'Brightcare "
                        "Homecare Ltd' as provider: the contract and the scheme must name the same provider "
                        "[contract.provider]"});
}
