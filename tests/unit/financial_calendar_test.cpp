// The financial calendar: 1 April to 31 March, M01 (April) to M12 (March), Q1 to Q4.
#include <catch2/catch.hpp>

#include "poolbook/ledger/calendar/date_format.hpp"
#include "poolbook/ledger/calendar/financial_calendar.hpp"

using namespace poolbook::ledger;
using date::year_month_day;
using namespace date::literals;

TEST_CASE("every month of three financial years maps to its calendar month and back") {
  // M01..M12 are April..March; M10..M12 fall in the second calendar year.
  const unsigned calendar_months[12] = {4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3};
  for (int start : {2024, 2025, 2026}) {
    const FinancialYear year(start);
    for (int number = 1; number <= 12; ++number) {
      const Period period(year, FinancialMonth(number));
      const date::year_month expected{date::year(number <= 9 ? start : start + 1),
                                      date::month(calendar_months[number - 1])};
      INFO(period.to_string());
      CHECK(period.calendar_month() == expected);
      CHECK(Period::of(expected) == period);
      CHECK(Period::containing(period.first_day()) == period);
      CHECK(Period::containing(period.last_day()) == period);
      CHECK(FinancialYear::containing(period.first_day()) == year);
      CHECK(period.contains(period.last_day()));
      CHECK_FALSE(period.contains(year_month_day{date::sys_days{period.last_day()} + date::days{1}}));
      CHECK(period.month().quarter().number() == (number + 2) / 3);
      CHECK(*Period::parse(period.to_string()) == period);
    }
  }
}

TEST_CASE("the year runs from 1 April to 31 March") {
  const FinancialYear year(2025);
  CHECK(year.to_string() == "2025/26");
  CHECK(year.first_day() == 2025_y / date::April / 1);
  CHECK(year.last_day() == 2026_y / date::March / 31);
  CHECK(FinancialYear::containing(2025_y / date::March / 31) == FinancialYear(2024));
  CHECK(FinancialYear::containing(2025_y / date::April / 1) == FinancialYear(2025));
  CHECK(FinancialYear(1999).to_string() == "1999/00");
  CHECK(year.next().to_string() == "2026/27");
  CHECK(year.previous().to_string() == "2024/25");
}

TEST_CASE("quarters start in April, July, October and January") {
  const FinancialYear year(2025);
  const QuarterPeriod q1(year, Quarter(1)), q2(year, Quarter(2)), q3(year, Quarter(3)), q4(year, Quarter(4));
  CHECK(q1.first_day() == 2025_y / date::April / 1);
  CHECK(q1.last_day() == 2025_y / date::June / 30);
  CHECK(q2.first_day() == 2025_y / date::July / 1);
  CHECK(q2.last_day() == 2025_y / date::September / 30);
  CHECK(q3.first_day() == 2025_y / date::October / 1);
  CHECK(q3.last_day() == 2025_y / date::December / 31);
  CHECK(q4.first_day() == 2026_y / date::January / 1);
  CHECK(q4.last_day() == 2026_y / date::March / 31);
  CHECK(q2.to_string() == "2025/26 Q2");
  CHECK(*QuarterPeriod::parse("2025/26 Q2") == q2);
  CHECK(Period::containing(2025_y / date::September / 30).quarter() == q2);
  CHECK(Period::containing(2025_y / date::October / 1).quarter() == q3);
  CHECK(q4.contains(2026_y / date::March / 31));
  CHECK_FALSE(q4.contains(2026_y / date::April / 1));
  CHECK(Period::parse("2025/26 M06")->is_quarter_end());
  CHECK_FALSE(Period::parse("2025/26 M07")->is_quarter_end());
  CHECK(Period::parse("2025/26 M12")->is_year_end());
}

TEST_CASE("February's last day follows leap years") {
  CHECK(Period::parse("2023/24 M11")->last_day() == 2024_y / date::February / 29);  // 2024 is a leap year
  CHECK(Period::parse("2024/25 M11")->last_day() == 2025_y / date::February / 28);
  CHECK(Period::parse("2027/28 M11")->last_day() == 2028_y / date::February / 29);
  CHECK(Period::parse("2099/00 M11")->last_day() == 2100_y / date::February / 28);  // 2100 is not
  CHECK(Period::containing(2024_y / date::February / 29).to_string() == "2023/24 M11");
  CHECK_FALSE(parse_iso_date("2025-02-29").ok());
  CHECK(parse_iso_date("2024-02-29").ok());
}

TEST_CASE("periods step across year ends and order chronologically") {
  const Period march = *Period::parse("2025/26 M12");
  CHECK(march.next().to_string() == "2026/27 M01");
  CHECK(march.next().previous() == march);
  CHECK(*Period::parse("2025/26 M09") < *Period::parse("2025/26 M10"));
  CHECK(*Period::parse("2024/25 M12") < *Period::parse("2025/26 M01"));
}

TEST_CASE("years, months and periods are read in the forms people write them") {
  CHECK(FinancialYear::parse("2025/26")->start_year() == 2025);
  CHECK(FinancialYear::parse("2025-26")->start_year() == 2025);
  CHECK(FinancialYear::parse("1999/00")->start_year() == 1999);
  CHECK(Period::parse("2025/26 M06")->to_string() == "2025/26 M06");
  CHECK(Period::parse("2025-26 M06")->to_string() == "2025/26 M06");
  CHECK(Period::parse("2025-09")->to_string() == "2025/26 M06");
  CHECK(Period::parse("2026-01")->to_string() == "2025/26 M10");
  CHECK(Period::parse("2026-03")->to_string() == "2025/26 M12");
  CHECK(Period::parse("2026-04")->to_string() == "2026/27 M01");
  CHECK(FinancialMonth::parse("M6")->number() == 6);
  CHECK(FinancialMonth(6).name() == "September");
  CHECK(to_iso(2025_y / date::September / 3) == "2025-09-03");
}

TEST_CASE("malformed years and periods are refused with the reason") {
  CHECK_THAT(FinancialYear::parse("2025/27").error().message, Catch::Contains("the year after the first"));
  CHECK_THAT(FinancialYear::parse("25/26").error().message, Catch::Contains("four digits"));
  CHECK_THAT(FinancialYear::parse("2025").error().message, Catch::Contains("four digits"));
  CHECK_THAT(FinancialYear::parse("1890/91").error().message, Catch::Contains("only years from 1990"));
  CHECK_THAT(Period::parse("2025-13").error().message, Catch::Contains("01 to 12"));
  CHECK_THAT(Period::parse("2025/26 M13").error().message, Catch::Contains("M01 to M12"));
  CHECK_THAT(Period::parse("2025/26").error().message, Catch::Contains("a year and a month"));
  CHECK_THAT(Period::parse("September").error().message, Catch::Contains("a year and a month"));
  CHECK_THAT(QuarterPeriod::parse("2025/26 Q5").error().message, Catch::Contains("Q1 to Q4"));
  CHECK_THAT(parse_iso_date("30/09/2025").error().message, Catch::Contains("YYYY-MM-DD"));
  CHECK_THAT(parse_iso_date("2025-09-31").error().message, Catch::Contains("no such day"));
  CHECK(FinancialYear::parse("2025/27").error().rule == "calendar.format");
}

TEST_CASE("dates are read in the form the import profile names, and only that form") {
  CHECK(*parse_date("2025-09-30", DateFormat::iso) == 2025_y / date::September / 30);
  CHECK(*parse_date("30/09/2025", DateFormat::day_month_year) == 2025_y / date::September / 30);
  CHECK(*parse_date("03/04/2025", DateFormat::day_month_year) == 2025_y / date::April / 3);  // never 4 March
  CHECK(*parse_date("30-Sep-2025", DateFormat::day_mon_year) == 2025_y / date::September / 30);
  CHECK(*parse_date("01-JAN-2026", DateFormat::day_mon_year) == 2026_y / date::January / 1);
  CHECK(parse_date("30/09/2025", DateFormat::iso).error().message ==
        "'30/09/2025' is not a date in the form yyyy-mm-dd: the layout differs");
  CHECK_THAT(parse_date("31/09/2025", DateFormat::day_month_year).error().message, Catch::Contains("no such day"));
  CHECK_THAT(parse_date("30-Sept-2025", DateFormat::day_mon_year).error().message, Catch::Contains("layout"));
  CHECK_THAT(parse_date("", DateFormat::iso).error().message, Catch::Contains("empty"));
  CHECK(parse_date("2025-9-30", DateFormat::iso).error().rule == "date.format");
  CHECK(date_format_from_word("dd-mon-yyyy") == DateFormat::day_mon_year);
  CHECK_FALSE(date_format_from_word("mm/dd/yyyy"));
}

TEST_CASE("references are printed back with every period in the one standard form") {
  // August 2025 is 2025/26 M05 however it is typed; a scheme or a decision is left alone.
  CHECK(with_standard_periods("S07, 2025/26 m05,2025-09") == "S07, 2025/26 M05, 2025/26 M06");
  CHECK(with_standard_periods("2025-08") == "2025/26 M05");
  CHECK(with_standard_periods("2025/26 q2, 2025-26") == "2025/26 Q2, 2025/26");
  CHECK(with_standard_periods("D-2025-031, s07") == "D-2025-031, s07");
  CHECK(with_standard_periods("") == "");
}
