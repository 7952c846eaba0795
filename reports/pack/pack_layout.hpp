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

// The monthly finance statement (the month-end statement, rendered): from a pack holding one
// month's statement parts (books::statement_pack): exceptions, income, expenditure with the
// spend by month, the risk share, contract payments and the balance proof.
Document statement_document(const BoardPack& month);

// The figures of the BCF quarterly return: income and expenditure by scheme in the quarter
// and the year to date, and the outcome metrics against plan.
Document return_document(const BoardPack& pack);

// The ROI report on its own: the appraisals (the first with its beneficiaries and tornado).
Document roi_document(const std::string& title, const std::string& subtitle, const std::string& as_at,
                      const std::vector<PackRoi>& appraisals);

}  // namespace poolbook::reports
