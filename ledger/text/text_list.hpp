#pragma once
// A list written in one field or argument, such as "county, icb" or "2025/26 M11,2025/26 M12":
// the items between commas, with the spaces around each trimmed and empty items left out.
#include <string>
#include <string_view>
#include <vector>

namespace poolbook::ledger {

std::vector<std::string> split_list(std::string_view text);

// The text without the spaces, tabs and line ends at either end ("  " -> "").
std::string trim_text(std::string_view text);

}  // namespace poolbook::ledger
