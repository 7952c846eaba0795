#pragma once
// The quarterly board accountability pack assembled from the books: the statement of the
// quarter's last month (income, spend, forecast, exposure, conditions, contract payments,
// the balance proof), the statements of the months before it (spend against the phased
// budget by month), the outcome metrics recorded, the decisions, delegations and disputes,
// the quarantine, the dates ahead and the audit chain. Reading only.
//
//   auto pack = books::board_pack(books, *QuarterPeriod::parse("2025/26 Q2"), {});
//   auto document = reports::pack_document(*pack);
//
// The ROI summary needs the value case (reports/roi/value_case.hpp) and the fourth
// quarter's self-assessment its file: both are optional inputs.
#include <optional>
#include <string>
#include <vector>

#include "poolbook/daemon/books/books.hpp"
#include "poolbook/reports/pack/board_pack.hpp"

namespace poolbook::books {

struct PackInputs {
  std::string value_case;       // a value case file, or "" for none
  std::string self_assessment;  // the best-practice self-assessment file (Q4), or "" for none
  std::string board;            // the Health and Wellbeing Board; "" for the agreement's first
  int close_working_day = 5;    // a month closes on this working day after it ends
};

// For an agreement that reports to several boards, the pack is the board's share of the
// pool (reports/pack/board_share.hpp). Refused when the quarter is outside the agreement's term, the board is not one
// of the agreement's, or a file given cannot be read or has errors (each with file and line).
Result<reports::BoardPack> board_pack(Books& books, const ledger::QuarterPeriod& quarter, const PackInputs& inputs);

// The packs of every board the agreement reports to (of `inputs.board` only, when given),
// in its order, each split from the one reading of the pool's figures, so the boards' packs
// always add up to the same pool.
Result<std::vector<reports::BoardPack>> board_packs(Books& books, const ledger::QuarterPeriod& quarter,
                                                    const PackInputs& inputs);

// One month's statement as the parts of a pack (reports::statement_document renders it):
// exceptions, income, expenditure with the spend by month, the risk share, contract payments
// and the balance proof.
Result<reports::BoardPack> statement_pack(Books& books, const ledger::Period& month);

}  // namespace poolbook::books
