// Allocation: every split in poolbook sums to the whole, to the penny, by one documented rule.
#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "poolbook/ledger/money/allocation.hpp"

using poolbook::ledger::allocate;
using poolbook::ledger::allocate_evenly;
using poolbook::ledger::Money;
using poolbook::ledger::MoneySum;
using poolbook::ledger::Ratio;

namespace {
std::vector<std::int64_t> pence_of(const std::vector<Money>& parts) {
  std::vector<std::int64_t> out;
  for (const Money& part : parts) out.push_back(part.pence());
  return out;
}
using Pence = std::vector<std::int64_t>;
}  // namespace

TEST_CASE("an overspend shared 62.5% / 37.5% sums to the penny") {
  // £562,400.17 x 5/8 = £351,500.10625 and x 3/8 = £210,900.06375: one penny left over,
  // and the larger remainder (.625 of a penny) takes it.
  const std::vector<Ratio> shares = {Ratio(5, 8), Ratio(3, 8)};
  auto parts = allocate(Money::from_pence(56240017), shares);
  REQUIRE(parts);
  CHECK(pence_of(*parts) == Pence{35150011, 21090006});
}

TEST_CASE("an annual contribution splits into twelve monthly instalments") {
  // £1,250,000.00 / 12 = £104,166.666...: eight pennies left over go to April..November.
  auto parts = allocate_evenly(Money::from_pounds(1250000), 12);
  REQUIRE(parts);
  CHECK(pence_of(*parts) == Pence{10416667, 10416667, 10416667, 10416667, 10416667, 10416667, 10416667, 10416667,
                                  10416666, 10416666, 10416666, 10416666});
}

TEST_CASE("contributions in pounds are weights as they stand") {
  // County £5,000,000.00, ICB £3,000,000.00, District £1,000,000.00 share a £100.00 variance:
  // 55.555..., 33.333..., 11.111... pounds.
  const std::vector<Money> contributions = {Money::from_pounds(5000000), Money::from_pounds(3000000),
                                            Money::from_pounds(1000000)};
  auto parts = allocate(Money::from_pounds(100), contributions);
  REQUIRE(parts);
  // exact shares in pence: 5555.55..., 3333.33..., 1111.11...; floors sum to 9999; the
  // largest remainder (.555...) takes the last penny.
  CHECK(pence_of(*parts) == Pence{5556, 3333, 1111});
}

TEST_CASE("equal remainders give the penny to the part listed first") {
  // 1 penny in three equal parts: all remainders equal, the first part takes it.
  CHECK(pence_of(*allocate_evenly(Money::from_pence(1), 3)) == Pence{1, 0, 0});
  CHECK(pence_of(*allocate_evenly(Money::from_pence(2), 3)) == Pence{1, 1, 0});
  // 5 pence 50/50: 2.5 each, the first part takes the odd penny.
  const std::vector<Ratio> halves = {Ratio(1, 2), Ratio(1, 2)};
  CHECK(pence_of(*allocate(Money::from_pence(5), halves)) == Pence{3, 2});
}

TEST_CASE("a negative amount splits as its positive twin, negated") {
  const std::vector<Ratio> shares = {Ratio(5, 8), Ratio(3, 8)};
  CHECK(pence_of(*allocate(Money::from_pence(-56240017), shares)) == Pence{-35150011, -21090006});
  CHECK(pence_of(*allocate(Money::from_pence(-5), std::vector<Ratio>{Ratio(1), Ratio(1)})) == Pence{-3, -2});
}

TEST_CASE("a zero weight gets nothing, and seasonal phasing weights need not sum to one") {
  const std::vector<Ratio> weights = {Ratio(0), Ratio(2), Ratio(1)};
  CHECK(pence_of(*allocate(Money::from_pence(100), weights)) == Pence{0, 67, 33});
  // winter-weighted phasing: 8% in each of nine months, 28%/3 in Dec-Feb... any positive weights
  const std::vector<Ratio> phasing = {Ratio(8, 100), Ratio(8, 100),  Ratio(8, 100),  Ratio(8, 100),
                                      Ratio(8, 100), Ratio(8, 100),  Ratio(8, 100),  Ratio(8, 100),
                                      Ratio(8, 100), Ratio(28, 300), Ratio(28, 300), Ratio(28, 300)};
  auto phased = allocate(Money::from_pounds(1200000), phasing);
  REQUIRE(phased);
  CHECK((*phased)[0].pence() == 9600000);
  CHECK((*phased)[9].pence() == 11200000);
}

TEST_CASE("splits that cannot be made are refused with the reason") {
  CHECK_THAT(allocate(Money::from_pence(100), std::vector<Ratio>{}).error().message,
             Catch::Contains("nothing to split"));
  CHECK_THAT(allocate(Money::from_pence(100), std::vector<Ratio>{Ratio(0), Ratio(0)}).error().message,
             Catch::Contains("add up to zero"));
  CHECK_THAT(allocate(Money::from_pence(100), std::vector<Ratio>{Ratio(1), Ratio(-1, 2)}).error().message,
             Catch::Contains("weight 2 is negative: -0.5"));
  CHECK_THAT(allocate(Money::from_pence(100), std::vector<Money>{Money::from_pence(-1)}).error().message,
             Catch::Contains("weight 1 is a negative amount: (£0.01)"));
  CHECK(allocate_evenly(Money::from_pence(100), 0).error().rule == "allocation.weights");
  CHECK_THAT(allocate_evenly(Money::from_pence(100), poolbook::ledger::kMaxAllocationParts + 1).error().message,
             Catch::Contains("the limit is 100000"));
}

TEST_CASE("allocation properties hold over thousands of random splits") {
  std::mt19937_64 random(20260401);  // fixed seed: the test is deterministic
  std::uniform_int_distribution<std::int64_t> amount_pence(-10'000'000'000LL, 10'000'000'000LL);
  std::uniform_int_distribution<int> part_count(1, 40);
  std::uniform_int_distribution<std::int64_t> numerator(0, 1'000'000);
  std::uniform_int_distribution<std::int64_t> denominator(1, 1000);
  for (int trial = 0; trial < 5000; ++trial) {
    const Money amount = Money::from_pence(amount_pence(random));
    std::vector<Ratio> weights(static_cast<std::size_t>(part_count(random)));
    for (Ratio& weight : weights) weight = Ratio(numerator(random) * (trial % 7 == 0 ? 0 : 1), denominator(random));
    weights.front() += 1;  // never all zero
    auto parts = allocate(amount, weights);
    REQUIRE(parts);
    REQUIRE(parts->size() == weights.size());

    Ratio weight_total = 0;
    for (const Ratio& weight : weights) weight_total += weight;
    MoneySum sum;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      sum += (*parts)[i];
      const Ratio exact = Ratio(amount.pence()) * weights[i] / weight_total;
      const Ratio gap = Ratio((*parts)[i].pence()) - exact;
      INFO("trial " << trial << " part " << i);
      REQUIRE(gap < 1);  // within one penny of the exact share
      REQUIRE(gap > -1);
      if (weights[i] == 0) REQUIRE((*parts)[i].is_zero());
    }
    REQUIRE(sum.total() == amount);  // the parts sum exactly to the whole
    auto again = allocate(amount, weights);
    REQUIRE(pence_of(*again) == pence_of(*parts));  // deterministic
    auto negated = allocate(-amount, weights);
    for (std::size_t i = 0; i < weights.size(); ++i) REQUIRE((*negated)[i] == -(*parts)[i]);  // symmetric
  }
}
