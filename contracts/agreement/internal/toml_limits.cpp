#include "poolbook/contracts/agreement/internal/toml_limits.hpp"

namespace poolbook::contracts::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<TomlLimitBreach> toml_beyond_limits(std::string_view text) {
  if (text.size() > kMaxTomlBytes)
    return TomlLimitBreach{1, "the file is " + std::to_string(text.size()) + " bytes, more than the " +
                                  std::to_string(kMaxTomlBytes) + " poolbook reads"};
  enum class In { code, basic, literal, multiline_basic, multiline_literal, comment };
  In in = In::code;
  long line = 1;
  int nesting = 0;
  int dots = 0;  // on this line, outside strings and comments, not between digits (1.5)
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto at = [&](std::string_view what) { return text.substr(i, what.size()) == what; };
    if (c == '\n') {
      ++line;
      dots = 0;
      if (in == In::comment || in == In::basic || in == In::literal) in = In::code;
      continue;
    }
    switch (in) {
      case In::comment:
        continue;
      case In::basic:
        if (c == '\\')
          ++i;
        else if (c == '"')
          in = In::code;
        continue;
      case In::literal:
        if (c == '\'') in = In::code;
        continue;
      case In::multiline_basic:
        if (c == '\\')
          ++i;
        else if (at("\"\"\"")) {
          in = In::code;
          i += 2;
        }
        continue;
      case In::multiline_literal:
        if (at("'''")) {
          in = In::code;
          i += 2;
        }
        continue;
      case In::code:
        break;
    }
    if (c == '#') {
      in = In::comment;
    } else if (at("\"\"\"")) {
      in = In::multiline_basic;
      i += 2;
    } else if (at("'''")) {
      in = In::multiline_literal;
      i += 2;
    } else if (c == '"') {
      in = In::basic;
    } else if (c == '\'') {
      in = In::literal;
    } else if (c == '[' || c == '{') {
      if (++nesting > kMaxTomlNesting + 2)  // a table header's own [[ ]] are two
        return TomlLimitBreach{
            line, "arrays or inline tables are nested more than " + std::to_string(kMaxTomlNesting) + " deep"};
    } else if (c == ']' || c == '}') {
      if (nesting > 0) --nesting;
    } else if (c == '.' && !(i > 0 && is_digit(text[i - 1]) && i + 1 < text.size() && is_digit(text[i + 1]))) {
      if (++dots >= kMaxTomlKeyParts)
        return TomlLimitBreach{
            line, "a key or table header has more than " + std::to_string(kMaxTomlKeyParts) + " dotted parts"};
    }
  }
  return std::nullopt;
}

}  // namespace poolbook::contracts::detail
