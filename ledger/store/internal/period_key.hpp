#pragma once
// How the SQLite journal store keeps a month: one integer, the financial year's first
// calendar year * 100 + the month of the financial year: 202507 is 2025/26 M07 (October
// 2025). Private to ledger/store.

#include <cstdint>

#include "poolbook/ledger/calendar/financial_calendar.hpp"

namespace poolbook::ledger {

inline std::int64_t period_key(const Period& period) {
  return std::int64_t{period.year().start_year()} * 100 + period.month().number();
}
inline Period period_of_key(std::int64_t key) {
  return Period(FinancialYear(static_cast<int>(key / 100)), FinancialMonth(static_cast<int>(key % 100)));
}

}  // namespace poolbook::ledger
