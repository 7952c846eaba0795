#pragma once
// Writes a Document as an Excel workbook (libxlsxwriter). TO BE WRITTEN (helper).
#include <filesystem>

#include "poolbook/ledger/error.hpp"
#include "poolbook/reports/render/document.hpp"

namespace poolbook::reports {

Status write_xlsx(const Document& document, const std::filesystem::path& file);

}  // namespace poolbook::reports
