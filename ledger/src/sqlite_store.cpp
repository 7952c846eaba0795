#include "poolbook/ledger/sqlite_store.hpp"

#include <sqlite3.h>

#include <cassert>
#include <chrono>
#include <map>
#include <utility>

#include "poolbook/ledger/audit_chain.hpp"

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
  Statement(sqlite3* db, const char* sql) : db_(db) {
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
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
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
};
static_assert(std::size(kMigrations) == kSqliteSchemaVersion);

std::string now_utc() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return date::format("%Y-%m-%dT%H:%M:%SZ", now);
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(Database db) : db_(std::move(db)) {}

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
    return in_transaction([&] { return append_in_transaction(batch, import, quarantined); });
  }

  Result<std::size_t> append_import_stream(const EntrySource& next, const ImportRecord& import,
                                           const std::vector<QuarantinedRow>& quarantined) override {
    return in_transaction([&] { return stream_in_transaction(next, import, quarantined); });
  }

  bool imported(const std::string& source_digest) override {
    Statement find(db_.get(), "SELECT 1 FROM imports WHERE source_digest = ?1");
    find.bind(1, source_digest);
    return find.step() == SQLITE_ROW;
  }

  bool reference_posted(const std::string& profile, const std::string& reference) override {
    Lease find = cached("SELECT 1 FROM entries WHERE profile = ?1 AND reference = ?2 LIMIT 1");
    find->bind(1, profile).bind(2, reference);
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
      Statement already(db_.get(), "SELECT id FROM entries WHERE reverses = ?1");
      already.bind(1, original_id);
      if (already.step() == SQLITE_ROW)
        return make_error("entry.reversed", "entry " + std::to_string(original_id) + " was already reversed by entry " +
                                                std::to_string(already.integer(0)));
      Entry mirror = reversal_of(*original, day, description, Provenance{{}, 0, {}, actor, now_utc()});
      BatchWriter writer(*this);
      auto id = writer.write(mirror);
      if (!id) return id.error();
      if (auto finished = writer.finish(); !finished) return finished.error();
      return id;
    });
  }

  Result<EntryId> post_quarantined(std::int64_t quarantine_id, const EntrySource& corrected) override {
    // One transaction: the row must still be open, its entry is posted, the row is marked,
    // so the same quarantined row can never be posted twice.
    return in_transaction([&]() -> Result<EntryId> {
      Statement mark(db_.get(), "UPDATE quarantine SET status = 'retried' WHERE id = ?1 AND status = 'open'");
      mark.bind(1, quarantine_id);
      if (mark.step() != SQLITE_DONE) return store_error(db_.get(), "retrying a quarantined row");
      if (sqlite3_changes(db_.get()) == 0)
        return make_error("quarantine.status", "quarantined row " + std::to_string(quarantine_id) +
                                                   " is not open (already retried or dismissed, or unknown)");
      auto entry = corrected();
      if (!entry) return entry.error();
      if (!*entry) return make_error("quarantine.empty", "the corrected row gave no entry");
      BatchWriter writer(*this);
      auto id = writer.write(**entry);
      if (!id) return id.error();
      if (auto finished = writer.finish(); !finished) return finished.error();
      return id;
    });
  }

  Result<Entry> entry(EntryId id) override {
    auto found = read_entries("WHERE id = ?1", id, 1);
    if (found.empty()) return make_error("entry.unknown", "there is no entry " + std::to_string(id));
    return found.front();
  }

  std::vector<Entry> entries(std::optional<date::year_month_day> since, std::size_t limit) override {
    if (!since) return read_entries("", 0, limit);
    return read_entries_since(to_iso(*since), limit);
  }

  std::vector<Entry> entries_after(EntryId after, std::size_t limit) override {
    return read_entries("WHERE id > ?1", after, limit);
  }

  bool is_closed(const Period& period) override {
    Lease find = cached("SELECT state FROM periods WHERE fy = ?1 AND month = ?2");
    find->bind(1, period.year().start_year()).bind(2, period.month().number());
    return find->step() == SQLITE_ROW && find->text(0) == "closed";
  }

  Status close_period(const Period& period, const std::string& actor) override {
    if (is_closed(period)) return make_error("period.closed", period.to_string() + " is already closed");
    return set_period_state(period, "closed", actor, "month-end close");
  }

  Status reopen_period(const Period& period, const std::string& actor, const std::string& reason) override {
    if (!is_closed(period)) return make_error("period.open", period.to_string() + " is not closed");
    if (reason.empty()) return make_error("period.reopen", "reopening " + period.to_string() + " needs a reason");
    return set_period_state(period, "open", actor, reason);
  }

  std::vector<BalanceRow> balances(const Period& from, const Period& to, const std::string& prefix) override {
    std::vector<BalanceRow> out;
    Statement select(db_.get(),
                     "SELECT account, fy, month, movement_pence FROM balances "
                     "WHERE (fy * 100 + month) BETWEEN ?1 AND ?2 AND (?3 = '' OR account = ?3 OR "
                     "substr(account, 1, length(?3) + 1) = ?3 || '/') ORDER BY account, fy, month");
    select.bind(1, period_key(from)).bind(2, period_key(to)).bind(3, prefix);
    while (select.step() == SQLITE_ROW)
      out.push_back(BalanceRow{select.text(0),
                               Period(FinancialYear(static_cast<int>(select.integer(1))),
                                      FinancialMonth(static_cast<int>(select.integer(2)))),
                               Money::from_pence(select.integer(3))});
    return out;
  }

  std::vector<QuarantinedRow> quarantine(bool open_only) override {
    std::vector<QuarantinedRow> out;
    Statement select(db_.get(),
                     "SELECT id, file, source_digest, line, raw, rule, reason, profile, status, header FROM "
                     "quarantine WHERE (?1 = 0 OR status = 'open') ORDER BY id");
    select.bind(1, open_only ? 1 : 0);
    while (select.step() == SQLITE_ROW)
      out.push_back(QuarantinedRow{select.integer(0), select.text(1), select.text(2),
                                   static_cast<long>(select.integer(3)), select.text(4), select.text(5), select.text(6),
                                   select.text(7), select.text(8), select.text(9)});
    return out;
  }

  Status set_quarantine_status(std::int64_t id, const std::string& status) override {
    Statement update(db_.get(), "UPDATE quarantine SET status = ?2 WHERE id = ?1 AND status = 'open'");
    update.bind(1, id).bind(2, status);
    if (update.step() != SQLITE_DONE) return store_error(db_.get(), "updating quarantined row " + std::to_string(id));
    if (sqlite3_changes(db_.get()) == 0)
      return make_error("quarantine.status", "there is no open quarantined row " + std::to_string(id));
    return ok_status();
  }

  VerifyReport verify() override {
    VerifyReport report;
    std::string previous(kGenesisHash);
    EntryId after = 0;
    for (;;) {  // in pages, so a long journal is not held in memory at once
      auto page = read_entries("WHERE id > ?1", after, 10'000);
      if (page.empty()) break;
      for (const Entry& stored : page) {
        ++report.entries_checked;
        Entry recomputed = stored;
        recomputed.previous_hash = previous;
        const std::string expected = chain_hash(recomputed);
        if (stored.previous_hash != previous || stored.hash != expected || !check_entry(stored)) {
          report.first_bad_entry = stored.id;
          report.problem = "entry " + std::to_string(stored.id) + " (" + to_iso(stored.date) + " '" +
                           stored.description + "') does not match its hash: it was altered after it was posted, " +
                           "or an entry before it was removed";
          return report;
        }
        previous = stored.hash;
        after = stored.id;
      }
    }
    verify_balances(report);
    return report;
  }

 private:
  static std::int64_t period_key(const Period& period) {
    return std::int64_t{period.year().start_year()} * 100 + period.month().number();
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

  std::string last_hash() {
    Statement last(db_.get(), "SELECT hash FROM entries ORDER BY id DESC LIMIT 1");
    return last.step() == SQLITE_ROW ? last.text(0) : std::string(kGenesisHash);
  }

  EntryId last_id() {
    Statement last(db_.get(), "SELECT COALESCE(MAX(id), 0) FROM entries");
    last.step();
    return last.integer(0);
  }

  // Inside BEGIN IMMEDIATE: checks and writes the batch, its import record and quarantine.
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

  // Writes entries inside an open transaction: checks each, chains its hash, inserts it and
  // its postings, and sums the balance movements in memory until finish() writes them.
  class BatchWriter {
   public:
    explicit BatchWriter(SqliteStore& store)
        : store_(store),
          previous_(store.last_hash()),
          recorded_at_(now_utc()),
          next_id_(store.last_id() + 1),
          insert_entry_(store.db_.get(),
                        "INSERT INTO entries(id, entry_date, fy, month, kind, description, reference, reverses, "
                        "source_digest, source_row, profile, actor, recorded_at, previous_hash, hash) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"),
          insert_posting_(store.db_.get(),
                          "INSERT INTO postings(entry_id, seq, account, amount_pence) VALUES (?1, ?2, ?3, ?4)") {}

    Result<EntryId> write(Entry& entry) {
      if (auto valid = check_entry(entry); !valid) return valid.error();
      const Period period = entry.period();
      if (auto open = check_open(entry, period); !open) return open.error();
      entry.id = next_id_++;
      if (entry.provenance.recorded_at.empty()) entry.provenance.recorded_at = recorded_at_;  // the batch's time
      entry.previous_hash = previous_;
      entry.hash = chain_hash(entry);
      previous_ = entry.hash;
      if (!insert(entry, period)) return store_error(store_.db_.get(), "posting entry " + std::to_string(entry.id));
      ++written_;
      return entry.id;
    }

    // Adds the batch's balance movements to the maintained balances.
    Status finish() {
      Statement add_balance(store_.db_.get(),
                            "INSERT INTO balances(account, fy, month, movement_pence) VALUES (?1, ?2, ?3, ?4) "
                            "ON CONFLICT(account, fy, month) DO UPDATE SET movement_pence = movement_pence + "
                            "excluded.movement_pence");
      for (const auto& [key, movement] : movements_) {
        add_balance.reset();
        add_balance.bind(1, std::get<0>(key))
            .bind(2, std::get<1>(key))
            .bind(3, std::get<2>(key))
            .bind(4, movement.total().pence());
        if (add_balance.step() != SQLITE_DONE) return store_error(store_.db_.get(), "updating balances");
      }
      return ok_status();
    }

    [[nodiscard]] std::size_t written() const { return written_; }

   private:
    Status check_open(const Entry& entry, const Period& period) {
      const auto key = period_key(period);
      auto closed = closed_periods_.find(key);
      if (closed == closed_periods_.end()) closed = closed_periods_.emplace(key, store_.is_closed(period)).first;
      if (closed->second)
        return make_error("period.closed", "the entry '" + entry.description + "' dated " + to_iso(entry.date) +
                                               " falls in " + period.to_string() +
                                               ", which is closed: post a correction in an open month, or reopen "
                                               "the month by a logged decision");
      for (const Posting& posting : entry.postings) {
        auto known = known_accounts_.find(posting.account);
        if (known == known_accounts_.end())
          known = known_accounts_.emplace(posting.account, store_.account_exists(posting.account)).first;
        if (!known->second)
          return make_error("account.unknown", "the entry '" + entry.description + "' dated " + to_iso(entry.date) +
                                                   " posts to " + posting.account + ", which is not an open account");
      }
      return ok_status();
    }

    bool insert(const Entry& entry, const Period& period) {
      insert_entry_.reset();
      insert_entry_.bind(1, entry.id)
          .bind(2, to_iso(entry.date))
          .bind(3, period.year().start_year())
          .bind(4, period.month().number())
          .bind(5, std::string(entry_kind_word(entry.kind)))
          .bind(6, entry.description)
          .bind(7, entry.reference);
      if (entry.reverses)
        insert_entry_.bind(8, *entry.reverses);
      else
        insert_entry_.bind_null(8);
      insert_entry_.bind(9, entry.provenance.source_digest)
          .bind(10, entry.provenance.source_row)
          .bind(11, entry.provenance.profile)
          .bind(12, entry.provenance.actor)
          .bind(13, entry.provenance.recorded_at)
          .bind(14, entry.previous_hash)
          .bind(15, entry.hash);
      if (insert_entry_.step() != SQLITE_DONE) return false;
      for (std::size_t seq = 0; seq < entry.postings.size(); ++seq) {
        const Posting& posting = entry.postings[seq];
        insert_posting_.reset();
        insert_posting_.bind(1, entry.id)
            .bind(2, static_cast<std::int64_t>(seq))
            .bind(3, posting.account)
            .bind(4, posting.amount.pence());
        if (insert_posting_.step() != SQLITE_DONE) return false;
        movements_[{posting.account, period.year().start_year(), period.month().number()}] += posting.amount;
      }
      return true;
    }

    SqliteStore& store_;
    std::string previous_;
    std::string recorded_at_;
    EntryId next_id_;
    Statement insert_entry_;
    Statement insert_posting_;
    std::size_t written_ = 0;
    std::map<std::string, bool> known_accounts_;
    std::map<std::int64_t, bool> closed_periods_;
    std::map<std::tuple<std::string, int, int>, MoneySum> movements_;
  };

  Status refuse_repeat(const ImportRecord& import) {
    if (!import.source_digest.empty() && !import.forced && imported(import.source_digest))
      return make_error("import.duplicate", import.file + " was already imported (same contents, SHA-256 " +
                                                import.source_digest.substr(0, 12) +
                                                "...); use --force to import it again");
    return ok_status();
  }

  // Inside BEGIN IMMEDIATE: checks and writes the batch, its import record and quarantine.
  Result<std::vector<EntryId>> append_in_transaction(std::vector<Entry>& batch, const ImportRecord& import,
                                                     const std::vector<QuarantinedRow>& quarantined) {
    if (auto fresh = refuse_repeat(import); !fresh) return fresh.error();
    BatchWriter writer(*this);
    std::vector<EntryId> ids;
    ids.reserve(batch.size());
    for (Entry& entry : batch) {
      auto id = writer.write(entry);
      if (!id) return id.error();
      ids.push_back(*id);
    }
    if (auto finished = writer.finish(); !finished) return finished.error();
    if (!import.source_digest.empty()) {
      if (auto recorded = record_import(import, ids.size(), quarantined); !recorded) return recorded.error();
    }
    return ids;
  }

  // The same, pulling entries from a source until it is drained.
  Result<std::size_t> stream_in_transaction(const EntrySource& next, const ImportRecord& import,
                                            const std::vector<QuarantinedRow>& quarantined) {
    if (auto fresh = refuse_repeat(import); !fresh) return fresh.error();
    BatchWriter writer(*this);
    for (;;) {
      auto entry = next();
      if (!entry) return entry.error();
      if (!*entry) break;
      if (writer.written() >= kMaxEntriesPerBatch)
        return make_error("store.limit", "a batch may hold at most 2,000,000 entries");
      if (auto id = writer.write(**entry); !id) return id.error();
    }
    if (auto finished = writer.finish(); !finished) return finished.error();
    if (!import.source_digest.empty()) {
      if (auto recorded = record_import(import, writer.written(), quarantined); !recorded) return recorded.error();
    }
    return writer.written();
  }

  Status record_import(const ImportRecord& import, std::size_t entry_count,
                       const std::vector<QuarantinedRow>& quarantined) {
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

  bool account_exists(const std::string& path) {
    Lease find = cached("SELECT 1 FROM accounts WHERE path = ?1");
    find->bind(1, path);
    return find->step() == SQLITE_ROW;
  }

  std::vector<Entry> read_entries(const std::string& where, std::int64_t parameter, std::size_t limit) {
    const std::string sql =
        "SELECT id, entry_date, kind, description, reference, reverses, source_digest, source_row, profile, actor, "
        "recorded_at, previous_hash, hash FROM entries " +
        where + " ORDER BY id LIMIT ?2";
    Statement select(db_.get(), sql.c_str());
    if (!where.empty()) select.bind(1, parameter);
    select.bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    return collect(select);
  }

  std::vector<Entry> read_entries_since(const std::string& since, std::size_t limit) {
    Statement select(db_.get(),
                     "SELECT id, entry_date, kind, description, reference, reverses, source_digest, source_row, "
                     "profile, actor, recorded_at, previous_hash, hash FROM entries WHERE entry_date >= ?1 "
                     "ORDER BY id LIMIT ?2");
    select.bind(1, since).bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    return collect(select);
  }

  std::vector<Entry> collect(Statement& select) {
    std::vector<Entry> out;
    while (select.step() == SQLITE_ROW) {
      Entry entry;
      entry.id = select.integer(0);
      entry.date = parse_iso_date(select.text(1)).value();
      entry.kind = entry_kind_from_word(select.text(2)).value_or(EntryKind::draw);
      entry.description = select.text(3);
      entry.reference = select.text(4);
      if (!select.is_null(5)) entry.reverses = select.integer(5);
      entry.provenance = Provenance{select.text(6), static_cast<long>(select.integer(7)), select.text(8),
                                    select.text(9), select.text(10)};
      entry.previous_hash = select.text(11);
      entry.hash = select.text(12);
      out.push_back(std::move(entry));
    }
    Statement postings(db_.get(), "SELECT account, amount_pence FROM postings WHERE entry_id = ?1 ORDER BY seq");
    for (Entry& entry : out) {
      postings.reset();
      postings.bind(1, entry.id);
      while (postings.step() == SQLITE_ROW)
        entry.postings.push_back(Posting{postings.text(0), Money::from_pence(postings.integer(1))});
    }
    return out;
  }

  // The maintained balances must equal the sums of the postings they summarise.
  void verify_balances(VerifyReport& report) {
    Statement drift(db_.get(),
                    "SELECT b.account, b.fy, b.month, b.movement_pence, COALESCE(p.total, 0) FROM balances b "
                    "LEFT JOIN (SELECT p.account, e.fy, e.month, SUM(p.amount_pence) AS total FROM postings p "
                    "JOIN entries e ON e.id = p.entry_id GROUP BY p.account, e.fy, e.month) p "
                    "ON p.account = b.account AND p.fy = b.fy AND p.month = b.month "
                    "WHERE b.movement_pence <> COALESCE(p.total, 0) "
                    "UNION ALL SELECT p.account, e.fy, e.month, 0, SUM(p.amount_pence) FROM postings p "
                    "JOIN entries e ON e.id = p.entry_id WHERE NOT EXISTS (SELECT 1 FROM balances b WHERE "
                    "b.account = p.account AND b.fy = e.fy AND b.month = e.month) GROUP BY p.account, e.fy, e.month "
                    "HAVING SUM(p.amount_pence) <> 0 LIMIT 1");
    if (drift.step() == SQLITE_ROW) {
      const Period period(FinancialYear(static_cast<int>(drift.integer(1))),
                          FinancialMonth(static_cast<int>(drift.integer(2))));
      report.problem = "the balance of " + drift.text(0) + " for " + period.to_string() + " reads " +
                       Money::from_pence(drift.integer(3)).to_report() + " but its postings sum to " +
                       Money::from_pence(drift.integer(4)).to_report();
    }
  }

  // A statement prepared once and reused, for lookups made once per imported row. The
  // lease resets it when dropped: a statement left mid-result would hold its read
  // transaction open, and this connection would stop seeing other writers' commits.
  class Lease {
   public:
    explicit Lease(Statement& statement) : statement_(statement) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { statement_.reset(); }
    Statement* operator->() { return &statement_; }

   private:
    Statement& statement_;
  };

  Lease cached(const char* sql) {
    auto& slot = statements_[sql];
    if (!slot) slot = std::make_unique<Statement>(db_.get(), sql);
    return Lease(*slot);
  }

  Database db_;
  std::map<const char*, std::unique_ptr<Statement>> statements_;  // keyed by the SQL literal's address
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
  for (int next = *version + 1; next <= target_version; ++next) {
    if (auto begun = exec(db, "BEGIN IMMEDIATE", "upgrading the schema"); !begun) return begun;
    const std::string set_version = "PRAGMA user_version = " + std::to_string(next);
    auto applied = exec(db, kMigrations[next - 1], "applying schema migration " + std::to_string(next));
    if (applied) applied = exec(db, set_version.c_str(), "recording the schema version");
    if (!applied) {
      rollback(db);
      return applied;
    }
    if (auto committed = exec(db, "COMMIT", "upgrading the schema"); !committed) return committed;
  }
  return ok_status();
}

Result<Database> open_database(const std::filesystem::path& path) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Database db(raw);
  if (rc != SQLITE_OK)
    return make_error("store.open", "cannot open the store " + path.string() + ": " +
                                        (raw != nullptr ? sqlite3_errmsg(raw) : "out of memory"));
  sqlite3_busy_timeout(db.get(), 10'000);
  for (const char* pragma : {"PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL",
                             "PRAGMA cache_size = -65536"})
    if (auto set = exec(db.get(), pragma, "configuring the store"); !set) return set.error();
  return db;
}

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& path) {
  auto db = open_database(path);
  if (!db) return db.error();
  if (auto migrated = migrate(db->get(), path.string()); !migrated) return migrated.error();
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(db).value()));
}

Status create_sqlite_schema_version(const std::filesystem::path& path, int schema_version) {
  assert(schema_version >= 0 && schema_version <= kSqliteSchemaVersion);
  auto db = open_database(path);
  if (!db) return db.error();
  return migrate(db->get(), path.string(), schema_version);
}

}  // namespace poolbook::ledger
