#include "poolbook/contracts/terms/budget_phasing.hpp"

#include <vector>

#include "poolbook/contracts/terms/contribution_schedule.hpp"
#include "poolbook/ledger/money/allocation.hpp"

namespace poolbook::contracts {
namespace {

// Spreads an amount over months first..12 by their phasing weights (all in the first of
// them if those months carry no weight).
void spread_from(std::array<Money, 12>& months, const Phasing& phasing, int first, Money amount) {
  std::vector<Ratio> weights;
  for (int number = first; number <= 12; ++number) weights.push_back(phasing.weight(number));
  auto parts = ledger::allocate(amount, weights);
  if (!parts) {  // the remaining months carry no weight: the change lands in the first of them
    months[static_cast<std::size_t>(first - 1)] += amount;
    return;
  }
  for (std::size_t k = 0; k < parts->size(); ++k) months[static_cast<std::size_t>(first - 1) + k] += (*parts)[k];
}

}  // namespace

std::array<Money, 12> phase_from(const Phasing& phasing, int first, Money amount) {
  std::array<Money, 12> months{};
  spread_from(months, phasing, first, amount);
  return months;
}

Money budget_annual(const Agreement& agreement, const Scheme& scheme, FinancialYear year, std::optional<Date> as_at) {
  const auto found = scheme.budget_annual.find(year);
  Money amount = found == scheme.budget_annual.end() ? Money{} : found->second;
  for (const Variation* variation : variations_of(agreement, scheme, year, as_at)) amount += variation->change;
  return amount;
}

std::array<Money, 12> budget_phased_months(const Agreement& agreement, const Scheme& scheme, FinancialYear year,
                                           std::optional<Date> as_at) {
  std::array<Money, 12> months{};
  const auto found = scheme.budget_annual.find(year);
  if (found != scheme.budget_annual.end()) spread_from(months, scheme.phasing, 1, found->second);
  for (const Variation* variation : variations_of(agreement, scheme, year, as_at))
    spread_from(months, scheme.phasing, variation->effective_from.month().number(), variation->change);
  return months;
}

Money budget_phased(const Agreement& agreement, const Scheme& scheme, FinancialYear year, ledger::FinancialMonth month,
                    std::optional<Date> as_at) {
  return budget_phased_months(agreement, scheme, year, as_at)[static_cast<std::size_t>(month.number() - 1)];
}

}  // namespace poolbook::contracts
