#include "poolbook/ledger/store/journal_migrations.hpp"

#include <iterator>
#include <string>
#include <vector>

namespace poolbook::ledger {
namespace {

// The journal's schema migrations, in order: migration N brings its tables from N-1 to N.
// The third field is the user_version of a file from before owners were tracked that had
// the step (the journal's 4 was that sequence's 6, after governance's two).
constexpr Migration kTableMigrations[] = {
    // 1: the journal, its accounts, periods, balances, imports and quarantine.
    {1, R"sql(
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
     1},
    // 2: settings kept with the books (the agreement they follow), and a lookup of
    // source references so an import can refuse a row already posted.
    {2, R"sql(
CREATE TABLE settings(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL);
CREATE INDEX entries_by_reference ON entries(profile, reference);
ALTER TABLE quarantine ADD COLUMN header TEXT NOT NULL DEFAULT '';
)sql",
     2},
    // 3: a leaner journal, about a third the size. Accounts get integer ids; provenance
    // shared by a batch is kept once in `sources`; an entry's postings are one JSON array of
    // [account id, pence] pairs in its row (the `postings` view gives them back as rows);
    // the previous entry's hash is no longer repeated in each row. Hashes are unchanged.
    {3, R"sql(
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
     3},
    // 4: a reopening names the decision it was made under, so a decision reopens a month once.
    {4, R"sql(
ALTER TABLE period_log ADD COLUMN decision TEXT;
)sql",
     6},
};

}  // namespace

std::span<const ChainedTable> journal_chained_tables() {
  static const std::vector<ChainedTable> tables{
      {"accounts", {"id"}, {"id", "path", "type", "name"}},
      {"sources", {"id"}, {"id", "source_digest", "profile", "actor", "recorded_at"}, true},
      {"periods", {"fy", "month"}, {"fy", "month", "state"}},
      {"period_log", {"id"}, {"id", "fy", "month", "action", "actor", "reason", "at", "decision"}},
      {"imports",
       {"id"},
       {"id", "source_digest", "file", "profile", "actor", "forced", "entries", "quarantined", "at"}},
      {"quarantine",
       {"id"},
       {"id", "file", "source_digest", "line", "raw", "rule", "reason", "profile", "status", "at", "header",
        "resolved_by", "resolved_at", "resolution", "corrected_raw", "entry_id"}},
      {"settings", {"key"}, {"key", "value"}},
  };
  return tables;
}

std::span<const Migration> journal_migrations() {
  // 5: every change to the journal's tables other than the entries (which chain
  // themselves) and the balances (which verify recomputes) is chained (record_chain.hpp).
  static const std::string chained = chain_tables_sql(journal_chained_tables());
  static const std::vector<Migration> migrations = [] {
    std::vector<Migration> all(std::begin(kTableMigrations), std::end(kTableMigrations));
    all.push_back(Migration{5, chained.c_str(), 0});
    // 6: the maintained balances hold whole pence and nothing else: SQLite would store a sum
    // that overflows 64 bits as a floating-point number, so any such write is refused.
    all.push_back(Migration{6, R"sql(
CREATE TRIGGER balances_whole_pence_insert BEFORE INSERT ON balances WHEN typeof(NEW.movement_pence) <> 'integer'
  BEGIN SELECT RAISE(ABORT, 'a balance must be a whole number of pence'); END;
CREATE TRIGGER balances_whole_pence_update BEFORE UPDATE ON balances WHEN typeof(NEW.movement_pence) <> 'integer'
  BEGIN SELECT RAISE(ABORT, 'a balance must be a whole number of pence'); END;
)sql",
                            0});
    // 7: a probable duplicate is found by its reference whatever its case, under any profile.
    all.push_back(Migration{7, "CREATE INDEX entries_by_reference_upper ON entries(upper(reference));", 0});
    // 8: one index of references, not two: an exact lookup goes through the upper-case one
    // (upper(reference) = upper(?) AND +reference = ?: the + keeps the index in use), saving about 24 bytes an entry
    // and an index write per row imported.
    all.push_back(Migration{8, "DROP INDEX entries_by_reference;", 0});
    return all;
  }();
  return migrations;
}

}  // namespace poolbook::ledger
