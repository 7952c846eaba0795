#pragma once
// The Northshire example agreement (fixtures/northshire/agreement.toml) for tests: loaded
// once, and loaded again with its tail from a marker replaced, to test the checks of the
// part of the file the tail holds.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "poolbook/contracts/agreement/agreement_loader.hpp"

namespace poolbook::testing {

inline const contracts::Agreement& northshire() {
  static const contracts::LoadedAgreement loaded =
      contracts::load_agreement(POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml");
  REQUIRE(loaded.valid());
  return *loaded.agreement;
}

// Money written as in the agreement: pounds("1234.56").
inline ledger::Money pounds(const char* text) { return *ledger::Money::parse(text); }

inline std::string northshire_text() {
  std::ifstream in(POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The line the replacing block starts on (see findings_with_tail).
inline long tail_first_line(const std::string& heading) {
  const std::string text = northshire_text();
  const auto cut = text.find(
      "# ---------------------------------------------------------------------------------------\n" + heading);
  REQUIRE(cut != std::string::npos);
  return static_cast<long>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(cut), '\n')) + 1;
}

// The findings of the agreement with everything from the rule line before `heading` cut
// and `block` written instead, at or after the block's first line, as "LINE: [warning: ]
// message [rule]" with lines counted from the block's first line (1).
inline std::vector<std::string> findings_with_tail(const std::string& heading, const std::string& block) {
  std::string base = northshire_text();
  const auto cut = base.find(
      "# ---------------------------------------------------------------------------------------\n" + heading);
  REQUIRE(cut != std::string::npos);
  base.resize(cut);
  const long first = static_cast<long>(std::count(base.begin(), base.end(), '\n')) + 1;
  std::vector<std::string> out;
  for (const contracts::Finding& finding : contracts::load_agreement_text(base + block, "nsh.toml").findings)
    if (finding.error.line >= first)
      out.push_back(std::to_string(finding.error.line - first + 1) + ": " +
                    (finding.severity == contracts::Severity::warning ? "warning: " : "") + finding.error.message +
                    " [" + finding.error.rule + "]");
  return out;
}

}  // namespace poolbook::testing
