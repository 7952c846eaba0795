#pragma once
// Allocation splits an amount of money into parts in proportion to weights: an annual
// contribution into twelve monthly instalments, an overspend between partners 62.5/37.5,
// a budget across twelve seasonal phasing weights, a benefit across the organisations that
// gain. It is the only way anything in poolbook is split, so every split adds up to the
// whole to the penny.
//
//   // £562,400.17 shared 62.5% / 37.5%
//   auto parts = allocate(Money::from_pence(56240017), {Ratio(5, 8), Ratio(3, 8)});
//   // parts: £351,500.11 and £210,900.06 (sum £562,400.17)
//
// The rule (largest remainder, also called Hamilton's method):
//  1. each part gets its exact share of the amount, rounded toward zero to the penny;
//  2. the pennies left over (fewer than the number of parts) go one each to the parts with
//     the largest fractional remainders;
//  3. where remainders are exactly equal, the part listed first gets the penny first.
// A negative amount is split exactly as its positive counterpart, negated, so a refund is
// split the same way as the charge it reverses.
//
// Guarantees: the parts sum exactly to the amount; every part is within one penny of its
// exact share (and equals it when the exact share is a whole number of pence); a part with
// zero weight gets exactly zero; the result depends only on the inputs.
// Limits: at most kMaxAllocationParts weights.

#include <cstddef>
#include <span>
#include <vector>

#include "poolbook/ledger/error.hpp"
#include "poolbook/ledger/money/money.hpp"
#include "poolbook/ledger/money/ratio.hpp"

namespace poolbook::ledger {

inline constexpr std::size_t kMaxAllocationParts = 100'000;

// Splits amount in proportion to weights. Weights need not sum to one (contributions in
// pounds work as weights directly). Refused, with the reason: no weights, a negative
// weight, weights that sum to zero, more than kMaxAllocationParts weights.
Result<std::vector<Money>> allocate(Money amount, std::span<const Ratio> weights);

// The same, weighted by amounts of money, e.g. partners' contributions for the year.
// Negative amounts are refused as weights.
Result<std::vector<Money>> allocate(Money amount, std::span<const Money> weights);

// Splits amount into `parts` equal shares (twelve monthly instalments); the first
// (amount mod parts) pence go one each to the earliest parts.
Result<std::vector<Money>> allocate_evenly(Money amount, std::size_t parts);

}  // namespace poolbook::ledger
