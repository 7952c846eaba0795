#pragma once
// A working calendar says which days finance teams work: Monday to Friday, except bank
// holidays. Agreements and closing timetables are written in working days ("instalments
// are due on the 15th, or the next working day if that is not one"; "the month is closed on
// working day 5 after month end"), so schedules are computed with this calendar.
//
//   auto calendar = WorkingCalendar::england_and_wales();
//   calendar.next_working_day(2025_y / date::December / 25);   // 2025-12-29 (Mon)
//   calendar.working_day_after_month_end(*Period::parse("2025/26 M09"), 5);
//                                                              // 2026-01-08
//
// The holidays are read from a list (fixtures/calendar/bank-holidays-england-and-wales.txt,
// built into the library; another list can be loaded from a file). The list names the
// years it is complete for, and a question about a day outside them is refused with an
// Error rather than answered with a guess.
// Thread-safety: immutable after loading; safe to share between threads.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include <date/date.h>

#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/ledger/error.hpp"

namespace poolbook::ledger {

// Working-day arithmetic never steps more than this many days: a bound on every loop.
inline constexpr int kMaxWorkingDaysStep = 366;

class WorkingCalendar {
 public:
  // The built-in England and Wales list, from fixtures/calendar/ at build time.
  static const WorkingCalendar& england_and_wales();
  // A holiday list in the documented format (docs/calendar-format.md); every problem is
  // reported with the file and line.
  static Result<WorkingCalendar> load(const std::filesystem::path& file);
  static Result<WorkingCalendar> parse(std::string_view text, const std::string& file_name);

  [[nodiscard]] int first_year() const { return first_year_; }
  [[nodiscard]] int last_year() const { return last_year_; }
  [[nodiscard]] bool covers(date::year_month_day day) const;
  [[nodiscard]] const std::map<date::sys_days, std::string>& holidays() const { return holidays_; }

  // True on a Monday-Friday that is not a bank holiday.
  [[nodiscard]] Result<bool> is_working_day(date::year_month_day day) const;
  // The holiday's name, or empty if the day is not a bank holiday.
  [[nodiscard]] std::string holiday_name(date::year_month_day day) const;
  // The day itself if it is a working day, else the next one: "or the next working day if
  // the due date falls on a weekend or holiday".
  [[nodiscard]] Result<date::year_month_day> next_working_day(date::year_month_day day) const;
  // The count-th working day after day (count >= 1), not counting day itself.
  [[nodiscard]] Result<date::year_month_day> add_working_days(date::year_month_day day, int count) const;
  // How many working days fall after `after` up to and including `until` (0 when until is
  // not after it): "working days late" for something due on `after`, judged on `until`.
  // Refused past the years the calendar covers, or for a stretch longer than ten years.
  [[nodiscard]] Result<int> working_days_between(date::year_month_day after, date::year_month_day until) const;
  // The count-th working day of a calendar month (count >= 1): working day 1 is the first.
  [[nodiscard]] Result<date::year_month_day> working_day_of_month(date::year_month month, int count) const;
  // "Working day N after month end": the N-th working day of the month after the period.
  [[nodiscard]] Result<date::year_month_day> working_day_after_month_end(const Period& period, int count) const;

 private:
  WorkingCalendar() = default;
  [[nodiscard]] Error outside(date::year_month_day day) const;

  int first_year_ = 0;
  int last_year_ = -1;
  std::map<date::sys_days, std::string> holidays_;
};

}  // namespace poolbook::ledger
