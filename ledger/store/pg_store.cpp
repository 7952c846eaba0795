#include "poolbook/ledger/store/pg_store.hpp"

#include <cstdint>

#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/store/internal/period_key.hpp"
#include "poolbook/ledger/store/internal/pg_books_view.hpp"
#include "poolbook/ledger/store/internal/pg_journal.hpp"
#include "poolbook/ledger/text/utf8.hpp"

namespace poolbook::ledger {

namespace {

std::string key_of(const Period& period) { return std::to_string(period_key(period)); }

// Text PostgreSQL will take: a quarantined row may hold bytes that are not UTF-8 (that may be
// why it was held back), which a text column refuses; each such byte is kept as \xNN.
std::string as_utf8(std::string_view bytes) {
  std::string out;
  while (const auto bad = invalid_utf8_at(bytes)) {
    out.append(bytes.substr(0, *bad));
    static constexpr char kHex[] = "0123456789ABCDEF";
    const auto byte = static_cast<unsigned char>(bytes[*bad]);
    out += "\\x";
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
    bytes.remove_prefix(*bad + 1);
  }
  out.append(bytes);
  return out;
}

// Writes a batch's prepared entries by COPY, in PostgreSQL's binary format, straight into the
// agreement's partition of the journal (one statement, which the database checks as one); a
// source's row is written first, between COPYs, when the provenance changes.
class PgJournalWriter {
 public:
  explicit PgJournalWriter(PgDatabase& db) : db_(db) {}

  Status write(const PreparedEntry& prepared) {
    const Entry& entry = prepared.entry;
    if (prepared.new_source) {
      if (auto ended = end_copy(); !ended) return ended;
      auto source = db_.query(
          "INSERT INTO sources(agreement, id, source_digest, profile, actor, recorded_at) "
          "VALUES ($1, $2, $3, $4, $5, $6)",
          {db_.agreement(), std::to_string(prepared.source), entry.provenance.source_digest, entry.provenance.profile,
           entry.provenance.actor, entry.provenance.recorded_at},
          "recording the source of an entry");
      if (!source) return source.error();
    }
    if (!db_.copying()) {
      if (journal_.empty()) {  // the agreement's partition of the journal (journal.sql)
        auto named = db_.query("SELECT journal_of($1)", {db_.agreement()}, "finding the journal");
        if (!named) return named.error();
        journal_ = named->text(0, 0);
      }
      if (auto started = db_.copy_start("COPY " + journal_ + " FROM STDIN WITH (FORMAT binary)", "writing entries");
          !started)
        return started;
      row_.clear();
      append_pg_copy_header(row_);
      if (auto sent = db_.copy_bytes(row_); !sent) return sent;
    }
    row_.clear();
    append_pg_copy_entry(row_, db_.agreement(), prepared);
    return db_.copy_bytes(row_);
  }

  // Ends the last COPY: the database checks its rows.
  Status finish() { return end_copy(); }

 private:
  Status end_copy() {
    if (!db_.copying()) return ok_status();
    row_.clear();
    append_pg_copy_trailer(row_);
    if (auto sent = db_.copy_bytes(row_); !sent) return sent;
    return db_.copy_finish();
  }

  PgDatabase& db_;
  std::string journal_;
  std::string row_;
};

class PgStore final : public Store {
 public:
  explicit PgStore(std::shared_ptr<PgDatabase> db) : db_(std::move(db)) {}

  Status open_account(const Account& account) override {
    return db_->write([&]() -> Status {
      if (auto path = check_account_path(account.path); !path) return path;
      auto found = db_->query("SELECT type FROM accounts WHERE agreement = $1 AND path = $2",
                              {agreement(), account.path}, "looking up account " + account.path);
      if (!found) return found.error();
      if (!found->empty()) {
        if (found->text(0, 0) == account_type_word(account.type)) return ok_status();
        return conflict("account.type", "account " + account.path + " is already open as " + found->text(0, 0) +
                                            ", not " + std::string(account_type_word(account.type)));
      }
      auto added = db_->query(
          "INSERT INTO accounts(agreement, id, path, type, name) SELECT $1, coalesce(max(id), 0) + 1, $2, $3, $4 "
          "FROM accounts WHERE agreement = $1",
          {agreement(), account.path, std::string(account_type_word(account.type)), account.name},
          "opening account " + account.path);
      if (!added) return added.error();
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
    const PgRows rows = db_->must("SELECT path, type, name FROM accounts WHERE agreement = $1 ORDER BY path",
                                  {agreement()}, "reading the accounts");
    for (int i = 0; i < rows.size(); ++i)
      out.push_back(Account{rows.text(i, 0), account_type_from_word(rows.view(i, 1)).value_or(AccountType::asset),
                            rows.text(i, 2)});
    return out;
  }

  Result<std::vector<EntryId>> append(std::vector<Entry> batch) override {
    return append_import(std::move(batch), ImportRecord{}, {});
  }

  Result<std::vector<EntryId>> append_import(std::vector<Entry> batch, const ImportRecord& import,
                                             std::vector<QuarantinedRow> quarantined) override {
    if (batch.size() > kMaxEntriesPerBatch) return make_error("store.limit", kBatchLimitMessage);
    std::vector<EntryId> ids;
    std::size_t next_index = 0;
    const EntrySource from_batch = [&](BooksView&, Entry& entry) -> Result<bool> {
      if (next_index == batch.size()) return false;
      entry = std::move(batch[next_index++]);
      return true;
    };
    auto written = write_batch(from_batch, *this, import, quarantined, &ids);
    if (!written) return written.error();
    return ids;
  }

  Result<std::size_t> append_import_stream(const EntrySource& next, const ImportRecord& import,
                                           const std::vector<QuarantinedRow>& quarantined) override {
    // The source consults the books through a second connection: the first is busy with COPY.
    if (!view_db_) {
      auto opened = PgDatabase::open(db_->url());
      if (!opened) return opened.error();
      view_db_ = std::move(opened).value();
    }
    PgBooksView view(*view_db_);
    return write_batch(next, view, import, quarantined, nullptr);
  }

  bool imported(const std::string& source_digest) override {
    return !db_->must("SELECT 1 FROM imports WHERE agreement = $1 AND source_digest = $2 LIMIT 1",
                      {agreement(), source_digest}, "looking up an import")
                .empty();
  }

  bool reference_posted(const std::string& profile, const std::string& reference) override {
    return pg_reference_posted(*db_, profile, reference);
  }
  std::optional<EntryId> posted_alike(const std::string& reference, date::year_month_day date,
                                      const std::vector<Posting>& postings) override {
    return pg_posted_alike(*db_, reference, date, postings);
  }
  bool account_open(const std::string& path) override { return pg_account_open(*db_, path); }
  bool is_closed(const Period& period) override { return pg_is_closed(*db_, period); }

  std::optional<std::string> setting(const std::string& key) override {
    const PgRows rows =
        db_->must("SELECT value FROM settings WHERE agreement = $1 AND key = $2 ORDER BY id DESC LIMIT 1",
                  {agreement(), key}, "reading the setting " + key);
    if (rows.empty()) return std::nullopt;
    return rows.text(0, 0);
  }

  Status set_setting(const std::string& key, const std::string& value) override {
    return db_->write([&]() -> Status {
      if (setting(key) == value) return ok_status();  // a setting is added only when it changes
      auto added = db_->query("INSERT INTO settings(agreement, key, value) VALUES ($1, $2, $3)",
                              {agreement(), key, value}, "saving the setting " + key);
      if (!added) return added.error();
      return ok_status();
    });
  }

  Result<EntryId> reverse(EntryId original_id, date::year_month_day day, const std::string& description,
                          const std::string& actor) override {
    return db_->write_value([&]() -> Result<EntryId> {
      auto original = entry(original_id);
      if (!original) return original.error();
      if (original->reverses)
        return make_error("entry.reversal", "entry " + std::to_string(original_id) +
                                                " is itself the reversal of entry " +
                                                std::to_string(*original->reverses) +
                                                "; to restore that entry, post it again as a new entry");
      const PgRows already = db_->must("SELECT id FROM entries WHERE agreement = $1 AND reverses = $2",
                                       {agreement(), std::to_string(original_id)}, "looking for a reversal");
      if (!already.empty())
        return conflict("entry.reversed", "entry " + std::to_string(original_id) + " was already reversed by entry " +
                                              already.text(0, 0));
      return write_one(reversal_of(*original, day, description, Provenance{{}, 0, {}, actor, utc_timestamp_now()}));
    });
  }

  Result<EntryId> post_quarantined(std::int64_t quarantine_id, const EntrySource& corrected, const std::string& actor,
                                   const std::string& corrected_raw) override {
    return db_->write_value([&]() -> Result<EntryId> {
      if (auto own = own_name(actor, "retry a quarantined row"); !own) return own.error();
      if (!quarantine_open(quarantine_id))
        return conflict("quarantine.status", "quarantined row " + std::to_string(quarantine_id) +
                                                 " is not open (already retried or dismissed, or unknown)");
      Entry entry;
      auto made = corrected(*this, entry);
      if (!made) return made.error();
      if (!*made) return make_error("quarantine.empty", "the corrected row gave no entry");
      auto id = write_one(std::move(entry));
      if (!id) return id;
      auto marked = db_->query(
          "INSERT INTO quarantine_resolutions(agreement, quarantine_id, status, actor, resolution, corrected_raw, "
          "entry_id) VALUES ($1, $2, 'retried', $3, $4, $5, $6)",
          {agreement(), std::to_string(quarantine_id), actor, "posted as entry " + std::to_string(*id), corrected_raw,
           std::to_string(*id)},
          "marking a quarantined row retried");
      if (!marked) return marked.error();
      return id;
    });
  }

  Result<Entry> entry(EntryId id) override {
    auto found = pg_read_entries(*db_, "AND e.id = $2", {std::to_string(id)});
    if (found.empty()) return not_found("entry.unknown", "there is no entry " + std::to_string(id));
    return found.front();
  }

  std::vector<Entry> entries(std::optional<date::year_month_day> since, std::size_t limit) override {
    const std::string most = std::to_string(std::min<std::size_t>(limit, INT64_MAX));
    // (Ids run without a gap: a range of the key, read by the key; see pg_journal.cpp.)
    if (!since) return pg_read_entries(*db_, "AND e.id <= $2 ORDER BY e.id", {most});
    return pg_read_entries(*db_, "AND e.entry_date >= $2::date ORDER BY e.id LIMIT $3", {to_iso(*since), most});
  }

  std::vector<Entry> entries_after(EntryId after, std::size_t limit) override {
    after = std::max<EntryId>(after, 0);
    const auto most = static_cast<EntryId>(std::min<std::size_t>(limit, static_cast<std::size_t>(INT64_MAX - after)));
    return pg_read_entries(*db_, "AND e.id > $2 AND e.id <= $3 ORDER BY e.id",
                           {std::to_string(after), std::to_string(after + most)});
  }

  Status visit_entries_by_date(const std::function<Status(const Entry&)>& visit) override {
    return pg_visit_entries(*db_, "date", [&](Entry& entry) { return visit(entry); });
  }

  Status close_period(const Period& period, const std::string& actor) override {
    return db_->write([&]() -> Status {
      if (is_closed(period)) return refusal("period.closed", period.to_string() + " is already closed");
      if (actor.empty()) return make_error("period.actor", "changing a period needs an actor");
      if (auto own = own_name(actor, "close " + period.to_string()); !own) return own;
      auto logged = db_->query(
          "INSERT INTO period_log(agreement, period, action, actor, reason) VALUES ($1, $2, 'close', $3, "
          "'month-end close')",
          {agreement(), key_of(period), actor}, "closing " + period.to_string());
      if (!logged) return logged.error();
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
      if (auto own = own_name(actor, "reopen " + period.to_string()); !own) return own;
      auto logged = db_->query(
          "INSERT INTO period_log(agreement, period, action, actor, reason, decision) VALUES ($1, $2, 'reopen', $3, "
          "$4, $5)",
          {agreement(), key_of(period), actor, reason, decision.empty() ? PgParam() : PgParam(decision)},
          "reopening " + period.to_string());
      if (!logged) return logged.error();
      return ok_status();
    });
  }

  Result<int> reopenings_under(const Period& period, const std::string& decision) override {
    auto counted = db_->query(
        "SELECT count(*) FROM period_log WHERE agreement = $1 AND period = $2 AND action = 'reopen' AND decision = $3",
        {agreement(), key_of(period), decision}, "counting the reopenings of " + period.to_string());
    if (!counted) return counted.error();
    return static_cast<int>(counted->integer(0, 0));
  }

  std::vector<BalanceRow> balances(const Period& from, const Period& to, const std::string& prefix) override {
    std::vector<BalanceRow> out;
    const PgRows rows = db_->must(
        "SELECT a.path, b.period, b.movement_pence FROM balances b JOIN accounts a ON a.agreement = b.agreement AND "
        "a.id = b.account WHERE b.agreement = $1 AND b.period BETWEEN $2 AND $3 AND ($4 = '' OR a.path = $4 OR "
        "left(a.path, length($4) + 1) = $4 || '/') ORDER BY a.path, b.period",
        {agreement(), key_of(from), key_of(to), prefix}, "reading the balances");
    for (int i = 0; i < rows.size(); ++i)
      out.push_back(
          BalanceRow{rows.text(i, 0), period_of_key(rows.integer(i, 1)), Money::from_pence(rows.integer(i, 2))});
    return out;
  }

  std::vector<QuarantinedRow> quarantine(bool open_only) override {
    std::vector<QuarantinedRow> out;
    const PgRows rows = db_->must(
        "SELECT q.id, q.file, q.source_digest, q.line, q.raw, q.rule, q.reason, q.profile, coalesce(r.status, 'open'), "
        "q.header, coalesce(r.actor, ''), to_char(r.at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), coalesce(r.resolution, ''), "
        "coalesce(r.corrected_raw, ''), r.entry_id FROM quarantine q LEFT JOIN quarantine_resolutions r ON "
        "r.agreement = q.agreement AND r.quarantine_id = q.id WHERE q.agreement = $1 AND ($2 = 'all' OR r.status IS "
        "NULL) ORDER BY q.id",
        {agreement(), std::string(open_only ? "open" : "all")}, "reading the quarantine");
    for (int i = 0; i < rows.size(); ++i) {
      QuarantinedRow row{rows.integer(i, 0),
                         rows.text(i, 1),
                         rows.text(i, 2),
                         static_cast<long>(rows.integer(i, 3)),
                         rows.text(i, 4),
                         rows.text(i, 5),
                         rows.text(i, 6),
                         rows.text(i, 7),
                         quarantine_status_from_word(rows.view(i, 8)).value_or(QuarantineStatus::open),
                         rows.text(i, 9),
                         rows.text(i, 10),
                         rows.is_null(i, 11) ? std::nullopt : parse_timestamp_iso(rows.text(i, 11)),
                         rows.text(i, 12),
                         rows.text(i, 13),
                         std::nullopt};
      if (!rows.is_null(i, 14)) row.entry = rows.integer(i, 14);
      out.push_back(std::move(row));
    }
    return out;
  }

  Status dismiss_quarantined(std::int64_t id, const std::string& actor, const std::string& reason) override {
    return db_->write([&]() -> Status {
      if (actor.empty() || reason.empty())
        return make_error("quarantine.reason", "dismissing a quarantined row needs who and why");
      if (auto own = own_name(actor, "dismiss a quarantined row"); !own) return own;
      if (!quarantine_open(id))
        return conflict("quarantine.status", "there is no open quarantined row " + std::to_string(id));
      auto added = db_->query(
          "INSERT INTO quarantine_resolutions(agreement, quarantine_id, status, actor, resolution) "
          "VALUES ($1, $2, 'dismissed', $3, $4)",
          {agreement(), std::to_string(id), actor, reason}, "dismissing quarantined row " + std::to_string(id));
      if (!added) return added.error();
      return ok_status();
    });
  }

  VerifyReport verify(std::span<const ChainedTable> /*also_chained: PostgreSQL chains every table itself*/,
                      const std::optional<ChainHead>& expected) override {
    VerifyReport report;
    (void)db_->read([&]() -> Status {
      report = pg_verify_journal(*db_);
      if (!report.ok()) return ok_status();
      const RecordChainReport records = pg_verify_records(*db_, expected);
      report.records_checked = records.records_checked;
      report.record_head = records.head;
      report.problem = records.problem;
      return ok_status();
    });
    return report;
  }

  // The whole verify: on PostgreSQL the balances are not yet sealed with the journal's head.
  VerifyReport verify_sealed(std::span<const ChainedTable> also_chained) override {
    return verify(also_chained, std::nullopt);
  }

  Result<ChainHead> record_head() override { return pg_record_head(*db_); }

  bool ever_closed(const Period& period) override {
    return !db_->must("SELECT 1 FROM period_log WHERE agreement = $1 AND period = $2 AND action = 'close' LIMIT 1",
                      {agreement(), key_of(period)}, "reading a month's log")
                .empty();
  }

  Result<std::optional<ChainHead>> close_record(const Period& period) override {
    if (!is_closed(period)) return std::optional<ChainHead>();
    // The close's own record: it holds the journal's head as the close found it.
    auto found = db_->query(
        "SELECT c.seq, c.hash FROM record_chain c WHERE c.agreement = $1 AND c.tbl = 'period_log' AND c.row_id = "
        "(SELECT id FROM period_log WHERE agreement = $1 AND period = $2 AND action = 'close' ORDER BY id DESC "
        "LIMIT 1)",
        {agreement(), key_of(period)}, "reading the record of the close of " + period.to_string());
    if (!found) return found.error();
    if (found->empty()) return std::optional<ChainHead>();
    return std::optional<ChainHead>(ChainHead{found->integer(0, 0), found->text(0, 1)});
  }

 private:
  [[nodiscard]] const std::string& agreement() const { return db_->agreement(); }

  // On PostgreSQL who acts is the login role: a record in another person's name is refused.
  Status own_name(const std::string& actor, const std::string& doing) const {
    if (actor == db_->person()) return ok_status();
    return refusal("authority.actor", "the database role " + db_->role() + " acts as " + db_->person() + ", so it " +
                                          "cannot " + doing + " in the name of " + actor);
  }

  bool quarantine_open(std::int64_t id) {
    return !db_->must(
                   "SELECT 1 FROM quarantine q WHERE q.agreement = $1 AND q.id = $2 AND NOT EXISTS (SELECT 1 FROM "
                   "quarantine_resolutions r WHERE r.agreement = q.agreement AND r.quarantine_id = q.id)",
                   {agreement(), std::to_string(id)}, "looking up a quarantined row")
                .empty();
  }

  // Inside a write: checks, numbers and hashes each entry the source yields and writes it by
  // COPY; then records the import and its quarantined rows.
  Result<std::size_t> write_batch(const EntrySource& next, BooksView& books, const ImportRecord& import,
                                  const std::vector<QuarantinedRow>& quarantined, std::vector<EntryId>* ids) {
    return db_->write_value([&]() -> Result<std::size_t> {
      if (!import.source_digest.empty() && !import.forced && imported(import.source_digest))
        return conflict("import.duplicate", import.file + " was already imported (same contents, SHA-256 " +
                                                import.source_digest.substr(0, 12) +
                                                "...); use --force to import it again");
      Chain chain = pg_start_chain(*db_);
      PgJournalWriter writer(*db_);
      PreparedEntry prepared;
      std::size_t count = 0;
      for (;;) {
        auto more = next(books, prepared.entry);
        if (!more) return more.error();
        if (!*more) break;
        if (++count > kMaxEntriesPerBatch) return make_error("store.limit", kBatchLimitMessage);
        if (auto done = chain.prepare(prepared); !done) return done.error();
        if (auto own = own_name(prepared.entry.provenance.actor, "post an entry"); !own) return own.error();
        if (auto written = writer.write(prepared); !written) return written.error();
        if (ids != nullptr) ids->push_back(prepared.entry.id);
      }
      if (auto finished = writer.finish(); !finished) return finished.error();
      if (auto recorded = record_import(import, count, quarantined); !recorded) return recorded.error();
      return count;
    });
  }

  Result<EntryId> write_one(Entry entry) {
    std::vector<EntryId> ids;
    bool given = false;
    const EntrySource one = [&](BooksView&, Entry& out) -> Result<bool> {
      if (given) return false;
      out = std::move(entry);
      given = true;
      return true;
    };
    auto written = write_batch(one, *this, ImportRecord{}, {}, &ids);
    if (!written) return written.error();
    return ids.front();
  }

  Status record_import(const ImportRecord& import, std::size_t entry_count,
                       const std::vector<QuarantinedRow>& quarantined) {
    if (import.source_digest.empty()) return ok_status();
    if (auto own = own_name(import.actor, "import " + import.file); !own) return own;
    auto recorded = db_->query(
        "INSERT INTO imports(agreement, source_digest, file, profile, actor, forced, entries, quarantined) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {agreement(), import.source_digest, import.file, import.profile, import.actor,
         std::string(import.forced ? "true" : "false"), std::to_string(entry_count),
         std::to_string(quarantined.size())},
        "recording the import of " + import.file);
    if (!recorded) return recorded.error();
    if (quarantined.empty()) return ok_status();
    // Staged as the entries are: COPY into a table under row-level security is refused.
    const std::string doing = "quarantining the rows of " + import.file;
    auto made = db_->query(
        "CREATE TEMPORARY TABLE staged_quarantine ON COMMIT DROP AS SELECT agreement, file, source_digest, line, "
        "raw, rule, reason, profile, header FROM quarantine WITH NO DATA",
        {}, doing);
    if (!made) return made.error();
    if (auto started = db_->copy_start("COPY staged_quarantine FROM STDIN", doing); !started) return started;
    std::string line;
    for (const QuarantinedRow& row : quarantined) {
      line.clear();
      for (const std::string* value : {&agreement(), &row.file, &row.source_digest}) {
        append_copy_field(line, as_utf8(*value));
        line += '\t';
      }
      line += std::to_string(row.line);
      for (const std::string* value : {&row.raw, &row.rule, &row.reason, &row.profile, &row.header}) {
        line += '\t';
        append_copy_field(line, as_utf8(*value));
      }
      if (auto put = db_->copy_line(line); !put) return put;
    }
    if (auto finished = db_->copy_finish(); !finished) return finished;
    auto moved = db_->query(
        "INSERT INTO quarantine(agreement, file, source_digest, line, raw, rule, reason, profile, header) "
        "SELECT * FROM staged_quarantine",
        {}, doing);
    if (!moved) return moved.error();
    auto dropped = db_->query("DROP TABLE staged_quarantine", {}, doing);
    if (!dropped) return dropped.error();
    return ok_status();
  }

  std::shared_ptr<PgDatabase> db_;
  std::shared_ptr<PgDatabase> view_db_;  // a second connection, for a streamed import's source
};

}  // namespace

Result<std::unique_ptr<Store>> open_pg_store(std::shared_ptr<PgDatabase> db) {
  return std::unique_ptr<Store>(std::make_unique<PgStore>(std::move(db)));
}

}  // namespace poolbook::ledger
