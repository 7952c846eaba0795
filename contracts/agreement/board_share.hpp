#pragma once
// Each Health and Wellbeing Board's weight in a figure, for an agreement that reports to
// several ([[agreement.board_share]], docs/agreement-format.md): a scheme or a partner that
// is wholly one board's weighs 1 for it and 0 for the others; anything else weighs each
// board's share. The weights are in the order of health_and_wellbeing_boards and sum to one;
// an agreement with one board gives {1}. A board's part of an amount is its part when the
// amount is split by these weights (ledger/money/allocation.hpp), so the boards' parts add
// up to the amount to the penny.
//
//   board_weights(agreement, BoardItem::scheme, "S07")   // {1, 0}: S07 is Northshire's alone
//   board_weights(agreement, BoardItem::pool, "")        // {3/5, 2/5}: the shares
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"

namespace poolbook::contracts {

enum class BoardItem { scheme, partner, pool };

[[nodiscard]] std::vector<Ratio> board_weights(const Agreement& agreement, BoardItem item, std::string_view id);

// A board's word in file names: its ASCII letters and digits in lower case, each run of
// anything else one hyphen, at most kMaxBoardWordLength characters ("board" if none is left):
// "Southvale Health and Wellbeing Board" -> "southvale-health-and-wellbeing-board". The
// agreement's check refuses boards whose words are the same.
inline constexpr std::size_t kMaxBoardWordLength = 60;
[[nodiscard]] std::string board_file_word(std::string_view board);

}  // namespace poolbook::contracts
