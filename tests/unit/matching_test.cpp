// Two-sided matching, worked by hand: a partner's payments against the pool's receipts, in
// the order of the rules (contracts/reconcile/matching.hpp), and the difference explained.
#include "poolbook/contracts/reconcile/matching.hpp"

#include <catch2/catch.hpp>

#include "northshire_agreement.hpp"

using namespace poolbook;
using namespace poolbook::contracts;
using namespace poolbook::testing;
using namespace date::literals;

namespace {

PaymentLine line(date::year_month_day on, const char* amount, std::string reference, std::string description = "") {
  static std::int64_t entry = 0;
  return {on, pounds(amount), std::move(reference), std::move(description), ++entry};
}

}  // namespace

TEST_CASE("payments match by reference, then by amount within the tolerance, then by date alone") {
  const std::vector<PaymentLine> paid = {
      // named in the receipt's description, though 6 working days apart and 1p different
      line(2025_y / date::April / 1, "1000.00", "PAY-0001"),
      // same amount, Friday 11 April to Tuesday 15 April: 2 working days
      line(2025_y / date::April / 11, "2500.00", "PAY-0002"),
      // Good Friday 18 April 2025 and Easter Monday are not working days: Thursday 17 April
      // to Wednesday 23 April is 2 working days (22 and 23)
      line(2025_y / date::April / 17, "750.00", "PAY-0003"),
      // Friday 30 May, a working day before AR4, but PAY-0005 is nearer to it: left over
      line(2025_y / date::May / 30, "99.00", "PAY-0004"),
      // the same date as a receipt of another amount: an amount difference
      line(2025_y / date::June / 2, "400.00", "PAY-0005"),
  };
  const std::vector<PaymentLine> received = {
      line(2025_y / date::April / 9, "999.99", "AR1", "BACS from partner ref PAY-0001"),
      line(2025_y / date::April / 15, "2500.00", "AR2"),
      line(2025_y / date::April / 23, "750.00", "AR3"),
      line(2025_y / date::June / 2, "400.45", "AR4"),
      line(2025_y / date::June / 20, "12.00", "AR5"),
  };
  auto matched = match_payments("icb", "bcf-pool", paid, received, 3);
  REQUIRE(matched);
  REQUIRE(matched->lines.size() == 6);
  CHECK(matched->lines[0].kind == MatchKind::amount_difference);
  CHECK(matched->lines[0].by_reference);
  CHECK(matched->lines[0].days_apart == 6);
  CHECK(matched->lines[0].difference() == pounds("0.01"));
  CHECK(matched->lines[1].kind == MatchKind::matched);
  CHECK(matched->lines[1].days_apart == 2);
  CHECK(matched->lines[2].kind == MatchKind::matched);
  CHECK(matched->lines[2].days_apart == 2);
  CHECK(matched->lines[3].kind == MatchKind::amount_difference);
  CHECK(matched->lines[3].paid->reference == "PAY-0005");
  CHECK(matched->lines[3].difference() == pounds("-0.45"));
  CHECK(matched->lines[4].kind == MatchKind::paid_not_received);
  CHECK(matched->lines[4].paid->reference == "PAY-0004");
  CHECK(matched->lines[5].kind == MatchKind::received_not_remitted);
  CHECK(matched->lines[5].received->reference == "AR5");
  // Paid £4,749.00, received £4,662.44: £86.56 apart = 0.01 - 0.45 + 99.00 - 12.00.
  CHECK(matched->paid == pounds("4749.00"));
  CHECK(matched->received == pounds("4662.44"));
  Money explained;
  for (const auto& each : matched->lines) explained += each.difference();
  CHECK(explained == matched->paid - matched->received);
  CHECK(explained == pounds("86.56"));
}

TEST_CASE("with no tolerance only same-day amounts or references match") {
  auto matched = match_payments("county", "bcf-pool", {line(2025_y / date::July / 15, "10.00", "X-1")},
                                {line(2025_y / date::July / 16, "10.00", "Y-1")}, 0);
  REQUIRE(matched);
  REQUIRE(matched->lines.size() == 2);
  CHECK(matched->count(MatchKind::paid_not_received) == 1);
  CHECK(matched->count(MatchKind::received_not_remitted) == 1);
}

TEST_CASE("a reference pairs only as a whole word, so a year or a fragment pairs nothing") {
  // The partner's reference "2025" is in the receipt's description only inside "2025/26" and
  // "SDC-PAY-2025-01": not a pair, so each goes by amount and date (same day, same amount).
  const std::vector<PaymentLine> paid = {line(2025_y / date::July / 1, "875181.60", "2025")};
  const std::vector<PaymentLine> received = {
      line(2025_y / date::July / 1, "875181.60", "AR1", "SDC-PAY-2025-01 contribution 2025/26"),
      line(2025_y / date::December / 15, "1312772.40", "AR2", "contribution 2025/26 Q3")};
  auto matched = match_payments("district-south", "bcf-pool", paid, received, 3);
  REQUIRE(matched);
  REQUIRE(matched->lines.size() == 2);
  CHECK(matched->lines[0].kind == MatchKind::matched);
  CHECK_FALSE(matched->lines[0].by_reference);
  CHECK(matched->lines[0].received->reference == "AR1");
  CHECK(matched->lines[1].kind == MatchKind::received_not_remitted);
  // A whole word, at the end of a sentence too, still pairs.
  const std::vector<PaymentLine> named = {line(2025_y / date::July / 1, "10.00", "SDC-PAY-25-0701")};
  const std::vector<PaymentLine> receipt = {
      line(2025_y / date::August / 20, "10.00", "AR9", "Remittance SDC-PAY-25-0701.")};
  auto by_reference = match_payments("district-south", "bcf-pool", named, receipt, 3);
  REQUIRE(by_reference);
  REQUIRE(by_reference->lines.size() == 1);
  CHECK(by_reference->lines[0].by_reference);
}
