// Ratios: shares, percentages and rates, exact from the text an agreement holds.
#include <catch2/catch.hpp>

#include "poolbook/ledger/money/ratio.hpp"

using poolbook::ledger::BigInt;
using poolbook::ledger::format_decimal;
using poolbook::ledger::format_percent;
using poolbook::ledger::parse_ratio;
using poolbook::ledger::Ratio;
using poolbook::ledger::round_to_integer;
using poolbook::ledger::Rounding;

TEST_CASE("percentages, decimals and fractions are read exactly") {
  CHECK(*parse_ratio("62.5%") == Ratio(5, 8));
  CHECK(*parse_ratio("0.625") == Ratio(5, 8));
  CHECK(*parse_ratio("5/8") == Ratio(5, 8));
  CHECK(*parse_ratio("1") == Ratio(1));
  CHECK(*parse_ratio("3.5%") == Ratio(7, 200));
  CHECK(*parse_ratio("0.035") == Ratio(7, 200));
  CHECK(*parse_ratio("-0.1") == Ratio(-1, 10));
  CHECK(*parse_ratio("1/12") * 12 == 1);
  CHECK(*parse_ratio("33.333333333333333333%") != Ratio(1, 3));  // exact: not one third
}

TEST_CASE("text that is not a ratio is refused with the reason") {
  CHECK_THAT(parse_ratio("1e-3").error().message, Catch::Contains("exponent"));
  CHECK_THAT(parse_ratio("").error().message, Catch::Contains("empty"));
  CHECK_THAT(parse_ratio("5/0").error().message, Catch::Contains("denominator is zero"));
  CHECK_THAT(parse_ratio("5/8%").error().message, Catch::Contains("fraction cannot also be a percentage"));
  CHECK_THAT(parse_ratio("1.2.3").error().message, Catch::Contains("more than one decimal point"));
  CHECK_THAT(parse_ratio("abc").error().message, Catch::Contains("unexpected character 'a'"));
  CHECK_THAT(parse_ratio(".5").error().message, Catch::Contains("both sides"));
  CHECK(parse_ratio("%").error().rule == "ratio.format");
}

TEST_CASE("rounding to a whole number follows the named rule") {
  CHECK(round_to_integer(Ratio(5, 2), Rounding::half_up) == 3);
  CHECK(round_to_integer(Ratio(5, 2), Rounding::half_even) == 2);
  CHECK(round_to_integer(Ratio(7, 2), Rounding::half_even) == 4);
  CHECK(round_to_integer(Ratio(-5, 2), Rounding::half_up) == -3);
  CHECK(round_to_integer(Ratio(-5, 2), Rounding::half_even) == -2);
  CHECK(round_to_integer(Ratio(-7, 2), Rounding::half_even) == -4);
  CHECK(round_to_integer(Ratio(249, 100), Rounding::half_up) == 2);
  CHECK(round_to_integer(Ratio(251, 100), Rounding::half_even) == 3);
  CHECK(round_to_integer(Ratio(-1, 3), Rounding::half_up) == 0);
  CHECK(round_to_integer(Ratio(-2, 3), Rounding::half_up) == -1);
  CHECK(round_to_integer(Ratio(1, 2), Rounding::half_even) == 0);
  CHECK(round_to_integer(Ratio(3, 2), Rounding::half_even) == 2);
  CHECK(round_to_integer(Ratio(4)) == BigInt(4));
}

TEST_CASE("ratios are written as decimals and percentages for reports") {
  CHECK(format_percent(Ratio(5, 8)) == "62.5%");
  CHECK(format_percent(Ratio(3, 8)) == "37.5%");
  CHECK(format_percent(Ratio(1, 3)) == "33.33%");
  CHECK(format_percent(Ratio(2, 3), 1) == "66.7%");
  CHECK(format_percent(Ratio(1)) == "100%");
  CHECK(format_decimal(Ratio(7, 200), 4) == "0.035");
  CHECK(format_decimal(Ratio(-1, 8), 2) == "-0.13");
  CHECK(format_decimal(Ratio(1, 1000), 2) == "0");
  CHECK(format_decimal(Ratio(123456789, 100), 2) == "1234567.89");
}

TEST_CASE("words are refused as words, not as exponents") {
  CHECK(parse_ratio("one twelfth").error().message ==
        "'one twelfth' is not a ratio or percentage: unexpected character 'o'");
}
