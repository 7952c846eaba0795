#include "poolbook/ledger/store/sqlite_store.hpp"

#include <cassert>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/store/internal/audit_chain_writer.hpp"
#include "poolbook/ledger/store/internal/journal_reader.hpp"
#include "poolbook/ledger/store/internal/period_key.hpp"
#include "poolbook/ledger/store/internal/streamed_import.hpp"
#include "poolbook/ledger/store/journal_migrations.hpp"

namespace poolbook::ledger {

std::string_view quarantine_status_word(QuarantineStatus status) {
  switch (status) {
    case QuarantineStatus::open:
      return "open";
    case QuarantineStatus::retried:
      return "retried";
    case QuarantineStatus::dismissed:
      return "dismissed";
  }
  return "open";
}

std::optional<QuarantineStatus> quarantine_status_from_word(std::string_view word) {
  for (QuarantineStatus status : {QuarantineStatus::open, QuarantineStatus::retried, QuarantineStatus::dismissed})
    if (quarantine_status_word(status) == word) return status;
  return std::nullopt;
}

namespace {

// The journal's chained tables and another owner's in the same file.
std::vector<ChainedTable> chained_tables(std::span<const ChainedTable> also_chained) {
  std::vector<ChainedTable> tables(journal_chained_tables().begin(), journal_chained_tables().end());
  tables.insert(tables.end(), also_chained.begin(), also_chained.end());
  return tables;
}

void add_records(VerifyReport& report, const RecordChainReport& records) {
  report.records_checked = records.records_checked;
  report.record_head = records.head;
  report.problem = records.problem;
}

// The journal's store over a SQLite database; every write is one Database::write, joining
// the caller's if one is open.
class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::shared_ptr<SqliteDatabase> db) : db_(std::move(db)) {}

  Status open_account(const Account& account) override {
    return db_->write([&]() -> Status {
      if (auto path = check_account_path(account.path); !path) return path;
      Statement find = db_->prepare("SELECT type FROM accounts WHERE path = ?1");
      find.bind(1, account.path);
      if (find.step() == Step::row) {
        if (find.text(0) == account_type_word(account.type)) return ok_status();
        return conflict("account.type", "account " + account.path + " is already open as " + find.text(0) + ", not " +
                                            std::string(account_type_word(account.type)));
      }
      Statement insert = db_->prepare("INSERT INTO accounts(path, type, name) VALUES (?1, ?2, ?3)");
      insert.bind(1, account.path).bind(2, std::string(account_type_word(account.type))).bind(3, account.name);
      if (insert.step() != Step::done) return db_->failure("opening account " + account.path);
      return ok_status();
    });
  }

  Status open_accounts(const std::vector<Account>& accounts) override {
    return db_->write([&]() -> Status {
      for (const Account& account : accounts)
        if (auto opened = open_account(account); !opened) return opened;
      return ok_status();
    });
  }

  std::vector<Account> accounts() override {
    std::vector<Account> out;
    Statement select = db_->prepare("SELECT path, type, name FROM accounts ORDER BY path");
    while (select.step() == Step::row)
      out.push_back(
          Account{select.text(0), account_type_from_word(select.text(1)).value_or(AccountType::asset), select.text(2)});
    return out;
  }

  Result<std::vector<EntryId>> append(std::vector<Entry> batch) override {
    return append_import(std::move(batch), ImportRecord{}, {});
  }

  Result<std::vector<EntryId>> append_import(std::vector<Entry> batch, const ImportRecord& import,
                                             std::vector<QuarantinedRow> quarantined) override {
    if (batch.size() > kMaxEntriesPerBatch) return make_error("store.limit", kBatchLimitMessage);
    return db_->write_value([&]() -> Result<std::vector<EntryId>> {
      if (auto fresh = refuse_repeat(import); !fresh) return fresh.error();
      Chain chain = start_chain(*db_);
      JournalWriter writer(*db_);
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
    return db_->write_value([&]() -> Result<std::size_t> {
      if (auto fresh = refuse_repeat(import); !fresh) return fresh.error();
      Chain chain = start_chain(*db_);
      JournalWriter writer(*db_);
      auto written = stream_entries(*db_, *this, next, chain, writer);
      if (!written) return written.error();
      if (auto added = writer.add_movements(chain); !added) return added.error();
      if (auto recorded = record_import(import, *written, quarantined); !recorded) return recorded.error();
      return written;
    });
  }

  bool imported(const std::string& source_digest) override {
    Statement find = db_->prepare("SELECT 1 FROM imports WHERE source_digest = ?1");
    find.bind(1, source_digest);
    return find.step() == Step::row;
  }

  bool reference_posted(const std::string& profile, const std::string& reference) override {
    Lease find = db_->cached(kReferencePostedSql);
    find->bind_unowned(1, profile).bind_unowned(2, reference);
    return db_->found_row(*find, "looking up a reference");
  }

  std::optional<EntryId> posted_alike(const std::string& reference, date::year_month_day date,
                                      const std::vector<Posting>& postings) override {
    return find_posted_alike(*db_, reference, date, postings);
  }

  bool account_open(const std::string& path) override {
    Lease find = db_->cached("SELECT 1 FROM accounts WHERE path = ?1");
    find->bind_unowned(1, path);
    return find->step() == Step::row;
  }

  std::optional<std::string> setting(const std::string& key) override {
    Statement find = db_->prepare("SELECT value FROM settings WHERE key = ?1");
    find.bind(1, key);
    if (find.step() != Step::row) return std::nullopt;
    return find.text(0);
  }

  Status set_setting(const std::string& key, const std::string& value) override {
    return db_->write([&]() -> Status {
      Statement upsert = db_->prepare(
          "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = "
          "excluded.value");
      upsert.bind(1, key).bind(2, value);
      if (upsert.step() != Step::done) return db_->failure("saving the setting " + key);
      return ok_status();
    });
  }

  Result<EntryId> reverse(EntryId original_id, date::year_month_day day, const std::string& description,
                          const std::string& actor) override {
    // The check and the write share one transaction, so two sessions cannot both reverse it.
    return db_->write_value([&]() -> Result<EntryId> {
      auto original = entry(original_id);
      if (!original) return original.error();
      if (original->reverses)
        return make_error("entry.reversal", "entry " + std::to_string(original_id) +
                                                " is itself the reversal of entry " +
                                                std::to_string(*original->reverses) +
                                                "; to restore that entry, post it again as a new entry");
      Statement already = db_->prepare("SELECT id FROM entries WHERE reverses = ?1");
      already.bind(1, original_id);
      if (already.step() == Step::row)
        return conflict("entry.reversed", "entry " + std::to_string(original_id) + " was already reversed by entry " +
                                              std::to_string(already.integer(0)));
      return write_one(reversal_of(*original, day, description, Provenance{{}, 0, {}, actor, utc_timestamp_now()}));
    });
  }

  Result<EntryId> post_quarantined(std::int64_t quarantine_id, const EntrySource& corrected, const std::string& actor,
                                   const std::string& corrected_raw) override {
    // One transaction: the row must still be open, its entry is posted, the row is marked,
    // so the same quarantined row can never be posted twice.
    return db_->write_value([&]() -> Result<EntryId> {
      if (!quarantine_open(quarantine_id))
        return conflict("quarantine.status", "quarantined row " + std::to_string(quarantine_id) +
                                                 " is not open (already retried or dismissed, or unknown)");
      Entry entry;
      auto made = corrected(*this, entry);
      if (!made) return made.error();
      if (!*made) return make_error("quarantine.empty", "the corrected row gave no entry");
      auto id = write_one(std::move(entry));
      if (!id) return id;
      Statement mark = db_->prepare(
          "UPDATE quarantine SET status = 'retried', resolved_by = ?2, resolved_at = ?3, resolution = ?4, "
          "corrected_raw = ?5, entry_id = ?6 WHERE id = ?1 AND status = 'open'");
      mark.bind(1, quarantine_id)
          .bind(2, actor)
          .bind(3, utc_timestamp_now())
          .bind(4, "posted as entry " + std::to_string(*id))
          .bind(5, corrected_raw)
          .bind(6, *id);
      if (mark.step() != Step::done) return db_->failure("marking a quarantined row retried");
      return id;
    });
  }

  // What a reversal or an authority check acts on: the entry must match its hash, and the
  // entry after it the hash it was chained to, so that an entry edited in the file (even with
  // its own hash recomputed) is never reversed or approved at its altered amount.
  Result<Entry> entry(EntryId id) override {
    auto found = read_entries(*db_, "WHERE e.id >= ?1", id, 2);
    if (found.empty() || found.front().id != id)
      return not_found("entry.unknown", "there is no entry " + std::to_string(id));
    for (const Entry& read : found)
      if (read.hash != chain_hash(read) || !check_entry(read))
        return refusal("store.altered", "entry " + std::to_string(read.id) +
                                            " does not match its hash: it was changed in the file after it was "
                                            "posted, so entry " +
                                            std::to_string(id) + " is not acted on (poolbook verify says more)");
    return found.front();
  }

  std::vector<Entry> entries(std::optional<date::year_month_day> since, std::size_t limit) override {
    if (!since) return read_entries(*db_, "", 0, limit);
    return entries_since(*db_, *since, limit);
  }

  std::vector<Entry> entries_after(EntryId after, std::size_t limit) override {
    return read_entries(*db_, "WHERE e.id > ?1", after, limit);
  }

  Status visit_entries_by_date(const std::function<Status(const Entry&)>& visit) override {
    return ledger::visit_entries_by_date(*db_, visit);
  }

  bool is_closed(const Period& period) override {
    Lease find = db_->cached("SELECT state FROM periods WHERE fy = ?1 AND month = ?2");
    find->bind(1, period.year().start_year()).bind(2, period.month().number());
    return find->step() == Step::row && find->text(0) == "closed";
  }

  Status close_period(const Period& period, const std::string& actor) override {
    return db_->write([&]() -> Status {
      if (is_closed(period)) return refusal("period.closed", period.to_string() + " is already closed");
      if (actor.empty()) return make_error("period.actor", "changing a period needs an actor");
      Statement upsert = db_->prepare(
          "INSERT INTO periods(fy, month, state) VALUES (?1, ?2, 'closed') "
          "ON CONFLICT(fy, month) DO UPDATE SET state = excluded.state");
      upsert.bind(1, period.year().start_year()).bind(2, period.month().number());
      Statement log = db_->prepare(
          "INSERT INTO period_log(fy, month, action, actor, reason, at) VALUES (?1, ?2, 'close', ?3, "
          "'month-end close', ?4)");
      log.bind(1, period.year().start_year())
          .bind(2, period.month().number())
          .bind(3, actor)
          .bind(4, utc_timestamp_now());
      if (upsert.step() != Step::done || log.step() != Step::done)
        return db_->failure("changing " + period.to_string());
      return ok_status();
    });
  }

  Status may_reopen(const Period& period, const std::string& actor, const std::string& reason) override {
    if (actor.empty()) return make_error("period.actor", "changing a period needs an actor");
    if (reason.empty()) return make_error("period.reopen", "reopening " + period.to_string() + " needs a reason");
    if (!is_closed(period)) return refusal("period.open", period.to_string() + " is not closed");
    return ok_status();
  }

  Status reopen_period(const Period& period, const std::string& actor, const std::string& reason,
                       const std::string& decision) override {
    return db_->write([&]() -> Status {
      if (auto may = may_reopen(period, actor, reason); !may) return may;
      Statement reopen = db_->prepare("UPDATE periods SET state = 'open' WHERE fy = ?1 AND month = ?2");
      reopen.bind(1, period.year().start_year()).bind(2, period.month().number());
      Statement log = db_->prepare(
          "INSERT INTO period_log(fy, month, action, actor, reason, at, decision) VALUES (?1, ?2, 'reopen', ?3, ?4, "
          "?5, ?6)");
      log.bind(1, period.year().start_year())
          .bind(2, period.month().number())
          .bind(3, actor)
          .bind(4, reason)
          .bind(5, utc_timestamp_now());
      if (decision.empty())
        log.bind_null(6);
      else
        log.bind(6, decision);
      if (reopen.step() != Step::done || log.step() != Step::done)
        return db_->failure("reopening " + period.to_string());
      return ok_status();
    });
  }

  Result<int> reopenings_under(const Period& period, const std::string& decision) override {
    Statement count = db_->prepare(
        "SELECT COUNT(*) FROM period_log WHERE fy = ?1 AND month = ?2 AND action = 'reopen' AND decision = ?3");
    count.bind(1, period.year().start_year()).bind(2, period.month().number()).bind(3, decision);
    if (count.step() != Step::row) return db_->failure("counting the reopenings of " + period.to_string());
    return static_cast<int>(count.integer(0));
  }

  std::vector<BalanceRow> balances(const Period& from, const Period& to, const std::string& prefix) override {
    std::vector<BalanceRow> out;
    Statement select = db_->prepare(
        "SELECT a.path, b.period, b.movement_pence FROM balances b JOIN accounts a ON a.id = b.account "
        "WHERE b.period BETWEEN ?1 AND ?2 AND (?3 = '' OR a.path = ?3 OR "
        "substr(a.path, 1, length(?3) + 1) = ?3 || '/') ORDER BY a.path, b.period");
    select.bind(1, period_key(from)).bind(2, period_key(to)).bind(3, prefix);
    while (select.step() == Step::row)
      out.push_back(BalanceRow{select.text(0), period_of_key(select.integer(1)), Money::from_pence(select.integer(2))});
    return out;
  }

  std::vector<QuarantinedRow> quarantine(bool open_only) override {
    std::vector<QuarantinedRow> out;
    Statement select = db_->prepare(
        "SELECT id, file, source_digest, line, raw, rule, reason, profile, status, header, resolved_by, "
        "resolved_at, resolution, corrected_raw, entry_id FROM quarantine WHERE (?1 = 0 OR status = "
        "'open') ORDER BY id");
    select.bind(1, open_only ? 1 : 0);
    while (select.step() == Step::row) {
      QuarantinedRow row{select.integer(0),
                         select.text(1),
                         select.text(2),
                         static_cast<long>(select.integer(3)),
                         select.text(4),
                         select.text(5),
                         select.text(6),
                         select.text(7),
                         quarantine_status_from_word(select.text(8)).value_or(QuarantineStatus::open),
                         select.text(9),
                         select.text(10),
                         parse_timestamp_iso(select.text(11)),
                         select.text(12),
                         select.text(13),
                         std::nullopt};
      if (!select.is_null(14)) row.entry = select.integer(14);
      out.push_back(std::move(row));
    }
    return out;
  }

  Status dismiss_quarantined(std::int64_t id, const std::string& actor, const std::string& reason) override {
    return db_->write([&]() -> Status {
      if (actor.empty() || reason.empty())
        return make_error("quarantine.reason", "dismissing a quarantined row needs who and why");
      Statement update = db_->prepare(
          "UPDATE quarantine SET status = 'dismissed', resolved_by = ?2, resolved_at = ?3, resolution = ?4 "
          "WHERE id = ?1 AND status = 'open'");
      update.bind(1, id).bind(2, actor).bind(3, utc_timestamp_now()).bind(4, reason);
      if (update.step() != Step::done) return db_->failure("dismissing quarantined row " + std::to_string(id));
      if (db_->changes() == 0)
        return conflict("quarantine.status", "there is no open quarantined row " + std::to_string(id));
      return ok_status();
    });
  }

  VerifyReport verify(std::span<const ChainedTable> also_chained, const std::optional<ChainHead>& expected) override {
    // On one snapshot: an import committing meanwhile is either all seen or not at all.
    VerifyReport report;
    (void)db_->read([&]() -> Status {
      report = verify_journal(*db_);
      if (report.ok()) add_records(report, verify_record_chain(*db_, chained_tables(also_chained), expected));
      return ok_status();
    });
    return report;
  }

  VerifyReport verify_sealed(std::span<const ChainedTable> also_chained) override {
    VerifyReport report;
    (void)db_->read([&]() -> Status {
      const RecordChainReport records = verify_record_chain(*db_, chained_tables(also_chained), std::nullopt);
      // Without a digest sealed with the journal's last head, only the whole journal vouches for the balances.
      if (records.ok()) report = records.balances_sealed ? verify_balances_sealed(*db_) : verify_journal(*db_);
      if (report.ok()) add_records(report, records);
      return ok_status();
    });
    return report;
  }

  Result<ChainHead> record_head() override { return record_chain_head(*db_); }

  bool ever_closed(const Period& period) override {
    Statement find = db_->prepare("SELECT 1 FROM period_log WHERE fy = ?1 AND month = ?2 AND action = 'close' LIMIT 1");
    find.bind(1, period.year().start_year()).bind(2, period.month().number());
    return find.step() == Step::row;
  }

  Result<std::optional<ChainHead>> close_record(const Period& period) override {
    if (!is_closed(period)) return std::optional<ChainHead>();
    Statement find = db_->prepare(
        "SELECT c.seq, c.hash FROM record_chain c WHERE c.tbl = 'period_log' AND c.hash IS NOT NULL AND c.row_key = "
        "json_array((SELECT id FROM period_log WHERE fy = ?1 AND month = ?2 AND action = 'close' "
        "ORDER BY id DESC LIMIT 1)) ORDER BY c.seq DESC LIMIT 1");
    find.bind(1, period.year().start_year()).bind(2, period.month().number());
    const Step step = find.step();
    if (step == Step::done) return std::optional<ChainHead>();
    if (step != Step::row) return db_->failure("reading the record of the close of " + period.to_string());
    ChainHead head{find.integer(0), find.text(1)};
    // The close is its transaction's last change; the seal then records the schema (if it
    // changed), the journal's head (the close's own postings) and the balances' digest: those
    // commit to the close too.
    Statement next = db_->prepare(
        "SELECT seq, hash FROM record_chain WHERE seq = ?1 AND hash IS NOT NULL AND "
        "((tbl = 'sqlite_master' AND op = 'schema') OR (tbl = 'entries' AND op = 'head') OR "
        "(tbl = 'balances' AND op = 'digest'))");
    for (int seal = 0; seal < 3; ++seal) {
      next.bind(1, head.record + 1);
      if (next.step() != Step::row) break;
      head = {next.integer(0), next.text(1)};
      next.reset();
    }
    return std::optional<ChainHead>(head);
  }

 private:
  bool quarantine_open(std::int64_t id) {
    Statement find = db_->prepare("SELECT 1 FROM quarantine WHERE id = ?1 AND status = 'open'");
    find.bind(1, id);
    return find.step() == Step::row;
  }

  // Inside the write transaction: posts one entry.
  Result<EntryId> write_one(Entry entry) {
    Chain chain = start_chain(*db_);
    JournalWriter writer(*db_);
    auto prepared = chain.prepare(std::move(entry));
    if (!prepared) return prepared.error();
    if (auto written = writer.write(*prepared); !written) return written.error();
    if (auto added = writer.add_movements(chain); !added) return added.error();
    return prepared->entry.id;
  }

  Status refuse_repeat(const ImportRecord& import) {
    if (!import.source_digest.empty() && !import.forced && imported(import.source_digest))
      return conflict("import.duplicate", import.file + " was already imported (same contents, SHA-256 " +
                                              import.source_digest.substr(0, 12) +
                                              "...); use --force to import it again");
    return ok_status();
  }

  Status record_import(const ImportRecord& import, std::size_t entry_count,
                       const std::vector<QuarantinedRow>& quarantined) {
    if (import.source_digest.empty()) return ok_status();
    const std::string at = utc_timestamp_now();
    Statement insert = db_->prepare(
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
    if (insert.step() != Step::done) return db_->failure("recording the import of " + import.file);
    Statement hold = db_->prepare(
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
      if (hold.step() != Step::done) return db_->failure("quarantining a row of " + row.file);
    }
    return ok_status();
  }

  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(std::shared_ptr<SqliteDatabase> db) {
  if (auto migrated = db->migrate(kJournalOwner, journal_migrations()); !migrated) return migrated.error();
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(db)));
}

Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& path) {
  auto db = SqliteDatabase::open(path);
  if (!db) return db.error();
  return open_sqlite_store(std::move(db).value());
}

Status create_sqlite_schema_version(const std::filesystem::path& path, int schema_version) {
  // Versions 4 and 5 were governance's tables: contracts::create_sqlite_books_version writes those.
  assert(schema_version >= 0 && schema_version <= 3);
  return SqliteDatabase::create_shared_version(path, schema_version, {journal_migrations()});
}

}  // namespace poolbook::ledger
