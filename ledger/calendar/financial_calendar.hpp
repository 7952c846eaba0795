#pragma once
// The UK public-sector financial year runs from 1 April to 31 March and is written
// "2025/26". Its months are numbered M01 (April) to M12 (March) and its quarters are Q1
// (April-June), Q2 (July-September), Q3 (October-December) and Q4 (January-March). Councils
// and the NHS both plan, monitor and report on this calendar, so every figure poolbook keeps
// is dated in it.
//
//   auto year = *FinancialYear::parse("2025/26");
//   Period m06 = *Period::parse("2025/26 M06");          // September 2025
//   Period same = *Period::parse("2025-09");             // a calendar month, same period
//   m06.quarter();                                       // 2025/26 Q2
//   Period::containing(2026_y / date::January / 15);     // 2025/26 M10
//
// Guarantees: the types only hold valid values (a FinancialMonth is always M01..M12);
// conversions between calendar dates and periods are exact inverses; periods order
// chronologically. Thread-safety: value types.

#include <compare>
#include <string>
#include <string_view>

#include <date/date.h>

#include "poolbook/ledger/error.hpp"

namespace poolbook::ledger {

// Years poolbook accepts. Wide enough for any agreement, narrow enough to catch typos.
inline constexpr int kFirstFinancialYear = 1990;
inline constexpr int kLastFinancialYear = 2099;

class FinancialYear {
 public:
  // The year that starts on 1 April of start_year: FinancialYear(2025) is 2025/26.
  constexpr explicit FinancialYear(int start_year) : start_year_(start_year) {}
  // "2025/26" or "2025-26"; the second year must follow the first.
  static Result<FinancialYear> parse(std::string_view text);
  static FinancialYear containing(date::year_month_day day);

  [[nodiscard]] constexpr int start_year() const { return start_year_; }
  [[nodiscard]] date::year_month_day first_day() const;  // 1 April
  [[nodiscard]] date::year_month_day last_day() const;   // 31 March
  [[nodiscard]] bool contains(date::year_month_day day) const;
  [[nodiscard]] FinancialYear next() const { return FinancialYear(start_year_ + 1); }
  [[nodiscard]] FinancialYear previous() const { return FinancialYear(start_year_ - 1); }
  [[nodiscard]] std::string to_string() const;  // "2025/26"

  friend constexpr auto operator<=>(FinancialYear, FinancialYear) = default;

 private:
  int start_year_;
};

class Quarter;

// M01 (April) .. M12 (March).
class FinancialMonth {
 public:
  // number is 1..12; anything else is a programmer error.
  explicit FinancialMonth(int number);
  // "M06" or "M6".
  static Result<FinancialMonth> parse(std::string_view text);
  static FinancialMonth of(date::month calendar_month);

  [[nodiscard]] constexpr int number() const { return number_; }
  [[nodiscard]] date::month calendar_month() const;
  [[nodiscard]] Quarter quarter() const;
  [[nodiscard]] std::string to_string() const;  // "M06"
  [[nodiscard]] std::string name() const;       // "September"

  friend constexpr auto operator<=>(FinancialMonth, FinancialMonth) = default;

 private:
  int number_;
};

// Q1 (April-June) .. Q4 (January-March).
class Quarter {
 public:
  explicit Quarter(int number);                         // 1..4
  static Result<Quarter> parse(std::string_view text);  // "Q2"

  [[nodiscard]] constexpr int number() const { return number_; }
  [[nodiscard]] FinancialMonth first_month() const { return FinancialMonth(number_ * 3 - 2); }
  [[nodiscard]] FinancialMonth last_month() const { return FinancialMonth(number_ * 3); }
  [[nodiscard]] std::string to_string() const;  // "Q2"

  friend constexpr auto operator<=>(Quarter, Quarter) = default;

 private:
  int number_;
};

class QuarterPeriod;

// One month of one financial year: the unit the books are closed in.
class Period {
 public:
  Period(FinancialYear year, FinancialMonth month) : year_(year), month_(month) {}
  // "2025/26 M06", "2025-26 M06" or a calendar month "2025-09" (September 2025).
  static Result<Period> parse(std::string_view text);
  static Period containing(date::year_month_day day);
  static Period of(date::year_month calendar_month);

  [[nodiscard]] FinancialYear year() const { return year_; }
  [[nodiscard]] FinancialMonth month() const { return month_; }
  [[nodiscard]] QuarterPeriod quarter() const;
  [[nodiscard]] date::year_month calendar_month() const;
  [[nodiscard]] date::year_month_day first_day() const;
  [[nodiscard]] date::year_month_day last_day() const;
  [[nodiscard]] bool contains(date::year_month_day day) const;
  [[nodiscard]] Period next() const;
  [[nodiscard]] Period previous() const;
  [[nodiscard]] bool is_quarter_end() const { return month_.number() % 3 == 0; }
  [[nodiscard]] bool is_year_end() const { return month_.number() == 12; }
  [[nodiscard]] std::string to_string() const;  // "2025/26 M06"

  friend auto operator<=>(const Period&, const Period&) = default;

 private:
  FinancialYear year_;
  FinancialMonth month_;
};

// One quarter of one financial year: the unit partners and the HWB are reported to.
class QuarterPeriod {
 public:
  QuarterPeriod(FinancialYear year, Quarter quarter) : year_(year), quarter_(quarter) {}
  static Result<QuarterPeriod> parse(std::string_view text);  // "2025/26 Q2"

  [[nodiscard]] FinancialYear year() const { return year_; }
  [[nodiscard]] Quarter quarter() const { return quarter_; }
  [[nodiscard]] Period first_period() const { return Period(year_, quarter_.first_month()); }
  [[nodiscard]] Period last_period() const { return Period(year_, quarter_.last_month()); }
  [[nodiscard]] date::year_month_day first_day() const { return first_period().first_day(); }
  [[nodiscard]] date::year_month_day last_day() const { return last_period().last_day(); }
  [[nodiscard]] bool contains(date::year_month_day day) const;
  [[nodiscard]] std::string to_string() const;  // "2025/26 Q2"

  friend auto operator<=>(const QuarterPeriod&, const QuarterPeriod&) = default;

 private:
  FinancialYear year_;
  Quarter quarter_;
};

// References typed in one field, such as a dispute's or a decision's ("S07, 2025/26 m05,2025-09"),
// to print back: the items joined by ", ", each month, quarter or year among them in the one
// standard form ("S07, 2025/26 M05, 2025/26 M06"), anything else (a scheme, a decision) as it
// was. A month is read as Period::parse reads it, so "2025-12" is December 2025.
std::string with_standard_periods(std::string_view references);

// Parses an ISO calendar date "2025-09-30", refusing impossible dates (2025-02-29).
Result<date::year_month_day> parse_iso_date(std::string_view text);
// "2025-09-30".
std::string to_iso(date::year_month_day day);

}  // namespace poolbook::ledger
