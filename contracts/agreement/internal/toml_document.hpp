#pragma once
// Parsing a TOML input (an agreement, an import profile) into a table, or into a finding
// that names the file and line where the text stops being TOML. Internal to contracts/.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "poolbook/contracts/agreement/finding.hpp"

namespace poolbook::contracts {

inline std::optional<toml::table> parse_toml(std::string_view text, const std::string& file_name,
                                             std::vector<Finding>& findings) {
  try {
    return toml::parse(text, file_name);
  } catch (const toml::parse_error& error) {
    findings.push_back(Finding{Severity::error, Error{"toml.syntax", std::string(error.description()), file_name,
                                                      static_cast<long>(error.source().begin.line)}});
    return std::nullopt;
  }
}

}  // namespace poolbook::contracts
