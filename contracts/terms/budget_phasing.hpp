#pragma once
// A scheme's budget is agreed per financial year and phased across the twelve months by its
// profile: flat (a twelfth a month) or seasonal weights (more in winter for discharge
// schemes). The pool manager compares each month's spend with the phased budget. A budget
// variation effective from a month spreads its change over that month and the ones after,
// in proportion to their phasing weights; earlier months do not move.
//
//   Money september = budget_phased(agreement, *agreement.find_scheme("S07"), FinancialYear(2025),
//                                   FinancialMonth(6));
//
// Guarantees: the twelve phased amounts always sum exactly to the annual budget as varied;
// a month before a variation's effective month keeps its amount. Pure functions.

#include <array>
#include <optional>

#include "poolbook/contracts/agreement/agreement.hpp"

namespace poolbook::contracts {

// The scheme's annual budget for a year as varied by as_at (zero if it has none that year).
Money budget_annual(const Agreement& agreement, const Scheme& scheme, FinancialYear year,
                    std::optional<Date> as_at = std::nullopt);

// The budget for each month M01..M12 of the year.
std::array<Money, 12> budget_phased_months(const Agreement& agreement, const Scheme& scheme, FinancialYear year,
                                           std::optional<Date> as_at = std::nullopt);

// An amount spread over months first..12 (1-based) by the phasing's weights, to the penny
// (all of it in month `first` if those months carry no weight); months before `first` get
// nothing. How a variation effective from a month, or a virement made in one, is phased.
std::array<Money, 12> phase_from(const Phasing& phasing, int first, Money amount);

// The budget for one month.
Money budget_phased(const Agreement& agreement, const Scheme& scheme, FinancialYear year, ledger::FinancialMonth month,
                    std::optional<Date> as_at = std::nullopt);

}  // namespace poolbook::contracts
