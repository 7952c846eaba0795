// `poolbook calendar 2025/26 [--close-working-day 5] [--holidays FILE] [--json]`
//
// Prints each month of the financial year: its dates, quarter, working days and the day it
// closes ("working day N after month end"), and the bank holidays that fall in it.
#include <iostream>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "exit_status.hpp"
#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/ledger/calendar/working_calendar.hpp"
#include "text_table.hpp"

namespace poolbook::cli {
namespace {

using ledger::Period;
using ledger::WorkingCalendar;

struct CalendarOptions {
  std::string year_text;
  int close_working_day = 5;
  std::string holidays_file;
  bool json = false;
};

struct MonthRow {
  Period period;
  int working_days = 0;
  date::year_month_day close_day;
  std::vector<std::string> holidays;  // "2025-12-25 Christmas Day"
};

Result<MonthRow> month_row(const WorkingCalendar& calendar, const Period& period, int close_working_day) {
  MonthRow row{period, 0, {}, {}};
  for (date::sys_days day{period.first_day()}; day <= date::sys_days{period.last_day()}; day += date::days{1}) {
    auto working = calendar.is_working_day(day);
    if (!working) return working.error();
    if (*working) ++row.working_days;
    if (auto name = calendar.holiday_name(day); !name.empty()) row.holidays.push_back(ledger::to_iso(day) + " " + name);
  }
  auto close = calendar.working_day_after_month_end(period, close_working_day);
  if (!close) return close.error();
  row.close_day = *close;
  return row;
}

void print_table(const ledger::FinancialYear& year, const std::vector<MonthRow>& rows, int close_working_day) {
  std::cout << "Financial year " << year.to_string() << " (" << ledger::to_iso(year.first_day()) << " to "
            << ledger::to_iso(year.last_day()) << "); each month closes on working day " << close_working_day
            << " after month end\n\n";
  TextTable table({"month", "quarter", "calendar month", "working days", "closes on", "bank holidays"},
                  {Align::left, Align::left, Align::left, Align::right, Align::left, Align::left});
  for (const MonthRow& row : rows) {
    const auto calendar_year = static_cast<int>(row.period.calendar_month().year());
    std::string holidays;
    for (const std::string& holiday : row.holidays) holidays += (holidays.empty() ? "" : "; ") + holiday;
    table.add_row({row.period.month().to_string(), row.period.month().quarter().to_string(),
                   row.period.month().name() + " " + std::to_string(calendar_year), std::to_string(row.working_days),
                   date::format("%a %Y-%m-%d", date::sys_days{row.close_day}), holidays});
  }
  std::cout << table.render();
}

void print_json(const ledger::FinancialYear& year, const std::vector<MonthRow>& rows, int close_working_day) {
  nlohmann::json months = nlohmann::json::array();
  for (const MonthRow& row : rows) {
    months.push_back({{"period", row.period.to_string()},
                      {"quarter", row.period.quarter().to_string()},
                      {"first_day", ledger::to_iso(row.period.first_day())},
                      {"last_day", ledger::to_iso(row.period.last_day())},
                      {"working_days", row.working_days},
                      {"close_day", ledger::to_iso(row.close_day)},
                      {"bank_holidays", row.holidays}});
  }
  nlohmann::json out = {{"year", year.to_string()}, {"close_working_day", close_working_day}, {"months", months}};
  std::cout << out.dump(2) << '\n';
}

int run_calendar(const CalendarOptions& options) {
  auto year = ledger::FinancialYear::parse(options.year_text);
  if (!year) return report_error("calendar", year.error());
  std::optional<WorkingCalendar> loaded;
  if (!options.holidays_file.empty()) {
    auto from_file = WorkingCalendar::load(options.holidays_file);
    if (!from_file) return report_error("calendar", from_file.error());
    loaded = std::move(from_file).value();
  }
  const WorkingCalendar& calendar = loaded ? *loaded : WorkingCalendar::england_and_wales();
  std::vector<MonthRow> rows;
  for (int number = 1; number <= 12; ++number) {
    auto row = month_row(calendar, Period(*year, ledger::FinancialMonth(number)), options.close_working_day);
    if (!row) return report_error("calendar", row.error());
    rows.push_back(std::move(row).value());
  }
  if (options.json)
    print_json(*year, rows, options.close_working_day);
  else
    print_table(*year, rows, options.close_working_day);
  return kDone;
}

}  // namespace

void add_calendar_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CalendarOptions>();
  CLI::App* command = app.add_subcommand("calendar", "Months, quarters and closing days of a financial year");
  command->add_option("year", options->year_text, "Financial year, e.g. 2025/26")->required();
  command->add_option("--close-working-day", options->close_working_day, "Close on working day N after month end")
      ->check(CLI::Range(1, 20));
  command->add_option("--holidays", options->holidays_file, "Bank holiday list (default: England and Wales)");
  command->add_flag("--json", options->json, "Print JSON");
  command->callback([options, &exit_code] { exit_code = run_calendar(*options); });
}

}  // namespace poolbook::cli
