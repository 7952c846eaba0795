#pragma once
// Reading the books: balances by account and month, the journal's entries, the audit chain
// verified, and the journal exported for ledger-cli, hledger, beancount or a spreadsheet.
// Nothing here changes the books, so no one need be named.
//
//   auto rows = books::balances(books, from, to, "pool/bcf-pool");
//   auto report = books::verify_books(books);  // report.ok() unless an entry was altered

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "poolbook/daemon/books/books.hpp"
#include "poolbook/ledger/journal/journal_export.hpp"

namespace poolbook::books {

// Movements by account and month for months in [from, to], for accounts under prefix.
std::vector<ledger::BalanceRow> balances(Books& books, const ledger::Period& from, const ledger::Period& to,
                                         const std::string& prefix);

// Entries dated on or after `since` (all when absent), in id order, at most `limit`.
std::vector<ledger::Entry> journal_entries(Books& books, std::optional<date::year_month_day> since, std::size_t limit);

// Recomputes every hash in order and every maintained balance from the postings.
ledger::VerifyReport verify_books(Books& books);

// Whether the journal can be written in `format` (asked before an output file is made).
Status exportable(Books& books, ledger::ExportFormat format);
// Writes the journal in `format` to `out`; returns the number of entries written.
Result<std::size_t> export_books(Books& books, ledger::ExportFormat format, std::ostream& out);

}  // namespace poolbook::books
