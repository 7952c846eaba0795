#pragma once
// A Document written to a folder in the formats asked for: every file is written first in a
// private folder made for the purpose (mode 0700, a new name), flushed to disk, then renamed
// into place, so a reader never sees a half-written report and nothing is ever written
// through a name someone else planted (a symbolic link to other files):
//
//   auto written = write_report(document, "out/2025-26/Q2", "board-pack-2025-26-Q2",
//                               *parse_formats("xlsx,html,csv,json"));
//   // out/2025-26/Q2/board-pack-2025-26-Q2.xlsx, .html, .json and board-pack-2025-26-Q2-csv/*.csv
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/ledger/error.hpp"
#include "poolbook/reports/render/document.hpp"

namespace poolbook::reports {

enum class ReportFormat { xlsx, html, csv, json };

// "xlsx,html,csv,json" (any of them, in any order, once each); refused (report.format) with
// the words it takes.
Result<std::vector<ReportFormat>> parse_formats(std::string_view list);

// A period's word in a file name: "2025/26 Q2" -> "2025-26-Q2", "2025/26" -> "2025-26".
std::string period_file_word(std::string period);

// The paths written, in the order of `formats` (a CSV file per table). The folder is made if
// missing. Refused (report.write, naming the file) when a file cannot be written.
Result<std::vector<std::string>> write_report(const Document& document, const std::filesystem::path& folder,
                                              const std::string& name, const std::vector<ReportFormat>& formats);

}  // namespace poolbook::reports
