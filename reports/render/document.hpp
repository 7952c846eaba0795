#pragma once
// A report laid out for rendering: a document of sections, each with a short status line,
// paragraphs, tables of typed cells and charts drawn from those tables. The board pack, the
// monthly finance statement and the ROI report are each assembled as data (their own
// structs, tested on their numbers), then laid out as a Document; the renderers (XLSX, HTML,
// CSV, JSON) take any Document and never compute a figure: they only write what its cells
// hold, in their format.
//
//   Document document{"Northshire Better Care Fund", "Board pack 2025/26 Q2", "2025-09-30", {}};
//   Section& income = document.sections.emplace_back(Section{"income", "Income", "Income by partner", ...});
//   Table& table = income.tables.emplace_back(Table{"income", "Contributions owed and paid", {...}});
//   table.rows.push_back({Cell::of_text("County"), Cell::of_money(owed), Cell::of_money(paid)});
//   write_xlsx(document, "pack.xlsx");   // render/xlsx.hpp
//
// A cell is text, money (exact pence), a number (an exact ratio shown to `places` decimals),
// a percentage (a ratio shown as a percentage to `places` decimals), a whole count, or a date.
// An empty cell (kind blank) is written as nothing. A chart names the table it is drawn from,
// the column of its categories and the columns of its series: the XLSX renderer points a
// native chart at those cells; the HTML renderer draws the same figures as inline SVG.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/ledger/money/money.hpp"
#include "poolbook/ledger/money/ratio.hpp"

namespace poolbook::reports {

enum class CellKind { blank, text, money, number, percent, count, date };

struct Cell {
  CellKind kind = CellKind::blank;
  std::string text;     // text; a date as "2025-09-30"
  ledger::Money money;  // money
  ledger::Ratio value;  // number, percent, count (exact; a count is whole)
  int places = 2;       // number and percent: the decimals shown
  bool strong = false;  // a total or a heading row's cell: shown bold

  static Cell blank();
  static Cell of_text(std::string text);
  static Cell of_money(ledger::Money money);
  static Cell of_number(ledger::Ratio value, int places = 2);
  static Cell of_percent(ledger::Ratio value, int places = 1);  // 5/100 is "5.0%"
  static Cell of_count(std::int64_t count);
  static Cell of_date(std::string iso_date);
};

// The kind's word, as the JSON and the HTML's classes write it: "blank", "text", "money",
// "number", "percent", "count", "date".
std::string_view kind_word(CellKind kind);

// The cell as a person reads it: "£1,234.56", "(£12.00)", "5.0%", "1,204", "12.35".
std::string display_text(const Cell& cell);
// The cell as a machine reads it (CSV and JSON): "1234.56", "-12.00", "0.05", "1204", "12.35";
// text as written. Money is to the penny, a number or a percentage exact to 6 decimals at
// most (a percentage as its fraction: 5% is 0.05).
std::string plain_text(const Cell& cell);

struct Column {
  std::string heading;
  CellKind kind = CellKind::text;  // the kind of the column's cells (a total row may be blank)
};

struct Table {
  std::string id;       // unique in the document, a file-name word: "income-by-partner"
  std::string caption;  // "Contributions owed and paid to 30 September 2025"
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;  // each as many cells as columns
  std::string note;                     // under the table, if any
};

enum class ChartKind {
  line,     // categories along the bottom, a line per series (spend against budget by month)
  column,   // vertical bars, a group per category (each metric's actual against plan)
  bar,      // horizontal bars (risk-share exposure by partner)
  tornado,  // horizontal bars either side of zero, a pair per category, largest first
};

struct Chart {
  std::string id;  // unique in the document
  std::string title;
  ChartKind kind = ChartKind::column;
  std::string table;  // the id of the table its figures are in, in the same section
  std::size_t category_column = 0;
  std::vector<std::size_t> series_columns;  // money, number, percent or count columns
  std::string y_axis;                       // "£", "per 100,000", ...
};

struct Section {
  std::string id;      // unique in the document, a file-name word: "income"
  std::string title;   // "Income by partner"
  std::string sheet;   // a short name for a spreadsheet tab (31 characters at most): "Income"
  std::string status;  // one line: "£4,120,000.00 received of £4,120,000.00 owed; nothing late"
  std::vector<std::string> paragraphs;
  std::vector<Table> tables;
  std::vector<Chart> charts;
};

struct Document {
  std::string title;     // "Northshire Better Care Fund and Section 75 pooled budgets"
  std::string subtitle;  // "Board accountability pack, 2025/26 Q2, for the Northshire Health and Wellbeing Board"
  std::string as_at;     // the period's last day, "2025-09-30": no wall clock is ever written
  std::vector<Section> sections;

  [[nodiscard]] const Table* find_table(const std::string& id) const;
};

}  // namespace poolbook::reports
