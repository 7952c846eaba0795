#include "poolbook/ledger/money/ratio.hpp"

#include "poolbook/ledger/text/internal/text_scan.hpp"

#include <cstddef>
#include <string>

namespace poolbook::ledger {
namespace {

using text_scan::is_digit;
using text_scan::trim;

Error ratio_error(std::string_view text, std::string_view reason) {
  return make_error("ratio.format", "'" + std::string(text) + "' is not a ratio or percentage: " + std::string(reason));
}

// An unsigned decimal "12.345" as an exact Ratio, or a reason it is not one.
Result<Ratio> parse_unsigned_decimal(std::string_view original, std::string_view digits) {
  if (digits.empty()) return ratio_error(original, "there is no number");
  const auto not_numeric = digits.find_first_not_of("0123456789.eE+-");
  if (not_numeric != std::string_view::npos)
    return ratio_error(original, std::string("unexpected character '") + digits[not_numeric] + "'");
  if (digits.find_first_of("eE") != std::string_view::npos)
    return ratio_error(original, "exponent notation is not accepted");
  BigInt numerator = 0;
  BigInt denominator = 1;
  bool seen_point = false;
  bool seen_digit = false;
  for (char c : digits) {
    if (c == '.') {
      if (seen_point) return ratio_error(original, "it has more than one decimal point");
      seen_point = true;
    } else if (is_digit(c)) {
      numerator = numerator * 10 + (c - '0');
      if (seen_point) denominator *= 10;
      seen_digit = true;
    } else {
      return ratio_error(original, std::string("unexpected character '") + c + "'");
    }
  }
  if (!seen_digit) return ratio_error(original, "there is no number");
  if (digits.front() == '.' || digits.back() == '.')
    return ratio_error(original, "a decimal point needs digits on both sides");
  return Ratio(numerator, denominator);
}

}  // namespace

Result<Ratio> parse_ratio(std::string_view text) {
  std::string_view body = trim(text);
  if (body.empty()) return ratio_error(text, "it is empty");
  bool negative = false;
  if (body.front() == '-' || body.front() == '+') {
    negative = body.front() == '-';
    body.remove_prefix(1);
  }
  Ratio scale = 1;
  if (!body.empty() && body.back() == '%') {
    scale = Ratio(1, 100);
    body.remove_suffix(1);
  }
  Ratio value;
  if (const auto slash = body.find('/'); slash != std::string_view::npos) {
    if (scale != 1) return ratio_error(text, "a fraction cannot also be a percentage");
    auto top = parse_unsigned_decimal(text, body.substr(0, slash));
    if (!top) return top.error();
    auto bottom = parse_unsigned_decimal(text, body.substr(slash + 1));
    if (!bottom) return bottom.error();
    if (*bottom == 0) return ratio_error(text, "the denominator is zero");
    value = *top / *bottom;
  } else {
    auto decimal = parse_unsigned_decimal(text, body);
    if (!decimal) return decimal.error();
    value = *decimal * scale;
  }
  return negative ? Ratio(-value) : value;
}

BigInt round_to_integer(const Ratio& value, Rounding rule) {
  const BigInt numerator = boost::multiprecision::numerator(value);
  const BigInt denominator = boost::multiprecision::denominator(value);  // always positive
  BigInt quotient = numerator / denominator;                             // truncates toward zero
  const BigInt remainder = numerator % denominator;                      // same sign as numerator
  const BigInt twice_remainder = abs(remainder) * 2;
  const int away = numerator < 0 ? -1 : 1;
  if (twice_remainder > denominator) return quotient + away;
  if (twice_remainder < denominator) return quotient;
  // An exact half.
  if (rule == Rounding::half_up) return quotient + away;
  return (quotient % 2 == 0) ? quotient : BigInt(quotient + away);
}

std::string format_decimal(const Ratio& value, int max_decimals) {
  assert(max_decimals >= 0 && max_decimals <= 18);
  BigInt scale = 1;
  for (int i = 0; i < max_decimals; ++i) scale *= 10;
  const BigInt scaled = round_to_integer(value * scale, Rounding::half_up);
  std::string digits = BigInt(abs(scaled)).str();
  const auto places = static_cast<std::size_t>(max_decimals);
  if (digits.size() <= places) digits.insert(0, places + 1 - digits.size(), '0');
  std::string whole = digits.substr(0, digits.size() - places);
  std::string fraction = digits.substr(digits.size() - places);
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  std::string out = scaled < 0 ? "-" + whole : whole;
  return fraction.empty() ? out : out + "." + fraction;
}

std::string format_percent(const Ratio& value, int max_decimals) {
  return format_decimal(value * 100, max_decimals) + "%";
}

}  // namespace poolbook::ledger
