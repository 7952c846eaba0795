#pragma once
// The record chain: every change to a table that says what the books say (periods and their
// log, imports, quarantine, settings with the adopted agreement, accounts, sources; decisions,
// ratifications, virements, the authority log, disputes and their events) is appended, by a
// trigger, to one table `record_chain` as (table, key, operation, the row's content), and
// sealed with a SHA-256 hash chained to the record before it when poolbook commits. The
// journal keeps its own chain (each entry's hash), whose head is sealed into the record
// chain at every commit that moved it: the record chain's head stands for both.
//
//   ChainedTable periods{"periods", {"fy", "month"}, {"fy", "month", "state"}};
//   Migration{8, chain_tables_sql(tables)};   // triggers, and a record of each row held now
//   auto report = verify_record_chain(db, all_tables, ChainHead{120, "9f3c..."});
//
// verify_record_chain recomputes every hash in order, checks that each chained table holds
// exactly what its records say (its latest record per key) and that the journal heads
// recorded are the journal's, and names the first record or row that does not match. What it
// cannot prove is said in docs/store-format.md: someone who can rewrite the whole file can
// recompute every hash, which only a head kept elsewhere (verify --expect-head) reveals.
//
// Thread-safety: as SqliteDatabase (one connection per thread).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "poolbook/ledger/error.hpp"

namespace poolbook::ledger {

class SqliteDatabase;

// A table under the chain: its name, the columns of its key, and every column it has (a
// migration that adds a column runs chain_tables_sql again with the new list).
struct ChainedTable {
  std::string name;
  std::vector<std::string> key;
  std::vector<std::string> columns;
  bool append_only = false;  // rows are only ever added: a record of an update or delete is an alteration
};

// The SQL that puts `tables` under the chain: the record_chain table if it is not there yet,
// triggers on each table (replacing any from an earlier column list), and one record of
// each row the table holds now (operation "adopt"), so that books made before keep verifying.
std::string chain_tables_sql(std::span<const ChainedTable> tables);

// The last sealed record: its number and hash (0 and the genesis hash for none).
struct ChainHead {
  std::int64_t record = 0;
  std::string hash;
  [[nodiscard]] std::string to_string() const;  // "120:9f3c...": what --expect-head takes
  static Result<ChainHead> parse(const std::string& text);
};

// Whether this connection's file has a record chain (once it has, it always has).
bool has_record_chain(SqliteDatabase& db);

// The largest record number, sealed or not (0 for none): where this transaction's start.
Result<std::int64_t> last_record(SqliteDatabase& db);

// What the books held when a write began: the journal's head as the record chain writes it
// ("[1688,\"5c1e...\"]"; empty when the file has no journal), to know whether the write moved
// it; and, in books with a record chain, a digest of the maintained balances
// ("[412,\"9a0b...\"]": the rows that are not zero and the SHA-256 of them).
struct BooksAtStart {
  std::string journal;
  std::string balances;
};
BooksAtStart books_at_start(SqliteDatabase& db, bool chained);

// Seals the records after `after` (this transaction's), first adding the journal's head, and
// a digest of the balances, when this transaction moved the journal from `start`: called by
// SqliteDatabase just before it commits. Records at or before `after` left unsealed were
// written around poolbook, and stay so for verify to report. The file's schema (its tables,
// indexes and triggers) is sealed too: a transaction that finds it changed since it was last
// sealed is refused (store.schema), unless it is poolbook's own migration (`migrating`),
// which seals the new schema. So a trigger planted in the file can never have its work sealed
// by poolbook. Likewise a write that finds the balances it began with are not those last
// sealed is refused (store.altered); in books whose balances were never sealed, the first
// write checks the whole journal as verify does instead, and seals them.
Status seal_record_chain(SqliteDatabase& db, std::int64_t after, const BooksAtStart& start, bool migrating);

// Refused (store.schema) when the file's schema differs from the one last sealed: checked
// before poolbook applies a migration, so a planted trigger is never sealed as its own.
Status check_schema_sealed(SqliteDatabase& db);

Result<ChainHead> record_chain_head(SqliteDatabase& db);

struct RecordChainReport {
  std::int64_t records_checked = 0;
  ChainHead head;
  std::string problem;  // the first mismatch, as a sentence; empty when the records verify
  // The balances match the digest sealed with the journal's last head, so they stand for the
  // journal without its entries being re-added (false in books sealed before digests were).
  bool balances_sealed = false;
  [[nodiscard]] bool ok() const { return problem.empty(); }
};

// Recomputes the chain and compares every table in `tables` (all the file's chained tables)
// with it, and the journal heads with the journal; with `expected`, the chain must still
// hold that record with that hash (a chain shortened or rewritten before it fails).
RecordChainReport verify_record_chain(SqliteDatabase& db, std::span<const ChainedTable> tables,
                                      const std::optional<ChainHead>& expected);

}  // namespace poolbook::ledger
