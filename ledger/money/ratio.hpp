#pragma once
// A Ratio is an exact fraction: a partner's share of a pool (5/8), a percentage written in
// an agreement ("62.5%"), a phasing weight (1/12), a discount rate ("0.035"). Shares and
// rates never pass through binary floating point, so 1/3 + 1/3 + 1/3 is exactly 1.
//
//   Result<Ratio> share = parse_ratio("62.5%");   // 5/8
//   format_decimal(*share * 100, 2);              // "62.5"
//   round_to_integer(Ratio(7, 2), Rounding::half_even);  // 4
//
// Guarantees: parsing is exact (no value is approximated); rounding follows the rule the
// caller names, and there is no implicit rounding anywhere.

#include <boost/multiprecision/cpp_int.hpp>
#include <string>
#include <string_view>

#include "poolbook/ledger/error.hpp"

namespace poolbook::ledger {

using BigInt = boost::multiprecision::cpp_int;
using Ratio = boost::multiprecision::cpp_rational;

// How an exact value is brought to a whole number of the unit (usually pence).
//  - half_up: exact halves move away from zero (2.5 -> 3, -2.5 -> -3). The default, as
//    finance staff and spreadsheets' ROUND() expect.
//  - half_even: exact halves go to the even neighbour (2.5 -> 2, 3.5 -> 4): banker's
//    rounding, for long series where half-up would drift.
// Values that are not exact halves go to the nearest whole number under both rules.
enum class Rounding { half_up, half_even };

// Parses "0.625", "62.5%", "5/8", "1", "-0.1". Refuses floats in exponent form, empty text,
// a zero denominator and anything else, with the reason.
Result<Ratio> parse_ratio(std::string_view text);

// Rounds an exact value to a whole number by the given rule.
BigInt round_to_integer(const Ratio& value, Rounding rule = Rounding::half_up);

// Writes the value as a decimal with at most max_decimals places (rounded half-up),
// without trailing zeros: format_decimal(Ratio(5, 8) * 100, 2) == "62.5".
std::string format_decimal(const Ratio& value, int max_decimals);

// "62.5%" for 5/8, at most max_decimals places of the percentage.
std::string format_percent(const Ratio& value, int max_decimals = 2);

}  // namespace poolbook::ledger
