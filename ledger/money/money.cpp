#include "poolbook/ledger/money/money.hpp"

#include "poolbook/ledger/text/internal/text_scan.hpp"

#include <cstddef>
#include <limits>
#include <string>

namespace poolbook::ledger {
namespace {

using text_scan::is_digit;
using text_scan::trim;

constexpr std::string_view kPoundSign = "\xC2\xA3";  // "£" in UTF-8
constexpr std::int64_t kMaxPence = std::numeric_limits<std::int64_t>::max();

Error money_error(std::string_view text, std::string_view reason) {
  return make_error("money.format", "'" + std::string(text) + "' is not an amount of money: " + std::string(reason));
}

// The sign and currency decorations around the number, peeled off one at a time so that
// "two signs" is detected wherever the second one is.
struct Decorations {
  int signs = 0;
  bool negative = false;
  bool pound = false;
};

// Removes an optional leading/trailing sign or pound sign. Returns a reason on a problem.
std::string peel(std::string_view& body, Decorations& found) {
  for (;;) {
    if (body.starts_with(kPoundSign)) {
      if (found.pound) return "it has more than one pound sign";
      found.pound = true;
      body.remove_prefix(kPoundSign.size());
    } else if (!body.empty() && (body.front() == '-' || body.front() == '+')) {
      ++found.signs;
      found.negative = found.negative != (body.front() == '-');
      body.remove_prefix(1);
    } else {
      break;
    }
  }
  if (!body.empty() && body.back() == '-') {  // SAP writes credits as 1234.56-
    ++found.signs;
    found.negative = !found.negative;
    body.remove_suffix(1);
  }
  if (found.signs > 1) return "it has more than one sign";
  if (body.find_first_of("()") != std::string_view::npos)
    return found.signs > 0 ? "it has more than one sign" : "brackets must enclose the whole amount";
  return {};
}

// Checks digit groups "1,234,567" and returns the digits without commas, or a reason.
std::string whole_digits(std::string_view whole, std::string& reason) {
  std::string digits;
  if (whole.empty()) {
    reason = "there are no digits before the decimal point";
    return {};
  }
  const bool grouped = whole.find(',') != std::string_view::npos;
  std::size_t group_length = 0;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    const char c = whole[i];
    if (is_digit(c)) {
      digits.push_back(c);
      ++group_length;
    } else if (c == ',') {
      const bool first_group = digits.size() == group_length;
      if (group_length == 0 || group_length > 3 || (!first_group && group_length != 3)) {
        reason = "thousands separators must separate groups of three digits";
        return {};
      }
      group_length = 0;
    } else {
      reason = std::string("unexpected character '") + c + "'";
      return {};
    }
  }
  if (grouped && group_length != 3) {
    reason = "thousands separators must separate groups of three digits";
    return {};
  }
  return digits;
}

// A reason for characters that show the text is some other number format.
std::string foreign_format(std::string_view body) {
  if (body.find_first_of("eE") != std::string_view::npos) return "exponent notation is not accepted";
  const auto point = body.find('.');
  if (point != std::string_view::npos && body.find(',', point) != std::string_view::npos)
    return "a comma after the decimal point looks like European format (1.234,56), which is not "
           "accepted";
  if (point != std::string_view::npos && body.find('.', point + 1) != std::string_view::npos)
    return "it has more than one decimal point";
  return {};
}

}  // namespace

Money Money::from_pounds(std::int64_t amount_pounds) { return Money::from_pence(100) * amount_pounds; }

Result<Money> Money::parse(std::string_view text) {
  std::string_view body = trim(text);
  if (body.empty()) return money_error(text, "the amount is empty");

  Decorations found;
  const bool bracketed = body.front() == '(';
  if (bracketed) {
    if (body.back() != ')') return money_error(text, "an opening bracket has no closing bracket");
    body = trim(body.substr(1, body.size() - 2));
    found.signs = 1;
    found.negative = true;
  } else if (body.back() == ')') {
    if (body.find('(') != std::string_view::npos) return money_error(text, "it has more than one sign");
    return money_error(text, "a closing bracket has no opening bracket");
  }
  if (auto reason = peel(body, found); !reason.empty()) return money_error(text, reason);
  if (auto reason = foreign_format(body); !reason.empty()) return money_error(text, reason);

  const auto point = body.find('.');
  const std::string_view whole = body.substr(0, point);
  std::string_view fraction;
  if (point != std::string_view::npos) {
    fraction = body.substr(point + 1);
    if (fraction.empty()) return money_error(text, "a decimal point must be followed by pence");
    if (fraction.size() > 2)
      return money_error(text, "it has more than two decimal places (a penny is the smallest unit)");
    for (char c : fraction)
      if (!is_digit(c)) return money_error(text, std::string("unexpected character '") + c + "'");
  }
  std::string reason;
  const std::string digits = whole_digits(whole, reason);
  if (!reason.empty()) return money_error(text, reason);

  std::int64_t amount_pence = 0;
  std::string all_digits = digits + std::string(fraction) + std::string(2 - fraction.size(), '0');
  for (char c : all_digits) {
    const std::int64_t digit = c - '0';
    if (amount_pence > (kMaxPence - digit) / 10)
      return money_error(text, "it is too large to hold (more than £92 trillion)");
    amount_pence = amount_pence * 10 + digit;
  }
  return Money::from_pence(found.negative ? -amount_pence : amount_pence);
}

Money Money::abs() const { return is_negative() ? -*this : *this; }

Money Money::operator-() const {
  if (amount_pence_ == std::numeric_limits<std::int64_t>::min())
    throw MoneyOverflow("money overflow: cannot negate the smallest amount");
  return Money(-amount_pence_);
}

Money& Money::operator+=(Money other) {
  if (__builtin_add_overflow(amount_pence_, other.amount_pence_, &amount_pence_))
    throw MoneyOverflow("money overflow in addition");
  return *this;
}

Money& Money::operator-=(Money other) {
  if (__builtin_sub_overflow(amount_pence_, other.amount_pence_, &amount_pence_))
    throw MoneyOverflow("money overflow in subtraction");
  return *this;
}

Money operator*(Money amount, std::int64_t count) {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(amount.amount_pence_, count, &product))
    throw MoneyOverflow("money overflow in multiplication");
  return Money(product);
}

namespace {

// "1,234,567" from "1234567".
std::string group_digits(const std::string& digits) {
  std::string out;
  const std::size_t first = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i >= first && (i - first) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// Pounds and pence of the magnitude, as digit strings; safe for the most negative value.
std::pair<std::string, std::string> pounds_and_pence(std::int64_t amount_pence) {
  const std::uint64_t magnitude = amount_pence < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(amount_pence)
                                                   : static_cast<std::uint64_t>(amount_pence);
  std::string pence = std::to_string(magnitude % 100);
  if (pence.size() == 1) pence.insert(pence.begin(), '0');
  return {std::to_string(magnitude / 100), pence};
}

}  // namespace

std::string group_thousands(std::int64_t whole) {
  const std::uint64_t magnitude =
      whole < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(whole) : static_cast<std::uint64_t>(whole);
  return (whole < 0 ? "-" : "") + group_digits(std::to_string(magnitude));
}

std::string Money::to_report() const {
  const auto [pounds, pence] = pounds_and_pence(amount_pence_);
  std::string body = std::string(kPoundSign) + group_digits(pounds) + "." + pence;
  return is_negative() ? "(" + body + ")" : body;
}

std::string Money::to_plain() const {
  const auto [pounds, pence] = pounds_and_pence(amount_pence_);
  return (is_negative() ? "-" : "") + pounds + "." + pence;
}

Money multiply(Money amount, const Ratio& ratio, Rounding rule) {
  const BigInt rounded = round_to_integer(Ratio(amount.pence()) * ratio, rule);
  if (rounded > std::numeric_limits<std::int64_t>::max() || rounded < std::numeric_limits<std::int64_t>::min())
    throw MoneyOverflow("money overflow in multiplication by a ratio");
  return Money::from_pence(rounded.convert_to<std::int64_t>());
}

Ratio ratio_of(Money numerator, Money denominator) {
  assert(!denominator.is_zero());
  return Ratio(numerator.pence(), denominator.pence());
}

MoneySum& MoneySum::operator+=(Money amount) {
  total_pence_ += amount.pence();
  return *this;
}

MoneySum& MoneySum::operator-=(Money amount) {
  total_pence_ -= amount.pence();
  return *this;
}

Money MoneySum::total() const {
  if (total_pence_ > std::numeric_limits<std::int64_t>::max() ||
      total_pence_ < std::numeric_limits<std::int64_t>::min())
    throw MoneyOverflow("money overflow: the sum does not fit in one amount");
  return Money::from_pence(total_pence_.convert_to<std::int64_t>());
}

}  // namespace poolbook::ledger
