#pragma once
// Reading the books: balances by account and month, the journal's entries, the audit chain
// verified, and the journal exported for ledger-cli, hledger, beancount or a spreadsheet.
// Nothing here changes the books, so no one need be named.
//
//   auto rows = books::balances(books, from, to, "pool/bcf-pool");
//   auto report = books::verify_books(books);  // report.ok() unless a record was altered

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

// Whether the books have the account `prefix`, or any under it.
bool has_accounts_under(Books& books, const std::string& prefix);

// Entries dated on or after `since` (all when absent), in id order, at most `limit`.
std::vector<ledger::Entry> journal_entries(Books& books, std::optional<date::year_month_day> since, std::size_t limit);

// Recomputes every hash in order (the journal's and the record chain's), every maintained
// balance, each entry's month and each month's state, and checks every chained table
// (periods, imports, quarantine, the adopted agreement, decisions, virements, the authority
// log, disputes...) against the record chain. With `expected` (a head printed earlier), the
// chain must still hold it: a chain shortened or rewritten before it fails.
ledger::VerifyReport verify_books(Books& books, const std::optional<ledger::ChainHead>& expected = std::nullopt);
// What a report checks first (ledger::Store::verify_sealed): the same chained tables and the
// record chain, and the maintained balances against the digest sealed with the journal's
// head, without re-hashing every entry.
ledger::VerifyReport verify_books_sealed(Books& books);

// Whether the journal can be written in `format` (asked before an output file is made).
Status exportable(Books& books, ledger::ExportFormat format);
// Writes the journal in `format` to `out`; returns the number of entries written.
Result<std::size_t> export_books(Books& books, ledger::ExportFormat format, std::ostream& out);

}  // namespace poolbook::books
