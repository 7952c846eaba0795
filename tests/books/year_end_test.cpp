// The year end through the application layer: twelve closes of the Northshire year, the
// settlement posted at March's close, and March reopened under its decision and closed again
// with the settlement reversed and posted anew.
#include <algorithm>
#include <catch2/catch.hpp>

#include "northshire_books.hpp"
#include "poolbook/daemon/books/decisions.hpp"
#include "poolbook/daemon/books/journals.hpp"
#include "poolbook/daemon/books/month_close.hpp"
#include "poolbook/daemon/books/periods.hpp"
#include "poolbook/daemon/books/queries.hpp"

using namespace poolbook;
using namespace poolbook::testing;
using ledger::Money;
using ledger::Period;

namespace {

const Period kApril = *Period::parse("2025/26 M01");
const Period kMarch = *Period::parse("2025/26 M12");

}  // namespace

TEST_CASE("twelve closes end in settlement entries that sum to the year's variance, and March closes again anew") {
  NorthshireBooks area;
  auto& books = area.as("pool.manager");
  // A year with nothing spent or received: every month closes (late contributions are noted,
  // not stopping), and each close recognises S17's in-kind month as its spend.
  for (int month = 1; month <= 11; ++month) {
    auto closed = books::close_month_end(books, "", Period(ledger::FinancialYear(2025), ledger::FinancialMonth(month)));
    REQUIRE(closed);
    REQUIRE(closed->in_kind.size() == 1);
    CHECK(closed->in_kind[0].scheme == "S17");
    CHECK_FALSE(closed->settlement);
  }
  auto march = books::close_month_end(books, "", kMarch, {{"NEA-65", true}});
  REQUIRE(march);
  REQUIRE(march->settlement);
  CHECK(held(books, "pool/bcf-pool/scheme/S17", kApril, kMarch) == pounds("412600.00"));
  CHECK(held(books, "pool/bcf-pool/in-kind/community-trust", kApril, kMarch) == pounds("-412600.00"));
  // bcf-pool spent only S17 (£412,600.00, its budget) of £58,151,097.50: every other line is
  // underspent by its whole budget. Fixed lines' underspends go back to their commissioners;
  // the shared lines are all recurrent, so their underspend is carried forward into the
  // reserve and brought into 2026/27.
  const auto& pool = march->settlement->arrangements.front();
  REQUIRE(pool.arrangement == "bcf-pool");
  CHECK(pool.variance == pounds("-57738497.50"));
  Money shares;
  for (const auto& partner : pool.allocation.partners) shares += partner.amount;
  CHECK(shares + pool.allocation.reserve_used + pool.allocation.unallocated - pool.carried -
            pool.allocation.held_for_decision ==
        pool.variance);
  CHECK(pool.carried.is_positive());
  // In the books: the settlement accounts hold each partner's share, the risk-share income its
  // other side, and the reserve what was carried (brought back out on 1 April 2026).
  Money settled;
  for (const auto& partner : pool.allocation.partners) {
    CHECK(held(books, "pool/bcf-pool/settlement/" + partner.partner, kApril, kMarch) == partner.amount);
    settled += held(books, "pool/bcf-pool/risk-share/" + partner.partner, kApril, kMarch);
  }
  CHECK(settled == -shares);
  CHECK(held(books, "pool/bcf-pool/contingency", kApril, kMarch) == -pool.carried);
  const Period next_april = *Period::parse("2026/27 M01");
  CHECK(held(books, "pool/bcf-pool/brought-forward", next_april, next_april) == -pool.carried);
  const std::size_t posted = march->settlement_entries.size();
  CHECK(posted == 4);  // bcf-pool's settlement, carry and bringing forward; chc-lead's settlement
  CHECK(books::verify_books(books).ok());
  // March's statement read again after its close, with no results given: it takes the results
  // the close recorded (NEA-65 met, nothing pending), and its exposure is the settlement.
  auto reread = books::month_statement(books, kMarch);
  REQUIRE(reread);
  CHECK(reread->performance == contracts::PerformanceResults{{"NEA-65", true}});
  CHECK(std::none_of(reread->exceptions.begin(), reread->exceptions.end(),
                     [](const auto& e) { return e.rule == "performance.pending"; }));
  const auto& exposed = reread->forecast.arrangements.front();
  REQUIRE(exposed.arrangement == "bcf-pool");
  REQUIRE(exposed.exposure);
  CHECK(exposed.exposure_note == "at the year's end, the settlement on the actual variances");
  REQUIRE(exposed.exposure->partners.size() == pool.allocation.partners.size());
  for (std::size_t i = 0; i < pool.allocation.partners.size(); ++i)
    CHECK(exposed.exposure->partners[i].amount == pool.allocation.partners[i].amount);
  // Other results given now do not unsettle it: the recorded ones stand, and the statement says so.
  auto what_if = books::month_statement(books, kMarch, contracts::ForecastMethod::profile, {{"NEA-65", false}});
  REQUIRE(what_if);
  CHECK(what_if->performance == contracts::PerformanceResults{{"NEA-65", true}});
  CHECK(std::any_of(what_if->exceptions.begin(), what_if->exceptions.end(),
                    [](const auto& e) { return e.rule == "performance.recorded"; }));

  // March is reopened under the board's decision, a £50,000.00 correction charged to S07, and
  // March closed again: the earlier settlement is reversed and a new one posted.
  auto meeting = njcb_decision("D-2026-040", 2026_y / date::April / 9, "Reopen March for the discharge correction",
                               contracts::ActionType::period_reopening, "2025/26 M12");
  REQUIRE(books::record_decision(area.as("finance.officer"), "", meeting));
  const auto today = 2026_y / date::April / 10;
  REQUIRE(books::reopen_month(area.as("pool.manager"), "", {kMarch, "discharge correction", "D-2026-040"}, today));
  REQUIRE(books::post_journal(
      area.as("pool.manager"), "",
      {kMarch.last_day(),
       ledger::EntryKind::correction,
       "Discharge to assess charged to the wrong cost centre",
       "March's S07 invoices were coded to the council's own budget",
       {{"pool/bcf-pool/scheme/S07", pounds("50000.00")}, {"pool/bcf-pool/accrued-creditors", pounds("-50000.00")}},
       ""},
      today));
  auto again = books::close_month_end(area.as("pool.manager"), "", kMarch, {{"NEA-65", true}});
  REQUIRE(again);
  CHECK(again->settlement_reversed.size() == posted);
  const auto& redone = again->settlement->arrangements.front();
  CHECK(redone.variance == pounds("-57688497.50"));  // £50,000.00 less underspent
  CHECK(redone.carried == pool.carried - pounds("50000.00"));
  // The books hold only the new settlement: the old one and its reversal cancel.
  CHECK(held(books, "pool/bcf-pool/contingency", kApril, kMarch) == -redone.carried);
  CHECK(held(books, "pool/bcf-pool/brought-forward", next_april, next_april) == -redone.carried);
  for (const auto& partner : redone.allocation.partners)
    CHECK(held(books, "pool/bcf-pool/settlement/" + partner.partner, kApril, kMarch) == partner.amount);
  CHECK(books::verify_books(books).ok());
  // Closed once more (reopened under a second decision), with nothing changed: the settlement
  // is the same, so nothing is reversed or posted.
  meeting.id = "D-2026-041";
  meeting.on = 2026_y / date::April / 16;
  REQUIRE(books::record_decision(area.as("finance.officer"), "", meeting));
  REQUIRE(books::reopen_month(area.as("pool.manager"), "", {kMarch, "check", "D-2026-041"}, 2026_y / date::April / 17));
  auto same = books::close_month_end(area.as("pool.manager"), "", kMarch, {{"NEA-65", true}});
  REQUIRE(same);
  CHECK(same->settlement_reversed.empty());
  CHECK(same->settlement_entries.size() == posted);
  CHECK(held(books, "pool/bcf-pool/contingency", kApril, kMarch) == -redone.carried);
}
