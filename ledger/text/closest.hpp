#pragma once
// The word a mistyped one was most likely meant to be, for "did you mean" in messages:
// closest("balnce", {"balance", "journal"}) is "balance". Distance is by single-letter edits
// (insert, delete, replace, swap two neighbours), case ignored; a candidate counts only when
// it is within a third of the word's length (at least 2 edits), so that unrelated words are not
// offered.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace poolbook::ledger {

std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace poolbook::ledger
