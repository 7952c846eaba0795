#include "poolbook/ledger/money/allocation.hpp"

#include <algorithm>
#include <numeric>
#include <string>

namespace poolbook::ledger {
namespace {

Error allocation_error(std::string message) { return make_error("allocation.weights", std::move(message)); }

// Weights over their common denominator, as whole numbers with the same proportions.
std::vector<BigInt> integer_weights(std::span<const Ratio> weights) {
  BigInt common = 1;
  for (const Ratio& weight : weights) {
    const BigInt denominator = boost::multiprecision::denominator(weight);
    common = common / boost::multiprecision::gcd(common, denominator) * denominator;
  }
  std::vector<BigInt> scaled;
  scaled.reserve(weights.size());
  for (const Ratio& weight : weights)
    scaled.push_back(boost::multiprecision::numerator(weight) * (common / boost::multiprecision::denominator(weight)));
  return scaled;
}

// Largest-remainder split of a non-negative number of pence by non-negative whole weights.
std::vector<std::int64_t> split_magnitude(const BigInt& magnitude_pence, const std::vector<BigInt>& weights,
                                          const BigInt& weight_total) {
  const std::size_t count = weights.size();
  std::vector<std::int64_t> parts(count);
  std::vector<BigInt> remainders(count);
  BigInt handed_out = 0;
  for (std::size_t i = 0; i < count; ++i) {
    BigInt quotient;
    boost::multiprecision::divide_qr(magnitude_pence * weights[i], weight_total, quotient, remainders[i]);
    parts[i] = quotient.convert_to<std::int64_t>();
    handed_out += quotient;
  }
  const auto leftover = (magnitude_pence - handed_out).convert_to<std::size_t>();
  assert(leftover < count || (leftover == 0 && count == 0));
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Largest remainder first; the earlier part first among equals.
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  for (std::size_t k = 0; k < leftover; ++k) {
    assert(remainders[order[k]] > 0);
    ++parts[order[k]];
  }
  return parts;
}

}  // namespace

Result<std::vector<Money>> allocate(Money amount, std::span<const Ratio> weights) {
  if (weights.empty()) return allocation_error("there is nothing to split " + amount.to_report() + " between");
  if (weights.size() > kMaxAllocationParts)
    return allocation_error("cannot split into " + std::to_string(weights.size()) + " parts; the limit is " +
                            std::to_string(kMaxAllocationParts));
  for (std::size_t i = 0; i < weights.size(); ++i)
    if (weights[i] < 0)
      return allocation_error("weight " + std::to_string(i + 1) + " is negative: " + format_decimal(weights[i], 6) +
                              "; shares of a split cannot be negative");
  const std::vector<BigInt> scaled = integer_weights(weights);
  const BigInt weight_total = std::accumulate(scaled.begin(), scaled.end(), BigInt(0));
  if (weight_total == 0)
    return allocation_error("the weights add up to zero, so " + amount.to_report() + " cannot be split by them");

  // Split the magnitude and restore the sign, so a negative amount splits symmetrically.
  const BigInt magnitude(amount.abs().pence());  // abs() throws MoneyOverflow for the one amount with no positive twin
  const std::vector<std::int64_t> parts_pence = split_magnitude(magnitude, scaled, weight_total);
  std::vector<Money> parts;
  parts.reserve(parts_pence.size());
  for (std::int64_t part_pence : parts_pence)
    parts.push_back(amount.is_negative() ? -Money::from_pence(part_pence) : Money::from_pence(part_pence));
  return parts;
}

Result<std::vector<Money>> allocate(Money amount, std::span<const Money> weights) {
  std::vector<Ratio> as_ratios;
  as_ratios.reserve(weights.size());
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i].is_negative())
      return allocation_error("weight " + std::to_string(i + 1) + " is a negative amount: " + weights[i].to_report() +
                              "; shares of a split cannot be negative");
    as_ratios.emplace_back(weights[i].pence());
  }
  return allocate(amount, as_ratios);
}

Result<std::vector<Money>> allocate_evenly(Money amount, std::size_t parts) {
  const std::vector<Ratio> equal(parts, Ratio(1));
  return allocate(amount, equal);
}

}  // namespace poolbook::ledger
