// The worked example of the risk share's order of steps in docs/agreement-format.md ("The
// order of steps"): Testshire's pool, where the council contributes £600,000.00 and the ICB
// £400,000.00 (60% / 40%), with a £20,000.00 reserve, £10,000.00 uncommitted, the council's
// part of the pool's share capped at £30,000.00, carers' breaks (S4) on their own tiered
// terms, and £10,000.00 of reablement (S2) released only if its target is met. The numbers
// asserted here are the ones the document prints; change both together.
#include <catch2/catch.hpp>

#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/terms/risk_share.hpp"

using namespace poolbook::contracts;
using poolbook::ledger::FinancialYear;
using poolbook::ledger::Money;

namespace {

const char* const kTestshire = R"([agreement]
id = "T"
title = "Testshire Better Care Fund Section 75 Agreement"
legal_basis = "s75-nhs-act-2006"
aims = ["Joined-up care at home"]
outcomes = ["Fewer avoidable admissions"]
client_groups = ["older people"]
areas_served = ["Testshire"]
health_and_wellbeing_boards = ["Testshire HWB"]
start = 2025-04-01
end = 2027-03-31
variation_provisions = "clause 8"
termination_provisions = "clause 20"
dispute_procedure = "clause 24"

[[partner]]
id = "council"
name = "Testshire Council"
kind = "unitary-council"

[[partner]]
id = "icb"
name = "NHS Testshire ICB"
kind = "icb"

[[arrangement]]
id = "pool"
name = "Pool"
kind = "pooled-fund"
partners = ["council", "icb"]
host = "council"
pool_manager = "Head of Integrated Commissioning Finance"

[[arrangement.reserve]]
year = "2025/26"
amount = "20000.00"

[[scheme]]
id = "S1"
name = "Home care"
type = "home-care"
arrangement = "pool"
commissioner = "council"
provider = "Provider Ltd"
funding_source = "ibcf"
share_profile = "variable"
recurrent = true
budget = { "2025/26" = "500000.00" }

[[scheme]]
id = "S2"
name = "Reablement"
type = "home-based-intermediate-care"
arrangement = "pool"
commissioner = "council"
provider = "council"
funding_source = "nhs-minimum"
share_profile = "variable"
recurrent = true
budget = { "2025/26" = "300000.00" }

[[scheme]]
id = "S3"
name = "Community equipment"
type = "assistive-technologies"
arrangement = "pool"
commissioner = "icb"
provider = "Equipment Ltd"
funding_source = "nhs-minimum"
share_profile = "fixed"
recurrent = true
budget = { "2025/26" = "100000.00" }

[[scheme]]
id = "S4"
name = "Carers' breaks"
type = "carers-services"
arrangement = "pool"
commissioner = "council"
provider = "Carers Trust"
funding_source = "nhs-minimum"
share_profile = "variable"
recurrent = false
budget = { "2025/26" = "80000.00" }

[[contribution]]
partner = "council"
arrangement = "pool"
year = "2025/26"
amount = "600000.00"
schedule = "annual"
due_day = 15

[[contribution]]
partner = "icb"
arrangement = "pool"
year = "2025/26"
amount = "400000.00"
schedule = "annual"
due_day = 15

[[risk_share]]
arrangement = "pool"
uncommitted = { "2025/26" = "10000.00" }
underspend = "return-pro-rata"

[[risk_share.cap]]
partner = "council"
max = "30000.00"

[[risk_share.scheme]]
scheme = "S4"
sharing = "tiered"

[[risk_share.scheme.band]]
amount = "2000.00"
sharing = "own"

[[risk_share.scheme.band]]
sharing = "fixed"
shares = { council = "50%", icb = "50%" }

[[risk_share.performance]]
id = "P1"
metric = "Still at home 91 days after reablement: 85%"
year = "2025/26"
amount = "10000.00"
scheme = "S2"
redirect_to = ["S1"]
)";

Money pounds(const char* text) { return *Money::parse(text); }

const FinancialYear k2025(2025);

Agreement testshire() {
  LoadedAgreement loaded = load_agreement_text(kTestshire, "testshire.toml");
  REQUIRE(loaded.valid());
  return *loaded.agreement;
}

std::vector<std::string> steps_of(const VarianceAllocation& shared) {
  std::vector<std::string> out;
  for (const WorkingStep& step : shared.working) out.push_back(step.what);
  return out;
}

}  // namespace

TEST_CASE("the order of steps, worked: performance, own lines, the shared lines' remedies, then caps") {
  // S1 +£120,000.00, S2 -£15,000.00, S3 (fixed, the ICB's) +£8,000.00, S4 +£5,000.00: £118,000.00.
  const Agreement agreement = testshire();
  auto shared = allocate_variance(
      agreement, "pool", k2025,
      {{"S1", pounds("120000.00")}, {"S2", pounds("-15000.00")}, {"S3", pounds("8000.00")}, {"S4", pounds("5000.00")}},
      {{"P1", false}});
  REQUIRE(shared);
  CHECK(steps_of(*shared) == std::vector<std::string>{"performance", "fixed line", "scheme terms", "own",
                                                      "fixed shares", "shared lines", "underspends", "reserve",
                                                      "uncommitted", "partners", "contributions", "cap"});
  // 1. P1 missed: £10,000.00 from S2 to S1, so S1 is £110,000.00 over and S2 £5,000.00 under.
  CHECK(shared->working[0].amount == pounds("10000.00"));
  // 2. S3 stays with the ICB; S4's £5,000.00: the first £2,000.00 the council's own, then
  //    £3,000.00 halved, £1,500.00 each.
  CHECK(shared->working[1].amount == pounds("8000.00"));
  CHECK(shared->working[4].amount == pounds("3000.00"));
  // 3. £110,000.00 less £5,000.00 of underspend, £20,000.00 of reserve and £10,000.00
  //    uncommitted leaves £75,000.00: 60% / 40% is £45,000.00 / £30,000.00.
  CHECK(shared->working[5].amount == pounds("110000.00"));
  CHECK(shared->working[9].amount == pounds("75000.00"));
  // 4. The council's £45,000.00 is capped at £30,000.00; the £15,000.00 over falls to the ICB.
  CHECK(shared->working[11].amount == pounds("15000.00"));
  CHECK(shared->reserve_used == pounds("20000.00"));
  CHECK(shared->uncommitted_used == pounds("10000.00"));
  // The council bears £30,000.00 + £2,000.00 + £1,500.00: the cap is on the pool's rule, not S4's terms.
  CHECK(shared->amount_for("council") == pounds("33500.00"));
  CHECK(shared->amount_for("icb") == pounds("54500.00"));  // £8,000.00 + £1,500.00 + £30,000.00 + £15,000.00
  CHECK(shared->total_variance == pounds("118000.00"));
  CHECK(shared->pending_performance.empty());
}

TEST_CASE("the order of steps, worked: what is left of an underspend is returned pro rata") {
  // S1 +£40,000.00 and S2 -£100,000.00, P1 met: S2's underspend meets S1's overspend and the
  // £60,000.00 left is returned 60% / 40%.
  auto shared = allocate_variance(testshire(), "pool", k2025,
                                  {{"S1", pounds("40000.00")}, {"S2", pounds("-100000.00")}}, {{"P1", true}});
  REQUIRE(shared);
  CHECK(shared->amount_for("council") == pounds("-36000.00"));
  CHECK(shared->amount_for("icb") == pounds("-24000.00"));
  CHECK(shared->total_variance == pounds("-60000.00"));
}

TEST_CASE("the order of steps, worked: a performance element without a result is pending and moves nothing") {
  auto shared = allocate_variance(testshire(), "pool", k2025, {{"S1", pounds("40000.00")}});
  REQUIRE(shared);
  REQUIRE(shared->pending_performance.size() == 1);
  CHECK(shared->pending_performance.front().id == "P1");
  CHECK(shared->pending_performance.front().amount == pounds("10000.00"));
  // S1's £40,000.00 alone is shared: £20,000.00 reserve, £10,000.00 uncommitted, £10,000.00
  // to the partners 60% / 40%.
  CHECK(shared->amount_for("council") == pounds("6000.00"));
  CHECK(shared->amount_for("icb") == pounds("4000.00"));
}
