#pragma once
// The XLSX renderer writes a Document as an Excel workbook a board member can open, print and
// chart from: a sheet per section, its tables with their figures as real numbers (money in
// pounds shown "£1,234.56" and "(£12.00)", percentages as fractions shown "5.0%", dates as
// Excel dates shown "30/09/2025"), and a native Excel chart for each of the section's charts,
// drawn from the cells its table was written to.
//
//   Status written = write_xlsx(document, "pack.xlsx.tmp");
//   if (!written) return written.error();   // "the workbook 'pack.xlsx.tmp' could not be written: ..."
//   std::filesystem::rename("pack.xlsx.tmp", "pack.xlsx");
//
// Each sheet holds, from A1 down: the section's title (bold, larger), the document's subtitle,
// "As at <as_at>", the section's status line, its paragraphs (a row each), then each table
// (caption in bold, a heading row in bold with a border under it, the rows, the note under
// it) with a blank row after it, then the charts one under another, each about 18 rows tall.
// The panes are frozen under the first table's heading row (if it is within the first 20
// rows: more would fill a small window and leave nothing to scroll), and that row is repeated
// at the top of each printed page. A sheet prints landscape on A4, one page wide, with the
// document's title in the page header and "Page n of m" in the footer.
//
// Guarantees:
//  - No figure is computed: a cell's exact decimal text (plain_text) is turned into the
//    binary number a spreadsheet cell holds, and nothing else.
//  - The same Document gives the same bytes: the workbook's creation time is the as-at date
//    at 00:00 UTC, never the wall clock (libxlsxwriter dates the zip entries 1980-01-01).
//  - Sheet names are the sections' `sheet` made valid for Excel (at most 31 characters, none
//    of []:*?/\, no apostrophe first or last) and unique ("Income", "Income (2)").
//  - A failure is an Error (rule "render.xlsx", kind internal) naming the file and why; it is
//    never reported as success. On failure the file may be missing or incomplete: callers
//    write to a temporary name and rename it into place.
//
// A tornado draws its two series overlapped, a bar each way on one line per category: its
// table holds the swings from the central figure (a negative downside and a positive upside),
// not the low and high figures themselves, which would draw one bar over the other.
//
// Limits: a chart on a table with no rows is left out (there is nothing to draw); a chart
// whose table is not in its section, whose columns are out of range or not figures, or a
// tornado without exactly two series is an error, as is a date cell that is not a date or an
// as-at date that is not a date after 1970-01-01. A cell's text is at most 32,767 bytes
// (Excel's limit; longer is an error). Not thread-safe for the same file; otherwise free of
// shared state.
#include <filesystem>

#include "poolbook/ledger/error.hpp"
#include "poolbook/reports/render/document.hpp"

namespace poolbook::reports {

// Writes the document to `file` as an .xlsx workbook, replacing what is there.
Status write_xlsx(const Document& document, const std::filesystem::path& file);

}  // namespace poolbook::reports
