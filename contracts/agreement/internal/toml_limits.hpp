#pragma once
// Limits checked on a TOML text before it is parsed, so that no input can make the parser
// recurse without bound (a dotted key or table header of 50,000 parts, an array nested 50,000
// deep) or read without end. A text within them is parsed as usual; one beyond them is
// refused with the line where it goes too far.
//
//   toml_beyond_limits("a.b.c = 1\n")   // nullopt
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace poolbook::contracts::detail {

inline constexpr std::size_t kMaxTomlBytes = 8 * 1024 * 1024;
inline constexpr int kMaxTomlKeyParts = 32;  // dots in one line's keys and headers, plus one
inline constexpr int kMaxTomlNesting = 32;   // arrays and inline tables inside one another

struct TomlLimitBreach {
  long line = 0;
  std::string message;
};

std::optional<TomlLimitBreach> toml_beyond_limits(std::string_view text);

}  // namespace poolbook::contracts::detail
