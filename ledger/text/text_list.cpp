#include "poolbook/ledger/text/text_list.hpp"

#include "poolbook/ledger/text/internal/text_scan.hpp"

namespace poolbook::ledger {

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  while (true) {
    const auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

std::string trim_text(std::string_view text) { return std::string(text_scan::trim(text)); }

}  // namespace poolbook::ledger
