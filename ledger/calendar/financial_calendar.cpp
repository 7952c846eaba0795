#include "poolbook/ledger/calendar/financial_calendar.hpp"

#include "poolbook/ledger/text/internal/text_scan.hpp"
#include "poolbook/ledger/text/text_list.hpp"

#include <array>
#include <cassert>
#include <cstdio>
#include <optional>

namespace poolbook::ledger {
namespace {

using text_scan::fixed_digits;
using text_scan::trim;

using date::year_month_day;

Error calendar_error(std::string_view text, std::string_view what, std::string_view reason) {
  return make_error("calendar.format",
                    "'" + std::string(text) + "' is not " + std::string(what) + ": " + std::string(reason));
}

// Exactly `width` decimal digits, or nothing.
// The financial month number (1..12) of a calendar month (April is 1).
int financial_month_number(date::month calendar_month) {
  const auto calendar_number = static_cast<int>(static_cast<unsigned>(calendar_month));
  return (calendar_number + 8) % 12 + 1;
}

constexpr std::array<const char*, 12> kMonthNames = {"April",    "May",       "June",     "July",
                                                     "August",   "September", "October",  "November",
                                                     "December", "January",   "February", "March"};

// "2025/26" or "2025-26" as a financial year, checking both halves agree.
Result<FinancialYear> parse_year_text(std::string_view original, std::string_view text) {
  constexpr std::string_view what = "a financial year (write it like 2025/26)";
  if (text.size() != 7 || (text[4] != '/' && text[4] != '-'))
    return calendar_error(original, what, "expected four digits, '/' and two digits");
  const auto first = fixed_digits(text.substr(0, 4), 4);
  const auto second = fixed_digits(text.substr(5, 2), 2);
  if (!first || !second) return calendar_error(original, what, "expected four digits, '/' and two digits");
  if ((*first + 1) % 100 != *second)
    return calendar_error(original, what, "the second year must be the year after the first");
  if (*first < kFirstFinancialYear || *first > kLastFinancialYear)
    return calendar_error(original, what,
                          "only years from " + std::to_string(kFirstFinancialYear) + " to " +
                              std::to_string(kLastFinancialYear) + " are accepted");
  return FinancialYear(*first);
}

}  // namespace

// ---- FinancialYear ----

Result<FinancialYear> FinancialYear::parse(std::string_view text) { return parse_year_text(text, trim(text)); }

FinancialYear FinancialYear::containing(year_month_day day) {
  const int calendar_year = static_cast<int>(day.year());
  return FinancialYear(day.month() >= date::April ? calendar_year : calendar_year - 1);
}

year_month_day FinancialYear::first_day() const { return date::year(start_year_) / date::April / 1; }
year_month_day FinancialYear::last_day() const { return date::year(start_year_ + 1) / date::March / 31; }
bool FinancialYear::contains(year_month_day day) const { return day >= first_day() && day <= last_day(); }

std::string FinancialYear::to_string() const {
  char text[16];
  std::snprintf(text, sizeof text, "%04d/%02d", start_year_, (start_year_ + 1) % 100);
  return text;
}

// ---- FinancialMonth ----

FinancialMonth::FinancialMonth(int number) : number_(number) { assert(number >= 1 && number <= 12); }

Result<FinancialMonth> FinancialMonth::parse(std::string_view text) {
  const std::string_view body = trim(text);
  constexpr std::string_view what = "a financial month (M01 for April to M12 for March)";
  if (body.size() < 2 || body.size() > 3 || (body[0] != 'M' && body[0] != 'm'))
    return calendar_error(text, what, "expected 'M' and a month number");
  const auto number = fixed_digits(body.substr(1), body.size() - 1);
  if (!number || *number < 1 || *number > 12) return calendar_error(text, what, "the month number must be 1 to 12");
  return FinancialMonth(*number);
}

FinancialMonth FinancialMonth::of(date::month calendar_month) {
  assert(calendar_month.ok());
  return FinancialMonth(financial_month_number(calendar_month));
}

date::month FinancialMonth::calendar_month() const {
  return date::month(static_cast<unsigned>((number_ + 2) % 12 + 1));
}

Quarter FinancialMonth::quarter() const { return Quarter((number_ + 2) / 3); }

std::string FinancialMonth::to_string() const {
  char text[8];
  std::snprintf(text, sizeof text, "M%02d", number_);
  return text;
}

std::string FinancialMonth::name() const { return kMonthNames[static_cast<std::size_t>(number_ - 1)]; }

// ---- Quarter ----

Quarter::Quarter(int number) : number_(number) { assert(number >= 1 && number <= 4); }

Result<Quarter> Quarter::parse(std::string_view text) {
  const std::string_view body = trim(text);
  if (body.size() != 2 || (body[0] != 'Q' && body[0] != 'q') || body[1] < '1' || body[1] > '4')
    return calendar_error(text, "a quarter", "expected Q1, Q2, Q3 or Q4");
  return Quarter(body[1] - '0');
}

std::string Quarter::to_string() const { return "Q" + std::to_string(number_); }

// ---- Period ----

Result<Period> Period::parse(std::string_view text) {
  const std::string_view body = trim(text);
  constexpr std::string_view what = "a month (write it like 2025/26 M06 or 2025-09)";
  if (body.size() == 7 && body[4] == '-') {
    // A calendar month "2025-09": the only seven-character form with a month number.
    const auto year = fixed_digits(body.substr(0, 4), 4);
    const auto month = fixed_digits(body.substr(5, 2), 2);
    if (!year || !month) return calendar_error(text, what, "expected four digits, '-' and two digits");
    if (*month < 1 || *month > 12) return calendar_error(text, what, "the month must be 01 to 12");
    if (*year < kFirstFinancialYear || *year > kLastFinancialYear + 1)
      return calendar_error(text, what, "the year is out of range");
    return Period::of(date::year(*year) / date::month(static_cast<unsigned>(*month)));
  }
  const auto space = body.find(' ');
  if (space == std::string_view::npos) return calendar_error(text, what, "expected a year and a month");
  auto year = parse_year_text(text, body.substr(0, space));
  if (!year) {  // the year's own reason, said of the month that was asked for
    const std::string& why = year.error().message;
    const auto reason = why.find("): ");
    return calendar_error(text, what,
                          "'" + std::string(body.substr(0, space)) + "' is not a financial year like 2025/26" +
                              (reason == std::string::npos ? std::string() : ": " + why.substr(reason + 3)));
  }
  auto month = FinancialMonth::parse(body.substr(space + 1));
  if (!month) return calendar_error(text, what, "expected the month as M01 to M12 after the year");
  return Period(*year, *month);
}

Period Period::containing(year_month_day day) { return Period::of(day.year() / day.month()); }

Period Period::of(date::year_month calendar_month) {
  const auto month = FinancialMonth::of(calendar_month.month());
  return Period(FinancialYear::containing(calendar_month / 1), month);
}

QuarterPeriod Period::quarter() const { return QuarterPeriod(year_, month_.quarter()); }

date::year_month Period::calendar_month() const {
  const int calendar_year = month_.number() <= 9 ? year_.start_year() : year_.start_year() + 1;
  return date::year(calendar_year) / month_.calendar_month();
}

year_month_day Period::first_day() const { return calendar_month() / 1; }
year_month_day Period::last_day() const { return year_month_day(calendar_month() / date::last); }
bool Period::contains(year_month_day day) const { return day.year() / day.month() == calendar_month(); }

Period Period::next() const {
  return month_.number() == 12 ? Period(year_.next(), FinancialMonth(1))
                               : Period(year_, FinancialMonth(month_.number() + 1));
}

Period Period::previous() const {
  return month_.number() == 1 ? Period(year_.previous(), FinancialMonth(12))
                              : Period(year_, FinancialMonth(month_.number() - 1));
}

std::string Period::to_string() const { return year_.to_string() + " " + month_.to_string(); }

// ---- QuarterPeriod ----

Result<QuarterPeriod> QuarterPeriod::parse(std::string_view text) {
  const std::string_view body = trim(text);
  const auto space = body.find(' ');
  if (space == std::string_view::npos)
    return calendar_error(text, "a quarter of a financial year", "write it like 2025/26 Q2");
  auto year = parse_year_text(text, body.substr(0, space));
  if (!year) return year.error();
  auto quarter = Quarter::parse(body.substr(space + 1));
  if (!quarter) return calendar_error(text, "a quarter of a financial year", "expected Q1 to Q4 after the year");
  return QuarterPeriod(*year, *quarter);
}

bool QuarterPeriod::contains(year_month_day day) const { return day >= first_day() && day <= last_day(); }

std::string QuarterPeriod::to_string() const { return year_.to_string() + " " + quarter_.to_string(); }

// ---- References ----

std::string with_standard_periods(std::string_view references) {
  std::string out;
  for (const std::string& item : split_list(references)) {
    if (!out.empty()) out += ", ";
    if (auto month = Period::parse(item))
      out += month->to_string();
    else if (auto quarter = QuarterPeriod::parse(item))
      out += quarter->to_string();
    else if (auto year = FinancialYear::parse(item))
      out += year->to_string();
    else
      out += item;
  }
  return out;
}

// ---- ISO dates ----

Result<year_month_day> parse_iso_date(std::string_view text) {
  const std::string_view body = trim(text);
  constexpr std::string_view what = "a date (write it like 2025-09-30)";
  if (body.size() != 10 || body[4] != '-' || body[7] != '-') return calendar_error(text, what, "expected YYYY-MM-DD");
  const auto year = fixed_digits(body.substr(0, 4), 4);
  const auto month = fixed_digits(body.substr(5, 2), 2);
  const auto day = fixed_digits(body.substr(8, 2), 2);
  if (!year || !month || !day) return calendar_error(text, what, "expected YYYY-MM-DD");
  const year_month_day parsed{date::year(*year), date::month(static_cast<unsigned>(*month)),
                              date::day(static_cast<unsigned>(*day))};
  if (!parsed.ok()) return calendar_error(text, what, "there is no such day");
  return parsed;
}

std::string to_iso(year_month_day day) {
  // Written digit by digit: this runs for every entry imported and hashed.
  const int year = static_cast<int>(day.year());
  if (year < 0 || year > 9999) {
    char text[24];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", year, static_cast<unsigned>(day.month()),
                  static_cast<unsigned>(day.day()));
    return text;
  }
  const auto month = static_cast<unsigned>(day.month());
  const auto dd = static_cast<unsigned>(day.day());
  std::string text = "0000-00-00";
  auto digit = [](unsigned value) { return static_cast<char>('0' + value % 10); };
  const auto y = static_cast<unsigned>(year);
  text[0] = digit(y / 1000);
  text[1] = digit(y / 100);
  text[2] = digit(y / 10);
  text[3] = digit(y);
  text[5] = digit(month / 10);
  text[6] = digit(month);
  text[8] = digit(dd / 10);
  text[9] = digit(dd);
  return text;
}

}  // namespace poolbook::ledger
