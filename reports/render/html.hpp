#pragma once
// A Document as one self-contained HTML page: the board pack a Health and Wellbeing Board
// member opens in a browser, or prints on A4 and reads at the meeting. A cover with the
// title, the subtitle and "As at 2025-09-30"; a table of contents linking to each section;
// then each section with its status line in a box, its paragraphs, its tables and the
// charts drawn from them as inline SVG.
//
//   const std::string page = render_html(document);
//   std::ofstream("board-pack.html", std::ios::binary) << page;
//
// Guarantees:
//  - one file that fetches nothing: the style sheet and the charts are inline, there is no
//    script, no font, image or style sheet from anywhere else, and no link but to its own
//    sections (#income);
//  - every text from the document (captions, cells, titles) is escaped, so text from a
//    user's file is shown as written and can never become markup; bytes that are not UTF-8
//    are shown as U+FFFD;
//  - a figure is written as its cell displays it ("£1,234.56", "(£12.00)", "5.0%"); the
//    charts draw the cells' exact figures and turn them into drawing positions only, so the
//    renderer computes no figure;
//  - tables a screen reader can walk: a <caption>, column headings (<th scope="col">) and
//    the first cell of each row as the row's heading (<th scope="row">); figures right-
//    aligned in tabular digits, each cell classed by its kind ("money", "percent", ...),
//    negative figures "negative", a total row (its cells all strong) <tr class="total">;
//  - printed on A4 with 15 mm margins, each section after the first on a new page, no table
//    row or chart split across pages, table headings repeated on each page;
//  - the same Document always gives the same bytes (no clock, no random ids).
// Limits: a chart draws the first 100 rows of its table (the page says so when it has
// more); a table wider than A4 can hold (about ten columns of figures in millions of pounds)
// runs past the printed page's edge on paper, though not on screen, where it scrolls.
#include <string>
#include <string_view>

#include "poolbook/reports/render/document.hpp"

namespace poolbook::reports {

// The document as an HTML page, UTF-8, starting "<!doctype html>".
std::string render_html(const Document& document);

// Text made safe to put between tags or in an attribute's quotes, as the page writes every
// text of its document (for other pages that poolbook serves, such as poolbookd's status).
std::string escape_html_text(std::string_view text);

}  // namespace poolbook::reports
