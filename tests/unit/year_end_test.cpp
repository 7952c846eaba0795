// The year-end settlement of the Northshire agreement's 2025/26, worked by hand: the risk
// share on the year's actual variances, and the entries that settle it.
#include "poolbook/contracts/reconcile/year_end.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "northshire_agreement.hpp"

using namespace poolbook;
using namespace poolbook::contracts;
using namespace poolbook::testing;
using ledger::Money;
using ledger::Period;

namespace {

const Period kMarch = *Period::parse("2025/26 M12");

// A year in which every scheme spends exactly its budget as varied, but for `differences`
// (spend less budget), all charged in March.
BudgetMonitoring year_spent(const std::map<std::string, Money>& differences) {
  const BudgetMonitoring budgets = monitor_budgets(northshire(), kMarch, {}, {});
  SpendByScheme spend;
  for (const SchemeMonitoring& line : budgets.schemes) {
    const auto found = differences.find(line.scheme);
    spend[line.scheme][11] = line.amounts.budget + (found == differences.end() ? Money{} : found->second);
  }
  return monitor_budgets(northshire(), kMarch, spend, {});
}

const ArrangementSettlement& arrangement(const YearEndSettlement& settled, const std::string& id) {
  const auto found = std::find_if(settled.arrangements.begin(), settled.arrangements.end(),
                                  [&](const ArrangementSettlement& each) { return each.arrangement == id; });
  REQUIRE(found != settled.arrangements.end());
  return *found;
}

Money posted(const ledger::Entry& entry, const std::string& account) {
  Money total;
  for (const auto& posting : entry.postings)
    if (posting.account == account) total += posting.amount;
  return total;
}

}  // namespace

TEST_CASE("a year overspent beyond the reserve is settled by the partners, by contributions") {
  // S07 £1,000,000.00 over; S01 £100,000.00 under; S05 (a fixed line, the County's) £20,000.00
  // under. bcf-pool's variance: £880,000.00.
  auto settled = settle_year(
      northshire(),
      year_spent({{"S07", pounds("1000000.00")}, {"S01", pounds("-100000.00")}, {"S05", pounds("-20000.00")}}),
      {{"NEA-65", true}});
  REQUIRE(settled);
  CHECK(settled->year == ledger::FinancialYear(2025));
  // An aligned budget is not settled; chc-lead is, at nothing.
  REQUIRE(settled->arrangements.size() == 2);
  const auto& pool = arrangement(*settled, "bcf-pool");
  CHECK(pool.variance == pounds("880000.00"));
  CHECK(pool.budget == pounds("58151097.50"));
  // The shared overspend of £1,000,000.00 is met by S01's £100,000.00, then the whole reserve
  // (£750,000.00); the uncommitted allocations (£400,000.00 in 2025/26) are an in-year remedy
  // and are not used at the year's end, so £150,000.00 falls to the partners by their
  // contributions as varied: county £13,148,750.00, icb £41,509,475.50, district-north
  // £1,642,318.00, district-south £2,187,954.00, community-trust £412,600.00 (of
  // £58,901,097.50). Exact shares in pence: 3,348,515.70 / 10,570,976.75 / 418,239.58 /
  // 557,193.52 / 105,074.44; the floors sum to 14,999,997, so the three largest remainders
  // (icb .75, county .70, district-north .58) take a penny each.
  CHECK(pool.allocation.reserve_used == pounds("750000.00"));
  CHECK(pool.allocation.uncommitted_used.is_zero());
  CHECK(pool.allocation.amount_for("county") == pounds("13485.16"));  // £33,485.16 less S05's £20,000.00
  CHECK(pool.allocation.amount_for("icb") == pounds("105709.77"));
  CHECK(pool.allocation.amount_for("district-north") == pounds("4182.40"));
  CHECK(pool.allocation.amount_for("district-south") == pounds("5571.93"));
  CHECK(pool.allocation.amount_for("community-trust") == pounds("1050.74"));
  CHECK(pool.carried.is_zero());
  CHECK_THAT(pool.allocation.working.front().sentence,
             Catch::StartsWith("At the year's end no allocation is uncommitted"));
  const auto& lead = arrangement(*settled, "chc-lead");
  CHECK(lead.variance.is_zero());

  // One entry settles bcf-pool (chc-lead has nothing to settle): what each partner pays the
  // pool, dated 31 March 2026, balanced.
  const auto entries = year_end_entries(northshire(), *settled, "r.osei");
  REQUIRE(entries.size() == 1);
  const auto& entry = entries.front();
  CHECK(entry.date == kMarch.last_day());
  CHECK(entry.kind == ledger::EntryKind::settlement);
  CHECK(entry.reference == "year-end 2025/26");
  CHECK(entry.postings.size() == 10);
  CHECK(posted(entry, "pool/bcf-pool/settlement/icb") == pounds("105709.77"));
  CHECK(posted(entry, "pool/bcf-pool/risk-share/icb") == pounds("-105709.77"));
  CHECK(posted(entry, "pool/bcf-pool/settlement/county") == pounds("13485.16"));
  Money sum;
  Money settlement;
  for (const auto& posting : entry.postings) {
    sum += posting.amount;
    if (posting.account.find("/settlement/") != std::string::npos) settlement += posting.amount;
  }
  CHECK(sum.is_zero());
  // The partners' £130,000.00 and the reserve's £750,000.00 make the variance.
  CHECK(settlement == pounds("130000.00"));
  CHECK(settlement + pool.allocation.reserve_used == pool.variance);
}

TEST_CASE("an underspend on recurrent shared lines is carried into the reserve and brought into the next year") {
  // S01 £200,000.00 under, nothing else: every shared line is recurrent, so the underspend is
  // carried forward (underspend_applies_to = "non-recurrent").
  auto settled = settle_year(northshire(), year_spent({{"S01", pounds("-200000.00")}}), {{"NEA-65", true}});
  REQUIRE(settled);
  const auto& pool = arrangement(*settled, "bcf-pool");
  CHECK(pool.variance == pounds("-200000.00"));
  CHECK(pool.carried == pounds("200000.00"));
  for (const auto& partner : pool.allocation.partners) CHECK(partner.amount.is_zero());
  const auto entries = year_end_entries(northshire(), *settled, "r.osei");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].date == kMarch.last_day());
  CHECK(posted(entries[0], "pool/bcf-pool/carried-forward") == pounds("200000.00"));
  CHECK(posted(entries[0], "pool/bcf-pool/contingency") == pounds("-200000.00"));
  // 2026/27 is in the term: brought into its pool on 1 April 2026.
  CHECK(entries[1].date == ledger::FinancialYear(2026).first_day());
  CHECK(posted(entries[1], "pool/bcf-pool/contingency") == pounds("200000.00"));
  CHECK(posted(entries[1], "pool/bcf-pool/brought-forward") == pounds("-200000.00"));
}

TEST_CASE("the year is settled only at its last month, and a pending performance element is left as if met") {
  const BudgetMonitoring october = monitor_budgets(northshire(), *Period::parse("2025/26 M07"), {}, {});
  auto early = settle_year(northshire(), october);
  REQUIRE_FALSE(early);
  CHECK(early.error().rule == "year-end.month");
  auto pending = settle_year(northshire(), year_spent({}));
  REQUIRE(pending);
  const auto& pool = arrangement(*pending, "bcf-pool");
  REQUIRE(pool.allocation.pending_performance.size() == 1);
  CHECK(pool.allocation.pending_performance[0].id == "NEA-65");
  CHECK(pool.variance.is_zero());
  CHECK(year_end_entries(northshire(), *pending, "r.osei").empty());
}
