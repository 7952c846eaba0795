#include "poolbook/ledger/calendar/date_format.hpp"

#include <array>
#include <string>

#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/ledger/text/internal/text_scan.hpp"

namespace poolbook::ledger {
namespace {

using text_scan::fixed_digits;
using text_scan::trim;

constexpr std::array<std::pair<DateFormat, std::string_view>, 3> kWords = {{
    {DateFormat::iso, "yyyy-mm-dd"},
    {DateFormat::day_month_year, "dd/mm/yyyy"},
    {DateFormat::day_mon_year, "dd-mon-yyyy"},
}};

constexpr std::array<std::string_view, 12> kMonthAbbreviations = {"jan", "feb", "mar", "apr", "may", "jun",
                                                                  "jul", "aug", "sep", "oct", "nov", "dec"};

std::optional<int> month_from_abbreviation(std::string_view text) {
  if (text.size() != 3) return std::nullopt;
  std::string lower(text);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  for (std::size_t i = 0; i < kMonthAbbreviations.size(); ++i)
    if (kMonthAbbreviations[i] == lower) return static_cast<int>(i + 1);
  return std::nullopt;
}

Error date_error(std::string_view text, DateFormat format, std::string_view reason) {
  return make_error("date.format", "'" + std::string(text) + "' is not a date in the form " +
                                       std::string(date_format_word(format)) + ": " + std::string(reason));
}

}  // namespace

std::string_view date_format_word(DateFormat format) {
  for (const auto& [value, word] : kWords)
    if (value == format) return word;
  return "yyyy-mm-dd";
}

std::optional<DateFormat> date_format_from_word(std::string_view word) {
  for (const auto& [value, known] : kWords)
    if (known == word) return value;
  return std::nullopt;
}

Result<date::year_month_day> parse_date(std::string_view text, DateFormat format) {
  const std::string_view body = trim(text);
  if (body.empty()) return date_error(text, format, "the date is empty");
  std::optional<int> year, month, day;
  if (format == DateFormat::iso) {
    if (body.size() != 10 || body[4] != '-' || body[7] != '-') return date_error(text, format, "the layout differs");
    year = fixed_digits(body.substr(0, 4), 4);
    month = fixed_digits(body.substr(5, 2), 2);
    day = fixed_digits(body.substr(8, 2), 2);
  } else if (format == DateFormat::day_month_year) {
    if (body.size() != 10 || body[2] != '/' || body[5] != '/') return date_error(text, format, "the layout differs");
    day = fixed_digits(body.substr(0, 2), 2);
    month = fixed_digits(body.substr(3, 2), 2);
    year = fixed_digits(body.substr(6, 4), 4);
  } else {
    if (body.size() != 11 || body[2] != '-' || body[6] != '-') return date_error(text, format, "the layout differs");
    day = fixed_digits(body.substr(0, 2), 2);
    month = month_from_abbreviation(body.substr(3, 3));
    year = fixed_digits(body.substr(7, 4), 4);
  }
  if (!year || !month || !day) return date_error(text, format, "the layout differs");
  const date::year_month_day parsed{date::year(*year), date::month(static_cast<unsigned>(*month)),
                                    date::day(static_cast<unsigned>(*day))};
  if (!parsed.ok()) return date_error(text, format, "there is no such day");
  return parsed;
}

}  // namespace poolbook::ledger
