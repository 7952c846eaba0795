#include "poolbook/ledger/store/record_chain.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <utility>

#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/store/internal/journal_reader.hpp"
#include "poolbook/ledger/store/sqlite_database.hpp"

namespace poolbook::ledger {
namespace {

constexpr const char* kChainTable = R"sql(
CREATE TABLE IF NOT EXISTS record_chain(
  seq INTEGER PRIMARY KEY,
  tbl TEXT NOT NULL,
  op TEXT NOT NULL,
  row_key TEXT NOT NULL,
  content TEXT,
  hash TEXT);
CREATE INDEX IF NOT EXISTS record_chain_unsealed ON record_chain(seq) WHERE hash IS NULL;
CREATE INDEX IF NOT EXISTS record_chain_by_table ON record_chain(tbl, seq);
CREATE TRIGGER IF NOT EXISTS record_chain_append_only_delete BEFORE DELETE ON record_chain
  BEGIN SELECT RAISE(ABORT, 'the record chain is append-only'); END;
CREATE TRIGGER IF NOT EXISTS record_chain_sealed BEFORE UPDATE ON record_chain WHEN OLD.hash IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'a sealed record of the chain cannot change'); END;
)sql";

// The journal's own chain, whose head is sealed into the record chain.
constexpr const char* kJournalTable = "entries";

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

// json_array(PREFIX"a", PREFIX"b", ...): how a row's key and content are written, by the
// triggers and by verify alike.
std::string json_of(const std::vector<std::string>& columns, const std::string& prefix) {
  std::string text = "json_array(";
  for (std::size_t i = 0; i < columns.size(); ++i) text += (i == 0 ? "" : ", ") + prefix + quoted(columns[i]);
  return text + ")";
}

std::string record_hash(const std::string& previous, std::int64_t seq, const std::string& table, const std::string& op,
                        const std::string& key, const std::string& content) {
  return sha256_hex(previous + "\n" + std::to_string(seq) + "\n" + table + "\n" + op + "\n" + key + "\n" + content);
}

bool table_exists(SqliteDatabase& db, const char* name) {
  Statement exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  exists.bind(1, std::string(name));
  return exists.step() == Step::row;
}

// The journal's head now: its last entry's id and hash (0 and "" when empty).
std::pair<std::int64_t, std::string> journal_head(SqliteDatabase& db) {
  Statement head = db.prepare("SELECT id, hash FROM entries ORDER BY id DESC LIMIT 1");
  if (head.step() != Step::row) return {0, ""};
  return {head.integer(0), head.text(1)};
}

std::string journal_head_content(const std::pair<std::int64_t, std::string>& head) {
  return "[" + std::to_string(head.first) + ",\"" + head.second + "\"]";
}

// The journal's head now, as the record chain writes it (empty when the file has no journal).
std::string journal_head_now(SqliteDatabase& db) {
  return table_exists(db, kJournalTable) ? journal_head_content(journal_head(db)) : std::string();
}

// The entry id and hash in a journal head's content ([id,"hash"]; -1 when it is not one).
std::pair<std::int64_t, std::string> journal_head_of(const std::string& content) {
  const auto comma = content.find(',');
  std::int64_t id = -1;
  std::string hash;
  if (comma != std::string::npos && content.size() >= comma + 4) {
    std::from_chars(content.data() + 1, content.data() + comma, id);
    hash = content.substr(comma + 2, content.size() - comma - 4);
  }
  return {id, hash};
}

// The maintained balances as the record chain seals them: [rows,"SHA-256"] over each balance
// that is not zero ("account,month,pence" lines in key order, the pence as stored).
constexpr const char* kBalancesNow =
    "SELECT account, period, CAST(movement_pence AS TEXT) FROM balances WHERE movement_pence <> 0 "
    "ORDER BY account, period";
std::string balances_digest(Statement& rows) {
  std::string lines;
  std::int64_t count = 0;
  while (rows.step() == Step::row) {
    lines += std::to_string(rows.integer(0)) + "," + std::to_string(rows.integer(1)) + "," + rows.text(2) + "\n";
    ++count;
  }
  return "[" + std::to_string(count) + ",\"" + sha256_hex(lines) + "\"]";
}

std::string balances_digest_now(SqliteDatabase& db) {
  Statement rows = db.prepare(kBalancesNow);
  return balances_digest(rows);
}

// The last journal head the record chain holds (only a sealed one with `sealed_only`), as
// (record, content).
std::optional<std::pair<std::int64_t, std::string>> last_head_record(SqliteDatabase& db, bool sealed_only) {
  Statement last = db.prepare(std::string("SELECT seq, content FROM record_chain WHERE tbl = 'entries' AND op = "
                                          "'head'") +
                              (sealed_only ? " AND hash IS NOT NULL" : "") + " ORDER BY seq DESC LIMIT 1");
  if (last.step() != Step::row) return std::nullopt;
  return std::pair{last.integer(0), last.text(1)};
}

// The last digest of the balances sealed, as (record, content).
std::optional<std::pair<std::int64_t, std::string>> sealed_balances(SqliteDatabase& db) {
  Statement last = db.prepare(
      "SELECT seq, content FROM record_chain WHERE tbl = 'balances' AND op = 'digest' AND hash IS NOT NULL "
      "ORDER BY seq DESC LIMIT 1");
  if (last.step() != Step::row) return std::nullopt;
  return std::pair{last.integer(0), last.text(1)};
}

// Every write that seals anything must find the balances it began with as they were last
// sealed: one that reads them (a close's statement) or adds to them never seals, or acts on,
// a balance changed around poolbook. Books whose balances were never sealed (made before
// poolbook sealed them) are checked once instead as verify checks them: every entry
// re-hashed and every balance re-added from the postings.
Status check_balances_sealed(SqliteDatabase& db, const BooksAtStart& start,
                             const std::optional<std::pair<std::int64_t, std::string>>& sealed) {
  if (sealed) {
    if (sealed->second == start.balances) return ok_status();
    return refusal("store.altered", "the books' maintained balances were changed around poolbook since record " +
                                        std::to_string(sealed->first) +
                                        " of the record chain sealed them; nothing was written (poolbook verify "
                                        "says which)");
  }
  const VerifyReport report = verify_journal(db);
  if (report.ok()) return ok_status();
  return refusal("store.altered", "the books do not verify, so poolbook will not seal their balances: " +
                                      report.problem + "; nothing was written (poolbook verify)");
}

// A row's content in a sentence, beside what it should be: whole when short, else around
// the first place they differ (an agreement's text is long).
std::string shown(const std::string& content, const std::string& other) {
  constexpr std::size_t kShown = 100;
  if (content.size() <= kShown) return content;
  std::size_t from = 0;
  while (from < content.size() && from < other.size() && content[from] == other[from]) ++from;
  from = from > kShown / 2 ? from - kShown / 2 : 0;
  return (from > 0 ? "..." : "") + content.substr(from, kShown) + "... (" + std::to_string(content.size()) +
         " characters)";
}

std::string describe(std::int64_t seq, const std::string& table, const std::string& op, const std::string& key) {
  return "record " + std::to_string(seq) + " (" + op + " of " + table + " " + key + ")";
}

// The file's schema as text: one line per table, index, view and trigger, in name order.
std::string schema_text(SqliteDatabase& db) {
  Statement objects = db.prepare(
      "SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
      "ORDER BY type, name");
  std::string text;
  while (objects.step() == Step::row)
    text += objects.text(0) + " " + objects.text(1) + " on " + objects.text(2) + ": " + objects.text(3) + "\n";
  return text;
}

std::optional<std::string> sealed_schema(SqliteDatabase& db) {
  Statement last = db.prepare(
      "SELECT content FROM record_chain WHERE tbl = 'sqlite_master' AND op = 'schema' AND hash IS NOT NULL "
      "ORDER BY seq DESC LIMIT 1");
  if (last.step() != Step::row) return std::nullopt;
  return last.text(0);
}

// The first object in which two schemas differ, in a sentence.
std::string schema_difference(const std::string& sealed, const std::string& now) {
  const auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t at = 0, end; at < text.size(); at = end + 1) {
      end = text.find('\n', at);
      if (end == std::string::npos) end = text.size();
      out.push_back(text.substr(at, end - at));
    }
    return out;
  };
  const auto name_of = [](const std::string& line) { return line.substr(0, line.find(" on ")); };
  const auto was = lines(sealed);
  const auto is = lines(now);
  for (const std::string& line : is)
    if (std::find(was.begin(), was.end(), line) == was.end())
      return name_of(line) + " is not as poolbook made it (or not one it made)";
  for (const std::string& line : was)
    if (std::find(is.begin(), is.end(), line) == is.end()) return name_of(line) + ", which poolbook made, is gone";
  return "its objects differ";
}

// The refusal of a write to a file whose schema is not the one sealed.
Error altered_schema(const std::string& sealed, const std::string& schema) {
  return refusal("store.schema", "the books' file was altered around poolbook: " + schema_difference(sealed, schema) +
                                     "; nothing was written (poolbook verify says more)");
}

}  // namespace

std::string chain_tables_sql(std::span<const ChainedTable> tables) {
  std::string sql = kChainTable;
  for (const ChainedTable& table : tables) {
    const std::string name = table.name;
    const auto trigger = [&](const std::string& event, const std::string& op, const std::string& row) {
      const std::string id = quoted("chain_" + name + "_" + op);
      const std::string content = op == "delete" ? std::string("NULL") : json_of(table.columns, row + ".");
      sql += "DROP TRIGGER IF EXISTS " + id + ";\nCREATE TRIGGER " + id + " AFTER " + event + " ON " + quoted(name) +
             " BEGIN INSERT INTO record_chain(tbl, op, row_key, content) VALUES ('" + name + "', '" + op + "', " +
             json_of(table.key, row + ".") + ", " + content + "); END;\n";
    };
    trigger("INSERT", "insert", "NEW");
    trigger("UPDATE", "update", "NEW");
    trigger("DELETE", "delete", "OLD");
    std::string order;
    for (const std::string& column : table.key) order += (order.empty() ? "" : ", ") + quoted(column);
    sql += "INSERT INTO record_chain(tbl, op, row_key, content) SELECT '" + name + "', 'adopt', " +
           json_of(table.key, "") + ", " + json_of(table.columns, "") + " FROM " + quoted(name) + " ORDER BY " + order +
           ";\n";
  }
  return sql;
}

std::string ChainHead::to_string() const { return std::to_string(record) + ":" + hash; }

Result<ChainHead> ChainHead::parse(const std::string& text) {
  const auto colon = text.find(':');
  const auto bad = [&] {
    return make_error("verify.head",
                      "'" + text + "' is not a head of the books: give RECORD:HASH as verify printed it");
  };
  if (colon == std::string::npos || colon == 0 || colon > 18 || (colon == 1 && text[0] == '0')) return bad();
  ChainHead head;
  for (std::size_t i = 0; i < colon; ++i) {
    if (text[i] < '0' || text[i] > '9') return bad();
    head.record = head.record * 10 + (text[i] - '0');
  }
  head.hash = text.substr(colon + 1);
  if (head.hash.size() != 64 || head.hash.find_first_not_of("0123456789abcdef") != std::string::npos) return bad();
  return head;
}

bool has_record_chain(SqliteDatabase& db) { return table_exists(db, "record_chain"); }

Result<std::int64_t> last_record(SqliteDatabase& db) {
  Statement last = db.prepare("SELECT COALESCE(MAX(seq), 0) FROM record_chain");
  if (last.step() != Step::row) return db.failure("reading the record chain");
  return last.integer(0);
}

Result<ChainHead> record_chain_head(SqliteDatabase& db) {
  ChainHead head{0, std::string(kGenesisHash)};
  if (!has_record_chain(db)) return head;
  Statement last = db.prepare("SELECT seq, hash FROM record_chain WHERE hash IS NOT NULL ORDER BY seq DESC LIMIT 1");
  if (last.step() == Step::row) head = {last.integer(0), last.text(1)};
  return head;
}

BooksAtStart books_at_start(SqliteDatabase& db, bool chained) {
  BooksAtStart start{journal_head_now(db), ""};
  if (chained && table_exists(db, "balances")) start.balances = balances_digest_now(db);
  return start;
}

Status check_schema_sealed(SqliteDatabase& db) {
  const auto sealed = sealed_schema(db);
  const std::string schema = schema_text(db);
  if (!sealed || *sealed == schema) return ok_status();
  return altered_schema(*sealed, schema);
}

Status seal_record_chain(SqliteDatabase& db, std::int64_t after, const BooksAtStart& start, bool migrating) {
  // The journal's head is sealed only when this transaction moved it: a journal cut or
  // extended around poolbook is left for verify to report, never sealed as if poolbook did it.
  const std::string journal_now = journal_head_now(db);
  const bool journal_moved = journal_now != start.journal;
  if (!migrating) {  // nothing written, nothing to seal; else the file must be as poolbook made it
    Statement written = db.prepare("SELECT 1 FROM record_chain WHERE hash IS NULL AND seq > ?1 LIMIT 1");
    written.bind(1, after);
    if (written.step() != Step::row && !journal_moved) return ok_status();
  }
  // The schema read once: a write finds it as last sealed, a migration seals its new form.
  const std::string schema = schema_text(db);
  const auto sealed_form = sealed_schema(db);
  if (sealed_form && *sealed_form != schema && !migrating) return altered_schema(*sealed_form, schema);
  if (!sealed_form || *sealed_form != schema) {
    Statement add =
        db.prepare("INSERT INTO record_chain(tbl, op, row_key, content) VALUES ('sqlite_master', 'schema', '[]', ?1)");
    add.bind(1, schema);
    if (add.step() != Step::done) return db.failure("recording the books' schema in the record chain");
  }
  // Nor does a write build on a journal other than the one last sealed: entries added, cut or
  // re-hashed around poolbook are never sealed, reversed or summed into sealed balances.
  if (!migrating && !start.journal.empty())
    if (const auto recorded = last_head_record(db, true); recorded && recorded->second != start.journal)
      return refusal("store.altered", "the journal ends at " + start.journal + " but record " +
                                          std::to_string(recorded->first) + " of the record chain last sealed it at " +
                                          recorded->second +
                                          ": entries were added, removed or changed around poolbook; nothing was "
                                          "written (poolbook verify says more)");
  // A migration that adds the chain to books with a journal seals the journal's head as found.
  const bool adopting = migrating && !journal_now.empty() && [&] {
    const auto recorded = last_head_record(db, false);
    return !recorded || recorded->second != journal_now;
  }();
  // The balances are checked at every seal, and sealed beside the journal's head when it
  // moved (or when none were sealed yet), so that a report can check them without re-adding
  // the journal (verify_record_chain). A migration that finds them altered seals no digest,
  // so that reports verify the whole journal, which names what is wrong.
  bool seal_balances = false;
  if (!journal_now.empty() && table_exists(db, "balances")) {
    const auto sealed = sealed_balances(db);
    const Status as_sealed = check_balances_sealed(db, start, sealed);
    if (!as_sealed && !migrating) return as_sealed;
    seal_balances = as_sealed && (journal_moved || adopting || !sealed);
  }
  const auto head = journal_head_of(journal_now);
  if ((journal_moved || adopting) && !journal_now.empty()) {
    Statement add = db.prepare(
        "INSERT INTO record_chain(tbl, op, row_key, content) VALUES ('entries', 'head', json_array(?1), ?2)");
    add.bind(1, head.first).bind(2, journal_now);
    if (add.step() != Step::done) return db.failure("recording the journal's head in the record chain");
  }
  if (seal_balances) {
    Statement digest = db.prepare(
        "INSERT INTO record_chain(tbl, op, row_key, content) VALUES ('balances', 'digest', json_array(?1), ?2)");
    digest.bind(1, head.first).bind(2, balances_digest_now(db));
    if (digest.step() != Step::done) return db.failure("recording the balances' digest in the record chain");
  }
  auto chain_head = record_chain_head(db);
  if (!chain_head) return chain_head.error();
  std::string previous = chain_head->hash;
  Statement unsealed = db.prepare(
      "SELECT seq, tbl, op, row_key, COALESCE(content, '') FROM record_chain WHERE hash IS NULL AND seq > ?1 "
      "ORDER BY seq");
  unsealed.bind(1, after);
  std::vector<std::pair<std::int64_t, std::string>> sealed;
  while (unsealed.step() == Step::row) {
    previous = record_hash(previous, unsealed.integer(0), unsealed.text(1), unsealed.text(2), unsealed.text(3),
                           unsealed.text(4));
    sealed.emplace_back(unsealed.integer(0), previous);
  }
  Statement seal = db.prepare("UPDATE record_chain SET hash = ?2 WHERE seq = ?1");
  for (const auto& [seq, hash] : sealed) {
    seal.bind(1, seq).bind(2, hash);
    if (seal.step() != Step::done) return db.failure("sealing the record chain");
    seal.reset();
  }
  return ok_status();
}

RecordChainReport verify_record_chain(SqliteDatabase& db, std::span<const ChainedTable> tables,
                                      const std::optional<ChainHead>& expected) {
  RecordChainReport report;
  report.head = {0, std::string(kGenesisHash)};
  if (!has_record_chain(db)) {
    if (expected && expected->record > 0)
      report.problem = "these books have no record chain, so they cannot hold record " + expected->to_string();
    return report;
  }
  // Each key's latest content, by table; the journal heads recorded, in order.
  std::map<std::string, std::map<std::string, std::pair<std::int64_t, std::optional<std::string>>>> latest;
  std::vector<std::pair<std::int64_t, std::string>> journal_heads;  // (record, content)
  std::optional<std::pair<std::int64_t, std::string>> last_schema;  // (record, content)
  std::optional<std::pair<std::int64_t, std::string>> balances;     // the last digest sealed
  bool expected_found = false;
  Statement records = db.prepare("SELECT seq, tbl, op, row_key, content, hash FROM record_chain ORDER BY seq");
  while (records.step() == Step::row) {
    const std::int64_t seq = records.integer(0);
    const std::string table = records.text(1);
    const std::string op = records.text(2);
    const std::string key = records.text(3);
    const bool deleted = records.is_null(4);
    const std::string content = deleted ? std::string() : records.text(4);
    ++report.records_checked;
    if (records.is_null(5)) {
      report.problem = describe(seq, table, op, key) +
                       " was written around poolbook: it was never sealed into the chain (a change made to the file "
                       "directly)";
      return report;
    }
    const std::string hash = record_hash(report.head.hash, seq, table, op, key, content);
    if (records.text(5) != hash) {
      report.problem = describe(seq, table, op, key) +
                       " does not match its hash: it was altered after it was written, or a record before it was "
                       "removed";
      return report;
    }
    report.head = {seq, hash};
    if (expected && expected->record == seq) {
      if (expected->hash != hash) {
        report.problem = "record " + std::to_string(seq) + " has hash " + hash + ", not the " + expected->hash +
                         " you kept: the chain was rewritten at or before it";
        return report;
      }
      expected_found = true;
    }
    if (op == "head" && table == kJournalTable) {
      journal_heads.emplace_back(seq, content);
    } else if (op == "digest" && table == "balances") {
      balances = {seq, content};
    } else if (op == "schema") {
      last_schema = {seq, content};
    } else {
      latest[table][key] = {seq, deleted ? std::nullopt : std::optional<std::string>(content)};
      if (op == "update" || op == "delete")
        for (const ChainedTable& chained : tables)
          if (chained.name == table && chained.append_only) {
            report.problem = describe(seq, table, op, key) + " alters a row of " + table +
                             ", whose rows are only ever added: it was made around poolbook";
            return report;
          }
    }
  }
  if (expected && expected->record > 0 && !expected_found) {
    report.problem = "the chain ends at record " + std::to_string(report.head.record) + ", before record " +
                     std::to_string(expected->record) + " you kept: records were removed from its end";
    return report;
  }
  for (const ChainedTable& table : tables) {
    auto& chained = latest[table.name];
    std::map<std::string, bool> seen;
    Statement rows = db.prepare("SELECT " + json_of(table.key, "") + ", " + json_of(table.columns, "") + " FROM " +
                                quoted(table.name));
    while (rows.step() == Step::row) {
      const std::string key = rows.text(0);
      const auto found = chained.find(key);
      if (found == chained.end() || !found->second.second) {
        report.problem = table.name + " " + key + " is not in the record chain: it was added to the file directly";
        return report;
      }
      if (*found->second.second != rows.text(1)) {
        report.problem = table.name + " " + key + " reads " + shown(rows.text(1), *found->second.second) +
                         " but record " + std::to_string(found->second.first) + " of the chain says " +
                         shown(*found->second.second, rows.text(1)) + ": it was changed in the file directly";
        return report;
      }
      seen[key] = true;
    }
    for (const auto& [key, record] : chained)
      if (record.second && !seen.count(key)) {
        report.problem = table.name + " " + key + ", written by record " + std::to_string(record.first) +
                         ", is no longer in the file: it was deleted directly";
        return report;
      }
  }
  if (table_exists(db, kJournalTable)) {
    Statement entry = db.prepare("SELECT hash FROM entries WHERE id = ?1");
    for (const auto& [seq, content] : journal_heads) {
      const auto [id, hash] = journal_head_of(content);  // as seal_record_chain wrote it
      entry.bind(1, id);
      const bool same = id == 0 || (id > 0 && entry.step() == Step::row && entry.text(0) == hash);
      entry.reset();
      if (!same) {
        report.problem = "record " + std::to_string(seq) + " says the journal reached entry " + std::to_string(id) +
                         " with hash " + hash +
                         ", which the journal no longer holds: entries were removed or rewritten";
        return report;
      }
    }
    const std::string now = journal_head_content(journal_head(db));
    const std::string last = journal_heads.empty() ? journal_head_content({0, ""}) : journal_heads.back().second;
    if (now != last) {
      report.problem = "the journal ends at " + now + " but the record chain last sealed it at " + last +
                       ": entries were added or removed around poolbook";
      return report;
    }
  }
  if (balances && table_exists(db, "balances")) {
    if (balances_digest_now(db) != balances->second) {
      report.problem = "the maintained balances are not those record " + std::to_string(balances->first) +
                       " sealed: a balance was changed in the file directly";
      return report;
    }
    // Sealed with the journal's last head: the balances stand for every entry.
    report.balances_sealed = !journal_heads.empty() && balances->first > journal_heads.back().first;
  }
  if (const std::string schema = schema_text(db); last_schema && last_schema->second != schema) {
    report.problem = "the file's schema differs from the one record " + std::to_string(last_schema->first) +
                     " sealed: " + schema_difference(last_schema->second, schema) +
                     " (a table, index or trigger changed around poolbook)";
  }
  return report;
}

}  // namespace poolbook::ledger
