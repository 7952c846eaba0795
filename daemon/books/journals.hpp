#pragma once
// Manual journals: an accrual or a correction posted by hand, and the reversal of an entry,
// each with a reason, by a person the scheme of delegation allows (action manual-journal;
// in Northshire the pool manager up to £100,000.00 alone, the joint commissioning board
// beyond), into an open month only. The entry and the authority log's line are written in
// one transaction; a refusal is logged too.
//
//   auto id = books::post_journal(books, "", {2025_y/October/31, EntryKind::accrual, "Accrued
//       invoice", "invoice received after the extract", {{"pool/bcf-pool/scheme/S08", +£12,000},
//       {"pool/bcf-pool/bank", -£12,000}}, ""}, today);
//   auto undone = books::reverse_entry(books, "", {*id, 2025_y/November/1, "paid in November", ""}, today);
//
// The amount judged against the scheme of delegation is the entry's debits (for a reversal,
// the original's). Refused: a blank reason (journal.reason), a kind other than accrual or
// correction (journal.kind), an entry that does not balance or names an account the books do
// not have, a date in a closed month (period.closed), an entry that does not exist or was
// reversed already.

#include <string>
#include <vector>

#include "poolbook/daemon/books/books.hpp"
#include "poolbook/ledger/journal/entry.hpp"

namespace poolbook::books {

struct JournalRequest {
  date::year_month_day date{};
  ledger::EntryKind kind = ledger::EntryKind::accrual;  // accrual or correction
  std::string description;
  std::string reason;
  std::vector<ledger::Posting> postings;  // debits positive, credits negative
  std::string decision;                   // cited when the amount is beyond the actor alone
};

Result<ledger::EntryId> post_journal(Books& books, const std::string& as, const JournalRequest& request,
                                     date::year_month_day today);

struct ReversalRequest {
  ledger::EntryId entry = 0;
  date::year_month_day date{};
  std::string reason;
  std::string decision;
};

Result<ledger::EntryId> reverse_entry(Books& books, const std::string& as, const ReversalRequest& request,
                                      date::year_month_day today);

}  // namespace poolbook::books
