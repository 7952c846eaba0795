#pragma once
// A Finding is one problem found in an agreement (or another input file): an Error that
// names the file, line and rule, and whether it makes the input invalid (an error) or is
// only drawn to the reader's attention (a warning). Checks report every finding at once, so
// a finance officer can fix a file in one pass.
//
//   for (const Finding& finding : loaded.findings) std::cout << finding.describe() << '\n';
//   // fixtures/x/agreement.toml:41: error: scheme S07 is charged to arrangement ... [agreement.no-budget]

#include <string>
#include <vector>

#include "poolbook/ledger/error.hpp"

namespace poolbook::contracts {

enum class Severity { error, warning };

struct Finding {
  Severity severity = Severity::error;
  Error error;

  // "FILE:LINE: error: message [rule]"
  [[nodiscard]] std::string describe() const;
};

// True when none of the findings is an error.
bool no_errors(const std::vector<Finding>& findings);

}  // namespace poolbook::contracts
