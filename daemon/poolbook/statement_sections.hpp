#pragma once
// Sections of the month's statement as `poolbook reconcile` shows it:
// - the bank check: for each pool that holds money, the books' bank account (receipts less
//   payments) beside the balance per the bank's own statement at the month's end;
// - in a quarter's last month, the quarterly return's figures: each scheme's spend and each
//   contribution's cash, in the quarter and in the year to date.
#include <nlohmann/json.hpp>
#include <string>

#include "poolbook/daemon/books/month_end.hpp"

namespace poolbook::cli {

void print_bank(const books::MonthStatement& statement);
nlohmann::json bank_json(const books::MonthStatement& statement);
// Rows of the long CSV (section,item,arrangement,measure,value).
std::string bank_csv(const books::MonthStatement& statement);

void print_quarter(const books::MonthStatement& statement);
nlohmann::json quarter_json(const books::MonthStatement& statement);  // null outside a quarter's last month
std::string quarter_csv(const books::MonthStatement& statement);

}  // namespace poolbook::cli
