#include "poolbook/reports/render/html.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/ledger/text/utf8.hpp"
#include "poolbook/reports/render/internal/svg_chart.hpp"

namespace poolbook::reports {
namespace internal {

std::string escape_html(std::string_view text) {
  constexpr std::string_view kReplacement = "\uFFFD";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  while (!text.empty()) {
    const std::optional<std::size_t> bad = ledger::invalid_utf8_at(text);
    for (const char c : text.substr(0, bad.value_or(text.size()))) {
      const auto byte = static_cast<unsigned char>(c);
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&#39;";
          break;
        default:
          // A control character (an escape, a NUL) means nothing on a page: show that one was there.
          if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7F)
            out += kReplacement;
          else
            out += c;
      }
    }
    if (!bad) break;
    out += kReplacement;
    text.remove_prefix(*bad + 1);
  }
  return out;
}

bool is_total_row(const std::vector<Cell>& row) {
  bool any_strong = false;
  for (const Cell& cell : row) {
    if (cell.kind == CellKind::blank) continue;
    if (!cell.strong) return false;
    any_strong = true;
  }
  return any_strong;
}

bool is_figure(CellKind kind) {
  return kind == CellKind::money || kind == CellKind::number || kind == CellKind::percent || kind == CellKind::count;
}

}  // namespace internal

namespace {

using internal::escape_html;
using internal::is_figure;

// Calm on screen, plain on paper: the system's own fonts (nothing is fetched), figures in
// tabular digits, and print rules for A4.
constexpr std::string_view kStyleSheet = R"css(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body {
  margin: 0 auto; max-width: 1100px; padding: 2.5rem 2.5rem 4rem;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 16px; line-height: 1.5; color: #1d2731; background: #ffffff;
}
header.cover { border-bottom: 3px solid #1f3b5a; padding-bottom: 1.25rem; margin-bottom: 1.5rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 0.5rem; color: #1f3b5a; }
.subtitle { font-size: 1.2rem; margin: 0 0 0.5rem; color: #3d4b59; }
.as-at { margin: 0; font-weight: 600; color: #3d4b59; }
nav.contents { margin: 0 0 2.5rem; padding: 1rem 1.25rem; border: 1px solid #d5dbe1; border-radius: 4px; }
nav.contents h2 {
  font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.08em; color: #55626e;
  margin: 0 0 0.5rem; padding: 0; border: 0;
}
nav.contents ol { margin: 0; padding-left: 1.5rem; }
nav.contents li { margin: 0.15rem 0; }
a { color: #1f4e79; }
section { margin: 0 0 3.5rem; }
h2 {
  font-size: 1.5rem; line-height: 1.25; color: #1f3b5a; margin: 0 0 1rem;
  padding-bottom: 0.4rem; border-bottom: 1px solid #c8d1da;
}
p { margin: 0 0 0.9rem; max-width: 80ch; }
p.status {
  max-width: none; margin: 0 0 1.25rem; padding: 0.8rem 1.1rem;
  background: #eef3f8; border-left: 6px solid #1f3b5a; font-weight: 600; font-size: 1.05rem;
}
.table-wrap { margin: 1.75rem 0; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
caption { caption-side: top; text-align: left; font-weight: 700; padding: 0 0 0.5rem; }
th, td { padding: 0.4rem 0.65rem; border-bottom: 1px solid #dde3e9; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #1f3b5a; vertical-align: bottom; }
tbody th { font-weight: 400; overflow-wrap: anywhere; }
tbody tr:nth-child(even) { background: #f4f6f9; }
.money, .number, .percent, .count, .date { font-variant-numeric: tabular-nums; white-space: nowrap; }
.money, .number, .percent, .count { text-align: right; }
thead th.money, thead th.number, thead th.percent, thead th.count { white-space: normal; }
.negative { color: #9b1c1c; }
.strong, tr.total th, tr.total td { font-weight: 700; }
tr.total th, tr.total td { background: #ffffff; border-top: 2px solid #1d2731; border-bottom: 3px double #1d2731; }
p.note { font-size: 0.875rem; color: #4a5764; margin: 0.5rem 0 0; }
figure.chart { margin: 1.75rem 0 2.25rem; }
figure.chart figcaption { font-weight: 700; margin-bottom: 0.5rem; }
figure.chart svg { display: block; width: 100%; max-width: 880px; height: auto; }
figure.chart svg text { fill: #1d2731; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  main > section { break-before: page; }
  main > section:first-child { break-before: auto; }
  h2, caption, figcaption { break-after: avoid; }
  thead { display: table-header-group; }
  tr, figure.chart, p.status { break-inside: avoid; }
  .table-wrap { overflow: visible; margin: 1rem 0; }
  table { font-size: 9pt; }
  p.note { font-size: 8.5pt; }
  th, td { padding: 0.2rem 0.35rem; }
  nav.contents a { color: inherit; text-decoration: none; }
  figure.chart svg { max-width: 170mm; }
  tbody tr:nth-child(even), p.status { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)css";

// A cell's class: its kind's word for a figure or a date, none for text.
std::string_view kind_class(CellKind kind) {
  return kind == CellKind::blank || kind == CellKind::text ? std::string_view{} : kind_word(kind);
}

bool is_negative(const Cell& cell) {
  if (cell.kind == CellKind::money) return cell.money.is_negative();
  return is_figure(cell.kind) && cell.value < 0;
}

std::string class_attribute(const std::vector<std::string_view>& classes) {
  std::string names;
  for (const std::string_view name : classes) {
    if (name.empty()) continue;
    names += (names.empty() ? "" : " ") + std::string(name);
  }
  return names.empty() ? names : " class=\"" + names + "\"";
}

// A cell as <th scope="row"> (the first of its row) or <td>, classed by its kind (a blank
// cell by its column's, so that it aligns), as negative and as strong.
std::string table_cell(const Cell& cell, const Column& column, bool first, bool in_total_row) {
  const CellKind kind = cell.kind == CellKind::blank ? column.kind : cell.kind;
  const std::string classes = class_attribute(
      {kind_class(kind), is_negative(cell) ? "negative" : "", cell.strong && !in_total_row ? "strong" : ""});
  const std::string text = escape_html(display_text(cell));
  if (first) return "<th scope=\"row\"" + classes + ">" + text + "</th>";
  return "<td" + classes + ">" + text + "</td>";
}

void write_table(std::string& out, const Table& table) {
  static const Cell kBlank;
  out += "<div class=\"table-wrap\">\n<table id=\"table-" + escape_html(table.id) + "\">\n<caption>" +
         escape_html(table.caption) + "</caption>\n<thead><tr>";
  for (const Column& column : table.columns) {
    const std::string_view kind = is_figure(column.kind) ? kind_class(column.kind) : "";
    out += "<th scope=\"col\"" + class_attribute({kind}) + ">" + escape_html(column.heading) + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const std::vector<Cell>& row : table.rows) {
    const bool total = internal::is_total_row(row);
    out += total ? "<tr class=\"total\">" : "<tr>";
    // Each row has as many cells as the table has columns; a short row is filled with blanks.
    for (std::size_t c = 0; c < table.columns.size(); ++c)
      out += table_cell(c < row.size() ? row[c] : kBlank, table.columns[c], c == 0, total);
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (table.rows.empty()) out += "<p class=\"note\">This table has no rows.</p>\n";
  if (!table.note.empty()) out += "<p class=\"note\">" + escape_html(table.note) + "</p>\n";
  out += "</div>\n";
}

// The section's anchor: its id, or its place if it has none.
std::string anchor_of(const Section& section, std::size_t index) {
  return section.id.empty() ? "section-" + std::to_string(index + 1) : section.id;
}

// A section: its title, its status line in a box, its paragraphs, then each table followed
// by the charts drawn from it; a chart whose table is elsewhere (or nowhere) comes last.
void write_section(std::string& out, const Document& document, std::size_t index, std::size_t& charts_drawn) {
  const Section& section = document.sections[index];
  out +=
      "<section id=\"" + escape_html(anchor_of(section, index)) + "\">\n<h2>" + escape_html(section.title) + "</h2>\n";
  if (!section.status.empty()) out += "<p class=\"status\">" + escape_html(section.status) + "</p>\n";
  for (const std::string& paragraph : section.paragraphs) out += "<p>" + escape_html(paragraph) + "</p>\n";
  std::vector<bool> drawn(section.charts.size(), false);
  for (const Table& table : section.tables) {
    write_table(out, table);
    for (std::size_t c = 0; c < section.charts.size(); ++c) {
      if (drawn[c] || section.charts[c].table != table.id) continue;
      out += internal::chart_figure(section.charts[c], &table, ++charts_drawn);
      drawn[c] = true;
    }
  }
  for (std::size_t c = 0; c < section.charts.size(); ++c) {
    if (drawn[c]) continue;
    const Chart& chart = section.charts[c];
    out += internal::chart_figure(chart, document.find_table(chart.table), ++charts_drawn);
  }
  out += "</section>\n";
}

void write_head(std::string& out, const Document& document) {
  const std::string title =
      document.subtitle.empty() ? document.title : document.title + " \u2014 " + document.subtitle;
  out +=
      "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      escape_html(title) + "</title>\n<style>" + std::string(kStyleSheet) + "</style>\n</head>\n";
}

void write_cover(std::string& out, const Document& document) {
  out += "<header class=\"cover\">\n<h1>" + escape_html(document.title) + "</h1>\n";
  if (!document.subtitle.empty()) out += "<p class=\"subtitle\">" + escape_html(document.subtitle) + "</p>\n";
  if (!document.as_at.empty()) out += "<p class=\"as-at\">As at <time>" + escape_html(document.as_at) + "</time></p>\n";
  out += "</header>\n";
  if (document.sections.empty()) return;
  out += "<nav class=\"contents\" aria-labelledby=\"contents-title\">\n<h2 id=\"contents-title\">Contents</h2>\n<ol>\n";
  for (std::size_t i = 0; i < document.sections.size(); ++i) {
    const Section& section = document.sections[i];
    out += "<li><a href=\"#" + escape_html(anchor_of(section, i)) + "\">" + escape_html(section.title) + "</a></li>\n";
  }
  out += "</ol>\n</nav>\n";
}

}  // namespace

std::string escape_html_text(std::string_view text) { return internal::escape_html(text); }

std::string render_html(const Document& document) {
  std::string out;
  write_head(out, document);
  out += "<body>\n";
  write_cover(out, document);
  out += "<main>\n";
  std::size_t charts_drawn = 0;
  for (std::size_t i = 0; i < document.sections.size(); ++i) write_section(out, document, i, charts_drawn);
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace poolbook::reports
