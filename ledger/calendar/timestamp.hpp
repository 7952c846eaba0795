#pragma once
// A Timestamp says when something was recorded in the books (a decision, a line of the
// authority log, a quarantined row's resolution): a moment to the second, in UTC, written
// as ISO 8601 with a Z, which sorts as text in time order.
//
//   Timestamp at = timestamp_now();
//   timestamp_iso(at);                                  // "2025-10-16T09:30:00Z"
//   parse_timestamp_iso("2025-10-16T09:30:00Z");        // the same moment
//
// Days that matter to the agreement (due dates, decision dates) are date::year_month_day,
// not Timestamps: a month-end is a London calendar day, not a UTC instant.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace poolbook::ledger {

using Timestamp = std::chrono::sys_seconds;

// The clock every record's time is read from: the system's, unless a program fixed it. Only
// poolbookd --now fixes it (a test's or a rehearsal's run is then the same to the byte, however
// long it takes); the fix holds for the whole process until cleared with nullopt.
Timestamp timestamp_now();
void fix_clock(std::optional<Timestamp> at);
std::string timestamp_iso(Timestamp at);
// nullopt unless the text is exactly "YYYY-MM-DDTHH:MM:SSZ".
std::optional<Timestamp> parse_timestamp_iso(std::string_view text);

}  // namespace poolbook::ledger
