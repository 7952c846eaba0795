#pragma once
// The board pack laid out as a Document (render/document.hpp): a section per part of the
// pack, each with its status line, its tables and its charts, ready for any renderer.
//
//   Document document = reports::pack_document(pack);
//   write_xlsx(document, "pack.xlsx");
#include "poolbook/reports/pack/board_pack.hpp"
#include "poolbook/reports/render/document.hpp"

namespace poolbook::reports {

Document pack_document(const BoardPack& pack);

}  // namespace poolbook::reports
