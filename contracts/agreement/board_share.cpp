// The Health and Wellbeing Boards' shares ([[agreement.board_share]]): read, checked, and
// turned into each board's weight in a figure (board_share.hpp).
#include "poolbook/contracts/agreement/board_share.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "poolbook/contracts/agreement/agreement_check.hpp"
#include "poolbook/contracts/agreement/internal/agreement_reader.hpp"

namespace poolbook::contracts {
namespace detail {

void read_board_shares(TomlReader& reader, const toml::table& header, Agreement& agreement) {
  for (const toml::table* table : reader.tables(header, "board_share")) {
    BoardShare share;
    share.line = line_of(*table);
    const std::string where = "[[agreement.board_share]]";
    reader.only_keys(*table, {"board", "share", "partners", "schemes"}, where);
    share.board = reader.text(*table, "board", where, share.line);
    share.share = reader.ratio_field(*table, "share", where, share.line, true).value_or(Ratio{});
    share.partners = reader.texts(*table, "partners", where, share.line, false);
    share.schemes = reader.texts(*table, "schemes", where, share.line, false);
    agreement.board_shares.push_back(std::move(share));
  }
}

}  // namespace detail

// The boards: each named once. With several, each has one [[agreement.board_share]]; the
// shares are from 0 to 100% and add up to exactly 100%; a partner or scheme named is one of
// the agreement's and wholly one board's. With one board, a share given is 100%.
std::vector<Finding> check_board_shares(const Agreement& agreement) {
  std::vector<Finding> findings;
  const auto report = [&](std::string rule, long line, std::string message) {
    findings.push_back(Finding{Severity::error, Error{std::move(rule), std::move(message), agreement.file, line}});
  };
  const auto& boards = agreement.health_and_wellbeing_boards;
  for (auto board = boards.begin(); board != boards.end(); ++board)
    if (std::find(boards.begin(), board, *board) != board)
      report("agreement.duplicate", agreement.line, "[agreement]: the board '" + *board + "' is named twice");
  std::map<std::string, long> seen_boards;
  std::map<std::string, std::pair<std::string, long>> owned;  // "partner nsc" -> its board and line
  Ratio total;
  for (const BoardShare& share : agreement.board_shares) {
    const std::string what = "the share of '" + share.board + "'";
    if (std::find(boards.begin(), boards.end(), share.board) == boards.end() && !share.board.empty())
      report("agreement.board-share", share.line,
             what + ": '" + share.board + "' is not one of health_and_wellbeing_boards");
    if (auto [first, added] = seen_boards.emplace(share.board, share.line); !added)
      report("agreement.duplicate", share.line,
             what + " is given twice (first at line " + std::to_string(first->second) + ")");
    if (share.share < 0 || share.share > 1)
      report("agreement.board-share", share.line,
             what + " is " + ledger::format_percent(share.share) + "; a share is from 0% to 100%");
    total += share.share;
    const auto own = [&](const std::vector<std::string>& ids, const std::string& kind) {
      for (const std::string& id : ids) {
        const bool exists =
            kind == "partner" ? agreement.find_partner(id) != nullptr : agreement.find_scheme(id) != nullptr;
        if (!exists)
          report("agreement.reference", share.line, what + " names " + kind + " '" + id + "', which does not exist");
        const std::string key = kind + " '" + id + "'";
        if (auto [first, added] = owned.emplace(key, std::pair{share.board, share.line}); !added)
          report("agreement.board-share", share.line,
                 what + " names " + key + ", already wholly '" + first->second.first + "''s (line " +
                     std::to_string(first->second.second) + "); it can be one board's only");
      }
    };
    own(share.partners, "partner");
    own(share.schemes, "scheme");
  }
  if (boards.size() > 1) {
    std::map<std::string, std::string> words;  // each board's file word, which names its packs
    for (const std::string& board : boards)
      if (auto [first, added] = words.emplace(board_file_word(board), board); !added && first->second != board)
        report("agreement.board-share", agreement.line,
               "[agreement]: the boards '" + first->second + "' and '" + board + "' would both name their packs '" +
                   first->first + "' (a file name keeps letters and digits only): name them so they differ");
    for (const std::string& board : boards)
      if (seen_boards.count(board) == 0)
        report("agreement.board-share", agreement.line,
               "[agreement]: the agreement reports to " + std::to_string(boards.size()) +
                   " Health and Wellbeing Boards, and '" + board +
                   "' has no [[agreement.board_share]] saying what of the pool is its own");
    if (!agreement.board_shares.empty() && total != 1)
      report("agreement.board-share", agreement.board_shares.front().line,
             "the boards' shares add up to " + ledger::format_percent(total) + ", not 100%");
  } else if (!agreement.board_shares.empty() && total != 1) {
    report("agreement.board-share", agreement.board_shares.front().line,
           "the agreement reports to one board, whose share is all of the pool: 100%, not " +
               ledger::format_percent(total));
  }
  return findings;
}

std::string board_file_word(std::string_view board) {
  std::string word;
  for (const char c : board) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80 && std::isalnum(byte) != 0)
      word += static_cast<char>(std::tolower(byte));
    else if (!word.empty() && word.back() != '-')
      word += '-';
  }
  if (word.size() > kMaxBoardWordLength) word.resize(kMaxBoardWordLength);
  while (!word.empty() && word.back() == '-') word.pop_back();
  return word.empty() ? std::string("board") : word;
}

std::vector<Ratio> board_weights(const Agreement& agreement, BoardItem item, std::string_view id) {
  const auto& boards = agreement.health_and_wellbeing_boards;
  if (boards.size() <= 1) return {Ratio(1)};
  std::vector<Ratio> weights(boards.size());
  for (std::size_t index = 0; index < boards.size(); ++index)
    for (const BoardShare& share : agreement.board_shares) {
      if (share.board != boards[index]) continue;
      const auto& own = item == BoardItem::scheme ? share.schemes : share.partners;
      if (item != BoardItem::pool && std::find(own.begin(), own.end(), id) != own.end()) {
        std::vector<Ratio> whole(boards.size());
        whole[index] = Ratio(1);
        return whole;
      }
      weights[index] = share.share;
    }
  return weights;
}

}  // namespace poolbook::contracts
