#pragma once
// The year-end settlement as `poolbook reconcile` and `poolbook close` show it for a year's
// last month: per arrangement, the actual variance, the risk share's working, what each
// partner settles, and the sum that ties it to the variance; then the year's income and
// expenditure by partner and scheme (the annual return's figures).
#include <nlohmann/json.hpp>
#include <string>

#include "poolbook/daemon/books/month_end.hpp"

namespace poolbook::cli {

void print_settlement(const books::MonthStatement& statement);
nlohmann::json settlement_json(const books::MonthStatement& statement);
// Rows of the long CSV (section,item,arrangement,measure,value).
std::string settlement_csv(const books::MonthStatement& statement);

}  // namespace poolbook::cli
