// What each partner owes and has paid at 2025/26 M07 (October 2025) on the Northshire
// agreement, worked by hand from its schedules (fixtures/northshire/agreement.toml).
#include "poolbook/contracts/reconcile/owed_and_paid.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "northshire_agreement.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"

using namespace poolbook;
using namespace poolbook::contracts;
using namespace poolbook::testing;
using namespace date::literals;

namespace {

const ContributionPosition& position(const OwedAndPaid& owed, const std::string& partner,
                                     const std::string& arrangement) {
  const auto found = std::find_if(owed.positions.begin(), owed.positions.end(), [&](const ContributionPosition& p) {
    return p.partner == partner && p.arrangement == arrangement;
  });
  REQUIRE(found != owed.positions.end());
  return *found;
}

}  // namespace

TEST_CASE("owed and paid at 2025/26 M07: due to date, received, outstanding, overpaid and overdue") {
  const ReceivedByContribution received{
      {{"bcf-pool", "icb"}, pounds("20629737.78")},            // six instalments: October's is missing
      {{"bcf-pool", "county"}, pounds("9861662.50")},          // three quarters and £100.00 too much
      {{"bcf-pool", "district-south"}, pounds("1312772.40")},  // its June instalment
      {{"chc-lead", "icb"}, pounds("15471586.69")},           {{"chc-lead", "county"}, pounds("4663800.00")},
      // district-north has paid nothing of its annual £1,642,318.00 due 15 April
  };
  auto owed = owed_and_paid(northshire(), *Period::parse("2025/26 M07"), received);
  REQUIRE(owed);
  // mh-aligned's contributions have no schedule (each partner spends its own): left out.
  CHECK(owed->positions.size() == 7);

  // ICB into the pool: £41,259,475.50 + £250,000.00 (V-2025-01, from M07) = £41,509,475.50.
  // Due by 31 October: six instalments of £3,438,289.63 (15 April ... 15 September) and
  // October's £3,479,956.29 (15 October, which absorbs the variation) = £24,109,694.07.
  // Received £20,629,737.78: October's instalment is unpaid, 12 working days overdue at
  // 31 October (16-17, 20-24, 27-31 October).
  const auto& icb = position(*owed, "icb", "bcf-pool");
  CHECK(icb.agreed == pounds("41509475.50"));
  CHECK(icb.due_to_date == pounds("24109694.07"));
  CHECK(icb.received_to_date == pounds("20629737.78"));
  CHECK(icb.outstanding == pounds("3479956.29"));
  CHECK(icb.overpaid.is_zero());
  REQUIRE(icb.overdue.size() == 1);
  CHECK(icb.overdue[0].instalment.due == 2025_y / date::October / 15);
  CHECK(icb.overdue[0].unpaid == pounds("3479956.29"));
  CHECK(icb.overdue[0].working_days_overdue == 12);

  // The county: three quarterly £3,287,187.50 (April, July, October) = £9,861,562.50; it paid
  // £100.00 more.
  const auto& county = position(*owed, "county", "bcf-pool");
  CHECK(county.due_to_date == pounds("9861562.50"));
  CHECK(county.overpaid == pounds("100.00"));
  CHECK(county.outstanding.is_zero());
  CHECK(county.overdue.empty());

  // North District's Disabled Facilities Grant, £1,642,318.00 due 15 April: unpaid, 138
  // working days overdue at 31 October (after Good Friday, Easter Monday and the May and
  // August bank holidays).
  const auto& north = position(*owed, "district-north", "bcf-pool");
  CHECK(north.outstanding == pounds("1642318.00"));
  REQUIRE(north.overdue.size() == 1);
  CHECK(north.overdue[0].working_days_overdue == 138);

  // The community trust's in-kind contribution is recognised as agreed: M01-M04 £34,383.34,
  // M05-M07 £34,383.33, each on the month's last day = £240,683.35, nothing outstanding.
  const auto& in_kind = position(*owed, "community-trust", "bcf-pool");
  CHECK(in_kind.form == ContributionForm::in_kind);
  CHECK(in_kind.due_to_date == pounds("240683.35"));
  CHECK(in_kind.received_to_date == pounds("240683.35"));
  CHECK(in_kind.outstanding.is_zero());

  // Paid exactly: Southvale's June instalment (its December one is not yet due).
  CHECK(position(*owed, "district-south", "bcf-pool").outstanding.is_zero());
  CHECK(position(*owed, "district-south", "bcf-pool").due_to_date == pounds("1312772.40"));

  // Totals are the positions' sums; outstanding and overpaid are not netted.
  CHECK(owed->outstanding == pounds("5122274.29"));  // 3,479,956.29 + 1,642,318.00
  CHECK(owed->overpaid == pounds("100.00"));
}

TEST_CASE("a part payment leaves the rest of the oldest unpaid instalment overdue") {
  // The ICB has paid £20,000,000.00 into the pool by 31 October 2025, against seven instalments
  // due (£24,109,694.07): the receipts clear them oldest first.
  const ReceivedByContribution received{{{"bcf-pool", "icb"}, pounds("20000000.00")}};
  auto owed = owed_and_paid(northshire(), *Period::parse("2025/26 M07"), received);
  REQUIRE(owed);
  const auto& icb = position(*owed, "icb", "bcf-pool");
  // Cleared: five instalments (17,191,448.15) and £2,808,551.85 of September's, leaving
  // £629,737.78 of it and October's £3,479,956.29.
  REQUIRE(icb.overdue.size() == 2);
  CHECK(icb.overdue[0].instalment.due == 2025_y / date::September / 15);
  CHECK(icb.overdue[0].unpaid == pounds("629737.78"));
  CHECK(icb.overdue[1].unpaid == pounds("3479956.29"));
  CHECK(icb.outstanding == pounds("4109694.07"));
}
