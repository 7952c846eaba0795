#pragma once
// Writing entries to the SQLite journal: the Chain checks each entry of a batch against the
// books as they stood when the batch began, numbers it, chains its hash to the one before and
// sums the balance movements, touching no database (so it may run on the thread that reads
// the entries); the JournalWriter writes what the Chain prepared, inside the batch's write
// transaction. Private to ledger/store.
//
//   Chain chain = start_chain(db);                 // inside db.write(...)
//   JournalWriter writer(db);
//   auto prepared = chain.prepare(std::move(entry));
//   writer.write(*prepared);
//   writer.add_movements(chain);
//
// Guarantees: an entry that does not balance, posts to an account not open or falls in a
// closed month is refused before anything of it is written; ids and hashes follow on from
// the last entry committed.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "poolbook/ledger/journal/entry.hpp"
#include "poolbook/ledger/store/sqlite_database.hpp"

namespace poolbook::ledger {

// An entry's postings as stored: a JSON array of [account id, pence] pairs, in order.
void write_postings_json(std::string& out, const Entry& entry,
                         const boost::container::small_vector<std::int64_t, 4>& account_ids);
// Reads back what write_postings_json wrote; nullopt if the text is not of that shape
// (which verify then reports, as the entry no longer matches its hash).
std::optional<std::vector<std::pair<std::int64_t, std::int64_t>>> parse_postings_json(std::string_view text);

// An entry ready to write: checked, numbered, hashed, its postings encoded.
struct PreparedEntry {
  Entry entry;
  std::int64_t period = 0;
  std::int64_t source = 0;                                      // sources.id of its provenance
  bool new_source = false;                                      // the source row is written with this entry
  boost::container::small_vector<std::int64_t, 4> account_ids;  // accounts.id of each posting, in order
  std::string postings;
};

// Checks each entry of a batch against the books as they stood when the batch began,
// gives it the next id and its place in the hash chain, and sums the balance movements.
// Touches no database, so it may run on the thread that reads the entries.
class Chain {
 public:
  Chain(EntryId last_id, std::string last_hash, std::int64_t last_source, std::set<std::int64_t> closed,
        std::unordered_map<std::string, std::int64_t> accounts)
      : last_id_(last_id),
        previous_(std::move(last_hash)),
        last_source_(last_source),
        recorded_at_(utc_timestamp_now()),
        closed_(std::move(closed)),
        accounts_(std::move(accounts)) {}

  Result<PreparedEntry> prepare(Entry entry) {
    PreparedEntry prepared;
    prepared.entry = std::move(entry);
    if (auto done = prepare(prepared); !done) return done.error();
    return prepared;
  }
  // The same in place, so that a reused PreparedEntry keeps its memory.
  Status prepare(PreparedEntry& out);

  [[nodiscard]] const std::map<std::pair<std::int64_t, std::int64_t>, MoneySum>& movements() const {
    return movements_;
  }
  [[nodiscard]] const std::set<std::int64_t>& closed() const { return closed_; }
  [[nodiscard]] const std::unordered_map<std::string, std::int64_t>& accounts() const { return accounts_; }

 private:
  bool same_source(const Provenance& provenance) const;

  EntryId last_id_;
  std::string previous_;
  std::int64_t last_source_;
  std::optional<Provenance> source_;  // of the last entry prepared
  std::string recorded_at_;
  std::set<std::int64_t> closed_;
  std::unordered_map<std::string, std::int64_t> accounts_;
  std::map<std::pair<std::int64_t, std::int64_t>, MoneySum> movements_;  // (account id, period) -> sum
};

// Inside the write transaction: where the chain and the journal stand now.
Chain start_chain(SqliteDatabase& db);

// Writes prepared entries inside an open write transaction.
class JournalWriter {
 public:
  explicit JournalWriter(SqliteDatabase& db);
  Status write(const PreparedEntry& prepared);
  // Adds a batch's movements to the maintained balances.
  Status add_movements(const Chain& chain);

 private:
  SqliteDatabase& db_;
  Statement insert_source_;
  Statement insert_entry_;
};

}  // namespace poolbook::ledger
