// Money: how finance exports write amounts, what is refused and why, checked arithmetic,
// rounding by a named rule, and formatting for reports and for machines.
#include <catch2/catch.hpp>
#include <limits>

#include "poolbook/ledger/money/money.hpp"

using poolbook::ledger::Money;
using poolbook::ledger::MoneyOverflow;
using poolbook::ledger::MoneySum;
using poolbook::ledger::multiply;
using poolbook::ledger::Ratio;
using poolbook::ledger::Rounding;

namespace {
std::int64_t pence_of(const char* text) {
  auto parsed = Money::parse(text);
  INFO(text << (parsed ? "" : (": " + parsed.error().message)));
  REQUIRE(parsed.ok());
  return parsed->pence();
}
std::string refusal(const char* text) {
  auto parsed = Money::parse(text);
  INFO(text);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().rule == "money.format");
  return parsed.error().message;
}
}  // namespace

TEST_CASE("amounts are read in the forms finance exports contain") {
  CHECK(pence_of("1234.56") == 123456);
  CHECK(pence_of("-1234.56") == -123456);
  CHECK(pence_of("+1234.56") == 123456);
  CHECK(pence_of("(1,234.56)") == -123456);
  CHECK(pence_of("(£1,234.56)") == -123456);
  CHECK(pence_of("£1,234.56") == 123456);
  CHECK(pence_of("-£1,234.56") == -123456);
  CHECK(pence_of("£-1,234.56") == -123456);
  CHECK(pence_of("1234.5") == 123450);
  CHECK(pence_of("1234") == 123400);
  CHECK(pence_of("1,234,567.89") == 123456789);
  CHECK(pence_of("0.01") == 1);
  CHECK(pence_of("-0.01") == -1);
  CHECK(pence_of("0") == 0);
  CHECK(pence_of("  812400.17 ") == 81240017);
  CHECK(pence_of("1234.56-") == -123456);  // SAP's trailing minus
  CHECK(pence_of("92233720368547758.07") == std::numeric_limits<std::int64_t>::max());
}

TEST_CASE("anything else is refused with the reason") {
  CHECK_THAT(refusal("1.234,56"), Catch::Contains("European format"));
  CHECK_THAT(refusal("12.345"), Catch::Contains("more than two decimal places"));
  CHECK_THAT(refusal("1e6"), Catch::Contains("exponent"));
  CHECK_THAT(refusal("1.5E+03"), Catch::Contains("exponent"));
  CHECK_THAT(refusal(""), Catch::Contains("empty"));
  CHECK_THAT(refusal("   "), Catch::Contains("empty"));
  CHECK_THAT(refusal("--5"), Catch::Contains("more than one sign"));
  CHECK_THAT(refusal("+-5"), Catch::Contains("more than one sign"));
  CHECK_THAT(refusal("(-5)"), Catch::Contains("more than one sign"));
  CHECK_THAT(refusal("-(5)"), Catch::Contains("more than one sign"));
  CHECK_THAT(refusal("-5-"), Catch::Contains("more than one sign"));
  CHECK_THAT(refusal("££5"), Catch::Contains("more than one pound sign"));
  CHECK_THAT(refusal("1,23.45"), Catch::Contains("groups of three"));
  CHECK_THAT(refusal("1234,567"), Catch::Contains("groups of three"));
  CHECK_THAT(refusal("1,2345"), Catch::Contains("groups of three"));
  CHECK_THAT(refusal(",123"), Catch::Contains("groups of three"));
  CHECK_THAT(refusal("1.2.3"), Catch::Contains("more than one decimal point"));
  CHECK_THAT(refusal("12."), Catch::Contains("followed by pence"));
  CHECK_THAT(refusal(".50"), Catch::Contains("no digits before"));
  CHECK_THAT(refusal("12 34"), Catch::Contains("unexpected character ' '"));
  CHECK_THAT(refusal("$12"), Catch::Contains("unexpected character '$'"));
  CHECK_THAT(refusal("12.3a"), Catch::Contains("unexpected character 'a'"));
  CHECK_THAT(refusal("(12"), Catch::Contains("no closing bracket"));
  CHECK_THAT(refusal("12)"), Catch::Contains("no opening bracket"));
  CHECK_THAT(refusal("92233720368547758.08"), Catch::Contains("too large"));
  CHECK(Money::parse("1e6").error().describe() ==
        "'1e6' is not an amount of money: exponent notation is not accepted [money.format]");
}

TEST_CASE("amounts are formatted for reports and for CSV") {
  CHECK(Money::from_pence(123456).to_report() == "£1,234.56");
  CHECK(Money::from_pence(-123456).to_report() == "(£1,234.56)");
  CHECK(Money::from_pence(0).to_report() == "£0.00");
  CHECK(Money::from_pence(5).to_report() == "£0.05");
  CHECK(Money::from_pence(-5).to_report() == "(£0.05)");
  CHECK(Money::from_pence(100000000).to_report() == "£1,000,000.00");
  CHECK(Money::from_pence(99999).to_report() == "£999.99");
  CHECK(Money::from_pence(123456).to_plain() == "1234.56");
  CHECK(Money::from_pence(-123456).to_plain() == "-1234.56");
  CHECK(Money::from_pence(-1).to_plain() == "-0.01");
  CHECK(Money::from_pence(std::numeric_limits<std::int64_t>::min()).to_report() == "(£92,233,720,368,547,758.08)");
}

TEST_CASE("plain and report forms read back to the same amount") {
  for (std::int64_t pence : {0LL, 1LL, -1LL, 99LL, 100LL, -100000LL, 123456789LL, 81240017LL, -999999999999LL}) {
    const Money amount = Money::from_pence(pence);
    CHECK(Money::parse(amount.to_plain())->pence() == pence);
    CHECK(Money::parse(amount.to_report())->pence() == pence);
  }
}

TEST_CASE("arithmetic is checked: an overflow is an error, never a wrap") {
  const Money largest = Money::from_pence(std::numeric_limits<std::int64_t>::max());
  const Money smallest = Money::from_pence(std::numeric_limits<std::int64_t>::min());
  CHECK((Money::from_pence(150) + Money::from_pence(-200)).pence() == -50);
  CHECK((Money::from_pence(150) - Money::from_pence(200)).pence() == -50);
  CHECK((Money::from_pence(104167) * 12).pence() == 1250004);
  CHECK(Money::from_pounds(250000).pence() == 25000000);
  CHECK_THROWS_AS(largest + Money::from_pence(1), MoneyOverflow);
  CHECK_THROWS_AS(smallest - Money::from_pence(1), MoneyOverflow);
  CHECK_THROWS_AS(-smallest, MoneyOverflow);
  CHECK_THROWS_AS(largest * 2, MoneyOverflow);
  CHECK_THROWS_AS(Money::from_pounds(std::numeric_limits<std::int64_t>::max() / 10), MoneyOverflow);
  CHECK_NOTHROW(largest + smallest);
}

TEST_CASE("a sum of many amounts is held in 128 bits") {
  const Money largest = Money::from_pence(std::numeric_limits<std::int64_t>::max());
  MoneySum sum;
  sum += largest;
  sum += largest;  // beyond 64 bits, still exact
  sum -= largest;
  CHECK(sum.total() == largest);
  sum += largest;
  CHECK_THROWS_AS(sum.total(), MoneyOverflow);

  MoneySum postings;
  for (int i = 0; i < 1'000'000; ++i) postings += Money::from_pence(123456);
  CHECK(postings.total().pence() == 123'456'000'000);
}

TEST_CASE("money times a rate is rounded to the penny by the named rule") {
  // £10.00 x 1/3 = 333.33... pence -> £3.33 under both rules
  CHECK(multiply(Money::from_pence(1000), Ratio(1, 3)).pence() == 333);
  // £562,400.17 x 62.5% = £351,500.10625 -> £351,500.11
  CHECK(multiply(Money::from_pence(56240017), Ratio(5, 8)).pence() == 35150011);
  // exact halves: 25 pence x 1/2 = 12.5 pence
  CHECK(multiply(Money::from_pence(25), Ratio(1, 2), Rounding::half_up).pence() == 13);
  CHECK(multiply(Money::from_pence(25), Ratio(1, 2), Rounding::half_even).pence() == 12);
  CHECK(multiply(Money::from_pence(35), Ratio(1, 2), Rounding::half_even).pence() == 18);
  // halves of negative amounts move away from zero under half-up, to even under half-even
  CHECK(multiply(Money::from_pence(-25), Ratio(1, 2), Rounding::half_up).pence() == -13);
  CHECK(multiply(Money::from_pence(-25), Ratio(1, 2), Rounding::half_even).pence() == -12);
  // not a half: nearest under both rules
  CHECK(multiply(Money::from_pence(-1000), Ratio(2, 3), Rounding::half_even).pence() == -667);
  // 3.5% discount factor on £1,000,000.00
  CHECK(multiply(Money::from_pounds(1000000), Ratio(35, 1000)).pence() == 3500000);
  CHECK_THROWS_AS(multiply(Money::from_pence(std::numeric_limits<std::int64_t>::max()), Ratio(3, 2)), MoneyOverflow);
}

TEST_CASE("a share is an exact ratio of two amounts") {
  using poolbook::ledger::ratio_of;
  CHECK(ratio_of(Money::from_pounds(500000), Money::from_pounds(800000)) == Ratio(5, 8));
  CHECK(ratio_of(Money::from_pence(1), Money::from_pence(3)) * 3 == 1);
}
