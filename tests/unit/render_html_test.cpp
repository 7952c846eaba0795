// The HTML renderer, read back and opened in a real browser: a small board pack is rendered
// and checked by tests/render/check_html.py, which reads its tables back cell by cell (the
// figures as a board member sees them), checks that the page fetches nothing and runs no
// script, then has Debian's chromium take a screenshot and print it to A4 PDF. The same
// Document gives the same bytes; text from users' files is escaped; charts of awkward
// tables (empty, all zero, one row, all negative) still draw.
#include "poolbook/reports/render/html.hpp"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

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

// The county owes £2,575,000.00 and has paid it; the ICB owes £1,545,000.00 and has paid
// £1,545,012.00, £12.00 over: a variance of (£12.00). Shares: 2,575,000 / 4,120,000 = 62.5%
// and 1,545,000 / 4,120,000 = 37.5%.
Section income_section() {
  Section section{"income",
                  "Income by partner",
                  "Income",
                  "£4,120,012.00 received of £4,120,000.00 owed; nothing late",
                  {"Each partner's contribution for 2025/26, as the section 75 agreement sets it."},
                  {},
                  {}};
  Table table{"income",
              "Contributions owed and paid to 30 September 2025",
              {},
              {},
              "Variance is owed less paid: in brackets, paid over."};
  table.columns = {{"Partner", CellKind::text},
                   {"Owed", CellKind::money},
                   {"Paid", CellKind::money},
                   {"Variance", CellKind::money},
                   {"Share of the pool", CellKind::percent}};
  table.rows.push_back({Cell::of_text("Northshire County Council"), Cell::of_money(pence(257500000)),
                        Cell::of_money(pence(257500000)), Cell::of_money(pence(0)), Cell::of_percent(Ratio(5, 8))});
  table.rows.push_back({Cell::of_text("Northshire ICB"), Cell::of_money(pence(154500000)),
                        Cell::of_money(pence(154501200)), Cell::of_money(pence(-1200)), Cell::of_percent(Ratio(3, 8))});
  table.rows.push_back({strong(Cell::of_text("Total")), strong(Cell::of_money(pence(412000000))),
                        strong(Cell::of_money(pence(412001200))), strong(Cell::of_money(pence(-1200))),
                        strong(Cell::of_percent(Ratio(1)))});
  section.tables.push_back(table);
  section.charts.push_back(
      Chart{"income-bar", "Contributions owed and paid by partner", ChartKind::bar, "income", 0, {1, 2}, "\u00a3"});
  return section;
}

// A budget of £340,000.00 a month; actual spend £2,059,425.85 to September against
// £2,040,000.00: (£19,425.85) over. Monthly variances 7,850.00 - 11,420.50 + 1,100.00
// - 22,075.25 - 5,000.00 + 10,119.90 = -19,425.85.
Section spend_section() {
  Section section{"spend",
                  "Spend against budget",
                  "Spend",
                  "£2,059,425.85 spent against a budget of £2,040,000.00: (£19,425.85) over",
                  {"Spend by month on the pooled services, from the ledger."},
                  {},
                  {}};
  Table table{"spend-by-month", "Spend against budget by month, 2025/26", {}, {}, ""};
  table.columns = {{"Month", CellKind::text},
                   {"Budget", CellKind::money},
                   {"Actual", CellKind::money},
                   {"Variance", CellKind::money}};
  const char* months[] = {"Apr", "May", "Jun", "Jul", "Aug", "Sep"};
  const std::int64_t actual_pence[] = {33215000, 35142050, 33890000, 36207525, 34500000, 32988010};
  for (std::size_t i = 0; i < 6; ++i)
    table.rows.push_back({Cell::of_text(months[i]), Cell::of_money(pence(34000000)),
                          Cell::of_money(pence(actual_pence[i])), Cell::of_money(pence(34000000 - actual_pence[i]))});
  table.rows.push_back({strong(Cell::of_text("Total")), strong(Cell::of_money(pence(204000000))),
                        strong(Cell::of_money(pence(205942585))), strong(Cell::of_money(pence(-1942585)))});
  section.tables.push_back(table);
  section.charts.push_back(
      Chart{"spend-line", "Spend against budget by month", ChartKind::line, "spend-by-month", 0, {1, 2}, "\u00a3"});
  section.charts.push_back(
      Chart{"variance-columns", "Variance by month", ChartKind::column, "spend-by-month", 0, {3}, "\u00a3"});
  return section;
}

Section risk_section() {
  Section section{
      "risk", "Risk & sensitivity", "Risk", "The year-end position could move by (£210,000.00) to £190,000.00", {}, {},
      {}};
  Table table{"risk-sensitivity", "What moves the year-end position", {}, {}, ""};
  table.columns = {{"Assumption", CellKind::text},
                   {"Low", CellKind::money},
                   {"High", CellKind::money},
                   {"People affected", CellKind::count},
                   {"Likelihood", CellKind::number}};
  table.rows.push_back({Cell::of_text("Care home placements \u00b15%"), Cell::of_money(pence(-21000000)),
                        Cell::of_money(pence(19000000)), Cell::of_count(1204), Cell::of_number(Ratio(1, 4))});
  table.rows.push_back({Cell::of_text("Hospital discharge delays"), Cell::of_money(pence(-8550050)),
                        Cell::of_money(pence(12000000)), Cell::of_count(310), Cell::of_number(Ratio(1, 2))});
  table.rows.push_back({Cell::of_text("Inflation on home care"), Cell::of_money(pence(-4000000)),
                        Cell::of_money(pence(2500000)), Cell::of_count(61280), Cell::of_number(Ratio(3, 4))});
  section.tables.push_back(table);
  Table risks{"risks", "Risks raised by partners <script>alert(1)</script>", {}, {}, ""};
  risks.columns = {{"Risk", CellKind::text}, {"Raised by", CellKind::text}, {"Note", CellKind::text}};
  risks.rows.push_back({Cell::of_text("Data sharing"), Cell::of_text("O'Neill & \"Partners\""),
                        Cell::of_text("<script>alert(1)</script>")});
  section.tables.push_back(risks);
  section.charts.push_back(Chart{"risk-tornado",
                                 "What moves the year-end position, low and high",
                                 ChartKind::tornado,
                                 "risk-sensitivity",
                                 0,
                                 {1, 2},
                                 "\u00a3"});
  return section;
}

Document board_pack() {
  Document document{"Northshire Better Care Fund", "Board pack 2025/26 Q2", "2025-09-30", {}};
  document.sections = {income_section(), spend_section(), risk_section()};
  return document;
}

// What a board member must see, typed by hand from the worked numbers above.
constexpr const char* kBoardPackExpectation = R"json({
  "title": "Northshire Better Care Fund \u2014 Board pack 2025/26 Q2",
  "sections": ["income", "spend", "risk"],
  "tables": {
    "Contributions owed and paid to 30 September 2025": [
      ["Partner", "Owed", "Paid", "Variance", "Share of the pool"],
      ["Northshire County Council", "£2,575,000.00", "£2,575,000.00", "£0.00", "62.5%"],
      ["Northshire ICB", "£1,545,000.00", "£1,545,012.00", "(£12.00)", "37.5%"],
      ["Total", "£4,120,000.00", "£4,120,012.00", "(£12.00)", "100.0%"]],
    "Spend against budget by month, 2025/26": [
      ["Month", "Budget", "Actual", "Variance"],
      ["Apr", "£340,000.00", "£332,150.00", "£7,850.00"],
      ["May", "£340,000.00", "£351,420.50", "(£11,420.50)"],
      ["Jun", "£340,000.00", "£338,900.00", "£1,100.00"],
      ["Jul", "£340,000.00", "£362,075.25", "(£22,075.25)"],
      ["Aug", "£340,000.00", "£345,000.00", "(£5,000.00)"],
      ["Sep", "£340,000.00", "£329,880.10", "£10,119.90"],
      ["Total", "£2,040,000.00", "£2,059,425.85", "(£19,425.85)"]],
    "What moves the year-end position": [
      ["Assumption", "Low", "High", "People affected", "Likelihood"],
      ["Care home placements ±5%", "(£210,000.00)", "£190,000.00", "1,204", "0.25"],
      ["Hospital discharge delays", "(£85,500.50)", "£120,000.00", "310", "0.50"],
      ["Inflation on home care", "(£40,000.00)", "£25,000.00", "61,280", "0.75"]],
    "Risks raised by partners <script>alert(1)</script>": [
      ["Risk", "Raised by", "Note"],
      ["Data sharing", "O'Neill & \"Partners\"", "<script>alert(1)</script>"]]
  },
  "cells": [
    {"table": "Contributions owed and paid to 30 September 2025", "row": "Northshire ICB", "column": "Variance",
     "text": "(£12.00)", "classes": ["money", "negative"]},
    {"table": "Contributions owed and paid to 30 September 2025", "row": "Total", "column": "Owed",
     "text": "£4,120,000.00", "classes": ["money", "total"]},
    {"table": "Contributions owed and paid to 30 September 2025", "row": 0, "column": 4,
     "text": "62.5%", "classes": ["percent"]},
    {"table": "What moves the year-end position", "row": "Inflation on home care", "column": "People affected",
     "text": "61,280", "classes": ["count"]}
  ],
  "charts": ["Contributions owed and paid by partner", "Spend against budget by month", "Variance by month",
             "What moves the year-end position, low and high"],
  "text": ["As at 2025-09-30", "£2,059,425.85 spent against a budget of £2,040,000.00: (£19,425.85) over",
           "Variance is owed less paid: in brackets, paid over."],
  "min_pages": 3
})json";

// A fresh folder for one test's files, kept afterwards so that a person can look at them.
std::filesystem::path folder_for(const std::string& name) {
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "poolbook-render-html" / name;
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  return folder;
}

void write_file(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

// Runs tests/render/check_html.py on the page (and its expectation), returning its exit status.
int check_html(const std::filesystem::path& page, const std::filesystem::path& expectation,
               const std::string& options = "") {
  const std::string command = "python3 '" POOLBOOK_RENDER_CHECKS "/check_html.py' '" + page.string() + "' '" +
                              expectation.string() + "' " + options;
  INFO(command);
  const int status = std::system(command.c_str());
  return status == -1 ? -1 : WEXITSTATUS(status);
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
  return count;
}

}  // namespace

TEST_CASE("the board pack is one self-contained page that chromium shows and prints on A4", "[html]") {
  const std::string page = render_html(board_pack());
  REQUIRE(page.rfind("<!doctype html>\n<html lang=\"en-GB\">", 0) == 0);
  REQUIRE(page.find("<meta charset=\"utf-8\">") != std::string::npos);
  REQUIRE(page.find("<script") == std::string::npos);
  REQUIRE(page.find("http") == std::string::npos);  // no address of anything, not even SVG's namespace
  REQUIRE(count_of(page, "<caption>") == 4);
  REQUIRE(page.find("<th scope=\"col\" class=\"money\">Owed</th>") != std::string::npos);
  REQUIRE(page.find("<th scope=\"row\">Northshire ICB</th>") != std::string::npos);
  REQUIRE(page.find("<td class=\"money negative\">(£12.00)</td>") != std::string::npos);
  REQUIRE(page.find("<tr class=\"total\"><th scope=\"row\">Total</th>") != std::string::npos);
  REQUIRE(page.find("<td class=\"percent\">62.5%</td>") != std::string::npos);
  REQUIRE(page.find("<p class=\"note\">Variance is owed less paid: in brackets, paid over.</p>") != std::string::npos);
  REQUIRE(page.find("<a href=\"#spend\">Spend against budget</a>") != std::string::npos);
  REQUIRE(page.find("<section id=\"risk\">\n<h2>Risk &amp; sensitivity</h2>") != std::string::npos);
  REQUIRE(page.find("@page { size: A4; margin: 15mm; }") != std::string::npos);
  REQUIRE(page.find("break-before: page") != std::string::npos);
  REQUIRE(count_of(page, "<svg role=\"img\"") == 4);
  // The charts' figures are the cells': a bar's tooltip shows the ICB's £1,545,012.00 paid.
  REQUIRE(page.find("<title>Northshire ICB: Paid £1,545,012.00</title>") != std::string::npos);

  const std::filesystem::path folder = folder_for("board-pack");
  write_file(folder / "board-pack.html", page);
  write_file(folder / "board-pack.json", kBoardPackExpectation);
  REQUIRE(check_html(folder / "board-pack.html", folder / "board-pack.json") == 0);
  REQUIRE(std::filesystem::file_size(folder / "board-pack.png") > 0);
  REQUIRE(std::filesystem::file_size(folder / "board-pack.pdf") > 0);
}

TEST_CASE("the same document always renders to the same bytes", "[html]") {
  REQUIRE(render_html(board_pack()) == render_html(board_pack()));
  Document other = board_pack();
  other.sections[0].tables[0].rows[1][2] = Cell::of_money(pence(154501300));
  REQUIRE(render_html(other) != render_html(board_pack()));
}

TEST_CASE("text from users files is escaped and never becomes markup", "[html]") {
  Document document{"A & B <i>pool</i>", "", "2025-09-30", {}};
  Section section{
      "notes", "Notes \"quoted\" & 'single'", "Notes", "caf\xE9 is not UTF-8, nor is \x1b[2K a word", {}, {}, {}};
  Table table{"notes", "<script>alert(1)</script>", {{"Who", CellKind::text}}, {}, ""};
  table.rows.push_back({Cell::of_text("<img src=x onerror=alert(1)>")});
  section.tables.push_back(table);
  document.sections.push_back(section);
  const std::string page = render_html(document);
  REQUIRE(page.find("<script") == std::string::npos);
  REQUIRE(page.find("<img") == std::string::npos);
  REQUIRE(page.find("<caption>&lt;script&gt;alert(1)&lt;/script&gt;</caption>") != std::string::npos);
  REQUIRE(page.find("<th scope=\"row\">&lt;img src=x onerror=alert(1)&gt;</th>") != std::string::npos);
  REQUIRE(page.find("<h1>A &amp; B &lt;i&gt;pool&lt;/i&gt;</h1>") != std::string::npos);
  REQUIRE(page.find("<h2>Notes &quot;quoted&quot; &amp; &#39;single&#39;</h2>") != std::string::npos);
  // A byte that is not UTF-8 and a terminal's escape character are each shown as U+FFFD.
  REQUIRE(page.find("caf\uFFFD is not UTF-8, nor is \uFFFD[2K a word") != std::string::npos);
}

TEST_CASE("charts of an empty table, all zeros, one row and only negative figures draw without dividing by zero",
          "[html]") {
  Document document{"Awkward charts", "Edge cases", "2025-09-30", {}};
  Section section{"edges", "Edge cases", "Edges", "", {}, {}, {}};
  const std::vector<Column> columns = {
      {"Partner", CellKind::text}, {"Low", CellKind::money}, {"High", CellKind::money}};
  section.tables.push_back(Table{"empty", "No rows at all", columns, {}, ""});
  section.tables.push_back(Table{"zeros", "Nothing spent", columns, {}, ""});
  section.tables.back().rows.push_back({Cell::of_text("County"), Cell::of_money(pence(0)), Cell::of_money(pence(0))});
  section.tables.back().rows.push_back({Cell::of_text("ICB"), Cell::blank(), Cell::of_money(pence(0))});
  section.tables.push_back(Table{"single", "One partner", columns, {}, ""});
  section.tables.back().rows.push_back({Cell::of_text("County"), Cell::of_money(pence(1)), Cell::of_money(pence(250))});
  section.tables.push_back(Table{"negative", "Only refunds", columns, {}, ""});
  section.tables.back().rows.push_back(
      {Cell::of_text("County"), Cell::of_money(pence(-99999999999)), Cell::of_money(pence(-12))});
  section.tables.back().rows.push_back(
      {Cell::of_text("ICB"), Cell::of_money(pence(-5)), Cell::of_money(pence(-750000000))});
  const ChartKind kinds[] = {ChartKind::line, ChartKind::column, ChartKind::bar, ChartKind::tornado};
  for (const char* table : {"empty", "zeros", "single", "negative"})
    for (const ChartKind kind : kinds)
      section.charts.push_back(Chart{std::string(table) + "-" + std::to_string(static_cast<int>(kind)),
                                     std::string(table) + " chart " + std::to_string(static_cast<int>(kind)),
                                     kind,
                                     table,
                                     0,
                                     {1, 2},
                                     ""});
  document.sections.push_back(section);
  const std::string page = render_html(document);
  REQUIRE(count_of(page, "<svg role=\"img\"") == 16);
  REQUIRE(page.find("nan") == std::string::npos);
  REQUIRE(page.find("inf") == std::string::npos);
  REQUIRE(page.find("=\"-") == std::string::npos);  // no drawing position or length below zero
  REQUIRE(
      page.find("<desc id=\"pb-chart1-desc\">Line chart of Low and High by Partner, from the table \u201cNo rows at "
                "all\u201d: it has no figures to draw.</desc>") != std::string::npos);

  const std::filesystem::path folder = folder_for("edge-charts");
  write_file(folder / "edges.html", page);
  write_file(folder / "edges.json", R"json({"charts": 16, "sections": ["edges"], "min_pages": 1})json");
  REQUIRE(check_html(folder / "edges.html", folder / "edges.json") == 0);
}

TEST_CASE("a chart whose table is not in the document is shown as a sentence, not drawn", "[html]") {
  Document document = board_pack();
  document.sections[0].charts.push_back(Chart{"lost", "A lost chart", ChartKind::line, "nowhere", 0, {1}, ""});
  document.sections[0].charts.push_back(
      Chart{"wide", "A chart past the columns", ChartKind::bar, "income", 0, {9}, ""});
  const std::string page = render_html(document);
  REQUIRE(page.find("This chart cannot be drawn: the document has no table \u201cnowhere\u201d.") != std::string::npos);
  REQUIRE(page.find("This chart cannot be drawn: the table \u201cContributions owed and paid to 30 September "
                    "2025\u201d has no column 10.") != std::string::npos);
  REQUIRE(count_of(page, "<svg role=\"img\"") == 4);
}

TEST_CASE("the page checker fails a page with a script or an address outside it", "[html]") {
  const std::filesystem::path folder = folder_for("checker-fails");
  write_file(folder / "empty.json", "{}");
  write_file(folder / "script.html",
             "<!doctype html><html lang=\"en-GB\"><meta charset=\"utf-8\"><title>t</title><script>alert(1)</script>");
  REQUIRE(check_html(folder / "script.html", folder / "empty.json", "--no-browser") == 1);
  write_file(folder / "image.html",
             "<!doctype html><html lang=\"en-GB\"><meta charset=\"utf-8\"><title>t</title>"
             "<img src=\"https://example.org/logo.png\" alt=\"\">");
  REQUIRE(check_html(folder / "image.html", folder / "empty.json", "--no-browser") == 1);
  write_file(folder / "table.html",
             "<!doctype html><html lang=\"en-GB\"><meta charset=\"utf-8\"><title>t</title>"
             "<table><tr><td>1</td></tr></table>");
  REQUIRE(check_html(folder / "table.html", folder / "empty.json", "--no-browser") == 1);
}
