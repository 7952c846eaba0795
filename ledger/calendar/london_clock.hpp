#pragma once
// The pool's books are kept on England's civil calendar (Europe/London, GMT in winter and
// BST in summer), whatever the time zone of the server. An entry recorded at 23:30 UTC on
// 25 October 2025 was made on 26 October in England, and a month closes at 06:00 London
// time, not UTC.
//
//   date::year_month_day today = london_date(std::chrono::system_clock::now());
//
// Uses the operating system's time zone database (Debian's tzdata). Thread-safe.

#include <chrono>
#include <string>

#include <date/date.h>

namespace poolbook::ledger {

// The calendar date in England at the given instant.
date::year_month_day london_date(std::chrono::system_clock::time_point instant);

// The instant at which the given London wall-clock time occurs on that date. A time that
// does not exist (clocks going forward) is moved forward by the gap; a time that occurs
// twice (clocks going back) is taken at its first occurrence.
std::chrono::system_clock::time_point london_instant(date::year_month_day day, std::chrono::minutes time_of_day);

// The instant as a London clock shows it, to the minute: "2025-09-05 06:00 BST".
std::string london_minute_text(std::chrono::system_clock::time_point instant);

}  // namespace poolbook::ledger
