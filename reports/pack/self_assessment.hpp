#pragma once
// The self-assessment against the 15 best-practice actions for integration (LGA and SCIE),
// which the fourth quarter's board pack carries: a small CSV file with a RAG rating and a
// note per action (docs/board-pack.md, "The self-assessment"):
//
//   action,rating,note
//   1,green,Risk stratification tool in use across all PCNs since 2024
//   13,amber,Resource allocation agreed for 2025/26; 2026/27 not yet
//
// `action` is 1 to 15, once each; `rating` green, amber or red; the note one line of text.
// A bad row is refused with file, line and rule (self-assessment.*); an action without a row
// is "not assessed".
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/ledger/error.hpp"
#include "poolbook/reports/pack/board_pack.hpp"

namespace poolbook::reports {

// The fifteen actions' titles, 1 to 15.
const std::vector<std::string>& best_practice_actions();

struct SelfAssessmentRead {
  std::vector<PackAssessment> actions;  // all fifteen, in order
  std::vector<Error> refused;
};

SelfAssessmentRead read_self_assessment(std::string_view text, const std::string& file);

}  // namespace poolbook::reports
