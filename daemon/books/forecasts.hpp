#pragma once
// Manual forecasts: a scheme's outturn for a year set by hand, with a reason, by a person the
// scheme of delegation allows (action manual-forecast). The month's statement then forecasts
// that scheme by it (method `manual`, with the reason and who set it), whatever the method
// asked for the others.
//
//   auto set = books::set_manual_forecast(books, "", {"S07", FinancialYear(2025), outturn, "winter surge", ""}, today);
//   auto manual = books::manual_forecasts(books, FinancialYear(2025));  // scheme -> forecast
//
// The rules (docs/month-end.md, "Manual forecasts"): the scheme has a budget for the year;
// the outturn is not negative; a reason is given; the year's last month is not closed
// (forecast.closed); the person may set forecasts under the scheme of delegation. A later
// forecast replaces an earlier one. Each is kept in the setting "forecast.YEAR.SCHEME" (in
// the audit chain) and written to the authority log, as is every refusal.

#include <map>
#include <string>

#include "poolbook/daemon/books/books.hpp"

namespace poolbook::books {

struct ManualForecastRequest {
  std::string scheme;
  ledger::FinancialYear year{0};
  ledger::Money outturn;
  std::string reason;
  std::string decision;  // cited, if the scheme of delegation needs a body's decision
};

struct ManualForecast {
  std::string scheme;
  ledger::FinancialYear year{0};
  ledger::Money outturn;
  std::string reason;
  std::string set_by;
  std::string set_on;  // ISO date
};

Result<ManualForecast> set_manual_forecast(Books& books, const std::string& as, const ManualForecastRequest& request,
                                           date::year_month_day today);

// The manual forecasts in force for a year, by scheme.
std::map<std::string, ManualForecast> manual_forecasts(Books& books, ledger::FinancialYear year);

}  // namespace poolbook::books
