#include "poolbook/contracts/agreement/finding.hpp"

#include <algorithm>

namespace poolbook::contracts {

std::string Finding::describe() const {
  Error labelled = error;
  labelled.message = (severity == Severity::error ? "error: " : "warning: ") + labelled.message;
  return labelled.describe();
}

bool no_errors(const std::vector<Finding>& findings) {
  return std::none_of(findings.begin(), findings.end(),
                      [](const Finding& finding) { return finding.severity == Severity::error; });
}

}  // namespace poolbook::contracts
