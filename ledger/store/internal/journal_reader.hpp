#pragma once
// Reading the SQLite journal back: entries with their provenance and postings (from the
// compact row layout of journal migration 3), and the whole journal verified against its
// hash chain and its maintained balances. Private to ledger/store.
//
//   auto page = read_entries(db, "WHERE e.id > ?1", after, 10'000);
//   VerifyReport report = verify_journal(db);
//
// Guarantees: an entry whose stored text no longer reads back (a date, its postings) is
// returned without it, so that verify reports it rather than the reader failing.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "poolbook/ledger/journal/entry.hpp"
#include "poolbook/ledger/store/sqlite_database.hpp"
#include "poolbook/ledger/store/store.hpp"

namespace poolbook::ledger {

// Entries matching `where` (which may use ?1 = parameter; empty for all), in id order, at
// most `limit`.
std::vector<Entry> read_entries(SqliteDatabase& db, const std::string& where, std::int64_t parameter,
                                std::size_t limit);
// Entries dated on or after `since`, in id order, at most `limit`.
std::vector<Entry> entries_since(SqliteDatabase& db, date::year_month_day since, std::size_t limit);
// Hands every entry to `visit`, in date order (ties in id order), one at a time; stops at
// the first error `visit` returns, and returns it.
Status visit_entries_by_date(SqliteDatabase& db, const std::function<Status(const Entry&)>& visit);
// Recomputes every hash in order and every maintained balance from the postings.
VerifyReport verify_journal(SqliteDatabase& db);
// What verify_journal checks that does not grow with the journal, for balances already
// checked against their seal: how they are stored, and each month's state from its log.
VerifyReport verify_balances_sealed(SqliteDatabase& db);

// BooksView::posted_alike over `db`.
std::optional<EntryId> find_posted_alike(SqliteDatabase& db, const std::string& reference, date::year_month_day date,
                                         const std::vector<Posting>& postings);

}  // namespace poolbook::ledger
