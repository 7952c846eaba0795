#pragma once
// Loading an agreement reads the TOML file that mirrors the signed document
// (docs/agreement-format.md), builds the Agreement model and checks it the way an auditor
// would, reporting every problem at once with file, line and a plain sentence.
//
//   LoadedAgreement loaded = load_agreement("fixtures/northshire/agreement.toml");
//   for (const Finding& finding : loaded.findings) std::cerr << finding.describe() << '\n';
//   if (loaded.valid()) use(*loaded.agreement);
//
// Guarantees: nothing in the file is silently ignored (unknown keys are findings); money
// is only ever read from decimal strings; an agreement is returned whenever the file could
// be read as TOML, so that all problems, structural and semantic, are reported together.
// Limits: files larger than kMaxAgreementFileBytes are refused.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/contracts/agreement/finding.hpp"

namespace poolbook::contracts {

inline constexpr std::uintmax_t kMaxAgreementFileBytes = 8 * 1024 * 1024;

struct LoadedAgreement {
  std::optional<Agreement> agreement;  // absent only when the file could not be read as TOML
  std::vector<Finding> findings;       // in file order: errors and warnings

  [[nodiscard]] bool valid() const { return agreement.has_value() && no_errors(findings); }
};

// Reads, builds and checks the agreement in a file.
LoadedAgreement load_agreement(const std::filesystem::path& file);
// The same from text, naming it file_name in findings (for tests and stdin).
LoadedAgreement load_agreement_text(std::string_view text, const std::string& file_name);

}  // namespace poolbook::contracts
