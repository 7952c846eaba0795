#pragma once
// One Health and Wellbeing Board's pack from the whole pool's, for an agreement that reports
// to several boards (docs/board-pack.md, "Several boards"). Every money figure of a scheme
// (its budget, spend, forecast, its spend by month, its contract payments, its line of the
// quarterly return) is split by the scheme's weights; every figure of a partner (its
// contributions, its risk-share exposure) by the partner's (contracts/agreement/board_share.hpp);
// a national condition's budget and forecast are the board's parts of the schemes it counts,
// against a part of its minimum in proportion to those schemes' budgets. Each split is the
// pool's figure allocated across all the boards to the penny, so the boards' packs add up to
// the pool's, line by line; the pack's totals are its lines' sums. The risk share is worked
// on the whole pool: its working, its steps and the contingency reserves are the pool's, as
// are the metrics, the ROI summary, the decisions, disputes, data quality, the dates ahead,
// the exceptions and the integrity statement, and appear whole in each board's pack.
//
//   auto whole = books::board_pack(books, quarter, {});   // the pool
//   auto southvale = reports::board_share(*whole, agreement, 1);
#include <cstddef>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/ledger/error.hpp"
#include "poolbook/reports/pack/board_pack.hpp"

namespace poolbook::reports {

// The pack of the agreement's board at `index` of health_and_wellbeing_boards. Refused when
// there is no such board or the agreement's shares cannot split a figure.
Result<BoardPack> board_share(const BoardPack& whole, const contracts::Agreement& agreement, std::size_t index);

// A quarter's report's file name: "board-pack-2025-26-Q2", and for one of several boards
// "board-pack-2025-26-Q2-southvale-health-and-wellbeing-board" (contracts::board_file_word).
std::string quarter_file_name(const std::string& stem, const BoardPack& pack);

}  // namespace poolbook::reports
