#include "poolbook/ledger/store/sqlite_store.hpp"

#include <sqlite3.h>

#include <boost/container/small_vector.hpp>

#include <atomic>
#include <cassert>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <utility>

#include "poolbook/ledger/journal/audit_chain.hpp"

namespace poolbook::ledger {
namespace {

// ---- thin RAII over the SQLite C API ----

struct DatabaseCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Database = std::unique_ptr<sqlite3, DatabaseCloser>;

Error store_error(sqlite3* db, const std::string& doing) {
  return make_error("store.sqlite", "the store failed while " + doing + ": " + sqlite3_errmsg(db));
}

// A prepared statement; values are bound, never spliced into SQL text.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement_, nullptr);
    assert(rc == SQLITE_OK && "poolbook's own SQL always prepares");
    (void)rc;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(statement_); }

  Statement& bind(int index, std::int64_t value) {
    sqlite3_bind_int64(statement_, index, value);
    return *this;
  }
  Statement& bind(int index, const std::string& value) {
    sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // Binds text that outlives the next step() without copying it.
  Statement& bind_unowned(int index, std::string_view value) {
    sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    return *this;
  }
  Statement& bind_null(int index) {
    sqlite3_bind_null(statement_, index);
    return *this;
  }
  // SQLITE_ROW or SQLITE_DONE, or an error code.
  int step() { return sqlite3_step(statement_); }
  void reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  std::int64_t integer(int column) { return sqlite3_column_int64(statement_, column); }
  bool is_null(int column) { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
  std::string text(int column) {
    const auto* bytes = sqlite3_column_text(statement_, column);
    return bytes == nullptr ? std::string{}
                            : std::string(reinterpret_cast<const char*>(bytes),
                                          static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
  }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

// Whether a lookup found a row; a failure of the store (busy, I/O) is thrown, so the batch it
// belongs to is abandoned rather than a duplicate let through as "not found".
bool found_row(sqlite3* db, Statement& statement, const char* doing) {
  const int rc = statement.step();
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw std::runtime_error(std::string("the store failed while ") + doing + ": " + sqlite3_errmsg(db));
}

// A statement prepared once and reused, for lookups made once per imported row. The lease
// resets it when dropped: a statement left mid-result would hold its read transaction open,
// and the connection would stop seeing other writers' commits.
class Lease {
 public:
  explicit Lease(Statement& statement) : statement_(statement) {}
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() { statement_.reset(); }
  Statement* operator->() { return &statement_; }
  Statement& operator*() { return statement_; }

 private:
  Statement& statement_;
};

// Statements prepared on first use and kept for the connection's life.
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  void clear() { statements_.clear(); }
  Lease operator()(const char* sql) {
    auto& slot = statements_[sql];
    if (!slot) slot = std::make_unique<Statement>(db_, sql);
    return Lease(*slot);
  }

 private:
  sqlite3* db_;
  std::map<const char*, std::unique_ptr<Statement>> statements_;  // keyed by the SQL literal's address
};

Status exec(sqlite3* db, const char* sql, const std::string& doing) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message == nullptr ? "unknown error" : message;
    sqlite3_free(message);
    return make_error("store.sqlite", "the store failed while " + doing + ": " + text);
  }
  return ok_status();
}

// Abandons the open transaction. Nothing more can be done if that fails too: SQLite rolls
// back an unfinished transaction when the connection closes.
void rollback(sqlite3* db) { sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr); }

// Schema migrations, in order: migration N brings the file from version N-1 to N.
constexpr const char* kMigrations[] = {
    // 1: the journal, its accounts, periods, balances, imports and quarantine.
    R"sql(
CREATE TABLE accounts(
  path TEXT PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('asset','liability','income','expenditure','equity')),
  name TEXT NOT NULL);
CREATE TABLE entries(
  id INTEGER PRIMARY KEY,
  entry_date TEXT NOT NULL,
  fy INTEGER NOT NULL,
  month INTEGER NOT NULL,
  kind TEXT NOT NULL,
  description TEXT NOT NULL,
  reference TEXT NOT NULL,
  reverses INTEGER REFERENCES entries(id),
  source_digest TEXT NOT NULL,
  source_row INTEGER NOT NULL,
  profile TEXT NOT NULL,
  actor TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  previous_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE INDEX entries_by_date ON entries(entry_date);
CREATE INDEX entries_by_reverses ON entries(reverses) WHERE reverses IS NOT NULL;
CREATE TABLE postings(
  entry_id INTEGER NOT NULL REFERENCES entries(id),
  seq INTEGER NOT NULL,
  account TEXT NOT NULL REFERENCES accounts(path),
  amount_pence INTEGER NOT NULL,
  PRIMARY KEY (entry_id, seq)) WITHOUT ROWID;
CREATE TABLE balances(
  account TEXT NOT NULL REFERENCES accounts(path),
  fy INTEGER NOT NULL,
  month INTEGER NOT NULL,
  movement_pence INTEGER NOT NULL,
  PRIMARY KEY (account, fy, month));
CREATE TABLE periods(
  fy INTEGER NOT NULL,
  month INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open','closed')),
  PRIMARY KEY (fy, month));
CREATE TABLE period_log(
  id INTEGER PRIMARY KEY,
  fy INTEGER NOT NULL,
  month INTEGER NOT NULL,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL);
CREATE TABLE imports(
  id INTEGER PRIMARY KEY,
  source_digest TEXT NOT NULL,
  file TEXT NOT NULL,
  profile TEXT NOT NULL,
  actor TEXT NOT NULL,
  forced INTEGER NOT NULL,
  entries INTEGER NOT NULL,
  quarantined INTEGER NOT NULL,
  at TEXT NOT NULL);
CREATE INDEX imports_by_digest ON imports(source_digest);
CREATE TABLE quarantine(
  id INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  source_digest TEXT NOT NULL,
  line INTEGER NOT NULL,
  raw TEXT NOT NULL,
  rule TEXT NOT NULL,
  reason TEXT NOT NULL,
  profile TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open','retried','dismissed')),
  at TEXT NOT NULL);
CREATE TRIGGER entries_append_only_update BEFORE UPDATE ON entries
  BEGIN SELECT RAISE(ABORT, 'entries are append-only: post a reversal instead'); END;
CREATE TRIGGER entries_append_only_delete BEFORE DELETE ON entries
  BEGIN SELECT RAISE(ABORT, 'entries are append-only: post a reversal instead'); END;
CREATE TRIGGER postings_append_only_update BEFORE UPDATE ON postings
  BEGIN SELECT RAISE(ABORT, 'postings are append-only'); END;
CREATE TRIGGER postings_append_only_delete BEFORE DELETE ON postings
  BEGIN SELECT RAISE(ABORT, 'postings are append-only'); END;
)sql",
    // 2: settings kept with the books (the agreement they follow), and a lookup of
    // source references so an import can refuse a row already posted.
    R"sql(
CREATE TABLE settings(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL);
CREATE INDEX entries_by_reference ON entries(profile, reference);
ALTER TABLE quarantine ADD COLUMN header TEXT NOT NULL DEFAULT '';
)sql",
    // 3: a leaner journal, about a third the size. Accounts get integer ids; provenance
    // shared by a batch is kept once in `sources`; an entry's postings are one JSON array of
    // [account id, pence] pairs in its row (the `postings` view gives them back as rows);
    // the previous entry's hash is no longer repeated in each row. Hashes are unchanged.
    R"sql(
DROP TRIGGER entries_append_only_update;
DROP TRIGGER entries_append_only_delete;
DROP TRIGGER postings_append_only_update;
DROP TRIGGER postings_append_only_delete;
DROP INDEX entries_by_date;
DROP INDEX entries_by_reverses;
DROP INDEX entries_by_reference;
ALTER TABLE accounts RENAME TO accounts_v2;
ALTER TABLE entries RENAME TO entries_v2;
ALTER TABLE postings RENAME TO postings_v2;
ALTER TABLE balances RENAME TO balances_v2;
CREATE TABLE accounts(
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL CHECK (type IN ('asset','liability','income','expenditure','equity')),
  name TEXT NOT NULL);
INSERT INTO accounts(path, type, name) SELECT path, type, name FROM accounts_v2 ORDER BY path;
CREATE TABLE sources(
  id INTEGER PRIMARY KEY,
  source_digest TEXT NOT NULL,
  profile TEXT NOT NULL,
  actor TEXT NOT NULL,
  recorded_at TEXT NOT NULL);
CREATE INDEX sources_by_provenance ON sources(source_digest, profile, actor, recorded_at);
INSERT INTO sources(source_digest, profile, actor, recorded_at)
  SELECT source_digest, profile, actor, recorded_at FROM entries_v2
  GROUP BY source_digest, profile, actor, recorded_at ORDER BY MIN(id);
CREATE TABLE entries(
  id INTEGER PRIMARY KEY,
  entry_date TEXT NOT NULL,
  period INTEGER NOT NULL,
  kind TEXT NOT NULL,
  description TEXT NOT NULL,
  reference TEXT NOT NULL,
  reverses INTEGER REFERENCES entries(id),
  source INTEGER NOT NULL REFERENCES sources(id),
  source_row INTEGER NOT NULL,
  postings TEXT NOT NULL,
  hash TEXT NOT NULL);
INSERT INTO entries(id, entry_date, period, kind, description, reference, reverses, source, source_row, postings, hash)
  SELECT e.id, e.entry_date, e.fy * 100 + e.month, e.kind, e.description, e.reference, e.reverses,
    (SELECT s.id FROM sources s WHERE s.source_digest = e.source_digest AND s.profile = e.profile
       AND s.actor = e.actor AND s.recorded_at = e.recorded_at),
    e.source_row,
    (SELECT json_group_array(json_array((SELECT a.id FROM accounts a WHERE a.path = p.account), p.amount_pence))
       FROM (SELECT account, amount_pence FROM postings_v2 WHERE entry_id = e.id ORDER BY seq) p),
    e.hash
  FROM entries_v2 e ORDER BY e.id;
CREATE TABLE balances(
  account INTEGER NOT NULL REFERENCES accounts(id),
  period INTEGER NOT NULL,
  movement_pence INTEGER NOT NULL,
  PRIMARY KEY (account, period)) WITHOUT ROWID;
INSERT INTO balances(account, period, movement_pence)
  SELECT a.id, b.fy * 100 + b.month, b.movement_pence FROM balances_v2 b JOIN accounts a ON a.path = b.account;
DROP TABLE postings_v2;
DROP TABLE balances_v2;
DROP TABLE entries_v2;
DROP TABLE accounts_v2;
CREATE INDEX entries_by_reference ON entries(reference);
CREATE INDEX entries_by_reverses ON entries(reverses) WHERE reverses IS NOT NULL;
CREATE VIEW postings(entry_id, seq, account, amount_pence) AS
  SELECT e.id, p.key, a.path, p.value ->> 1 FROM entries e, json_each(e.postings) p
  JOIN accounts a ON a.id = p.value ->> 0;
CREATE TRIGGER entries_append_only_update BEFORE UPDATE ON entries
  BEGIN SELECT RAISE(ABORT, 'entries are append-only: post a reversal instead'); END;
CREATE TRIGGER entries_append_only_delete BEFORE DELETE ON entries
  BEGIN SELECT RAISE(ABORT, 'entries are append-only: post a reversal instead'); END;
CREATE TRIGGER sources_append_only_update BEFORE UPDATE ON sources
  BEGIN SELECT RAISE(ABORT, 'sources are append-only'); END;
CREATE TRIGGER sources_append_only_delete BEFORE DELETE ON sources
  BEGIN SELECT RAISE(ABORT, 'sources are append-only'); END;
ALTER TABLE quarantine ADD COLUMN resolved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE quarantine ADD COLUMN resolved_at TEXT NOT NULL DEFAULT '';
ALTER TABLE quarantine ADD COLUMN resolution TEXT NOT NULL DEFAULT '';
ALTER TABLE quarantine ADD COLUMN corrected_raw TEXT NOT NULL DEFAULT '';
ALTER TABLE quarantine ADD COLUMN entry_id INTEGER REFERENCES entries(id);
)sql",
    // 4: governance: decisions, their ratifications, budget virements made under them, and
    // the log of every action that needed authority, allowed or refused.
    R"sql(
CREATE TABLE decisions(
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  matter TEXT NOT NULL,
  action TEXT NOT NULL,
  amount_pence INTEGER NOT NULL,
  year INTEGER NOT NULL,
  refs TEXT NOT NULL,
  present TEXT NOT NULL,
  votes TEXT NOT NULL,
  conflicted TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('carried','failed','not quorate')),
  conditions TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL);
CREATE TABLE ratifications(
  decision TEXT NOT NULL REFERENCES decisions(id),
  body TEXT NOT NULL,
  ratified_on TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (decision, body));
CREATE TABLE virements(
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  from_scheme TEXT NOT NULL,
  to_scheme TEXT NOT NULL,
  amount_pence INTEGER NOT NULL CHECK (amount_pence > 0),
  decision TEXT REFERENCES decisions(id),
  actor TEXT NOT NULL,
  at TEXT NOT NULL);
CREATE TABLE authority_log(
  id INTEGER PRIMARY KEY,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  amount_pence INTEGER NOT NULL,
  decision TEXT NOT NULL,
  allowed INTEGER NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL);
CREATE TRIGGER decisions_append_only_update BEFORE UPDATE ON decisions
  BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER decisions_append_only_delete BEFORE DELETE ON decisions
  BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER ratifications_append_only_update BEFORE UPDATE ON ratifications
  BEGIN SELECT RAISE(ABORT, 'ratifications are append-only'); END;
CREATE TRIGGER ratifications_append_only_delete BEFORE DELETE ON ratifications
  BEGIN SELECT RAISE(ABORT, 'ratifications are append-only'); END;
CREATE TRIGGER virements_append_only_update BEFORE UPDATE ON virements
  BEGIN SELECT RAISE(ABORT, 'virements are append-only'); END;
CREATE TRIGGER virements_append_only_delete BEFORE DELETE ON virements
  BEGIN SELECT RAISE(ABORT, 'virements are append-only'); END;
CREATE TRIGGER authority_log_append_only_update BEFORE UPDATE ON authority_log
  BEGIN SELECT RAISE(ABORT, 'the authority log is append-only'); END;
CREATE TRIGGER authority_log_append_only_delete BEFORE DELETE ON authority_log
  BEGIN SELECT RAISE(ABORT, 'the authority log is append-only'); END;
)sql",
    // 5: disputes between partners and their history up the dispute ladder.
    R"sql(
CREATE TABLE disputes(
  id TEXT PRIMARY KEY,
  opened_on TEXT NOT NULL,
  parties TEXT NOT NULL,
  matter TEXT NOT NULL,
  amount_pence INTEGER,
  refs TEXT NOT NULL,
  opened_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL);
CREATE TABLE dispute_events(
  dispute TEXT NOT NULL REFERENCES disputes(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  kind TEXT NOT NULL CHECK (kind IN ('opened','escalated','closed')),
  on_date TEXT NOT NULL,
  step INTEGER NOT NULL CHECK (step >= 0),
  level TEXT NOT NULL,
  due_on TEXT NOT NULL,
  note TEXT NOT NULL,
  actor TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (dispute, seq));
CREATE TRIGGER disputes_append_only_update BEFORE UPDATE ON disputes
  BEGIN SELECT RAISE(ABORT, 'disputes are append-only'); END;
CREATE TRIGGER disputes_append_only_delete BEFORE DELETE ON disputes
  BEGIN SELECT RAISE(ABORT, 'disputes are append-only'); END;
CREATE TRIGGER dispute_events_append_only_update BEFORE UPDATE ON dispute_events
  BEGIN SELECT RAISE(ABORT, 'dispute events are append-only'); END;
CREATE TRIGGER dispute_events_append_only_delete BEFORE DELETE ON dispute_events
  BEGIN SELECT RAISE(ABORT, 'dispute events are append-only'); END;
)sql",
    // 6: a reopening names the decision it was made under, so a decision reopens a month once.
    R"sql(
ALTER TABLE period_log ADD COLUMN decision TEXT;
)sql",
};
static_assert(std::size(kMigrations) == kSqliteSchemaVersion);

std::string now_utc() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return date::format("%Y-%m-%dT%H:%M:%SZ", now);
}

// Months are stored as one integer, the financial year's first calendar year * 100 + the
// month of the financial year: 202507 is 2025/26 M07 (October 2025).
std::int64_t period_key(const Period& period) {
  return std::int64_t{period.year().start_year()} * 100 + period.month().number();
}
Period period_of_key(std::int64_t key) {
  return Period(FinancialYear(static_cast<int>(key / 100)), FinancialMonth(static_cast<int>(key % 100)));
}

// An entry's postings as stored: a JSON array of [account id, pence] pairs, in order.
void write_postings_json(std::string& out, const Entry& entry,
                         const boost::container::small_vector<std::int64_t, 4>& account_ids) {
  out = "[";
  for (std::size_t i = 0; i < entry.postings.size(); ++i) {
    if (i > 0) out += ',';
    out += '[';
    out += std::to_string(account_ids[i]);
    out += ',';
    out += std::to_string(entry.postings[i].amount.pence());
    out += ']';
  }
  out += ']';
}

// Reads back what postings_json wrote; nullopt if the text is not of that shape (which
// verify then reports, as the entry no longer matches its hash).
std::optional<std::vector<std::pair<std::int64_t, std::int64_t>>> parse_postings_json(std::string_view text) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  std::size_t at = 0;
  auto expect = [&](char c) {
    if (at >= text.size() || text[at] != c) return false;
    ++at;
    return true;
  };
  auto number = [&](std::int64_t& value) {
    const auto [end, error] = std::from_chars(text.data() + at, text.data() + text.size(), value);
    if (error != std::errc{}) return false;
    at = static_cast<std::size_t>(end - text.data());
    return true;
  };
  if (!expect('[')) return std::nullopt;
  do {
    std::int64_t account = 0;
    std::int64_t pence = 0;
    if (!expect('[') || !number(account) || !expect(',') || !number(pence) || !expect(']')) return std::nullopt;
    out.emplace_back(account, pence);
  } while (expect(','));
  if (!expect(']') || at != text.size()) return std::nullopt;
  return out;
}

std::string closed_message(const Entry& entry, const Period& period) {
  return "the entry '" + entry.description + "' dated " + to_iso(entry.date) + " falls in " + period.to_string() +
         ", which is closed: post a correction in an open month, or reopen the month by a logged decision";
}

// An entry ready to write: checked, numbered, hashed, its postings encoded.
struct PreparedEntry {
  Entry entry;
  std::int64_t period = 0;
  std::int64_t source = 0;  // sources.id of its provenance
  bool new_source = false;  // the source row is written with this entry
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
        recorded_at_(now_utc()),
        closed_(std::move(closed)),
        accounts_(std::move(accounts)) {}

  Result<PreparedEntry> prepare(Entry entry) {
    PreparedEntry prepared;
    prepared.entry = std::move(entry);
    if (auto done = prepare(prepared); !done) return done.error();
    return prepared;
  }

  // The same in place, so that a reused PreparedEntry keeps its memory.
  Status prepare(PreparedEntry& out) {
    Entry& entry = out.entry;
    if (auto valid = check_entry(entry); !valid) return valid.error();
    const Period period = entry.period();
    out.period = period_key(period);
    if (closed_.contains(out.period)) return make_error("period.closed", closed_message(entry, period));
    boost::container::small_vector<std::int64_t, 4> ids;
    for (const Posting& posting : entry.postings) {
      const auto found = accounts_.find(posting.account);
      if (found == accounts_.end())
        return make_error("account.unknown", "the entry '" + entry.description + "' dated " + to_iso(entry.date) +
                                                 " posts to " + posting.account + ", which is not an open account");
      ids.push_back(found->second);
    }
    entry.id = ++last_id_;
    if (entry.provenance.recorded_at.empty()) entry.provenance.recorded_at = recorded_at_;  // the batch's time
    entry.previous_hash = previous_;
    entry.hash = chain_hash(entry);
    previous_ = entry.hash;
    out.new_source = !same_source(entry.provenance);
    if (out.new_source) {
      source_ = entry.provenance;
      ++last_source_;
    }
    out.source = last_source_;
    for (std::size_t i = 0; i < ids.size(); ++i) movements_[{ids[i], out.period}] += entry.postings[i].amount;
    write_postings_json(out.postings, entry, ids);
    return ok_status();
  }

  [[nodiscard]] const std::map<std::pair<std::int64_t, std::int64_t>, MoneySum>& movements() const {
    return movements_;
  }
  [[nodiscard]] const std::set<std::int64_t>& closed() const { return closed_; }
  [[nodiscard]] const std::unordered_map<std::string, std::int64_t>& accounts() const { return accounts_; }

 private:
  bool same_source(const Provenance& provenance) const {
    return source_ && source_->source_digest == provenance.source_digest && source_->profile == provenance.profile &&
           source_->actor == provenance.actor && source_->recorded_at == provenance.recorded_at;
  }

  EntryId last_id_;
  std::string previous_;
  std::int64_t last_source_;
  std::optional<Provenance> source_;  // of the last entry prepared
  std::string recorded_at_;
  std::set<std::int64_t> closed_;
  std::unordered_map<std::string, std::int64_t> accounts_;
  std::map<std::pair<std::int64_t, std::int64_t>, MoneySum> movements_;  // (account id, period) -> sum
};

// Writes prepared entries inside an open transaction.
class JournalWriter {
 public:
  explicit JournalWriter(sqlite3* db)
      : db_(db),
        insert_source_(
            db, "INSERT INTO sources(id, source_digest, profile, actor, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)"),
        insert_entry_(db,
                      "INSERT INTO entries(id, entry_date, period, kind, description, reference, reverses, source, "
                      "source_row, postings, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)") {}

  Status write(const PreparedEntry& prepared) {
    const Entry& entry = prepared.entry;
    if (prepared.new_source) {
      insert_source_.reset();
      insert_source_.bind(1, prepared.source)
          .bind_unowned(2, entry.provenance.source_digest)
          .bind_unowned(3, entry.provenance.profile)
          .bind_unowned(4, entry.provenance.actor)
          .bind_unowned(5, entry.provenance.recorded_at);
      const int source_done = insert_source_.step();
      insert_source_.reset();  // drops the bindings: they point into the entry
      if (source_done != SQLITE_DONE) return store_error(db_, "recording the source of an entry");
    }
    const std::string day = to_iso(entry.date);
    insert_entry_.reset();
    insert_entry_.bind(1, entry.id)
        .bind_unowned(2, day)
        .bind(3, prepared.period)
        .bind_unowned(4, entry_kind_word(entry.kind))
        .bind_unowned(5, entry.description)
        .bind_unowned(6, entry.reference);
    if (entry.reverses)
      insert_entry_.bind(7, *entry.reverses);
    else
      insert_entry_.bind_null(7);
    insert_entry_.bind(8, prepared.source)
        .bind(9, entry.provenance.source_row)
        .bind_unowned(10, prepared.postings)
        .bind_unowned(11, entry.hash);
    const int entry_done = insert_entry_.step();
    if (entry_done != SQLITE_DONE) {
      Error failed = store_error(db_, "posting entry " + std::to_string(entry.id));
      insert_entry_.reset();
      return failed;
    }
    insert_entry_.reset();  // drops the bindings: they point into the entry and `day`
    return ok_status();
  }

  // Adds a batch's movements to the maintained balances.
  Status add_movements(const Chain& chain) {
    Statement add(db_,
                  "INSERT INTO balances(account, period, movement_pence) VALUES (?1, ?2, ?3) "
                  "ON CONFLICT(account, period) DO UPDATE SET movement_pence = movement_pence + "
                  "excluded.movement_pence");
    for (const auto& [key, movement] : chain.movements()) {
      add.reset();
      add.bind(1, key.first).bind(2, key.second).bind(3, movement.total().pence());
      if (add.step() != SQLITE_DONE) return store_error(db_, "updating balances");
    }
    return ok_status();
  }

 private:
  sqlite3* db_;
  Statement insert_source_;
  Statement insert_entry_;
};

// Hands prepared entries from the thread that reads and hashes them to the thread that
// writes them, in chunks, holding at most a few chunks so that memory stays bounded.
class EntryQueue {
 public:
  static constexpr std::size_t kChunk = 512;
  static constexpr std::size_t kMaxChunks = 16;

  bool push(std::vector<PreparedEntry> chunk) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return cancelled_ || chunks_.size() < kMaxChunks; });
    if (cancelled_) return false;
    chunks_.push_back(std::move(chunk));
    ready_.notify_one();
    return true;
  }
  // No more chunks will come; error says why, if the source failed.
  void finish(std::optional<Error> error) {
    std::lock_guard lock(mutex_);
    finished_ = true;
    error_ = std::move(error);
    ready_.notify_one();
  }
  // The next chunk, or nullopt when the source has finished (or the batch was abandoned).
  std::optional<std::vector<PreparedEntry>> pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return cancelled_ || finished_ || !chunks_.empty(); });
    if (cancelled_ || chunks_.empty()) return std::nullopt;
    auto chunk = std::move(chunks_.front());
    chunks_.pop_front();
    room_.notify_one();
    return chunk;
  }
  // The writer hands back each chunk it has written, and the reader takes one to fill
  // again: the entries' memory is then freed and reused by the thread that allocated it,
  // which is much cheaper than freeing it from the other thread.
  void give_back(std::vector<PreparedEntry> chunk) {
    std::lock_guard lock(mutex_);
    spent_.push_back(std::move(chunk));
  }
  std::vector<PreparedEntry> empty_chunk() {
    std::vector<PreparedEntry> chunk;
    {
      std::lock_guard lock(mutex_);
      if (!spent_.empty()) {
        chunk = std::move(spent_.back());
        spent_.pop_back();
      }
    }
    chunk.reserve(kChunk);  // its entries are overwritten in place, reusing their memory
    return chunk;
  }
  void cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    cancelled_flag_.store(true, std::memory_order_relaxed);
    room_.notify_all();
    ready_.notify_all();
  }
  // Asked for every entry, so without the lock.
  bool cancelled() const { return cancelled_flag_.load(std::memory_order_relaxed); }
  std::optional<Error> error() {
    std::lock_guard lock(mutex_);
    return error_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable room_;
  std::deque<std::vector<PreparedEntry>> chunks_;
  std::vector<std::vector<PreparedEntry>> spent_;
  bool finished_ = false;
  bool cancelled_ = false;
  std::atomic<bool> cancelled_flag_ = false;
  std::optional<Error> error_;
};

// The thread that reads and prepares entries; leaving scope abandons and joins it, so an
// early return or an exception on the writing side never leaves it running.
class ProducerThread {
 public:
  ProducerThread(EntryQueue& queue, std::function<void()> work) : queue_(queue), thread_(std::move(work)) {}
  ProducerThread(const ProducerThread&) = delete;
  ProducerThread& operator=(const ProducerThread&) = delete;
  ~ProducerThread() {
    queue_.cancel();
    join();
  }
  void join() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  EntryQueue& queue_;
  std::thread thread_;
};

const char* const kReferencePostedSql =
    "SELECT 1 FROM entries e JOIN sources s ON s.id = e.source WHERE e.reference = ?2 AND s.profile = ?1 "
    "AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id) LIMIT 1";

// The books as committed before the batch began, read through a second connection so the
// source's lookups run beside the writer. Nobody else can commit meanwhile: the writer
// holds the write lock.
class SnapshotView final : public BooksView {
 public:
  // The snapshot is one read transaction for the whole batch: a transaction per lookup
  // would take and drop the file's locks for every row.
  SnapshotView(Database db, const Chain& chain) : db_(std::move(db)), statements_(db_.get()), chain_(chain) {
    reading_ = exec(db_.get(), "BEGIN", "reading the books").ok();
  }
  SnapshotView(const SnapshotView&) = delete;
  SnapshotView& operator=(const SnapshotView&) = delete;
  ~SnapshotView() override {
    statements_.clear();
    if (reading_) rollback(db_.get());
  }
  bool is_closed(const Period& period) override { return chain_.closed().contains(period_key(period)); }
  bool account_open(const std::string& path) override { return chain_.accounts().contains(path); }
  bool reference_posted(const std::string& profile, const std::string& reference) override {
    {  // Most references are new: one probe of the index settles those.
      Lease any = statements_("SELECT 1 FROM entries WHERE reference = ?1");
      any->bind_unowned(1, reference);
      if (!found_row(db_.get(), *any, "looking up a reference")) return false;
    }
    Lease find = statements_(kReferencePostedSql);
    find->bind_unowned(1, profile).bind_unowned(2, reference);
    return found_row(db_.get(), *find, "looking up a reference");
  }

 private:
  Database db_;
  StatementCache statements_;
  const Chain& chain_;
  bool reading_ = false;
};

Result<Database> open_database(const std::filesystem::path& path, int flags);

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(Database db) : db_(std::move(db)), cached_(db_.get()) {}

  Status open_account(const Account& account) override {
    if (auto path = check_account_path(account.path); !path) return path;
    Statement find(db_.get(), "SELECT type FROM accounts WHERE path = ?1");
    find.bind(1, account.path);
    if (find.step() == SQLITE_ROW) {
      if (find.text(0) == account_type_word(account.type)) return ok_status();
      return make_error("account.type", "account " + account.path + " is already open as " + find.text(0) + ", not " +
                                            std::string(account_type_word(account.type)));
    }
    Statement insert(db_.get(), "INSERT INTO accounts(path, type, name) VALUES (?1, ?2, ?3)");
    insert.bind(1, account.path).bind(2, std::string(account_type_word(account.type))).bind(3, account.name);
    if (insert.step() != SQLITE_DONE) return store_error(db_.get(), "opening account " + account.path);
    return ok_status();
  }

  Status open_accounts(const std::vector<Account>& accounts) override {
    return in_transaction([&]() -> Status {
      for (const Account& account : accounts)
        if (auto opened = open_account(account); !opened) return opened;
      return ok_status();
    });
  }

  std::vector<Account> accounts() override {
    std::vector<Account> out;
    Statement select(db_.get(), "SELECT path, type, name FROM accounts ORDER BY path");
    while (select.step() == SQLITE_ROW)
      out.push_back(
          Account{select.text(0), account_type_from_word(select.text(1)).value_or(AccountType::asset), select.text(2)});
    return out;
  }

  Result<std::vector<EntryId>> append(std::vector<Entry> batch) override {
    return append_import(std::move(batch), ImportRecord{}, {});
  }

  Result<std::vector<EntryId>> append_import(std::vector<Entry> batch, const ImportRecord& import,
                                             std::vector<QuarantinedRow> quarantined) override {
    if (batch.size() > kMaxEntriesPerBatch)
      return make_error("store.limit", "a batch may hold at most 2,000,000 entries");
    return in_transaction([&]() -> Result<std::vector<EntryId>> {
      if (auto fresh = refuse_repeat(import); !fresh) return fresh.error();
      Chain chain = start_chain();
      JournalWriter writer(db_.get());
      std::vector<EntryId> ids;
      ids.reserve(batch.size());
      for (Entry& entry : batch) {
        auto prepared = chain.prepare(std::move(entry));
        if (!prepared) return prepared.error();
        if (auto written = writer.write(*prepared); !written) return written.error();
        ids.push_back(prepared->entry.id);
      }
      if (auto added = writer.add_movements(chain); !added) return added.error();
      if (auto recorded = record_import(import, ids.size(), quarantined); !recorded) return recorded.error();
      return ids;
    });
  }

  Result<std::size_t> append_import_stream(const EntrySource& next, const ImportRecord& import,
                                           const std::vector<QuarantinedRow>& quarantined) override {
    return in_transaction([&]() -> Result<std::size_t> {
      if (auto fresh = refuse_repeat(import); !fresh) return fresh.error();
      Chain chain = start_chain();
      JournalWriter writer(db_.get());
      auto written = stream_entries(next, chain, writer);
      if (!written) return written.error();
      if (auto added = writer.add_movements(chain); !added) return added.error();
      if (auto recorded = record_import(import, *written, quarantined); !recorded) return recorded.error();
      return written;
    });
  }

  bool imported(const std::string& source_digest) override {
    Statement find(db_.get(), "SELECT 1 FROM imports WHERE source_digest = ?1");
    find.bind(1, source_digest);
    return find.step() == SQLITE_ROW;
  }

  bool reference_posted(const std::string& profile, const std::string& reference) override {
    Lease find = cached_(kReferencePostedSql);
    find->bind_unowned(1, profile).bind_unowned(2, reference);
    return found_row(db_.get(), *find, "looking up a reference");
  }

  bool account_open(const std::string& path) override {
    Lease find = cached_("SELECT 1 FROM accounts WHERE path = ?1");
    find->bind_unowned(1, path);
    return find->step() == SQLITE_ROW;
  }

  std::optional<std::string> setting(const std::string& key) override {
    Statement find(db_.get(), "SELECT value FROM settings WHERE key = ?1");
    find.bind(1, key);
    if (find.step() != SQLITE_ROW) return std::nullopt;
    return find.text(0);
  }

  Status set_setting(const std::string& key, const std::string& value) override {
    Statement upsert(db_.get(),
                     "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = "
                     "excluded.value");
    upsert.bind(1, key).bind(2, value);
    if (upsert.step() != SQLITE_DONE) return store_error(db_.get(), "saving the setting " + key);
    return ok_status();
  }

  Result<EntryId> reverse(EntryId original_id, date::year_month_day day, const std::string& description,
                          const std::string& actor) override {
    // The check and the write share one transaction, so two sessions cannot both reverse it.
    return in_transaction([&]() -> Result<EntryId> {
      auto original = entry(original_id);
      if (!original) return original.error();
      if (original->reverses)
        return make_error("entry.reversal", "entry " + std::to_string(original_id) +
                                                " is itself the reversal of entry " +
                                                std::to_string(*original->reverses) +
                                                "; to restore that entry, post it again as a new entry");
      Statement already(db_.get(), "SELECT id FROM entries WHERE reverses = ?1");
      already.bind(1, original_id);
      if (already.step() == SQLITE_ROW)
        return make_error("entry.reversed", "entry " + std::to_string(original_id) + " was already reversed by entry " +
                                                std::to_string(already.integer(0)));
      return write_one(reversal_of(*original, day, description, Provenance{{}, 0, {}, actor, now_utc()}));
    });
  }

  Result<EntryId> post_quarantined(std::int64_t quarantine_id, const EntrySource& corrected, const std::string& actor,
                                   const std::string& corrected_raw) override {
    // One transaction: the row must still be open, its entry is posted, the row is marked,
    // so the same quarantined row can never be posted twice.
    return in_transaction([&]() -> Result<EntryId> {
      if (!quarantine_open(quarantine_id))
        return make_error("quarantine.status", "quarantined row " + std::to_string(quarantine_id) +
                                                   " is not open (already retried or dismissed, or unknown)");
      Entry entry;
      auto made = corrected(*this, entry);
      if (!made) return made.error();
      if (!*made) return make_error("quarantine.empty", "the corrected row gave no entry");
      auto id = write_one(std::move(entry));
      if (!id) return id;
      Statement mark(db_.get(),
                     "UPDATE quarantine SET status = 'retried', resolved_by = ?2, resolved_at = ?3, resolution = ?4, "
                     "corrected_raw = ?5, entry_id = ?6 WHERE id = ?1 AND status = 'open'");
      mark.bind(1, quarantine_id)
          .bind(2, actor)
          .bind(3, now_utc())
          .bind(4, "posted as entry " + std::to_string(*id))
          .bind(5, corrected_raw)
          .bind(6, *id);
      if (mark.step() != SQLITE_DONE) return store_error(db_.get(), "marking a quarantined row retried");
      return id;
    });
  }

  Result<Entry> entry(EntryId id) override {
    auto found = read_entries("WHERE e.id = ?1", id, 1);
    if (found.empty()) return make_error("entry.unknown", "there is no entry " + std::to_string(id));
    return found.front();
  }

  std::vector<Entry> entries(std::optional<date::year_month_day> since, std::size_t limit) override {
    if (!since) return read_entries("", 0, limit);
    const std::string sql = std::string(kSelectEntries) + " WHERE e.entry_date >= ?1 ORDER BY e.id LIMIT ?2";
    Statement select(db_.get(), sql.c_str());
    select.bind(1, to_iso(*since)).bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    return collect(select);
  }

  std::vector<Entry> entries_after(EntryId after, std::size_t limit) override {
    return read_entries("WHERE e.id > ?1", after, limit);
  }

  bool is_closed(const Period& period) override {
    Lease find = cached_("SELECT state FROM periods WHERE fy = ?1 AND month = ?2");
    find->bind(1, period.year().start_year()).bind(2, period.month().number());
    return find->step() == SQLITE_ROW && find->text(0) == "closed";
  }

  Status close_period(const Period& period, const std::string& actor) override {
    if (is_closed(period)) return make_error("period.closed", period.to_string() + " is already closed");
    return set_period_state(period, "closed", actor, "month-end close");
  }

  Status reopen_period(const Period& period, const std::string& actor, const std::string& reason,
                       const std::string& decision, const ReopenCheck& allowed) override {
    if (actor.empty()) return make_error("period.actor", "changing a period needs an actor");
    if (reason.empty()) return make_error("period.reopen", "reopening " + period.to_string() + " needs a reason");
    const std::int64_t fy = period.year().start_year();
    const std::int64_t month = period.month().number();
    Status result = in_transaction([&]() -> Status {
      if (!is_closed(period)) return make_error("period.open", period.to_string() + " is not closed");
      std::optional<DecisionRecord> cited;
      int reopened = 0;
      if (!decision.empty()) {
        if (auto found = read_decisions(decision); !found.empty()) cited = std::move(found.front());
        Statement count(db_.get(),
                        "SELECT COUNT(*) FROM period_log WHERE fy = ?1 AND month = ?2 AND action = 'reopen' AND "
                        "decision = ?3");
        count.bind(1, fy).bind(2, month).bind(3, decision);
        if (count.step() == SQLITE_ROW) reopened = static_cast<int>(count.integer(0));
      }
      if (auto ok = allowed(cited, reopened); !ok) return ok;
      Statement reopen(db_.get(), "UPDATE periods SET state = 'open' WHERE fy = ?1 AND month = ?2");
      reopen.bind(1, fy).bind(2, month);
      Statement log(db_.get(),
                    "INSERT INTO period_log(fy, month, action, actor, reason, at, decision) VALUES (?1, ?2, 'reopen', "
                    "?3, ?4, ?5, ?6)");
      log.bind(1, fy).bind(2, month).bind(3, actor).bind(4, reason).bind(5, now_utc());
      if (decision.empty())
        log.bind_null(6);
      else
        log.bind(6, decision);
      if (reopen.step() != SQLITE_DONE || log.step() != SQLITE_DONE)
        return store_error(db_.get(), "reopening " + period.to_string());
      return log_authority(AuthorityEvent{
          actor, "period-reopening", Money{}, decision, true, "reopened " + period.to_string() + ": " + reason, {}});
    });
    if (!result && result.error().rule.rfind("authority.", 0) == 0)  // a refusal is logged too
      (void)log_authority(AuthorityEvent{
          actor, "period-reopening", Money{}, decision, false, period.to_string() + ": " + result.error().message, {}});
    return result;
  }

  std::vector<BalanceRow> balances(const Period& from, const Period& to, const std::string& prefix) override {
    std::vector<BalanceRow> out;
    Statement select(db_.get(),
                     "SELECT a.path, b.period, b.movement_pence FROM balances b JOIN accounts a ON a.id = b.account "
                     "WHERE b.period BETWEEN ?1 AND ?2 AND (?3 = '' OR a.path = ?3 OR "
                     "substr(a.path, 1, length(?3) + 1) = ?3 || '/') ORDER BY a.path, b.period");
    select.bind(1, period_key(from)).bind(2, period_key(to)).bind(3, prefix);
    while (select.step() == SQLITE_ROW)
      out.push_back(BalanceRow{select.text(0), period_of_key(select.integer(1)), Money::from_pence(select.integer(2))});
    return out;
  }

  std::vector<QuarantinedRow> quarantine(bool open_only) override {
    std::vector<QuarantinedRow> out;
    Statement select(db_.get(),
                     "SELECT id, file, source_digest, line, raw, rule, reason, profile, status, header, resolved_by, "
                     "resolved_at, resolution, corrected_raw, entry_id FROM quarantine WHERE (?1 = 0 OR status = "
                     "'open') ORDER BY id");
    select.bind(1, open_only ? 1 : 0);
    while (select.step() == SQLITE_ROW) {
      QuarantinedRow row{select.integer(0), select.text(1),  select.text(2),  static_cast<long>(select.integer(3)),
                         select.text(4),    select.text(5),  select.text(6),  select.text(7),
                         select.text(8),    select.text(9),  select.text(10), select.text(11),
                         select.text(12),   select.text(13), std::nullopt};
      if (!select.is_null(14)) row.entry = select.integer(14);
      out.push_back(std::move(row));
    }
    return out;
  }

  Status dismiss_quarantined(std::int64_t id, const std::string& actor, const std::string& reason) override {
    if (actor.empty() || reason.empty())
      return make_error("quarantine.reason", "dismissing a quarantined row needs who and why");
    Statement update(db_.get(),
                     "UPDATE quarantine SET status = 'dismissed', resolved_by = ?2, resolved_at = ?3, resolution = ?4 "
                     "WHERE id = ?1 AND status = 'open'");
    update.bind(1, id).bind(2, actor).bind(3, now_utc()).bind(4, reason);
    if (update.step() != SQLITE_DONE) return store_error(db_.get(), "dismissing quarantined row " + std::to_string(id));
    if (sqlite3_changes(db_.get()) == 0)
      return make_error("quarantine.status", "there is no open quarantined row " + std::to_string(id));
    return ok_status();
  }

  Status record_decision(const DecisionRecord& decision) override {
    Statement insert(db_.get(),
                     "INSERT INTO decisions(id, body, decided_on, matter, action, amount_pence, year, refs, present, "
                     "votes, conflicted, outcome, conditions, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, "
                     "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    insert.bind(1, decision.id)
        .bind(2, decision.body)
        .bind(3, decision.decided_on)
        .bind(4, decision.matter)
        .bind(5, decision.action)
        .bind(6, decision.amount.pence())
        .bind(7, std::int64_t{decision.year})
        .bind(8, decision.refs)
        .bind(9, decision.present)
        .bind(10, decision.votes)
        .bind(11, decision.conflicted)
        .bind(12, decision.outcome)
        .bind(13, decision.conditions)
        .bind(14, decision.recorded_by)
        .bind(15, decision.recorded_at.empty() ? now_utc() : decision.recorded_at);
    const int rc = insert.step();
    if (rc == SQLITE_CONSTRAINT)
      return make_error("decision.duplicate", "decision " + decision.id + " is already recorded");
    if (rc != SQLITE_DONE) return store_error(db_.get(), "recording decision " + decision.id);
    return ok_status();
  }

  std::vector<DecisionRecord> decisions() override { return read_decisions(""); }

  // Every decision, or only the one with this id.
  std::vector<DecisionRecord> read_decisions(const std::string& only) {
    std::vector<DecisionRecord> out;
    Statement select(db_.get(),
                     "SELECT id, body, decided_on, matter, action, amount_pence, year, refs, present, votes, "
                     "conflicted, outcome, conditions, recorded_by, recorded_at, (SELECT COALESCE(SUM(amount_pence), "
                     "0) FROM virements v WHERE v.decision = d.id) FROM decisions d WHERE ?1 = '' OR id = ?1 "
                     "ORDER BY decided_on, id");
    select.bind(1, only);
    while (select.step() == SQLITE_ROW) {
      DecisionRecord decision;
      decision.id = select.text(0);
      decision.body = select.text(1);
      decision.decided_on = select.text(2);
      decision.matter = select.text(3);
      decision.action = select.text(4);
      decision.amount = Money::from_pence(select.integer(5));
      decision.year = static_cast<int>(select.integer(6));
      decision.refs = select.text(7);
      decision.present = select.text(8);
      decision.votes = select.text(9);
      decision.conflicted = select.text(10);
      decision.outcome = select.text(11);
      decision.conditions = select.text(12);
      decision.recorded_by = select.text(13);
      decision.recorded_at = select.text(14);
      decision.used = Money::from_pence(select.integer(15));
      out.push_back(std::move(decision));
    }
    Statement ratified(db_.get(),
                       "SELECT decision, body, ratified_on FROM ratifications WHERE ?1 = '' OR decision = ?1 "
                       "ORDER BY ratified_on, body");
    ratified.bind(1, only);
    while (ratified.step() == SQLITE_ROW)
      for (DecisionRecord& decision : out)
        if (decision.id == ratified.text(0)) decision.ratifications.emplace_back(ratified.text(1), ratified.text(2));
    return out;
  }

  Status record_ratification(const std::string& decision, const std::string& body, const std::string& on,
                             const std::string& actor) override {
    Statement insert(db_.get(),
                     "INSERT INTO ratifications(decision, body, ratified_on, recorded_by, recorded_at) "
                     "SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM decisions WHERE id = ?1)");
    insert.bind(1, decision).bind(2, body).bind(3, on).bind(4, actor).bind(5, now_utc());
    const int rc = insert.step();
    if (rc == SQLITE_CONSTRAINT)
      return make_error("decision.ratified", "decision " + decision + " is already ratified by " + body);
    if (rc != SQLITE_DONE) return store_error(db_.get(), "recording a ratification of " + decision);
    if (sqlite3_changes(db_.get()) == 0)
      return make_error("decision.unknown", "there is no decision " + decision + " in these books");
    return ok_status();
  }

  Result<std::int64_t> record_virement(
      const VirementRecord& virement,
      const std::function<Status(const std::optional<DecisionRecord>& cited)>& allowed) override {
    auto result = in_transaction([&]() -> Result<std::int64_t> {
      std::optional<DecisionRecord> cited;
      if (!virement.decision.empty())
        if (auto found = read_decisions(virement.decision); !found.empty()) cited = std::move(found.front());
      if (auto ok = allowed(cited); !ok) return ok.error();
      Statement insert(db_.get(),
                       "INSERT INTO virements(year, from_scheme, to_scheme, amount_pence, decision, actor, at) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
      insert.bind(1, std::int64_t{virement.year})
          .bind(2, virement.from_scheme)
          .bind(3, virement.to_scheme)
          .bind(4, virement.amount.pence())
          .bind(6, virement.actor)
          .bind(7, now_utc());
      if (virement.decision.empty())
        insert.bind_null(5);
      else
        insert.bind(5, virement.decision);
      if (insert.step() != SQLITE_DONE) return store_error(db_.get(), "recording a virement");
      const std::int64_t id = sqlite3_last_insert_rowid(db_.get());
      if (auto logged = log_authority(AuthorityEvent{
              virement.actor,
              "virement",
              virement.amount,
              virement.decision,
              true,
              "virement " + std::to_string(id) + " from " + virement.from_scheme + " to " + virement.to_scheme,
              {}});
          !logged)
        return logged.error();
      return id;
    });
    if (!result && result.error().rule.rfind("authority.", 0) == 0)  // a refusal is logged too
      (void)log_authority(AuthorityEvent{
          virement.actor, "virement", virement.amount, virement.decision, false, result.error().message, {}});
    return result;
  }

  std::vector<VirementRecord> virements() override {
    std::vector<VirementRecord> out;
    Statement select(db_.get(),
                     "SELECT id, year, from_scheme, to_scheme, amount_pence, COALESCE(decision, ''), actor, at FROM "
                     "virements ORDER BY id");
    while (select.step() == SQLITE_ROW)
      out.push_back(VirementRecord{select.integer(0), static_cast<int>(select.integer(1)), select.text(2),
                                   select.text(3), Money::from_pence(select.integer(4)), select.text(5), select.text(6),
                                   select.text(7)});
    return out;
  }

  Status log_authority(const AuthorityEvent& event) override {
    Statement insert(db_.get(),
                     "INSERT INTO authority_log(actor, action, amount_pence, decision, allowed, reason, at) VALUES "
                     "(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    insert.bind(1, event.actor)
        .bind(2, event.action)
        .bind(3, event.amount.pence())
        .bind(4, event.decision)
        .bind(5, event.allowed ? 1 : 0)
        .bind(6, event.reason)
        .bind(7, now_utc());
    if (insert.step() != SQLITE_DONE) return store_error(db_.get(), "logging an action that needed authority");
    return ok_status();
  }

  std::vector<AuthorityEvent> authority_log() override {
    std::vector<AuthorityEvent> out;
    Statement select(
        db_.get(), "SELECT actor, action, amount_pence, decision, allowed, reason, at FROM authority_log ORDER BY id");
    while (select.step() == SQLITE_ROW)
      out.push_back(AuthorityEvent{select.text(0), select.text(1), Money::from_pence(select.integer(2)), select.text(3),
                                   select.integer(4) != 0, select.text(5), select.text(6)});
    return out;
  }

  Status record_dispute(const DisputeRecord& dispute) override {
    assert(!dispute.events.empty() && dispute.events.front().kind == "opened");
    return in_transaction([&]() -> Status {
      Statement insert(db_.get(),
                       "INSERT INTO disputes(id, opened_on, parties, matter, amount_pence, refs, opened_by, "
                       "recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
      insert.bind(1, dispute.id)
          .bind(2, dispute.opened_on)
          .bind(3, dispute.parties)
          .bind(4, dispute.matter)
          .bind(6, dispute.refs)
          .bind(7, dispute.opened_by)
          .bind(8, now_utc());
      if (dispute.amount)
        insert.bind(5, dispute.amount->pence());
      else
        insert.bind_null(5);
      const int rc = insert.step();
      if (rc == SQLITE_CONSTRAINT)
        return make_error("dispute.duplicate", "dispute " + dispute.id + " is already recorded");
      if (rc != SQLITE_DONE) return store_error(db_.get(), "recording dispute " + dispute.id);
      DisputeEventRecord opened = dispute.events.front();
      opened.seq = 1;
      return write_dispute_event(dispute.id, opened);
    });
  }

  Result<DisputeEventRecord> record_dispute_event(
      const std::string& dispute,
      const std::function<Result<DisputeEventRecord>(const DisputeRecord& now)>& next) override {
    return in_transaction([&]() -> Result<DisputeEventRecord> {
      auto found = read_disputes(dispute);
      if (found.empty()) return make_error("dispute.unknown", "there is no dispute " + dispute + " in these books");
      auto event = next(found.front());
      if (!event) return event.error();
      event->seq = found.front().events.empty() ? 1 : found.front().events.back().seq + 1;
      if (auto written = write_dispute_event(dispute, *event); !written) return written.error();
      return event;
    });
  }

  std::vector<DisputeRecord> disputes() override { return read_disputes(""); }

  VerifyReport verify() override {
    VerifyReport report;
    std::string previous(kGenesisHash);
    std::map<std::pair<std::string, std::int64_t>, MoneySum> sums;  // (account, period) from the postings
    EntryId after = 0;
    for (;;) {  // in pages, so a long journal is not held in memory at once
      auto page = entries_after(after, 10'000);
      if (page.empty()) break;
      for (Entry& stored : page) {
        ++report.entries_checked;
        stored.previous_hash = previous;
        if (stored.hash != chain_hash(stored) || !check_entry(stored)) {
          report.first_bad_entry = stored.id;
          report.problem = "entry " + std::to_string(stored.id) + " (" + to_iso(stored.date) + " '" +
                           stored.description + "') does not match its hash: it was altered after it was posted, " +
                           "or an entry before it was removed";
          return report;
        }
        const std::int64_t period = period_key(stored.period());
        for (const Posting& posting : stored.postings) sums[{posting.account, period}] += posting.amount;
        previous = stored.hash;
        after = stored.id;
      }
    }
    report.head_hash = previous;
    verify_balances(sums, report);
    return report;
  }

 private:
  static constexpr const char* kSelectEntries =
      "SELECT e.id, e.entry_date, e.kind, e.description, e.reference, e.reverses, s.source_digest, e.source_row, "
      "s.profile, s.actor, s.recorded_at, e.postings, e.hash, "
      "(SELECT p.hash FROM entries p WHERE p.id < e.id ORDER BY p.id DESC LIMIT 1) "
      "FROM entries e LEFT JOIN sources s ON s.id = e.source";

  Status write_dispute_event(const std::string& dispute, const DisputeEventRecord& event) {
    Statement insert(db_.get(),
                     "INSERT INTO dispute_events(dispute, seq, kind, on_date, step, level, due_on, note, actor, "
                     "recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    insert.bind(1, dispute)
        .bind(2, std::int64_t{event.seq})
        .bind(3, event.kind)
        .bind(4, event.on)
        .bind(5, std::int64_t{event.step})
        .bind(6, event.level)
        .bind(7, event.due_on)
        .bind(8, event.note)
        .bind(9, event.actor)
        .bind(10, now_utc());
    if (insert.step() != SQLITE_DONE) return store_error(db_.get(), "recording an event of dispute " + dispute);
    return ok_status();
  }

  // Every dispute, or only the one with this id, with its events.
  std::vector<DisputeRecord> read_disputes(const std::string& only) {
    std::vector<DisputeRecord> out;
    std::map<std::string, std::size_t> index;
    Statement select(db_.get(),
                     "SELECT id, opened_on, parties, matter, amount_pence, refs, opened_by, recorded_at FROM disputes "
                     "WHERE ?1 = '' OR id = ?1 ORDER BY opened_on, rowid");
    select.bind(1, only);
    while (select.step() == SQLITE_ROW) {
      DisputeRecord dispute;
      dispute.id = select.text(0);
      dispute.opened_on = select.text(1);
      dispute.parties = select.text(2);
      dispute.matter = select.text(3);
      if (!select.is_null(4)) dispute.amount = Money::from_pence(select.integer(4));
      dispute.refs = select.text(5);
      dispute.opened_by = select.text(6);
      dispute.recorded_at = select.text(7);
      index[dispute.id] = out.size();
      out.push_back(std::move(dispute));
    }
    Statement events(db_.get(),
                     "SELECT dispute, seq, kind, on_date, step, level, due_on, note, actor, recorded_at FROM "
                     "dispute_events WHERE ?1 = '' OR dispute = ?1 ORDER BY dispute, seq");
    events.bind(1, only);
    while (events.step() == SQLITE_ROW) {
      const auto found = index.find(events.text(0));
      if (found == index.end()) continue;  // not possible while foreign keys hold
      out[found->second].events.push_back(DisputeEventRecord{
          static_cast<int>(events.integer(1)), events.text(2), events.text(3), static_cast<int>(events.integer(4)),
          events.text(5), events.text(6), events.text(7), events.text(8), events.text(9)});
    }
    return out;
  }

  Status set_period_state(const Period& period, const std::string& state, const std::string& actor,
                          const std::string& reason) {
    if (actor.empty()) return make_error("period.actor", "changing a period needs an actor");
    if (auto begun = exec(db_.get(), "BEGIN IMMEDIATE", "changing a period"); !begun) return begun;
    Statement upsert(db_.get(),
                     "INSERT INTO periods(fy, month, state) VALUES (?1, ?2, ?3) "
                     "ON CONFLICT(fy, month) DO UPDATE SET state = excluded.state");
    upsert.bind(1, period.year().start_year()).bind(2, period.month().number()).bind(3, state);
    Statement log(db_.get(),
                  "INSERT INTO period_log(fy, month, action, actor, reason, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    log.bind(1, period.year().start_year())
        .bind(2, period.month().number())
        .bind(3, std::string(state == "closed" ? "close" : "reopen"))
        .bind(4, actor)
        .bind(5, reason)
        .bind(6, now_utc());
    if (upsert.step() != SQLITE_DONE || log.step() != SQLITE_DONE) {
      Error error = store_error(db_.get(), "changing " + period.to_string());
      rollback(db_.get());
      return error;
    }
    return exec(db_.get(), "COMMIT", "changing a period");
  }

  // Runs body inside BEGIN IMMEDIATE ... COMMIT; anything that fails rolls the whole
  // transaction back, so another connection never sees part of it.
  template <typename Body>
  auto in_transaction(Body body) -> decltype(body()) {
    if (auto begun = exec(db_.get(), "BEGIN IMMEDIATE", "starting a batch"); !begun) return begun.error();
    decltype(body()) result = make_error("store.batch", "the batch was not run");
    try {
      result = body();
    } catch (const std::exception& thrown) {  // e.g. MoneyOverflow on an absurd amount
      rollback(db_.get());
      return make_error("store.batch", std::string("the batch was abandoned, nothing was posted: ") + thrown.what());
    }
    if (!result) {
      rollback(db_.get());
      return result;
    }
    if (auto committed = exec(db_.get(), "COMMIT", "committing a batch"); !committed) {
      rollback(db_.get());
      return committed.error();
    }
    return result;
  }

  bool quarantine_open(std::int64_t id) {
    Statement find(db_.get(), "SELECT 1 FROM quarantine WHERE id = ?1 AND status = 'open'");
    find.bind(1, id);
    return find.step() == SQLITE_ROW;
  }

  // Inside the write transaction: where the chain and the journal stand now.
  Chain start_chain() {
    EntryId last_id = 0;
    std::string last_hash(kGenesisHash);
    Statement last(db_.get(), "SELECT id, hash FROM entries ORDER BY id DESC LIMIT 1");
    if (last.step() == SQLITE_ROW) {
      last_id = last.integer(0);
      last_hash = last.text(1);
    }
    Statement sources(db_.get(), "SELECT COALESCE(MAX(id), 0) FROM sources");
    sources.step();
    std::set<std::int64_t> closed;
    Statement periods(db_.get(), "SELECT fy * 100 + month FROM periods WHERE state = 'closed'");
    while (periods.step() == SQLITE_ROW) closed.insert(periods.integer(0));
    std::unordered_map<std::string, std::int64_t> accounts;
    Statement paths(db_.get(), "SELECT path, id FROM accounts");
    while (paths.step() == SQLITE_ROW) accounts.emplace(paths.text(0), paths.integer(1));
    return Chain(last_id, std::move(last_hash), sources.integer(0), std::move(closed), std::move(accounts));
  }

  // Inside the write transaction: posts one entry.
  Result<EntryId> write_one(Entry entry) {
    Chain chain = start_chain();
    JournalWriter writer(db_.get());
    auto prepared = chain.prepare(std::move(entry));
    if (!prepared) return prepared.error();
    if (auto written = writer.write(*prepared); !written) return written.error();
    if (auto added = writer.add_movements(chain); !added) return added.error();
    return prepared->entry.id;
  }

  // Inside the write transaction: pulls entries from the source until it is drained and
  // writes them. For a store in a file the source runs on a second thread, consulting a
  // second connection, while this one writes: reading, checking and hashing a row then costs
  // no time on the writing side.
  Result<std::size_t> stream_entries(const EntrySource& next, Chain& chain, JournalWriter& writer) {
    const char* file = sqlite3_db_filename(db_.get(), "main");
    std::optional<SnapshotView> snapshot;
    if (file != nullptr && *file != '\0') {
      auto reader = open_database(file, SQLITE_OPEN_READONLY);
      if (!reader) return reader.error();
      snapshot.emplace(std::move(reader).value(), chain);
    }
    if (!snapshot) {  // a store in memory: one thread does both
      std::size_t written = 0;
      PreparedEntry slot;
      for (;;) {
        auto more = next(*this, slot.entry);
        if (!more) return more.error();
        if (!*more) return written;
        if (written >= kMaxEntriesPerBatch)
          return make_error("store.limit", "a batch may hold at most 2,000,000 entries");
        if (auto prepared = chain.prepare(slot); !prepared) return prepared.error();
        if (auto done = writer.write(slot); !done) return done.error();
        ++written;
      }
    }
    EntryQueue queue;
    ProducerThread producer(queue, [&] { produce(next, *snapshot, chain, queue); });
    std::size_t written = 0;
    while (auto chunk = queue.pop()) {
      for (const PreparedEntry& prepared : *chunk) {
        if (auto done = writer.write(prepared); !done) return done.error();  // the producer is abandoned
        ++written;
      }
      queue.give_back(std::move(chunk).value());
    }
    producer.join();
    if (auto failed = queue.error()) return *failed;
    return written;
  }

  static void produce(const EntrySource& next, BooksView& books, Chain& chain, EntryQueue& queue) {
    try {
      std::vector<PreparedEntry> chunk = queue.empty_chunk();
      std::size_t used = 0;  // entries of the chunk filled; the rest are kept for their memory
      std::size_t count = 0;
      for (;;) {
        if (queue.cancelled()) return;
        if (used == chunk.size()) chunk.emplace_back();
        PreparedEntry& slot = chunk[used];
        auto more = next(books, slot.entry);
        if (!more) return queue.finish(more.error());
        if (!*more) break;
        if (++count > kMaxEntriesPerBatch)
          return queue.finish(make_error("store.limit", "a batch may hold at most 2,000,000 entries"));
        if (auto prepared = chain.prepare(slot); !prepared) return queue.finish(prepared.error());
        if (++used == EntryQueue::kChunk) {
          chunk.resize(used);
          if (!queue.push(std::move(chunk))) return;
          chunk = queue.empty_chunk();
          used = 0;
        }
      }
      chunk.resize(used);
      if (!chunk.empty() && !queue.push(std::move(chunk))) return;
      queue.finish(std::nullopt);
    } catch (const std::exception& thrown) {  // e.g. MoneyOverflow on an absurd amount
      queue.finish(
          make_error("store.batch", std::string("the batch was abandoned, nothing was posted: ") + thrown.what()));
    }
  }

  Status refuse_repeat(const ImportRecord& import) {
    if (!import.source_digest.empty() && !import.forced && imported(import.source_digest))
      return make_error("import.duplicate", import.file + " was already imported (same contents, SHA-256 " +
                                                import.source_digest.substr(0, 12) +
                                                "...); use --force to import it again");
    return ok_status();
  }

  Status record_import(const ImportRecord& import, std::size_t entry_count,
                       const std::vector<QuarantinedRow>& quarantined) {
    if (import.source_digest.empty()) return ok_status();
    const std::string at = now_utc();
    Statement insert(db_.get(),
                     "INSERT INTO imports(source_digest, file, profile, actor, forced, entries, quarantined, at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    insert.bind(1, import.source_digest)
        .bind(2, import.file)
        .bind(3, import.profile)
        .bind(4, import.actor)
        .bind(5, import.forced ? 1 : 0)
        .bind(6, static_cast<std::int64_t>(entry_count))
        .bind(7, static_cast<std::int64_t>(quarantined.size()))
        .bind(8, at);
    if (insert.step() != SQLITE_DONE) return store_error(db_.get(), "recording the import of " + import.file);
    Statement hold(db_.get(),
                   "INSERT INTO quarantine(file, source_digest, line, raw, rule, reason, profile, status, at, header) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', ?8, ?9)");
    for (const QuarantinedRow& row : quarantined) {
      hold.reset();
      hold.bind(1, row.file)
          .bind(2, row.source_digest)
          .bind(3, row.line)
          .bind(4, row.raw)
          .bind(5, row.rule)
          .bind(6, row.reason)
          .bind(7, row.profile)
          .bind(8, at)
          .bind(9, row.header);
      if (hold.step() != SQLITE_DONE) return store_error(db_.get(), "quarantining a row of " + row.file);
    }
    return ok_status();
  }

  std::vector<Entry> read_entries(const std::string& where, std::int64_t parameter, std::size_t limit) {
    const std::string sql = std::string(kSelectEntries) + " " + where + " ORDER BY e.id LIMIT ?2";
    Statement select(db_.get(), sql.c_str());
    if (!where.empty()) select.bind(1, parameter);
    select.bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    return collect(select);
  }

  std::vector<Entry> collect(Statement& select) {
    std::unordered_map<std::int64_t, std::string> paths;
    Statement accounts(db_.get(), "SELECT id, path FROM accounts");
    while (accounts.step() == SQLITE_ROW) paths.emplace(accounts.integer(0), accounts.text(1));
    std::vector<Entry> out;
    while (select.step() == SQLITE_ROW) {
      Entry entry;
      entry.id = select.integer(0);
      if (auto day = parse_iso_date(select.text(1))) entry.date = *day;  // else check_entry refuses it in verify
      entry.kind = entry_kind_from_word(select.text(2)).value_or(EntryKind::draw);
      entry.description = select.text(3);
      entry.reference = select.text(4);
      if (!select.is_null(5)) entry.reverses = select.integer(5);
      entry.provenance = Provenance{select.text(6), static_cast<long>(select.integer(7)), select.text(8),
                                    select.text(9), select.text(10)};
      // Postings that no longer read back, or name an account that is not there, leave the
      // entry without them: verify then reports it.
      if (auto postings = parse_postings_json(select.text(11)))
        for (const auto& [account, pence] : *postings) {
          const auto path = paths.find(account);
          entry.postings.push_back(
              Posting{path == paths.end() ? std::string{} : path->second, Money::from_pence(pence)});
        }
      entry.hash = select.text(12);
      entry.previous_hash = select.is_null(13) ? std::string(kGenesisHash) : select.text(13);
      out.push_back(std::move(entry));
    }
    return out;
  }

  // The maintained balances must equal the sums of the postings they summarise.
  void verify_balances(const std::map<std::pair<std::string, std::int64_t>, MoneySum>& sums, VerifyReport& report) {
    std::map<std::pair<std::string, std::int64_t>, std::int64_t> kept;
    Statement select(db_.get(),
                     "SELECT a.path, b.period, b.movement_pence FROM balances b LEFT JOIN accounts a ON a.id = "
                     "b.account");
    while (select.step() == SQLITE_ROW) kept[{select.text(0), select.integer(1)}] = select.integer(2);
    std::set<std::pair<std::string, std::int64_t>> keys;
    for (const auto& [key, sum] : sums) keys.insert(key);
    for (const auto& [key, pence] : kept) keys.insert(key);
    for (const auto& key : keys) {
      const auto sum = sums.find(key);
      const auto balance = kept.find(key);
      const Money from_postings = sum == sums.end() ? Money{} : sum->second.total();
      const Money recorded = balance == kept.end() ? Money{} : Money::from_pence(balance->second);
      if (from_postings != recorded) {
        report.problem = "the balance of " + key.first + " for " + period_of_key(key.second).to_string() + " reads " +
                         recorded.to_report() + " but its postings sum to " + from_postings.to_report();
        return;
      }
    }
  }

  Database db_;
  StatementCache cached_;
};

Result<int> schema_version(sqlite3* db) {
  Statement version(db, "PRAGMA user_version");
  if (version.step() != SQLITE_ROW) return store_error(db, "reading the schema version");
  return static_cast<int>(version.integer(0));
}

Status migrate(sqlite3* db, const std::string& path, int target_version = kSqliteSchemaVersion) {
  auto version = schema_version(db);
  if (!version) return version.error();
  if (*version > kSqliteSchemaVersion)
    return make_error("store.version", path + " was written by a newer poolbook (schema version " +
                                           std::to_string(*version) + "; this program knows up to " +
                                           std::to_string(kSqliteSchemaVersion) + "): upgrade poolbook to open it");
  if (*version >= target_version) return ok_status();
  // One transaction for all the steps, and the version read again inside it: two programs
  // opening a new file at once cannot both apply the same migration.
  if (auto begun = exec(db, "BEGIN IMMEDIATE", "upgrading the schema"); !begun) return begun;
  version = schema_version(db);
  if (!version) {
    rollback(db);
    return version.error();
  }
  for (int next = *version + 1; next <= target_version; ++next) {
    const std::string set_version = "PRAGMA user_version = " + std::to_string(next);
    auto applied = exec(db, kMigrations[next - 1], "applying schema migration " + std::to_string(next));
    if (applied) applied = exec(db, set_version.c_str(), "recording the schema version");
    if (!applied) {
      rollback(db);
      return applied;
    }
  }
  if (auto committed = exec(db, "COMMIT", "upgrading the schema"); !committed) {
    rollback(db);
    return committed;
  }
  return ok_status();
}

Result<Database> open_database(const std::filesystem::path& path, int flags) {
  // SQLite's memory statistics take a process-wide lock on every allocation, which the
  // writing and reading threads of an import would contend for; poolbook does not read them.
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  Database db(raw);
  if (rc != SQLITE_OK)
    return make_error("store.open", "cannot open the store " + path.string() + ": " +
                                        (raw != nullptr ? sqlite3_errmsg(raw) : "out of memory"));
  sqlite3_busy_timeout(db.get(), 10'000);
  const bool writable = (flags & SQLITE_OPEN_READWRITE) != 0;
  for (const char* pragma : {"PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL",
                             "PRAGMA cache_size = -32768"}) {
    if (!writable && std::string_view(pragma).find("journal_mode") != std::string_view::npos) continue;
    if (auto set = exec(db.get(), pragma, "configuring the store"); !set) return set.error();
  }
  return db;
}

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& path) {
  auto db = open_database(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db) return db.error();
  if (auto migrated = migrate(db->get(), path.string()); !migrated) return migrated.error();
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(db).value()));
}

Status create_sqlite_schema_version(const std::filesystem::path& path, int schema_version) {
  assert(schema_version >= 0 && schema_version <= kSqliteSchemaVersion);
  auto db = open_database(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db) return db.error();
  return migrate(db->get(), path.string(), schema_version);
}

}  // namespace poolbook::ledger
