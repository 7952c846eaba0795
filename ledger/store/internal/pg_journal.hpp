#pragma once
// Reading and checking the PostgreSQL journal (pg_store.cpp's helpers): entries with their
// provenance and postings, the lookups an import makes, where the chain stands for the next
// batch, and verification of the journal and the record chain. Private to ledger/store.
//
//   Chain chain = pg_start_chain(db);                       // inside db.write(...)
//   auto page = pg_read_entries(db, "AND e.id > $2 ORDER BY e.id LIMIT 10000", {after});
//   VerifyReport report = pg_verify_journal(db);
//
// Every function works on the connection's agreement only ($1 in every statement).

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "poolbook/ledger/store/internal/audit_chain_writer.hpp"
#include "poolbook/ledger/store/pg_database.hpp"
#include "poolbook/ledger/store/record_chain.hpp"
#include "poolbook/ledger/store/store.hpp"

namespace poolbook::ledger {

// The tables under the PostgreSQL record chain, as journal.sql chains them.
std::span<const char* const> pg_chained_tables();

std::unordered_map<std::int64_t, std::string> pg_account_paths(PgDatabase& db);

// A binary COPY (FORMAT binary) of the journal's rows: its header, an entry as a row of the
// journal's columns in their order (the postings as two arrays, accounts.id and pence), and
// its trailer.
void append_pg_copy_header(std::string& out);
void append_pg_copy_entry(std::string& out, std::string_view agreement, const PreparedEntry& prepared);
void append_pg_copy_trailer(std::string& out);

// The postings back from the arrays' text ("{3,1}" and "{250,-250}"): account and pence
// pairs; nullopt if not of that shape.
std::optional<std::vector<std::pair<std::int64_t, std::int64_t>>> pg_postings_of(std::string_view accounts,
                                                                                 std::string_view amounts);

// Entries of the agreement, `rest` appended to the WHERE clause (from $2 on: `params`).
std::vector<Entry> pg_read_entries(PgDatabase& db, const std::string& rest, const std::vector<PgParam>& params);
// Every entry in `order` (an ORDER BY clause), handed to `visit` a page at a time from a
// cursor on one snapshot; stops at the first error `visit` returns.
Status pg_visit_entries(PgDatabase& db, const std::string& order, const std::function<Status(Entry&)>& visit);

// Inside the write transaction (the books' lock held): where the chain stands now.
Chain pg_start_chain(PgDatabase& db);

// BooksView's lookups over a connection.
bool pg_is_closed(PgDatabase& db, const Period& period);
bool pg_account_open(PgDatabase& db, const std::string& path);
bool pg_reference_posted(PgDatabase& db, const std::string& profile, const std::string& reference);
std::optional<EntryId> pg_posted_alike(PgDatabase& db, const std::string& reference, date::year_month_day date,
                                       const std::vector<Posting>& postings);

// Recomputes every entry's hash in order, the maintained balances from the postings and
// each month's state from its log.
VerifyReport pg_verify_journal(PgDatabase& db);
// Recomputes the record chain and compares each chained table with its records.
RecordChainReport pg_verify_records(PgDatabase& db, const std::optional<ChainHead>& expected);
Result<ChainHead> pg_record_head(PgDatabase& db);

}  // namespace poolbook::ledger
