#pragma once
// Small scanning helpers shared by ledger's parsers (amounts, ratios, dates, holiday lists).
// Internal to the ledger library: not installed.
#include <cstddef>
#include <optional>
#include <string_view>

namespace poolbook::ledger::text_scan {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The text without spaces, tabs and line ends at either end.
inline std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

// The value of exactly `width` decimal digits (width <= 9), or nothing.
inline std::optional<int> fixed_digits(std::string_view text, std::size_t width) {
  if (text.size() != width || width == 0 || width > 9) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace poolbook::ledger::text_scan
