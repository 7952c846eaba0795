#pragma once
// The parts of the agreement loader, each reading its tables with the one TOML reader
// (toml_reader.hpp) under the agreement's rules. Internal to contracts/.

#include <string>

#include <toml++/toml.h>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/contracts/agreement/internal/toml_reader.hpp"

namespace poolbook::contracts::detail {

// The agreement's reader: its rules are "agreement.field", "agreement.money", ...
inline TomlReader agreement_reader(std::string file_name) {
  return TomlReader(std::move(file_name), "agreement", "the agreement format does");
}

// Each part of the file has its reader; they live in the files named.
void read_risk_shares(TomlReader& reader, const toml::table& root, Agreement& agreement);  // risk_share_reader.cpp
void read_contracts(TomlReader& reader, const toml::table& root, Agreement& agreement);    // contract_reader.cpp
void read_governance(TomlReader& reader, const toml::table& root, Agreement& agreement);   // governance_reader.cpp
void read_metrics(TomlReader& reader, const toml::table& root, Agreement& agreement);      // metric_reader.cpp
// [[agreement.board_share]] under the [agreement] table (board_share.cpp).
void read_board_shares(TomlReader& reader, const toml::table& header, Agreement& agreement);

}  // namespace poolbook::contracts::detail
