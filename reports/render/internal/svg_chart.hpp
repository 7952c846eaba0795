#pragma once
// The pieces of the HTML page (render/html.hpp) that its two files share, internal to
// reports/render: the one escaping of text, the one rule for a total row, and a chart drawn
// as inline SVG from the cells of the table it names.
//
//   std::string figure = chart_figure(chart, document.find_table(chart.table), 3);
//   // <figure class="chart" id="chart-spend-line"><figcaption>...</figcaption><svg role="img" ...>
//
// A chart draws the exact figures of its table's cells (money in pence, ratios exact): they
// are turned into drawing positions, integers in tenths of an SVG unit, only at the last
// step, and a figure is only ever written as its cell displays it ("£1,234.56"). Axes
// always run through zero; all-zero, empty and single-row tables draw without dividing by
// zero. Limits: the first kMaxChartCategories rows are drawn (the figure says so when there
// are more); series beyond the six styles take the styles again from the first.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/reports/render/document.hpp"

namespace poolbook::reports::internal {

inline constexpr std::size_t kMaxChartCategories = 100;

// Text as HTML writes it: & < > " ' as character references, bytes that are not UTF-8 and
// control characters (other than tab, line feed and carriage return) as U+FFFD, so that
// text from a user's file can never become markup. Safe in element content and in quoted
// attribute values. Defined in html.cpp.
std::string escape_html(std::string_view text);

// Money, a number, a percentage or a count: a figure, right-aligned in a table and drawable
// in a chart. Defined in html.cpp.
bool is_figure(CellKind kind);

// A total row (or a heading row) is one whose written cells are all strong: it is shown
// bold, and a chart leaves it out, since a total drawn beside its parts dwarfs them.
// Defined in html.cpp.
bool is_total_row(const std::vector<Cell>& row);

// The chart as a <figure> holding an inline <svg role="img"> with a <title>, a <desc>, a
// legend naming each series by its column heading, labelled axis ticks and the figures.
// `table` is the table the chart names (nullptr if the document has none: the figure then
// says so in words). `ordinal` (the chart's place in the document) makes the SVG's own
// ids unique in the page. Defined in svg_chart.cpp.
std::string chart_figure(const Chart& chart, const Table* table, std::size_t ordinal);

}  // namespace poolbook::reports::internal
