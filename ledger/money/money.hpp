#pragma once
// Money is an amount of pounds sterling, held as a whole number of pence. Every figure in
// poolbook (a contribution, a draw, a variance, a risk-share liability) is Money, and no
// Money ever passes through binary floating point.
//
//   Money draw = *Money::parse("(1,234.56)");      // -123456 pence, as a ledger exports it
//   Money share = multiply(draw, Ratio(5, 8));     // half-up to the penny
//   draw.to_report();                              // "(£1,234.56)"
//   draw.to_plain();                               // "-1234.56"
//
// Guarantees: arithmetic is checked, and an overflow throws MoneyOverflow instead of
// wrapping; multiplying by a ratio always names its rounding rule (half-up by default);
// MoneySum accumulates any number of amounts in 128 bits without overflow. Splitting an
// amount into parts is never done here: use allocate() in allocation.hpp, which makes the
// parts add up to the whole.
// Thread-safety: a value type; safe to share between threads.

#include <compare>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <boost/multiprecision/cpp_int.hpp>

#include "poolbook/ledger/error.hpp"
#include "poolbook/ledger/money/ratio.hpp"

namespace poolbook::ledger {

// Thrown when a Money result would not fit in 64 bits of pence (about £92 trillion).
class MoneyOverflow : public std::overflow_error {
 public:
  using std::overflow_error::overflow_error;
};

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money from_pence(std::int64_t amount_pence) { return Money(amount_pence); }
  // Whole pounds: Money::from_pounds(250000) is £250,000.00. Throws MoneyOverflow if too big.
  static Money from_pounds(std::int64_t amount_pounds);

  // Reads an amount the way finance exports write it:
  //   1234.56   -1234.56   +1234.56   1234.5   1234   1,234.56   £1,234.56   -£1,234.56
  //   (1,234.56)   (£1,234.56)   1234.56-  (SAP's trailing minus)
  // Surrounding spaces are ignored. Anything else is refused with the reason: a European
  // format such as 1.234,56, more than two decimal places (12.345), exponents (1e6), an
  // empty field, more than one sign, misplaced thousands separators, any other character,
  // or a value too large to hold.
  static Result<Money> parse(std::string_view text);

  [[nodiscard]] constexpr std::int64_t pence() const { return amount_pence_; }
  [[nodiscard]] constexpr bool is_zero() const { return amount_pence_ == 0; }
  [[nodiscard]] constexpr bool is_negative() const { return amount_pence_ < 0; }
  [[nodiscard]] constexpr bool is_positive() const { return amount_pence_ > 0; }
  [[nodiscard]] Money abs() const;

  // "£1,234.56" and, for negatives, the accountant's "(£1,234.56)". Zero is "£0.00".
  [[nodiscard]] std::string to_report() const;
  // "1234.56" and "-1234.56": for CSV and JSON, read back exactly by parse().
  [[nodiscard]] std::string to_plain() const;

  Money operator-() const;
  Money& operator+=(Money other);
  Money& operator-=(Money other);
  friend Money operator+(Money a, Money b) { return a += b; }
  friend Money operator-(Money a, Money b) { return a -= b; }
  // A count of identical amounts, e.g. 12 monthly instalments of £100.00.
  friend Money operator*(Money amount, std::int64_t count);
  friend Money operator*(std::int64_t count, Money amount) { return amount * count; }

  friend constexpr auto operator<=>(Money a, Money b) = default;
  friend constexpr bool operator==(Money a, Money b) = default;

 private:
  constexpr explicit Money(std::int64_t amount_pence) : amount_pence_(amount_pence) {}
  std::int64_t amount_pence_ = 0;
};

// amount x ratio, rounded to the penny by the named rule: multiply(£10.00, 1/3) = £3.33.
// Throws MoneyOverflow if the product does not fit.
Money multiply(Money amount, const Ratio& ratio, Rounding rule = Rounding::half_up);

// A whole number with thousands separators, as a report prints counts: 61280 -> "61,280".
std::string group_thousands(std::int64_t whole);

// The exact quotient a/b as a Ratio (for shares: a partner's contribution over the total).
// b must not be zero (a programmer error).
Ratio ratio_of(Money numerator, Money denominator);

// The largest amount one posting, contribution, budget or instalment may hold:
// £999,999,999,999.99, a thousand times any pooled budget in England. Below it, even the
// sum of 92,000 such postings fits in the 64 bits of pence the books store, and a stored
// balance is checked before it is written, so no figure can wrap round.
inline constexpr Money kLargestAmount = Money::from_pence(99'999'999'999'999);

// Adds up any number of amounts in 128 bits: a year of millions of postings cannot
// overflow the running total. total() converts back to Money and throws MoneyOverflow only
// if the final sum itself does not fit.
class MoneySum {
 public:
  MoneySum& operator+=(Money amount);
  MoneySum& operator-=(Money amount);
  [[nodiscard]] Money total() const;
  [[nodiscard]] const boost::multiprecision::checked_int128_t& total_pence_wide() const { return total_pence_; }

 private:
  boost::multiprecision::checked_int128_t total_pence_ = 0;
};

}  // namespace poolbook::ledger
