// The BCF national conditions an agreement declares ([[national_condition]]): how they are
// read and checked.
#include <algorithm>
#include <catch2/catch.hpp>

#include "northshire_agreement.hpp"

using namespace poolbook;
using namespace poolbook::contracts;
using namespace poolbook::testing;

namespace {

std::string replaced(std::string text, const std::vector<std::pair<std::string, std::string>>& edits) {
  for (const auto& [from, to] : edits) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  }
  return text;
}

bool has_finding(const LoadedAgreement& loaded, const std::string& rule, const std::string& text) {
  return std::any_of(loaded.findings.begin(), loaded.findings.end(), [&](const Finding& finding) {
    return finding.error.rule == rule && finding.error.message.find(text) != std::string::npos;
  });
}

}  // namespace

TEST_CASE("the example area declares two national conditions for 2025/26") {
  const auto& conditions = northshire().national_conditions;
  REQUIRE(conditions.size() == 2);
  CHECK(conditions[0].id == "NC2");
  CHECK(conditions[0].kind == ConditionKind::nhs_social_care);
  CHECK(conditions[0].minimum == pounds("12500000.00"));
  CHECK(conditions[1].kind == ConditionKind::nhs_out_of_hospital);
  CHECK(conditions[1].arrangement == "bcf-pool");
}

TEST_CASE("a national condition names a pooled fund and a year of the term, once, with a minimum not negative") {
  const std::string text =
      replaced(northshire_text(), {{"id = \"NC3\"", "id = \"NC2\""},
                                   {"minimum = \"12500000.00\"", "minimum = \"-1.00\""},
                                   {"kind = \"nhs-out-of-hospital\"\narrangement = \"bcf-pool\"\n"
                                    "year = \"2025/26\"",
                                    "kind = \"nhs-out-of-hospital\"\narrangement = \"mh-aligned\"\n"
                                    "year = \"2029/30\""}});
  const LoadedAgreement loaded = load_agreement_text(text, "nsh.toml");
  CHECK_FALSE(loaded.valid());
  CHECK(has_finding(loaded, "agreement.duplicate", "national condition 'NC2' is declared twice"));
  CHECK(has_finding(loaded, "agreement.money", "national condition 'NC2': the minimum cannot be negative"));
  CHECK(has_finding(loaded, "agreement.reference", "names 'mh-aligned', which is not a pooled fund of the agreement"));
  CHECK(has_finding(loaded, "agreement.term", "national condition 'NC2'"));
  // An unknown kind is named with the ones there are.
  const LoadedAgreement kind = load_agreement_text(
      replaced(northshire_text(), {{"kind = \"nhs-social-care\"", "kind = \"social-care\""}}), "nsh.toml");
  CHECK_FALSE(kind.valid());
  CHECK(std::any_of(kind.findings.begin(), kind.findings.end(), [](const Finding& finding) {
    return finding.error.message.find("nhs-social-care") != std::string::npos;
  }));
}
