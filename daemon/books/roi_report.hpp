#pragma once
// The return on investment of a scheme, a group of schemes or the whole fund, from the value
// case (reports/roi/value_case.hpp) and the books: planned from the agreement's budgets and
// the value case's activity, or realised to date from the books' actual spend and the
// outcome metrics' movement against their baselines (docs/roi-appraisal.md, "Realised").
//
//   auto appraisals = books::roi_appraisals(books, {"fixtures/northshire/value-case.toml", {"S03"}, true, quarter});
#include <optional>
#include <string>
#include <vector>

#include "poolbook/daemon/books/books.hpp"
#include "poolbook/reports/pack/board_pack.hpp"

namespace poolbook::books {

struct RoiRequest {
  std::string value_case;                   // the value case file
  std::vector<std::string> schemes;         // empty: every scheme the value case maps
  bool realised = false;                    // also the realised appraisal, to `to`
  std::optional<ledger::QuarterPeriod> to;  // realised to this quarter's end; none: the latest closed month's
  bool tornado = true;                      // the sensitivity of the planned appraisal
};

// The planned appraisal, then (when asked) the realised one. Refused with the value case's
// findings (file and line) when it has errors, or when a scheme is not in it.
Result<std::vector<reports::PackRoi>> roi_appraisals(Books& books, const RoiRequest& request);

}  // namespace poolbook::books
