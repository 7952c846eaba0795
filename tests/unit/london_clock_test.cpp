// The books keep England's calendar: GMT in winter, BST in summer.
#include <catch2/catch.hpp>

#include "poolbook/ledger/calendar/london_clock.hpp"

using namespace poolbook::ledger;
using namespace date::literals;
using namespace std::chrono_literals;

TEST_CASE("an instant is dated by the London calendar, not UTC") {
  // 23:30 UTC on 25 October 2025 is 00:30 BST on the 26th (clocks go back at 02:00 BST that day)
  CHECK(london_date(date::sys_days{2025_y / date::October / 25} + 23h + 30min) == 2025_y / date::October / 26);
  // 23:30 UTC on 26 October 2025 is 23:30 GMT, the same day
  CHECK(london_date(date::sys_days{2025_y / date::October / 26} + 23h + 30min) == 2025_y / date::October / 26);
  // winter: 23:59 UTC on 31 March 2025 is 00:59 BST on 1 April, the new financial year
  CHECK(london_date(date::sys_days{2025_y / date::March / 31} + 23h + 59min) == 2025_y / date::April / 1);
  CHECK(london_date(date::sys_days{2025_y / date::January / 31} + 23h + 59min) == 2025_y / date::January / 31);
}

TEST_CASE("a London wall-clock time becomes an instant, across the clock changes") {
  // 06:00 on 8 January 2026 is 06:00 UTC (GMT)
  CHECK(london_instant(2026_y / date::January / 8, 6h) == date::sys_days{2026_y / date::January / 8} + 6h);
  // 06:00 on 7 October 2025 is 05:00 UTC (BST)
  CHECK(london_instant(2025_y / date::October / 7, 6h) == date::sys_days{2025_y / date::October / 7} + 5h);
  // 01:30 on 30 March 2025 does not exist: clocks jump from 01:00 GMT to 02:00 BST = 01:00 UTC
  CHECK(london_instant(2025_y / date::March / 30, 90min) == date::sys_days{2025_y / date::March / 30} + 1h);
  // 01:30 on 26 October 2025 happens twice: the first (BST) is 00:30 UTC
  CHECK(london_instant(2025_y / date::October / 26, 90min) == date::sys_days{2025_y / date::October / 26} + 30min);
}
