#pragma once
// A Document as data for machines: one JSON file with every section, table and figure, and a
// CSV file per table (docs/report-formats.md).
//
//   std::string json = render_json(document);
//   for (const auto& [name, text] : render_csv(document)) ...   // "income-by-partner.csv", ...
//
// Money, numbers and percentages are written exactly as decimal text ("1234.56", "-12.00",
// "0.925"), never as binary floating point; a count is a JSON integer; a blank cell is null
// in JSON and empty in CSV. A percentage is its fraction (92.5% is 0.925).
#include <string>
#include <utility>
#include <vector>

#include "poolbook/reports/render/document.hpp"

namespace poolbook::reports {

std::string render_json(const Document& document);

// Each table as a CSV file named after its id (letters, digits, '-' and '_'): a header row of
// the column headings, then the rows (RFC 4180 quoting; lines end in CRLF). A text cell
// starting with =, +, -, @, a tab or a carriage return is written after an apostrophe, so
// that a spreadsheet opening the file never takes it for a formula.
std::vector<std::pair<std::string, std::string>> render_csv(const Document& document);

}  // namespace poolbook::reports
