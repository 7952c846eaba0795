// The XLSX renderer, read back by a real reader: a small board pack is written and opened
// with openpyxl (tests/render/check_xlsx.py), which checks the figures are numbers in their
// formats, the dates Excel dates, the panes frozen, the charts drawn from the cells the tables
// were written to, and the page set up for printing. The same Document gives the same bytes,
// and a file that cannot be written is an error, never a success.
#include "poolbook/reports/render/xlsx.hpp"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <thread>

using namespace poolbook;
using namespace poolbook::reports;
using ledger::Money;
using ledger::Ratio;

namespace {

Money pence(std::int64_t amount_pence) { return Money::from_pence(amount_pence); }

Cell strong(Cell cell) {
  cell.strong = true;
  return cell;
}

// Contributions owed and paid: the county's £1,234,567.89 is paid in full; the ICB has paid
// £740,753.24 against £740,740.74 owed, £12.50 over (a variance of (£12.50)); the total row
// is bold and has no date.
Table income_table() {
  Table table{"income", "Contributions owed and paid to 30 September 2025", {}, {}, "Paid to 30 September 2025."};
  table.columns = {{"Partner", CellKind::text},
                   {"Owed", CellKind::money},
                   {"Paid", CellKind::money},
                   {"Variance", CellKind::money},
                   {"Share of the pool", CellKind::percent},
                   {"Cost per head", CellKind::number},
                   {"Invoices", CellKind::count},
                   {"Due", CellKind::date}};
  table.rows.push_back({Cell::of_text("Northshire County Council"), Cell::of_money(pence(123456789)),
                        Cell::of_money(pence(123456789)), Cell::of_money(pence(0)), Cell::of_percent(Ratio(5, 8)),
                        Cell::of_number(Ratio(1235, 100)), Cell::of_count(4), Cell::of_date("2025-04-01")});
  table.rows.push_back({Cell::of_text("Northshire ICB"), Cell::of_money(pence(74074074)),
                        Cell::of_money(pence(74075324)), Cell::of_money(pence(-1250)), Cell::of_percent(Ratio(3, 8)),
                        Cell::of_number(Ratio(2, 3)), Cell::of_count(1204), Cell::of_date("2025-06-30")});
  // 123,456,789 + 74,074,074 = 197,530,863 pence owed; 123,456,789 + 74,075,324 = 197,532,113 paid.
  table.rows.push_back({strong(Cell::of_text("Total")), strong(Cell::of_money(pence(197530863))),
                        strong(Cell::of_money(pence(197532113))), strong(Cell::of_money(pence(-1250))),
                        strong(Cell::of_percent(Ratio(1))), Cell::blank(), strong(Cell::of_count(1208)),
                        Cell::blank()});
  return table;
}

Table months_table() {
  Table table{"months", "Spend against budget by month", {}, {}, ""};
  table.columns = {{"Month", CellKind::text}, {"Budget", CellKind::money}, {"Spend", CellKind::money}};
  table.rows.push_back({Cell::of_text("April"), Cell::of_money(pence(10000000)), Cell::of_money(pence(9850000))});
  table.rows.push_back({Cell::of_text("May"), Cell::of_money(pence(10000000)), Cell::of_money(pence(10125000))});
  table.rows.push_back({Cell::of_text("June"), Cell::of_money(pence(10000000)), Cell::of_money(pence(10010000))});
  return table;
}

// The tornado's swings from the central net present value, largest first.
Table sensitivity_table() {
  Table table{"sensitivity", "What moves the net present value most", {}, {}, ""};
  table.columns = {{"Input", CellKind::text}, {"Downside", CellKind::money}, {"Upside", CellKind::money}};
  table.rows.push_back({Cell::of_text("Deadweight"), Cell::of_money(pence(-4500000)), Cell::of_money(pence(3850000))});
  table.rows.push_back({Cell::of_text("Unit cost"), Cell::of_money(pence(-2000000)), Cell::of_money(pence(2200000))});
  return table;
}

Section notes_section(std::string sheet) {
  Section section{"notes-" + sheet, "Notes to the pack", sheet, "Two notes", {}, {}, {}};
  Table& notes = section.tables.emplace_back(Table{"notes-table-" + sheet, "Notes", {}, {}, ""});
  notes.columns = {{"Item", CellKind::text}, {"Note", CellKind::text}};
  notes.rows.push_back({Cell::of_text("1"), Cell::of_text("Figures are unaudited.")});
  notes.rows.push_back({Cell::of_text("2"), Cell::of_text("Risk shares follow schedule 3 of the agreement.")});
  return section;
}

// A pack of four sheets: the income (whose sheet name "Income: Q2" has a ':' Excel refuses),
// the notes, a second "notes" (a copy, in another case) and a section whose sheet name is too
// long, with no table.
Document board_pack() {
  Document document{"Northshire Better Care Fund & Section 75 pooled budgets",
                    "Board accountability pack, 2025/26 Q2",
                    "2025-09-30",
                    {}};
  Section income{"income",
                 "Income by partner",
                 "Income: Q2",
                 "£1,975,308.63 owed, £1,975,321.13 paid",
                 {"Both partners have paid what they owe."},
                 {},
                 {}};
  income.tables = {income_table(), months_table(), sensitivity_table()};
  income.charts.push_back(Chart{"spend", "Spend against budget", ChartKind::line, "months", 0, {1, 2}, "£"});
  income.charts.push_back(
      Chart{"tornado", "What moves the net present value", ChartKind::tornado, "sensitivity", 0, {1, 2}, "£"});
  document.sections.push_back(income);
  document.sections.push_back(notes_section("Notes"));
  document.sections.push_back(notes_section("notes"));
  document.sections.push_back(
      Section{"partners", "Partners", "Partners' contributions and payments by quarter", "Two partners", {}, {}, {}});
  return document;
}

// A folder of its own under the system's temporary folder, removed at the end.
struct ScratchFolder {
  std::filesystem::path path;
  ScratchFolder() {
    std::random_device random;
    path = std::filesystem::temp_directory_path() / ("poolbook-xlsx-" + std::to_string(random()));
    std::filesystem::create_directories(path);
  }
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

std::string bytes_of(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs the openpyxl checker; its exit status (0: as expected).
int check_workbook(const std::filesystem::path& workbook, const std::filesystem::path& expectation) {
  // Debian's python3-openpyxl is installed for the system's interpreter; a python3 found first
  // on PATH (a pyenv, say) may not have it.
  const std::string python = std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const std::string command =
      python + " '" POOLBOOK_RENDER_CHECKS "/check_xlsx.py' '" + workbook.string() + "' '" + expectation.string() + "'";
  const int status = std::system(command.c_str());
  return status == -1 ? -1 : WEXITSTATUS(status);
}

// Where the board pack's cells land (1-based rows): the title, subtitle, "As at", the status
// line and the paragraph in rows 1 to 5, a blank row, then the income table's caption in row
// 7, its heading row 8, its rows 9 to 11 and its note in row 12; the months table's heading in
// row 15 with rows 16 to 18; the sensitivity table's heading in row 21 with rows 22 and 23;
// the charts from row 25, 20 rows each (to row 64).
const char* const kExpectation = R"json({
  "sheets": ["Income- Q2", "Notes", "notes (2)", "Partners' contributions and pay"],
  "cells": {
    "Income- Q2": {
      "A1": "Income by partner", "A2": "Board accountability pack, 2025/26 Q2", "A3": "As at 2025-09-30",
      "A4": "\u00a31,975,308.63 owed, \u00a31,975,321.13 paid", "A5": "Both partners have paid what they owe.",
      "A6": null, "A7": "Contributions owed and paid to 30 September 2025", "A8": "Partner", "B8": "Owed",
      "A9": "Northshire County Council", "B9": 1234567.89, "C9": 1234567.89, "D9": 0, "E9": 0.625,
      "F9": 12.35, "G9": 4, "H9": {"date": "2025-04-01"},
      "B10": 740740.74, "C10": 740753.24, "D10": -12.5, "E10": 0.375, "F10": 0.666667, "G10": 1204,
      "H10": {"date": "2025-06-30"},
      "A11": "Total", "B11": 1975308.63, "C11": 1975321.13, "D11": -12.5, "E11": 1, "F11": null, "G11": 1208,
      "H11": null, "A12": "Paid to 30 September 2025.",
      "A15": "Month", "B16": 100000, "C16": 98500, "A21": "Input", "B22": -45000, "C22": 38500
    },
    "Notes": {"A1": "Notes to the pack", "A7": "Item", "B9": "Risk shares follow schedule 3 of the agreement."},
    "Partners' contributions and pay": {"A1": "Partners", "A4": "Two partners"}
  },
  "formats": {
    "Income- Q2": {
      "B9": "\u00a3#,##0.00;(\u00a3#,##0.00)", "D10": "\u00a3#,##0.00;(\u00a3#,##0.00)", "E9": "0.0%",
      "F9": "#,##0.00", "G9": "#,##0", "H9": "dd/mm/yyyy", "B11": "\u00a3#,##0.00;(\u00a3#,##0.00)"
    }
  },
  "bold": {
    "Income- Q2": {"A1": true, "A2": false, "A7": true, "B8": true, "A9": false, "B9": false, "A11": true,
                   "B11": true, "E11": true}
  },
  "freeze": {"Income- Q2": "A9", "Notes": "A8", "Partners' contributions and pay": null},
  "chart_count": {"Income- Q2": 2, "Notes": 0},
  "charts": {
    "Income- Q2": [
      {"type": "line", "title": "Spend against budget", "series": [
        {"name": "'Income- Q2'!$B$15", "categories": "'Income- Q2'!$A$16:$A$18", "values": "'Income- Q2'!$B$16:$B$18"},
        {"name": "'Income- Q2'!$C$15", "categories": "'Income- Q2'!$A$16:$A$18", "values": "'Income- Q2'!$C$16:$C$18"}]},
      {"type": "bar", "title": "What moves the net present value", "overlap": 100, "series": [
        {"name": "'Income- Q2'!$B$21", "categories": "'Income- Q2'!$A$22:$A$23", "values": "'Income- Q2'!$B$22:$B$23"},
        {"name": "'Income- Q2'!$C$21", "categories": "'Income- Q2'!$A$22:$A$23", "values": "'Income- Q2'!$C$22:$C$23"}]}
    ]
  },
  "print": {
    "*": {"orientation": "landscape", "paper_size": 9, "fit_to_width": 1, "fit_to_height": 0,
          "header": "Northshire Better Care Fund && Section 75 pooled budgets", "footer": "Page &P of &N"},
    "Income- Q2": {"print_area": "A1:H64", "title_rows": "8:8"},
    "Notes": {"print_area": "A1:B10", "title_rows": "7:7"}
  },
  "properties": {"title": "Northshire Better Care Fund & Section 75 pooled budgets", "created": "2025-09-30T00:00:00"}
})json";

}  // namespace

TEST_CASE("a board pack's workbook reads back in openpyxl with its figures as numbers, its charts and its print setup",
          "[xlsx]") {
  ScratchFolder scratch;
  const auto workbook = scratch.path / "pack.xlsx";
  const auto expectation = scratch.path / "pack.json";
  const Status written = write_xlsx(board_pack(), workbook);
  INFO((written ? std::string("written") : written.error().describe()));
  REQUIRE(written.ok());
  std::ofstream(expectation) << kExpectation;
  REQUIRE(check_workbook(workbook, expectation) == 0);
}

TEST_CASE("the checker fails a workbook that differs from its expectation", "[xlsx]") {
  ScratchFolder scratch;
  const auto workbook = scratch.path / "pack.xlsx";
  const auto expectation = scratch.path / "wrong.json";
  REQUIRE(write_xlsx(board_pack(), workbook).ok());
  // (£12.50) is written as the number -12.5, never as the text "(£12.50)".
  std::ofstream(expectation) << R"json({"cells": {"Income- Q2": {"D10": "(\u00a312.50)"}}})json";
  REQUIRE(check_workbook(workbook, expectation) == 1);
}

TEST_CASE("the same document gives the same bytes, whenever it is written", "[xlsx]") {
  ScratchFolder scratch;
  REQUIRE(write_xlsx(board_pack(), scratch.path / "first.xlsx").ok());
  // Over a second apart, so that a wall-clock time written anywhere in the file would differ.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  REQUIRE(write_xlsx(board_pack(), scratch.path / "second.xlsx").ok());
  const std::string first = bytes_of(scratch.path / "first.xlsx");
  REQUIRE(first.size() > 1000);
  REQUIRE(first == bytes_of(scratch.path / "second.xlsx"));
}

TEST_CASE("a workbook in a folder that does not exist is an error naming the file and the folder", "[xlsx]") {
  ScratchFolder scratch;
  const auto workbook = scratch.path / "no-such-folder" / "pack.xlsx";
  const Status written = write_xlsx(board_pack(), workbook);
  REQUIRE_FALSE(written.ok());
  CHECK(written.error().rule == "render.xlsx");
  CHECK(written.error().kind == ErrorKind::internal);
  CHECK_THAT(written.error().message, Catch::Contains(workbook.string()) && Catch::Contains("does not exist"));
  CHECK_FALSE(std::filesystem::exists(workbook));
}

TEST_CASE("a workbook whose writing fails part way (a full disk) is an error, not a success", "[xlsx]") {
  // /dev/full opens but refuses every write with "No space left on device".
  if (!std::filesystem::exists("/dev/full")) return;
  const Status written = write_xlsx(board_pack(), "/dev/full");
  REQUIRE_FALSE(written.ok());
  CHECK(written.error().rule == "render.xlsx");
  CHECK_THAT(written.error().message, Catch::Contains("/dev/full"));
}

TEST_CASE("a date cell that is not a date, or an as-at date that is not one, is an error", "[xlsx]") {
  ScratchFolder scratch;
  Document document = board_pack();
  document.sections[0].tables[0].rows[0][7] = Cell::of_date("30/09/2025");
  Status written = write_xlsx(document, scratch.path / "pack.xlsx");
  REQUIRE_FALSE(written.ok());
  CHECK_THAT(written.error().message, Catch::Contains("cell H9") && Catch::Contains("'30/09/2025' is not a date"));

  document = board_pack();
  document.as_at = "September 2025";
  written = write_xlsx(document, scratch.path / "pack.xlsx");
  REQUIRE_FALSE(written.ok());
  CHECK_THAT(written.error().message, Catch::Contains("as-at date 'September 2025'"));
  CHECK_FALSE(std::filesystem::exists(scratch.path / "pack.xlsx"));
}

TEST_CASE("a chart drawn from a table of another section is an error", "[xlsx]") {
  ScratchFolder scratch;
  Document document = board_pack();
  document.sections[1].charts.push_back(Chart{"lost", "Lost", ChartKind::column, "months", 0, {1}, ""});
  const Status written = write_xlsx(document, scratch.path / "pack.xlsx");
  REQUIRE_FALSE(written.ok());
  CHECK_THAT(written.error().message, Catch::Contains("chart 'lost' is drawn from table 'months'"));
}
