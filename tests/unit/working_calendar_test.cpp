// Working days: Monday to Friday except England and Wales bank holidays, from the list in
// fixtures/calendar, which is itself checked here against the rules that make the holidays.
#include <catch2/catch.hpp>
#include <set>

#include "poolbook/ledger/calendar/working_calendar.hpp"

using namespace poolbook::ledger;
using date::sys_days;
using date::year_month_day;
using namespace date::literals;

namespace {

const WorkingCalendar& england() { return WorkingCalendar::england_and_wales(); }

year_month_day working_day_after(year_month_day day, int count) {
  auto found = england().add_working_days(day, count);
  REQUIRE(found);
  return *found;
}

year_month_day next_working(year_month_day day) {
  auto found = england().next_working_day(day);
  REQUIRE(found);
  return *found;
}

// Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
year_month_day easter_sunday(int year) {
  const int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return date::year(year) / date::month(static_cast<unsigned>(month)) / date::day(static_cast<unsigned>(day));
}

// A fixed-date holiday moved to the next weekday not already taken when it falls at a weekend.
sys_days substitute(sys_days day, const std::set<sys_days>& taken) {
  while (date::weekday{day} == date::Saturday || date::weekday{day} == date::Sunday || taken.contains(day))
    day += date::days{1};
  return day;
}

// The standard England and Wales bank holidays of a year, by the rules of the 1971 Act and
// the proclamations (no one-off holidays fall in 2024-2030).
std::set<sys_days> standard_holidays(int year) {
  const date::year y(year);
  std::set<sys_days> days;
  days.insert(substitute(sys_days(y / date::January / 1), days));
  const sys_days easter{easter_sunday(year)};
  days.insert(easter - date::days{2});
  days.insert(easter + date::days{1});
  days.insert(sys_days(y / date::May / date::Monday[1]));
  days.insert(sys_days(y / date::May / date::Monday[date::last]));
  days.insert(sys_days(y / date::August / date::Monday[date::last]));
  const sys_days christmas = substitute(sys_days(y / date::December / 25), days);
  days.insert(christmas);
  days.insert(substitute(sys_days(y / date::December / 26), days));
  return days;
}

}  // namespace

TEST_CASE("the shipped holiday list is exactly the England and Wales bank holidays for 2024-2030") {
  CHECK(england().first_year() == 2024);
  CHECK(england().last_year() == 2030);
  std::set<sys_days> expected;
  for (int year = 2024; year <= 2030; ++year) expected.merge(standard_holidays(year));
  std::set<sys_days> listed;
  for (const auto& [day, name] : england().holidays()) listed.insert(day);
  CHECK(listed == expected);
  CHECK(england().holidays().size() == 56);
  CHECK(england().holiday_name(2026_y / date::December / 28) == "Boxing Day (substitute day)");
  CHECK(england().holiday_name(2026_y / date::December / 29).empty());
}

TEST_CASE("Easter is computed and listed on the right days") {
  CHECK(easter_sunday(2025) == 2025_y / date::April / 20);
  CHECK(easter_sunday(2027) == 2027_y / date::March / 28);
  CHECK(england().holiday_name(2025_y / date::April / 18) == "Good Friday");
  CHECK(england().holiday_name(2025_y / date::April / 21) == "Easter Monday");
}

TEST_CASE("weekends and bank holidays are not working days") {
  CHECK(*england().is_working_day(2025_y / date::September / 30));        // Tuesday
  CHECK_FALSE(*england().is_working_day(2025_y / date::September / 27));  // Saturday
  CHECK_FALSE(*england().is_working_day(2025_y / date::December / 25));   // Christmas Day
  CHECK_FALSE(*england().is_working_day(2027_y / date::December / 27));   // substitute Christmas
}

TEST_CASE("a due date on a weekend or holiday moves to the next working day") {
  CHECK(next_working(2025_y / date::December / 24) == 2025_y / date::December / 24);  // Wednesday: stays
  CHECK(next_working(2025_y / date::December / 25) == 2025_y / date::December / 29);  // Thu+Fri holidays, weekend
  CHECK(next_working(2026_y / date::December / 25) == 2026_y / date::December / 29);  // Fri, Sat, Sun, Mon 28 sub
  CHECK(next_working(2027_y / date::December / 25) == 2027_y / date::December / 29);  // Sat..Tue 28 substitutes
  CHECK(next_working(2025_y / date::April / 18) == 2025_y / date::April / 22);        // Good Friday to Tuesday
  CHECK(next_working(2027_y / date::March / 26) == 2027_y / date::March / 30);        // Easter across month end
  CHECK(next_working(2028_y / date::January / 1) == 2028_y / date::January / 4);      // Sat, Sun, Mon 3 sub
}

TEST_CASE("working days are counted around Christmas and Easter") {
  // from Christmas Eve 2025 (Wed): 29, 30, 31 Dec, then 2 Jan (1 Jan is a holiday)
  CHECK(working_day_after(2025_y / date::December / 24, 1) == 2025_y / date::December / 29);
  CHECK(working_day_after(2025_y / date::December / 24, 4) == 2026_y / date::January / 2);
  // from Maundy Thursday 2025 (17 April): Good Friday and Easter Monday are skipped
  CHECK(working_day_after(2025_y / date::April / 17, 1) == 2025_y / date::April / 22);
  CHECK(working_day_after(2025_y / date::April / 17, 3) == 2025_y / date::April / 24);
  CHECK_THAT(england().add_working_days(2025_y / date::April / 17, 0).error().message,
             Catch::Contains("must be 1 to 366"));
}

TEST_CASE("working day N after month end") {
  // December 2025 closes on working day 5 of January 2026: 2, 5, 6, 7, 8 January.
  auto december = Period::parse("2025/26 M09");
  CHECK(*england().working_day_after_month_end(*december, 5) == 2026_y / date::January / 8);
  CHECK(*england().working_day_after_month_end(*december, 1) == 2026_y / date::January / 2);
  // March 2026 (M12) closes in April 2026, after Good Friday 3 and Easter Monday 6 April.
  auto march = Period::parse("2025/26 M12");
  CHECK(*england().working_day_after_month_end(*march, 1) == 2026_y / date::April / 1);
  CHECK(*england().working_day_after_month_end(*march, 3) == 2026_y / date::April / 7);
  // September 2025 closes on working day 5 of October: 1, 2, 3, 6, 7 October.
  CHECK(*england().working_day_after_month_end(*Period::parse("2025/26 M06"), 5) == 2025_y / date::October / 7);
  // December 2025 has 21 working days (25 and 26 are holidays): the 21st is the 31st.
  CHECK(*england().working_day_of_month(2025_y / date::December, 21) == 2025_y / date::December / 31);
  CHECK_THAT(england().working_day_of_month(2025_y / date::December, 22).error().message,
             Catch::Contains("after the end of December 2025"));
}

TEST_CASE("a day outside the list's years is refused, not guessed") {
  auto answer = england().is_working_day(2031_y / date::January / 2);
  REQUIRE_FALSE(answer);
  CHECK(answer.error().rule == "calendar.coverage");
  CHECK_THAT(answer.error().message, Catch::Contains("covers 2024 to 2030"));
  CHECK(england().next_working_day(2030_y / date::December / 31).ok());  // Tuesday 31 December 2030 is covered
  CHECK_FALSE(england().add_working_days(2030_y / date::December / 31, 1).ok());
}

TEST_CASE("a holiday list with mistakes is refused with file, line and reason") {
  const auto refusal = [](const char* text) {
    auto parsed = WorkingCalendar::parse(text, "holidays.txt");
    REQUIRE_FALSE(parsed);
    return parsed.error().describe();
  };
  CHECK(refusal("covers 2025 2025\n2025-12-25 Christmas Day\n2025-12-25 Christmas again\n") ==
        "holidays.txt:3: 2025-12-25 is listed twice [calendar.holidays]");
  CHECK(refusal("covers 2025 2025\n# ok\n2025-13-01 Nonsense\n") ==
        "holidays.txt:3: '2025-13-01' is not a date (write it like 2025-09-30): there is no such day "
        "[calendar.holidays]");
  CHECK_THAT(refusal("2025-12-25 Christmas Day\n"), Catch::Contains("no 'covers FIRST LAST' line"));
  CHECK_THAT(refusal("covers 2025 2025\n2026-01-01 New Year's Day\n"),
             Catch::Contains("holidays.txt:2: 2026-01-01 is outside the years the list covers"));
  CHECK_THAT(refusal("covers 2025 2025\n2025-12-27 Saturday\n"), Catch::Contains("falls at a weekend"));
  CHECK_THAT(refusal("covers 2025 2025\n2025-12-25\n"), Catch::Contains("has no name"));
  CHECK_THAT(refusal("covers 2025\n"), Catch::Contains("holidays.txt:1: expected 'covers FIRST LAST'"));
  CHECK_THAT(refusal("covers 2025 2025\ncovers 2025 2025\n"), Catch::Contains("more than one 'covers' line"));
}

TEST_CASE("a holiday list is loaded from a file, CRLF or LF") {
  auto loaded = WorkingCalendar::load(POOLBOOK_FIXTURES_DIR "/calendar/bank-holidays-england-and-wales.txt");
  REQUIRE(loaded);
  CHECK(loaded->holidays() == england().holidays());
  auto crlf = WorkingCalendar::parse("covers 2025 2025\r\n2025-12-25 Christmas Day\r\n", "crlf.txt");
  REQUIRE(crlf);
  CHECK(crlf->holiday_name(2025_y / date::December / 25) == "Christmas Day");
  auto missing = WorkingCalendar::load("/nonexistent/holidays.txt");
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.error().describe(), Catch::Contains("/nonexistent/holidays.txt: cannot read the holiday list"));
}
