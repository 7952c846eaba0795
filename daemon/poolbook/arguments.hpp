#pragma once
// Reading the command line's own notations: NAME=VALUE pairs (--variance S07=812400.17,
// --kpi K1=0.83, --by County=62.5%) and comma lists (--present d.hughes,m.clarke). One
// reader for each, so every command refuses the same mistakes in the same words.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "poolbook/ledger/error.hpp"

namespace poolbook::cli {

// "S07=812400.17" -> {"S07", "812400.17"}. Refused (rule `rule`) when there is no name or no
// value: "'S07' should be SCHEME=AMOUNT, e.g. S07=812400.17" (shape and example as given).
Result<std::pair<std::string, std::string>> name_value(const std::string& text, std::string_view shape,
                                                       std::string_view example, const std::string& rule);

// NAME=VALUE pairs, each name once: "the result of K1 is given twice".
Result<std::vector<std::pair<std::string, std::string>>> name_values(const std::vector<std::string>& texts,
                                                                     std::string_view shape, std::string_view example,
                                                                     const std::string& rule);

// "NEA-65=missed" -> {"NEA-65", false}: a performance element's result, met or missed.
Result<std::vector<std::pair<std::string, bool>>> performance_given(const std::vector<std::string>& texts,
                                                                    const std::string& rule);

// The help of every --as: it chooses among the persons the agreement maps the operating-system
// account to, and never makes the account anyone else.
inline constexpr const char* kAsHelp =
    "Which of the persons your operating-system account acts for (default: its only one); never anyone else";

}  // namespace poolbook::cli
