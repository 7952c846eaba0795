// Risk share: who bears an overspend and what becomes of an underspend, with the working.
// Worked numbers come from the Northshire agreement (fixtures/northshire) and from small
// changes to it. The BCF pool's 2025/26 contributions, as varied, weigh the proportional
// shares: county £13,148,750.00, icb £41,509,475.50, district-north £1,642,318.00,
// district-south £2,187,954.00, community-trust £412,600.00 (in kind): £58,901,097.50.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <random>
#include <sstream>

#include "northshire_agreement.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/terms/risk_share.hpp"

using namespace poolbook::contracts;
using Catch::Contains;
using poolbook::ledger::FinancialYear;
using poolbook::ledger::Money;
using poolbook::ledger::Ratio;

namespace {

using poolbook::testing::northshire;

Money pounds(const char* text) { return *Money::parse(text); }

const FinancialYear k2025(2025);

RiskShareTerms& pool_terms(Agreement& agreement) {
  for (RiskShareTerms& terms : agreement.risk_shares)
    if (terms.arrangement == "bcf-pool") return terms;
  FAIL("no risk share for bcf-pool");
  return agreement.risk_shares.front();
}

Arrangement& pool(Agreement& agreement) {
  for (Arrangement& arrangement : agreement.arrangements)
    if (arrangement.id == "bcf-pool") return arrangement;
  FAIL("no bcf-pool");
  return agreement.arrangements.front();
}

std::vector<std::string> sentences(const VarianceAllocation& shared) {
  std::vector<std::string> out;
  for (const WorkingStep& step : shared.working) out.push_back(step.sentence);
  return out;
}

// "county 40000.00" for each partner listed, in the order listed.
std::vector<std::string> listed(const VarianceAllocation& shared) {
  std::vector<std::string> out;
  for (const PartnerAmount& share : shared.partners) out.push_back(share.partner + " " + share.amount.to_plain());
  return out;
}

// Every partner of the BCF pool is listed, bearing nothing.
const std::vector<std::string> kNoneBears = {"county 0.00", "icb 0.00", "district-north 0.00", "district-south 0.00",
                                             "community-trust 0.00"};

}  // namespace

TEST_CASE("an overspend on a shared line: the reserve first, the rest shared 62.5% / 37.5%") {
  // The clause quoted in the issue: fixed shares, the reserve used before the partners.
  Agreement agreement = northshire();
  RiskShareTerms& terms = pool_terms(agreement);
  terms.overspend_order = {OverspendRemedy::reserve, OverspendRemedy::partners};
  terms.sharing = SharingRule{SharingKind::fixed, {{"county", Ratio(5, 8)}, {"icb", Ratio(3, 8)}}, {}, {}, 0};
  terms.performance.clear();
  pool(agreement).reserves = {Reserve{k2025, pounds("250000.00"), 0}};
  auto shared = allocate_variance(agreement, "bcf-pool", k2025, {{"S07", pounds("812400.17")}});
  REQUIRE(shared);
  CHECK(sentences(*shared) ==
        std::vector<std::string>{
            "Overspend £812,400.17 on the shared lines (S07 £812,400.17)",
            "the contingency reserve of £250,000.00 meets £250,000.00 (£0.00 left)",
            "the remaining £562,400.17 falls to the partners",
            "£562,400.17 shared in fixed shares: 62.5% county / 37.5% icb = £351,500.11 / £210,900.06"});
  CHECK(shared->amount_for("county") == pounds("351500.11"));
  CHECK(shared->amount_for("icb") == pounds("210900.06"));
  CHECK(shared->reserve_used == pounds("250000.00"));
  CHECK(shared->total_variance == pounds("812400.17"));
}

TEST_CASE("Northshire: an overspend within the reserve and the uncommitted allocations costs the partners nothing") {
  auto shared = allocate_variance(northshire(), "bcf-pool", k2025, {{"S07", pounds("812400.17")}});
  REQUIRE(shared);
  CHECK(shared->reserve_used == pounds("750000.00"));
  CHECK(shared->uncommitted_used == pounds("62400.17"));
  CHECK(listed(*shared) == kNoneBears);
  CHECK(sentences(*shared).back() == "uncommitted allocations of £400,000.00 are reduced by £62,400.17");
  CHECK_THAT(sentences(*shared).front(), Contains("NEA-65") && Contains("result not given") && Contains("(pending)"));
  // The element without a result is listed, for a report to say plainly what it leaves open.
  REQUIRE(shared->pending_performance.size() == 1);
  const PendingElement& pending = shared->pending_performance.front();
  CHECK(pending.id == "NEA-65");
  CHECK(pending.scheme == "S09");
  CHECK(pending.amount == pounds("500000.00"));
  CHECK(pending.redirect_to == std::vector<std::string>{"S01", "S06"});
  auto given = allocate_variance(northshire(), "bcf-pool", k2025, {{"S07", pounds("812400.17")}}, {{"NEA-65", true}});
  REQUIRE(given);
  CHECK(given->pending_performance.empty());
}

TEST_CASE("Northshire: a year with every kind of line, a missed target, bands and caps, to the penny") {
  auto shared = allocate_variance(northshire(), "bcf-pool", k2025,
                                  {{"S07", pounds("1912400.17")},
                                   {"S08", pounds("-150000.00")},
                                   {"S12", pounds("40000.00")},
                                   {"S18", pounds("180000.00")},
                                   {"S03", pounds("-12000.50")}},
                                  {{"NEA-65", false}});
  REQUIRE(shared);
  const auto steps = sentences(*shared);
  REQUIRE(steps.size() == 14);
  // The missed target moves £500,000.00 from S09 to S01 and S06 by their budgets
  // (£6,842,310.00 and £2,314,680.00).
  CHECK(steps[0] ==
        "Performance element NEA-65 (Non-elective admissions, people aged 65+, down 2% on 2024/25): target missed; "
        "£500,000.00 is taken from S09's budget and redirected, pro rata to budgets, to S01 £373,611.31 / S06 "
        "£126,388.69");
  CHECK(steps[1] ==
        "S03 (Falls prevention and strength and balance, a fixed line): underspend £12,000.50 stays with icb, its "
        "commissioner");
  CHECK(steps[2] ==
        "S12 (Winter home care capacity, a fixed line): overspend £40,000.00 stays with county, its commissioner");
  // S18's own terms: £50,000 to the district, £100,000 halved, £30,000 by contributions,
  // and the district's part capped at £100,000.00 with the excess to the county.
  CHECK(steps[4] == "band 1 (the first £50,000.00): £50,000.00 to district-north (its own)");
  CHECK(steps[5] ==
        "band 2 (the next £100,000.00): £100,000.00 shared in fixed shares: 50% district-north / 50% county = "
        "£50,000.00 / £50,000.00");
  CHECK(steps[6] ==
        "band 3 (the rest, above £150,000.00): £30,000.00 shared by contributions: 22.32% county / 70.47% icb / "
        "2.79% district-north / 3.71% district-south / 0.7% community-trust = £6,697.03 / £21,141.95 / £836.48 / "
        "£1,114.39 / £210.15");
  CHECK(steps[7] == "cap: district-north bears at most £100,000.00; the excess £836.48 falls to county");
  // The shared lines: S07 and S09 (now £500,000.00 short) over; S01, S06 and S08 under.
  CHECK(steps[8] == "Overspend £2,412,400.17 on the shared lines (S07 £1,912,400.17, S09 £500,000.00)");
  CHECK(steps[9] ==
        "underspends elsewhere on the shared lines (S01 £373,611.31, S06 £126,388.69, S08 £150,000.00) meet "
        "£650,000.00");
  CHECK(steps[10] == "the contingency reserve of £750,000.00 meets £750,000.00 (£0.00 left)");
  CHECK(steps[11] == "uncommitted allocations of £400,000.00 are reduced by £400,000.00");
  CHECK(steps[13] ==
        "£612,400.17 shared by contributions: 22.32% county / 70.47% icb / 2.79% district-north / 3.71% "
        "district-south / 0.7% community-trust = £136,708.77 / £431,577.87 / £17,075.33 / £22,748.36 / £4,289.84");
  // county: 40,000.00 + 50,000.00 + 6,697.03 + 836.48 + 136,708.77
  CHECK(shared->amount_for("county") == pounds("234242.28"));
  // icb: -12,000.50 + 21,141.95 + 431,577.87
  CHECK(shared->amount_for("icb") == pounds("440719.32"));
  CHECK(shared->amount_for("district-north") == pounds("117075.33"));
  CHECK(shared->amount_for("district-south") == pounds("23862.75"));
  CHECK(shared->amount_for("community-trust") == pounds("4499.99"));
  CHECK(shared->reserve_used == pounds("750000.00"));
  CHECK(shared->uncommitted_used == pounds("400000.00"));
  CHECK(shared->total_variance == pounds("1970399.67"));
}

TEST_CASE("every partner of an arrangement is listed in its order, one that bears nothing too") {
  // S12 is a fixed line commissioned by county: its £40,000.00 overspend stays with county,
  // and the pool's other four partners bear £0.00, and are listed as bearing it, in the
  // order the agreement gives the pool's partners (county, icb, district-north, ...).
  auto shared = allocate_variance(northshire(), "bcf-pool", k2025, {{"S12", pounds("40000.00")}});
  REQUIRE(shared);
  CHECK(listed(*shared) == std::vector<std::string>{"county 40000.00", "icb 0.00", "district-north 0.00",
                                                    "district-south 0.00", "community-trust 0.00"});
  // Partners of the agreement outside an arrangement (acute-trust, vcse) are not parties to
  // its risk share, so they are not listed; CHC lead commissioning lists icb before county.
  auto lead = allocate_variance(northshire(), "chc-lead", k2025, {});
  REQUIRE(lead);
  CHECK(listed(*lead) == std::vector<std::string>{"icb 0.00", "county 0.00"});
}

TEST_CASE("a target met releases the money as budgeted and moves nothing") {
  auto shared = allocate_variance(northshire(), "bcf-pool", k2025, {{"S01", pounds("-10000.00")}}, {{"NEA-65", true}});
  REQUIRE(shared);
  CHECK(sentences(*shared).front() ==
        "Performance element NEA-65 (Non-elective admissions, people aged 65+, down 2% on 2024/25): target met; "
        "£500,000.00 released to S09 as budgeted");
  CHECK(shared->carried_forward == pounds("10000.00"));  // S01 is recurrent: carried forward
}

TEST_CASE("a cap passes its excess on by contributions among the partners not at their cap") {
  // £10,000,000.00 beyond the remedies: district-north's 2.79% would be £278,826.38 and
  // district-south's 3.71% £371,462.35; each is capped at £150,000.00, in turn.
  auto shared = allocate_variance(northshire(), "bcf-pool", k2025, {{"S07", pounds("11150000.00")}});
  REQUIRE(shared);
  const auto steps = sentences(*shared);
  REQUIRE(steps.size() == 8);  // after the pending performance element, the overspend and three remedies
  CHECK(steps[6] ==
        "cap: district-north bears at most £150,000.00; the excess £128,826.38 falls to the other partners by "
        "contributions: 22.96% county / 72.49% icb / 3.82% district-south / 0.72% community-trust = £29,583.34 / "
        "£93,392.06 / £4,922.67 / £928.31");
  CHECK(steps[7] ==
        "cap: district-south bears at most £150,000.00; the excess £226,385.02 falls to the other partners by "
        "contributions: 23.88% county / 75.37% icb / 0.75% community-trust = £54,051.85 / £170,637.05 / £1,696.12");
  CHECK(shared->amount_for("district-north") == pounds("150000.00"));
  CHECK(shared->amount_for("district-south") == pounds("150000.00"));
  CHECK(shared->amount_for("county") == pounds("2315978.99"));
  CHECK(shared->amount_for("icb") == pounds("7311346.95"));
  CHECK(shared->amount_for("community-trust") == pounds("72674.06"));
  // A cap's step shows the capped partner giving up the excess and who takes it.
  CHECK(shared->working[6].shares.front().partner == "county");
  Money step_total;
  for (const auto& share : shared->working[6].shares) step_total += share.amount;
  CHECK(step_total == Money{});
}

TEST_CASE("fallbacks that lead only to partners at their caps leave the excess unallocated, for the board") {
  Agreement agreement = northshire();
  RiskShareTerms& terms = pool_terms(agreement);
  terms.sharing = SharingRule{SharingKind::fixed,
                              {{"district-north", Ratio(1, 2)}, {"district-south", Ratio(1, 2)}},
                              {},
                              {Cap{"district-north", pounds("100.00"), "district-south", 0},
                               Cap{"district-south", pounds("100.00"), "district-north", 0}},
                              0};
  auto shared = allocate_variance(agreement, "bcf-pool", k2025, {{"S07", pounds("1150500.00")}});
  REQUIRE(shared);  // £500.00 beyond the reserve and uncommitted
  CHECK(shared->amount_for("district-north") == pounds("100.00"));
  CHECK(shared->amount_for("district-south") == pounds("100.00"));
  CHECK(shared->unallocated == pounds("300.00"));
  CHECK_THAT(sentences(*shared).back(), Contains("has nowhere to fall") && Contains("unallocated"));
}

TEST_CASE("the order of remedies is the agreement's") {
  Agreement agreement = northshire();
  RiskShareTerms& terms = pool_terms(agreement);
  const std::map<std::string, Money> variances{{"S07", pounds("900000.00")}, {"S08", pounds("-200000.00")}};
  SECTION("reserve before underspends: the underspend is left over") {
    terms.overspend_order = {OverspendRemedy::reserve, OverspendRemedy::underspends, OverspendRemedy::partners};
    auto shared = allocate_variance(agreement, "bcf-pool", k2025, variances);
    REQUIRE(shared);
    CHECK(shared->reserve_used == pounds("750000.00"));
    CHECK(shared->carried_forward == pounds("50000.00"));  // S08's £200,000.00 less £150,000.00 used
    CHECK(listed(*shared) == kNoneBears);
  }
  SECTION("underspends first: the reserve is spared £200,000.00") {
    auto shared = allocate_variance(agreement, "bcf-pool", k2025, variances);
    REQUIRE(shared);
    CHECK(shared->reserve_used == pounds("700000.00"));
    CHECK(shared->carried_forward == Money{});
  }
  SECTION("without 'partners', what the remedies cannot meet is unallocated") {
    terms.overspend_order = {OverspendRemedy::reserve};
    auto shared = allocate_variance(agreement, "bcf-pool", k2025, {{"S07", pounds("800000.00")}});
    REQUIRE(shared);
    CHECK(shared->unallocated == pounds("50000.00"));
  }
}

TEST_CASE("each underspend treatment, and the non-recurrent scope") {
  Agreement agreement = northshire();
  RiskShareTerms& terms = pool_terms(agreement);
  terms.underspend_scope = UnderspendScope::all;
  const std::map<std::string, Money> variances{{"S08", pounds("-300000.00")}};
  SECTION("carried forward") {
    terms.underspend = UnderspendTreatment::carry_forward;
    CHECK(allocate_variance(agreement, "bcf-pool", k2025, variances)->carried_forward == pounds("300000.00"));
  }
  SECTION("kept as contingency") {
    terms.underspend = UnderspendTreatment::contingency;
    CHECK(allocate_variance(agreement, "bcf-pool", k2025, variances)->to_contingency == pounds("300000.00"));
  }
  SECTION("held for the board") {
    terms.underspend = UnderspendTreatment::hold;
    CHECK(allocate_variance(agreement, "bcf-pool", k2025, variances)->held_for_decision == pounds("300000.00"));
  }
  SECTION("returned pro rata to contributions") {
    terms.underspend = UnderspendTreatment::return_pro_rata;
    auto shared = allocate_variance(agreement, "bcf-pool", k2025, variances);
    REQUIRE(shared);
    CHECK(shared->amount_for("county") == pounds("-66970.31"));
    CHECK(shared->amount_for("icb") == pounds("-211419.54"));
    CHECK(shared->amount_for("district-north") == pounds("-8364.79"));
    CHECK(shared->amount_for("district-south") == pounds("-11143.87"));
    CHECK(shared->amount_for("community-trust") == pounds("-2101.49"));
    CHECK_THAT(sentences(*shared).back(),
               Contains("Underspend £300,000.00 left on the shared lines is returned pro rata to contributions"));
  }
  SECTION("non-recurrent only: a recurrent line's underspend is carried forward") {
    terms.underspend = UnderspendTreatment::return_pro_rata;
    terms.underspend_scope = UnderspendScope::non_recurrent;
    auto shared = allocate_variance(agreement, "bcf-pool", k2025, variances);
    REQUIRE(shared);
    CHECK(shared->carried_forward == pounds("300000.00"));
    CHECK(listed(*shared) == kNoneBears);
  }
}

TEST_CASE("an aligned budget shares nothing: each line's variance is its commissioner's") {
  auto shared =
      allocate_variance(northshire(), "mh-aligned", k2025, {{"S21", pounds("30000.00")}, {"S23", pounds("-5000.00")}});
  REQUIRE(shared);
  CHECK(shared->amount_for("icb") == pounds("30000.00"));
  CHECK(shared->amount_for("county") == pounds("-5000.00"));
  CHECK(shared->reserve_used == Money{});
}

TEST_CASE("variances that cannot be shared are refused with the reason") {
  auto unknown = allocate_variance(northshire(), "bcf-pool", k2025, {{"S99", pounds("1.00")}});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message == "there is no scheme 'S99' in the agreement");
  auto elsewhere = allocate_variance(northshire(), "bcf-pool", k2025, {{"S21", pounds("1.00")}});
  REQUIRE_FALSE(elsewhere);
  CHECK(elsewhere.error().message == "scheme S21 belongs to mh-aligned, not bcf-pool");
  auto late = allocate_variance(northshire(), "bcf-pool", FinancialYear(2029), {{"S07", pounds("1.00")}});
  REQUIRE_FALSE(late);
  CHECK(late.error().rule == "risk-share.year");
  auto no_pool = allocate_variance(northshire(), "nowhere", k2025, {});
  CHECK(no_pool.error().rule == "risk-share.arrangement");
}

TEST_CASE("properties: every allocation accounts for the variance exactly, caps hold, remedies in order") {
  std::mt19937_64 random(1225);
  std::vector<std::string> schemes;
  for (const Scheme& scheme : northshire().schemes)
    if (scheme.arrangement == "bcf-pool") schemes.push_back(scheme.id);
  std::uniform_int_distribution<std::int64_t> pence(-80'000'000, 150'000'000);
  for (int round = 0; round < 300; ++round) {
    std::map<std::string, Money> variances;
    for (int i = 0; i < 1 + static_cast<int>(random() % 8); ++i)
      variances[schemes[random() % schemes.size()]] = Money::from_pence(pence(random));
    PerformanceResults performance;
    if (random() % 3 != 0) performance["NEA-65"] = random() % 2 == 0;
    auto shared = allocate_variance(northshire(), "bcf-pool", k2025, variances, performance);
    REQUIRE(shared);
    Money given;
    for (const auto& [scheme, variance] : variances) given += variance;
    Money borne;
    for (const auto& share : shared->partners) borne += share.amount;
    INFO("round " << round);
    CHECK(shared->total_variance == given);
    CHECK(borne + shared->reserve_used + shared->uncommitted_used + shared->unallocated - shared->carried_forward -
              shared->to_contingency - shared->held_for_decision ==
          given);
    // Remedies in order: the reserve is touched only when the underspends are spent, the
    // uncommitted allocations only when the reserve is, the partners only when both are.
    if (!shared->uncommitted_used.is_zero()) CHECK(shared->reserve_used == pounds("750000.00"));
    bool partners_stepped = false;
    for (const auto& step : shared->working) partners_stepped |= step.what == "partners";
    if (partners_stepped) CHECK(shared->uncommitted_used == pounds("400000.00"));
    // The caps: the districts' part of the pool's shared overspend never passes £150,000.00.
    Money pool_share_north;
    bool in_pool = false;
    for (const auto& step : shared->working) {
      if (step.what == "shared lines") in_pool = true;
      if (!in_pool) continue;
      for (const auto& share : step.shares)
        if (share.partner == "district-north" && step.what != "underspend") pool_share_north += share.amount;
    }
    CHECK(pool_share_north <= pounds("150000.00"));
  }
}

// ---- the checks of the risk-share terms ----

namespace {

// The Northshire agreement with its risk share (and what follows it) replaced by `block`.
struct Checked {
  std::vector<std::string> found;
  [[nodiscard]] const std::vector<std::string>& described() const { return found; }
};

Checked check_block(const std::string& block) {
  return Checked{poolbook::testing::findings_with_tail("# Schedule 6: risk share", block)};
}

}  // namespace

TEST_CASE("risk-share checks: the arrangement must exist and be a pooled fund") {
  CHECK(check_block("[[risk_share]]\narrangement = \"nowhere\"\n").described() ==
        std::vector<std::string>{"1: the risk share of nowhere names arrangement 'nowhere', which the agreement does "
                                 "not have [risk-share.reference]"});
  CHECK(check_block("[[risk_share]]\narrangement = \"mh-aligned\"\n").described() ==
        std::vector<std::string>{"1: the risk share of mh-aligned: mh-aligned is aligned budget, not a pooled fund; "
                                 "only a pooled fund shares risk (elsewhere each line's variance falls to its "
                                 "commissioner) [risk-share.kind]"});
  CHECK(check_block("[[risk_share]]\narrangement = \"bcf-pool\"\n[[risk_share]]\narrangement = \"bcf-pool\"\n")
            .described() ==
        std::vector<std::string>{"3: the risk share of bcf-pool is given again (first at line " +
                                 std::to_string(poolbook::testing::tail_first_line("# Schedule 6: risk share")) +
                                 ") [agreement.duplicate]"});
}

TEST_CASE("risk-share checks: fixed shares name partners of the pool and sum to exactly 100%") {
  CHECK(check_block("[[risk_share]]\narrangement = \"bcf-pool\"\nsharing = \"fixed\"\n"
                    "shares = { county = \"60%\", icb = \"30%\" }\n")
            .described() ==
        std::vector<std::string>{
            "4: the risk share of bcf-pool: the shares sum to 90%, not exactly 100% [risk-share.shares]"});
  CHECK(check_block("[[risk_share]]\narrangement = \"bcf-pool\"\nsharing = \"fixed\"\n"
                    "shares = { county = \"50%\", hospice = \"50%\" }\n")
            .described() == std::vector<std::string>{"4: the risk share of bcf-pool names partner 'hospice', which is "
                                                     "not a partner of bcf-pool [risk-share.reference]"});
  CHECK(check_block("[[risk_share]]\narrangement = \"bcf-pool\"\nsharing = \"fixed\"\n").described() ==
        std::vector<std::string>{
            "1: the risk share of bcf-pool shares in fixed shares but gives no 'shares' [risk-share.shares]"});
  CHECK(check_block("[[risk_share]]\narrangement = \"bcf-pool\"\nshares = { county = \"100%\" }\n").described() ==
        std::vector<std::string>{"3: the risk share of bcf-pool gives 'shares' but shares in proportion to "
                                 "contributions; write sharing = \"fixed\" to use them [risk-share.shares]"});
  CHECK(check_block("[[risk_share]]\narrangement = \"bcf-pool\"\nsharing = \"fixed\"\nshares = { county = 0.5 }\n")
            .described() ==
        std::vector<std::string>{"1: the risk share of bcf-pool shares in fixed shares but gives no 'shares' "
                                 "[risk-share.shares]",
                                 "4: the risk share of bcf-pool: the share of county is written as a floating-point "
                                 "number; write it as a string such as \"0.08\" or \"1/12\" [agreement.field]"});
}

TEST_CASE("risk-share checks: bands, caps and the order of remedies") {
  const std::string scheme = "[[risk_share]]\narrangement = \"bcf-pool\"\n[[risk_share.scheme]]\nscheme = \"S07\"\n";
  CHECK(check_block(scheme + "sharing = \"tiered\"\n").described() ==
        std::vector<std::string>{
            "3: the risk share of bcf-pool for scheme S07 is tiered but gives no [[band]] [risk-share.bands]"});
  CHECK(check_block(scheme + "sharing = \"tiered\"\n[[risk_share.scheme.band]]\nsharing = \"own\"\n"
                             "[[risk_share.scheme.band]]\namount = \"1000.00\"\nsharing = \"tiered\"\n")
            .described() ==
        std::vector<std::string>{
            "6: the risk share of bcf-pool for scheme S07 band 1 has no amount but is not the last band; only the "
            "last band takes the rest [risk-share.bands]",
            "8: the risk share of bcf-pool for scheme S07 band 2 is tiered again; a band shares proportional, fixed "
            "or own [risk-share.bands]",
            "8: warning: the risk share of bcf-pool for scheme S07 band 2 is the last band but has an amount, so an "
            "overspend beyond the bands falls to no one (it is reported as unallocated) [risk-share.bands]"});
  CHECK(check_block(scheme + "sharing = \"own\"\n[[risk_share.scheme.cap]]\npartner = \"icb\"\nmax = \"-1.00\"\n"
                             "fallback = \"nobody\"\n")
            .described() ==
        std::vector<std::string>{"6: the risk share of bcf-pool for scheme S07 cap on icb is negative [risk-share.cap]",
                                 "6: the risk share of bcf-pool for scheme S07 cap on icb: the fallback 'nobody' is "
                                 "not \"proportional\", \"host\" or a partner of bcf-pool [risk-share.cap]"});
  CHECK(check_block(scheme + "sharing = \"own\"\n[[risk_share.scheme.cap]]\npartner = \"icb\"\nmax = 100000\n")
            .described() ==
        std::vector<std::string>{"8: the risk share of bcf-pool for scheme S07 cap: 'max' is written as a number; "
                                 "write money as a decimal string such as \"1250000.00\" [agreement.money]"});
  CHECK(check_block("[[risk_share]]\narrangement = \"bcf-pool\"\noverspend_order = [\"reserve\", \"luck\"]\n")
            .described() ==
        std::vector<std::string>{
            "1: warning: the risk share of bcf-pool: 'overspend_order' does not end with 'partners', so an "
            "overspend beyond the other remedies falls to no one (it is reported as unallocated) [risk-share.order]",
            "3: the risk share of bcf-pool: 'overspend_order' has 'luck', which is not one of: underspends, reserve, "
            "uncommitted, partners [agreement.field]"});
  CHECK(check_block("[[risk_share]]\narrangement = \"bcf-pool\"\n[[risk_share.scheme]]\nscheme = \"S03\"\n"
                    "sharing = \"proportional\"\n")
            .described() ==
        std::vector<std::string>{"3: warning: the risk share of bcf-pool for scheme S03: S03 is a fixed line, whose "
                                 "variance stays with its commissioner, so these terms never apply "
                                 "[risk-share.scheme]"});
}

TEST_CASE("risk-share checks: performance elements") {
  CHECK(check_block("[[risk_share]]\narrangement = \"bcf-pool\"\n[[risk_share.performance]]\nid = \"P1\"\n"
                    "metric = \"Delayed discharges\"\nyear = \"2025/26\"\namount = \"100000.00\"\nscheme = \"S09\"\n"
                    "redirect_to = [\"S09\", \"S21\"]\n")
            .described() ==
        std::vector<std::string>{
            "3: the risk share of bcf-pool performance element P1 redirects to its own scheme S09 "
            "[risk-share.performance]",
            "3: the risk share of bcf-pool performance element P1 (redirect_to) names scheme S21, which is charged "
            "to mh-aligned, not bcf-pool [risk-share.reference]"});
}

TEST_CASE("risk-share checks: a cap that falls back to itself, and money redirected to schemes without budget") {
  CHECK(check_block("[[risk_share]]\narrangement = \"bcf-pool\"\n[[risk_share.cap]]\npartner = \"county\"\n"
                    "max = \"1000.00\"\nfallback = \"host\"\n")
            .described() ==
        std::vector<std::string>{
            "3: the risk share of bcf-pool cap on county falls back to the same partner [risk-share.cap]"});
  CHECK(check_block("[[risk_share]]\narrangement = \"bcf-pool\"\n[[risk_share.performance]]\nid = \"P1\"\n"
                    "metric = \"Delayed discharges\"\nyear = \"2027/28\"\namount = \"100000.00\"\n"
                    "scheme = \"S09\"\nredirect_to = [\"S01\"]\n")
            .described() == std::vector<std::string>{"3: the risk share of bcf-pool performance element P1: the "
                                                     "schemes it redirects to have no budget for 2027/28, so the "
                                                     "amount could not be shared between them by budget "
                                                     "[risk-share.performance]"});
}

TEST_CASE("a negative contingency reserve is refused where it is written") {
  auto loaded = load_agreement_text(
      [] {
        std::ifstream in(POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml", std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        std::string agreement = text.str();
        const auto at = agreement.find("amount = \"750000.00\"");
        REQUIRE(at != std::string::npos);
        agreement.replace(at, 20, "amount = \"-750000.00\"");
        return agreement;
      }(),
      "nsh.toml");
  REQUIRE_FALSE(loaded.valid());
  bool found = false;
  for (const Finding& finding : loaded.findings)
    found |= finding.error.rule == "agreement.money" &&
             finding.error.message == "arrangement 'bcf-pool' reserve: a contingency reserve cannot be negative";
  CHECK(found);
}
