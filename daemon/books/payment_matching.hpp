#pragma once
// Two-sided matching in the books: each partner's own payment extract (memo/ARR/paid-by/
// PARTNER) against the receipts the host recorded from it (pool/ARR/contributions/PARTNER),
// for the year to a month's end, and the agreement of balances (contracts/reconcile/
// matching.hpp has the rules).
//
//   auto matched = books::match_partner_payments(books, *Period::parse("2025/26 M12"), "");
//   for (const auto& partner : matched->partners) ... partner.paid - partner.received ...
//
// Unlike the month's statement, matching reads the journal's entries for the year (it pairs
// lines, which balances do not hold). Reversed entries and their reversals are left out, and
// so are the closes' accruals and settlements: only what was imported is matched. A partner
// is matched if it has a payment extract in the year (or if it is asked for by name).

#include <string>
#include <vector>

#include "poolbook/contracts/reconcile/matching.hpp"
#include "poolbook/daemon/books/books.hpp"

namespace poolbook::books {

struct BooksMatch {
  ledger::Period period;  // M01 of its year to this month
  int within = 0;         // the agreement's tolerance, in working days
  std::vector<contracts::PartnerMatch> partners;
};

// `partner` empty: every partner of a pooled fund or lead commissioning with a payment extract.
Result<BooksMatch> match_partner_payments(Books& books, const ledger::Period& period, const std::string& partner);

}  // namespace poolbook::books
