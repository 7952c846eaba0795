#include "poolbook/ledger/calendar/london_clock.hpp"

#include <date/tz.h>

namespace poolbook::ledger {
namespace {

const date::time_zone* london() {
  static const date::time_zone* zone = date::locate_zone("Europe/London");
  return zone;
}

}  // namespace

date::year_month_day london_date(std::chrono::system_clock::time_point instant) {
  const auto local = london()->to_local(instant);
  return date::year_month_day{date::floor<date::days>(local)};
}

std::chrono::system_clock::time_point london_instant(date::year_month_day day, std::chrono::minutes time_of_day) {
  const date::local_time<std::chrono::minutes> wall{date::local_days(day).time_since_epoch() + time_of_day};
  const auto info = london()->get_info(wall);
  if (info.result == date::local_info::nonexistent) {
    // The gap (01:00-02:00 on the last Sunday of March): the wall clock jumps to 02:00.
    return info.second.begin;
  }
  // Unique or ambiguous: the first offset applies (ambiguous: the earlier, BST, instant).
  return std::chrono::system_clock::time_point{wall.time_since_epoch() - info.first.offset};
}

std::string london_minute_text(std::chrono::system_clock::time_point instant) {
  const date::zoned_time<std::chrono::minutes> local{london(), std::chrono::floor<std::chrono::minutes>(instant)};
  return date::format("%Y-%m-%d %H:%M %Z", local);
}

}  // namespace poolbook::ledger
