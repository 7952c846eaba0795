#pragma once
// The bank check as `poolbook reconcile` and `poolbook close` show it: for each pool that
// holds money, the books' bank account (receipts less payments) beside the balance per the
// bank's own statement at the month's end, and the difference.
#include <nlohmann/json.hpp>
#include <string>

#include "poolbook/daemon/books/month_end.hpp"

namespace poolbook::cli {

void print_bank(const books::MonthStatement& statement);
nlohmann::json bank_json(const books::MonthStatement& statement);
// Rows of the long CSV (section,item,arrangement,measure,value).
std::string bank_csv(const books::MonthStatement& statement);

}  // namespace poolbook::cli
