#pragma once
// Dates as finance systems export them: ISO `2025-09-30` (Unit4, most CSV tools),
// `30/09/2025` (UK Excel and Oracle reports) and `30-Sep-2025` (Oracle's default). An
// import profile names which one its file uses, so `03/04/2025` is never guessed to be
// 4 March or 3 April.
//
//   parse_date("30-Sep-2025", DateFormat::day_mon_year);  // 2025-09-30

#include <optional>
#include <string_view>

#include <date/date.h>

#include "poolbook/ledger/error.hpp"

namespace poolbook::ledger {

enum class DateFormat { iso, day_month_year, day_mon_year };

// "yyyy-mm-dd", "dd/mm/yyyy", "dd-mon-yyyy": the words profiles use.
std::string_view date_format_word(DateFormat format);
std::optional<DateFormat> date_format_from_word(std::string_view word);

// Reads a date in the given format; refuses anything else, and impossible dates, with the
// reason (rule "date.format").
Result<date::year_month_day> parse_date(std::string_view text, DateFormat format);

}  // namespace poolbook::ledger
