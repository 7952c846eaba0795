// `poolbook forecast set SCHEME --year YEAR --outturn AMOUNT --reason TEXT [--decision ID]`
// and `poolbook forecast list --year YEAR`
//
// A scheme's outturn for a year set by hand, with its reason, by a person the scheme of
// delegation allows (action manual-forecast); the month-end statement forecasts that scheme
// by it (docs/month-end.md, "Manual forecasts").
#include <chrono>
#include <iostream>
#include <memory>

#include "arguments.hpp"
#include "commands.hpp"
#include "exit_status.hpp"
#include "open_books.hpp"
#include "poolbook/daemon/books/forecasts.hpp"
#include "poolbook/ledger/calendar/london_clock.hpp"
#include "text_table.hpp"

namespace poolbook::cli {
namespace {

struct ForecastOptions {
  std::string store = books::kDefaultStorePath;
  std::string scheme;
  std::string year;
  std::string outturn;
  std::string reason;
  std::string decision;
  std::string actor;
};

int run_set(const ForecastOptions& options) {
  auto year = ledger::FinancialYear::parse(options.year);
  if (!year) return report_error("forecast set", year.error());
  auto outturn = ledger::Money::parse(options.outturn);
  if (!outturn) return report_error("forecast set", outturn.error());
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("forecast set", opened.error());
  auto set = books::set_manual_forecast(*opened, options.actor,
                                        {options.scheme, *year, *outturn, options.reason, options.decision},
                                        ledger::london_date(std::chrono::system_clock::now()));
  if (!set) return report_error("forecast set", set.error());
  std::cout << "forecast " << set->scheme << " for " << set->year.to_string() << " at " << set->outturn.to_report()
            << " (set by " << set->set_by << " on " << set->set_on << ": " << set->reason << ")\n";
  return kDone;
}

int run_list(const ForecastOptions& options) {
  auto year = ledger::FinancialYear::parse(options.year);
  if (!year) return report_error("forecast list", year.error());
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("forecast list", opened.error());
  TextTable table({"scheme", "outturn", "set by", "on", "reason"},
                  {Align::left, Align::right, Align::left, Align::left, Align::left});
  const auto manual = books::manual_forecasts(*opened, *year);
  for (const auto& [scheme, forecast] : manual)
    table.add_row({scheme, forecast.outturn.to_report(), forecast.set_by, forecast.set_on, forecast.reason});
  std::cout << table.render() << manual.size() << " manual forecast(s) for " << year->to_string() << "\n";
  return kDone;
}

}  // namespace

void add_forecast_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ForecastOptions>();
  CLI::App* forecast = app.add_subcommand("forecast", "Manual forecasts of a scheme's outturn, with their reasons");
  forecast->require_subcommand(1);
  CLI::App* set = forecast->add_subcommand("set", "Set a scheme's forecast outturn for a year by hand, with a reason");
  set->add_option("scheme", options->scheme, "The scheme, e.g. S07")->required();
  set->add_option("--year", options->year, "The financial year, e.g. 2025/26")->required();
  set->add_option("--outturn", options->outturn, "The forecast spend for the year, e.g. 5600000.00")->required();
  set->add_option("--reason", options->reason, "Why (shown with the forecast on every statement)")->required();
  set->add_option("--decision", options->decision,
                  "The decision it is set under, if the scheme of delegation needs one");
  set->add_option("--store", options->store, "The books")->capture_default_str();
  set->add_option("--as", options->actor, kAsHelp);
  set->footer(
      "Example: poolbook forecast set S07 --year 2025/26 --outturn 5600000.00 --reason \"winter surge\" --store "
      "nsh.db");
  set->callback([options, &exit_code] { exit_code = run_set(*options); });
  CLI::App* list = forecast->add_subcommand("list", "The manual forecasts in force for a year");
  list->add_option("--year", options->year, "The financial year, e.g. 2025/26")->required();
  list->add_option("--store", options->store, "The books")->capture_default_str();
  list->footer("Example: poolbook forecast list --year 2025/26 --store nsh.db");
  list->callback([options, &exit_code] { exit_code = run_list(*options); });
}

}  // namespace poolbook::cli
