#pragma once
// What the results files (KPI results, outcome metrics) share: fields trimmed, headers matched
// without regard to case, and each field one line of UTF-8 text without control characters.
// Internal to contracts/.
#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/ledger/text/utf8.hpp"

namespace poolbook::contracts::detail {

inline std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

inline std::string lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  return text;
}

// Whether a header row is `columns`, in order (trimmed, in any case).
template <std::size_t N>
bool header_is(const std::vector<std::string>& fields, const std::string_view (&columns)[N]) {
  if (fields.size() != N) return false;
  for (std::size_t i = 0; i < N; ++i)
    if (lowered(trimmed(fields[i])) != columns[i]) return false;
  return true;
}

// The 1-based number of the first field that is not one line of UTF-8 text without control
// characters, or 0.
inline std::size_t bad_text_field(const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (ledger::invalid_utf8_at(fields[i]) || ledger::control_at(fields[i]) ||
        fields[i].find_first_of("\r\n") != std::string::npos)
      return i + 1;
  return 0;
}

}  // namespace poolbook::contracts::detail
