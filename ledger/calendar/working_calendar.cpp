#include "poolbook/ledger/calendar/working_calendar.hpp"
#include "poolbook/ledger/text/text_file.hpp"

#include "poolbook/ledger/text/internal/text_scan.hpp"

#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

#include "england_and_wales_holidays.hpp"  // generated from fixtures/calendar at build time

namespace poolbook::ledger {
namespace {

using text_scan::fixed_digits;
using text_scan::trim;

using date::sys_days;
using date::year_month_day;

// The file's limits: a holiday list is a few hundred lines at most.
constexpr std::uintmax_t kMaxHolidayFileBytes = 1024 * 1024;
constexpr int kMaxCoveredYears = 200;

Error file_error(const std::string& file_name, long line, std::string message) {
  return Error{"calendar.holidays", std::move(message), file_name, line};
}

bool is_weekend(sys_days day) {
  const date::weekday weekday{day};
  return weekday == date::Saturday || weekday == date::Sunday;
}

}  // namespace

const WorkingCalendar& WorkingCalendar::england_and_wales() {
  static const WorkingCalendar calendar = [] {
    auto parsed = WorkingCalendar::parse(generated::kEnglandAndWalesHolidays,
                                         std::string(generated::kEnglandAndWalesHolidaysFile));
    assert(parsed.ok() && "the built-in holiday list is checked at build time by the tests");
    return std::move(parsed).value();
  }();
  return calendar;
}

Result<WorkingCalendar> WorkingCalendar::load(const std::filesystem::path& file) {
  auto text = read_text_file(file, kMaxHolidayFileBytes, "the holiday list");
  if (!text) return text.error();
  return parse(*text, file.string());
}

Result<WorkingCalendar> WorkingCalendar::parse(std::string_view text, const std::string& file_name) {
  WorkingCalendar calendar;
  bool have_cover = false;
  std::vector<std::pair<long, year_month_day>> dated_lines;
  long line_number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    const std::string_view line = trim(text.substr(start, end - start));
    start = end + 1;
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("covers ")) {
      const std::string_view years = trim(line.substr(7));
      const auto space = years.find(' ');
      const auto first = fixed_digits(years.substr(0, space), 4);
      const auto last = space == std::string_view::npos ? std::nullopt : fixed_digits(trim(years.substr(space + 1)), 4);
      if (have_cover) return file_error(file_name, line_number, "the list has more than one 'covers' line");
      if (!first || !last || *first > *last || *last - *first >= kMaxCoveredYears)
        return file_error(file_name, line_number,
                          "expected 'covers FIRST LAST' with two years, e.g. 'covers 2024 2030'");
      calendar.first_year_ = *first;
      calendar.last_year_ = *last;
      have_cover = true;
      continue;
    }
    const auto space = line.find(' ');
    auto day = parse_iso_date(line.substr(0, space));
    if (!day) return file_error(file_name, line_number, day.error().message);
    const std::string name(space == std::string_view::npos ? std::string_view{} : trim(line.substr(space + 1)));
    if (name.empty()) return file_error(file_name, line_number, "the holiday on " + to_iso(*day) + " has no name");
    if (!calendar.holidays_.emplace(sys_days(*day), name).second)
      return file_error(file_name, line_number, to_iso(*day) + " is listed twice");
    dated_lines.emplace_back(line_number, *day);
  }
  if (!have_cover)
    return file_error(file_name, 0, "the list has no 'covers FIRST LAST' line saying which years it is complete for");
  for (const auto& [number, day] : dated_lines) {
    if (!calendar.covers(day))
      return file_error(file_name, number, to_iso(day) + " is outside the years the list covers");
    if (is_weekend(sys_days(day)))
      return file_error(file_name, number, to_iso(day) + " falls at a weekend; list the substitute day instead");
  }
  return calendar;
}

bool WorkingCalendar::covers(year_month_day day) const {
  const int year = static_cast<int>(day.year());
  return year >= first_year_ && year <= last_year_;
}

Error WorkingCalendar::outside(year_month_day day) const {
  return refusal("calendar.coverage", "the bank holiday list covers " + std::to_string(first_year_) + " to " +
                                          std::to_string(last_year_) + ", so poolbook cannot tell whether " +
                                          to_iso(day) + " is a working day");
}

Result<bool> WorkingCalendar::is_working_day(year_month_day day) const {
  if (!covers(day)) return outside(day);
  const sys_days when{day};
  return !is_weekend(when) && !holidays_.contains(when);
}

std::string WorkingCalendar::holiday_name(year_month_day day) const {
  const auto found = holidays_.find(sys_days(day));
  return found == holidays_.end() ? std::string{} : found->second;
}

Result<year_month_day> WorkingCalendar::next_working_day(year_month_day day) const {
  sys_days when{day};
  for (int step = 0; step <= kMaxWorkingDaysStep; ++step, when += date::days{1}) {
    auto working = is_working_day(year_month_day{when});
    if (!working) return working.error();
    if (*working) return year_month_day{when};
  }
  assert(false && "a year of holidays in a row: the list was checked on load");
  return outside(day);
}

Result<year_month_day> WorkingCalendar::add_working_days(year_month_day day, int count) const {
  if (count < 1 || count > kMaxWorkingDaysStep)
    return make_error("calendar.working_days", "a count of working days must be 1 to " +
                                                   std::to_string(kMaxWorkingDaysStep) + ", not " +
                                                   std::to_string(count));
  sys_days when{day};
  for (int found = 0; found < count;) {
    when += date::days{1};
    auto working = is_working_day(year_month_day{when});
    if (!working) return working.error();
    if (*working) ++found;
  }
  return year_month_day{when};
}

Result<year_month_day> WorkingCalendar::working_day_of_month(date::year_month month, int count) const {
  auto first = next_working_day(month / 1);
  if (!first || count == 1) return first;
  auto found = add_working_days(*first, count - 1);
  if (found && found->year() / found->month() != month)
    return make_error("calendar.working_days", "working day " + std::to_string(count) +
                                                   " would fall after the end of " + date::format("%B %Y", month / 1));
  return found;
}

Result<year_month_day> WorkingCalendar::working_day_after_month_end(const Period& period, int count) const {
  return working_day_of_month(period.next().calendar_month(), count);
}

Result<int> WorkingCalendar::working_days_between(date::year_month_day after, date::year_month_day until) const {
  constexpr int kMaxCalendarDays = 3660;  // ten years
  if (date::sys_days(until) - date::sys_days(after) > date::days(kMaxCalendarDays))
    return make_error("calendar.coverage", "working days are counted over at most ten years");
  int count = 0;
  for (date::sys_days day = date::sys_days(after) + date::days(1); day <= date::sys_days(until); day += date::days(1)) {
    auto working = is_working_day(date::year_month_day(day));
    if (!working) return working.error();
    if (*working) ++count;
  }
  return count;
}

}  // namespace poolbook::ledger
