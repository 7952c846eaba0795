#include "poolbook/ledger/store/internal/pg_journal.hpp"

#include <charconv>
#include <map>
#include <set>
#include <type_traits>
#include <unordered_set>

#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/money/money.hpp"
#include "poolbook/ledger/store/internal/period_key.hpp"

namespace poolbook::ledger {

namespace {

constexpr int kPage = 10'000;

// A page of entries by id, after $2: an agreement's ids run 1, 2, 3... without a gap (the
// database's check of the chain), so a page is a range of the key, which the planner reads
// by the key whatever it knows of the table (as just after a large import).
const std::string kIdPage = "AND e.id > $2 AND e.id <= $2::bigint + " + std::to_string(kPage) + " ORDER BY e.id";

// The entries alone (their sources are read once, into JournalNames): a query of the journal
// by its key then reads the key's order, page by page, whatever the planner thinks of a join.
constexpr const char* kSelectEntries =
    "SELECT e.id, e.entry_date::text, e.kind, e.description, e.reference, e.reverses, e.source, e.source_row, "
    "e.accounts::text, e.amounts::text, encode(e.hash, 'hex'), encode(e.previous_hash, 'hex') FROM entries e "
    "WHERE e.agreement = $1 ";

// The month of a date as the store keeps it, in SQL (journal.sql's trigger uses the same).
constexpr const char* kPeriodOfDate =
    "(extract(year FROM entry_date - interval '3 months')::integer * 100 + "
    "extract(month FROM entry_date - interval '3 months')::integer)";

// The numbers of an array's text, "{1,2,3}"; nullopt if it is not one.
std::optional<std::vector<std::int64_t>> numbers_of(std::string_view text) {
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return std::nullopt;
  std::vector<std::int64_t> out;
  const char* at = text.data() + 1;
  const char* const end = text.data() + text.size() - 1;
  while (at < end) {
    std::int64_t value = 0;
    const auto [next, error] = std::from_chars(at, end, value);
    if (error != std::errc{}) return std::nullopt;
    out.push_back(value);
    at = next;
    if (at == end) break;
    if (*at++ != ',' || at == end) return std::nullopt;  // a comma, and a number after it
  }
  return out;
}

// What an entry's row names by number: its accounts' paths and its source's provenance.
struct JournalNames {
  struct Source {
    std::string digest, profile, actor, recorded_at;
  };
  std::unordered_map<std::int64_t, std::string> paths;
  std::unordered_map<std::int64_t, Source> sources;
  std::unordered_set<std::int64_t> reread;  // sources looked for again
};

void read_sources(PgDatabase& db, JournalNames& names) {
  const PgRows rows = db.must("SELECT id, source_digest, profile, actor, recorded_at FROM sources WHERE agreement = $1",
                              {db.agreement()}, "reading the sources of entries");
  for (int i = 0; i < rows.size(); ++i)
    names.sources.insert_or_assign(
        rows.integer(i, 0), JournalNames::Source{rows.text(i, 1), rows.text(i, 2), rows.text(i, 3), rows.text(i, 4)});
}

JournalNames journal_names(PgDatabase& db) {
  JournalNames names{pg_account_paths(db), {}, {}};
  read_sources(db, names);
  return names;
}

Entry entry_of_row(PgDatabase& db, const PgRows& rows, int row, JournalNames& names) {
  Entry entry;
  entry.id = rows.integer(row, 0);
  if (auto day = parse_iso_date(rows.view(row, 1))) entry.date = *day;
  entry.kind = entry_kind_from_word(rows.view(row, 2)).value_or(EntryKind::draw);
  entry.description = rows.text(row, 3);
  entry.reference = rows.text(row, 4);
  if (!rows.is_null(row, 5)) entry.reverses = rows.integer(row, 5);
  const std::int64_t source_id = rows.integer(row, 6);
  // A source written since they were read: read them again, once for each such source (an
  // entry whose source is missing altogether then fails its hash, not the reading).
  if (!names.sources.contains(source_id) && names.reread.insert(source_id).second) read_sources(db, names);
  const auto source = names.sources.find(source_id);
  if (source != names.sources.end())
    entry.provenance = Provenance{source->second.digest, static_cast<long>(rows.integer(row, 7)),
                                  source->second.profile, source->second.actor, source->second.recorded_at};
  if (auto postings = pg_postings_of(rows.view(row, 8), rows.view(row, 9)))
    for (const auto& [account, pence] : *postings) {
      const auto path = names.paths.find(account);
      entry.postings.push_back(
          Posting{path == names.paths.end() ? std::string{} : path->second, Money::from_pence(pence)});
    }
  entry.hash = rows.text(row, 10);
  entry.previous_hash = rows.text(row, 11);
  return entry;
}

const std::string& agreement_of(PgDatabase& db) { return db.agreement(); }

}  // namespace

namespace {

// Numbers in network order, as PostgreSQL's binary COPY has them.
template <typename Int>
void append_big_endian(std::string& out, Int value) {
  auto bits = static_cast<std::make_unsigned_t<Int>>(value);
  char bytes[sizeof(Int)];
  for (std::size_t i = sizeof(Int); i-- > 0;) {
    bytes[i] = static_cast<char>(bits & 0xFFu);
    bits = static_cast<std::make_unsigned_t<Int>>(bits >> 8);
  }
  out.append(bytes, sizeof(Int));
}

void append_field(std::string& out, std::string_view bytes) {
  append_big_endian<std::int32_t>(out, static_cast<std::int32_t>(bytes.size()));
  out.append(bytes);
}

void append_bigint_field(std::string& out, std::int64_t value) {
  append_big_endian<std::int32_t>(out, 8);
  append_big_endian<std::int64_t>(out, value);
}

// A bigint[] of one dimension from 1 (an empty one has no dimension).
void append_bigint_array_field(std::string& out, const boost::container::small_vector<std::int64_t, 4>& values) {
  const bool empty = values.empty();
  append_big_endian<std::int32_t>(out, static_cast<std::int32_t>(12 + (empty ? 0 : 8) + 12 * values.size()));
  append_big_endian<std::int32_t>(out, empty ? 0 : 1);  // dimensions
  append_big_endian<std::int32_t>(out, 0);              // no NULLs
  append_big_endian<std::int32_t>(out, 20);             // int8
  if (!empty) {
    append_big_endian<std::int32_t>(out, static_cast<std::int32_t>(values.size()));
    append_big_endian<std::int32_t>(out, 1);
  }
  for (const std::int64_t value : values) append_bigint_field(out, value);
}

// 64 hex digits as 32 bytes (what is not hex gives what the database refuses: not 32 bytes).
std::string hash_bytes(std::string_view hex) {
  std::string out;
  if (hex.size() % 2 != 0) return out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    unsigned value = 0;
    const auto [end, error] = std::from_chars(hex.data() + i, hex.data() + i + 2, value, 16);
    if (error != std::errc{} || end != hex.data() + i + 2) return {};
    out += static_cast<char>(value);
  }
  return out;
}

}  // namespace

void append_pg_copy_header(std::string& out) {
  static constexpr char kSignature[] = "PGCOPY\n\377\r\n";  // and its NUL
  out.append(kSignature, sizeof kSignature);
  append_big_endian<std::int32_t>(out, 0);  // flags
  append_big_endian<std::int32_t>(out, 0);  // no header extension
}

void append_pg_copy_entry(std::string& out, std::string_view agreement, const PreparedEntry& prepared) {
  const Entry& entry = prepared.entry;
  append_big_endian<std::int16_t>(out, 14);  // the journal's columns, in journal.sql's order
  append_field(out, agreement);
  append_bigint_field(out, entry.id);
  const auto days = (date::sys_days(entry.date) - date::sys_days(date::year{2000} / 1 / 1)).count();
  append_big_endian<std::int32_t>(out, 4);
  append_big_endian<std::int32_t>(out, static_cast<std::int32_t>(days));
  append_big_endian<std::int32_t>(out, 4);
  append_big_endian<std::int32_t>(out, static_cast<std::int32_t>(prepared.period));
  append_field(out, entry_kind_word(entry.kind));
  append_field(out, entry.description);
  append_field(out, entry.reference);
  if (entry.reverses)
    append_bigint_field(out, *entry.reverses);
  else
    append_big_endian<std::int32_t>(out, -1);  // NULL
  append_bigint_field(out, prepared.source);
  append_bigint_field(out, entry.provenance.source_row);
  append_bigint_array_field(out, prepared.account_ids);
  boost::container::small_vector<std::int64_t, 4> amounts;
  for (const Posting& posting : entry.postings) amounts.push_back(posting.amount.pence());
  append_bigint_array_field(out, amounts);
  append_field(out, hash_bytes(entry.previous_hash));
  append_field(out, hash_bytes(entry.hash));
}

void append_pg_copy_trailer(std::string& out) { append_big_endian<std::int16_t>(out, -1); }

std::optional<std::vector<std::pair<std::int64_t, std::int64_t>>> pg_postings_of(std::string_view accounts,
                                                                                 std::string_view amounts) {
  auto ids = numbers_of(accounts);
  auto pence = numbers_of(amounts);
  if (!ids || !pence || ids->size() != pence->size()) return std::nullopt;
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  out.reserve(ids->size());
  for (std::size_t i = 0; i < ids->size(); ++i) out.emplace_back((*ids)[i], (*pence)[i]);
  return out;
}

std::span<const char* const> pg_chained_tables() {
  // The journal's tables (journal.sql), then governance's (governance.sql).
  static constexpr const char* kTables[] = {"accounts",
                                            "sources",
                                            "period_log",
                                            "settings",
                                            "imports",
                                            "quarantine",
                                            "quarantine_resolutions",
                                            "decisions",
                                            "ratifications",
                                            "virements",
                                            "authority_log",
                                            "disputes",
                                            "dispute_events",
                                            "kpi_results",
                                            "contract_payments",
                                            "metric_results",
                                            "metric_refusals"};
  return kTables;
}

std::unordered_map<std::int64_t, std::string> pg_account_paths(PgDatabase& db) {
  std::unordered_map<std::int64_t, std::string> paths;
  const PgRows rows =
      db.must("SELECT id, path FROM accounts WHERE agreement = $1", {agreement_of(db)}, "reading the accounts");
  for (int i = 0; i < rows.size(); ++i) paths.emplace(rows.integer(i, 0), rows.text(i, 1));
  return paths;
}

std::vector<Entry> pg_read_entries(PgDatabase& db, const std::string& rest, const std::vector<PgParam>& params) {
  std::vector<PgParam> all{agreement_of(db)};
  all.insert(all.end(), params.begin(), params.end());
  JournalNames names = journal_names(db);
  const PgRows rows = db.must(std::string(kSelectEntries) + rest, all, "reading entries");
  std::vector<Entry> out;
  out.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) out.push_back(entry_of_row(db, rows, i, names));
  return out;
}

Status pg_visit_entries(PgDatabase& db, const std::string& order, const std::function<Status(Entry&)>& visit) {
  // A page at a time from one snapshot (the caller's read), so a long journal is never held
  // at once: in id order by key; in date order from a cursor (the journal keeps no index on
  // dates: its one sort is the server's).
  const bool by_date = order == "date";
  return db.read([&]() -> Status {
    JournalNames names = journal_names(db);
    if (by_date)
      db.must(
          std::string("DECLARE entries_by_date NO SCROLL CURSOR FOR ") + kSelectEntries + "ORDER BY e.entry_date, e.id",
          {agreement_of(db)}, "reading the journal in date order");
    EntryId after = 0;
    for (;;) {
      const PgRows rows =
          by_date ? db.must("FETCH " + std::to_string(kPage) + " FROM entries_by_date", {},
                            "reading the journal in date order")
                  : db.must(kSelectEntries + kIdPage, {agreement_of(db), std::to_string(after)}, "reading the journal");
      for (int i = 0; i < rows.size(); ++i) {
        Entry entry = entry_of_row(db, rows, i, names);
        after = entry.id;
        if (auto visited = visit(entry); !visited) return visited;
      }
      if (rows.size() < kPage) break;
    }
    if (by_date) db.must("CLOSE entries_by_date", {}, "reading the journal in date order");
    return ok_status();
  });
}

Chain pg_start_chain(PgDatabase& db) {
  const std::string& agreement = agreement_of(db);
  EntryId last_id = 0;
  std::string last_hash(kGenesisHash);
  const PgRows last =
      db.must("SELECT id, encode(hash, 'hex') FROM entries WHERE agreement = $1 ORDER BY id DESC LIMIT 1", {agreement},
              "finding the journal's last entry");
  if (!last.empty()) {
    last_id = last.integer(0, 0);
    last_hash = last.text(0, 1);
  }
  const PgRows sources =
      db.must("SELECT coalesce(max(id), 0) FROM sources WHERE agreement = $1", {agreement}, "finding the last source");
  std::set<std::int64_t> closed;
  const PgRows periods = db.must("SELECT period FROM periods WHERE agreement = $1 AND state = 'closed'", {agreement},
                                 "reading the closed months");
  for (int i = 0; i < periods.size(); ++i) closed.insert(periods.integer(i, 0));
  std::unordered_map<std::string, std::int64_t> accounts;
  for (auto& [id, path] : pg_account_paths(db)) accounts.emplace(std::move(path), id);
  return Chain(last_id, std::move(last_hash), sources.integer(0, 0), std::move(closed), std::move(accounts));
}

bool pg_is_closed(PgDatabase& db, const Period& period) {
  return !db.must("SELECT 1 FROM periods WHERE agreement = $1 AND period = $2 AND state = 'closed'",
                  {agreement_of(db), std::to_string(period_key(period))}, "reading a month's state")
              .empty();
}

bool pg_account_open(PgDatabase& db, const std::string& path) {
  return !db.must("SELECT 1 FROM accounts WHERE agreement = $1 AND path = $2", {agreement_of(db), path},
                  "looking up an account")
              .empty();
}

bool pg_reference_posted(PgDatabase& db, const std::string& profile, const std::string& reference) {
  return db.must("SELECT reference_posted($1, $2, $3)", {agreement_of(db), profile, reference},
                 "looking up a reference")
             .text(0, 0) == "t";
}

std::optional<EntryId> pg_posted_alike(PgDatabase& db, const std::string& reference, date::year_month_day date,
                                       const std::vector<Posting>& postings) {
  const PgRows candidates = db.must("SELECT id, postings FROM entries_alike($1, $2, $3::date)",
                                    {agreement_of(db), reference, to_iso(date)}, "looking for a probable duplicate");
  if (candidates.empty()) return std::nullopt;
  const auto paths = pg_account_paths(db);
  for (int i = 0; i < candidates.size(); ++i) {
    const auto stored = parse_postings_json(candidates.view(i, 1));
    if (!stored || stored->size() != postings.size()) continue;
    bool same = true;
    for (std::size_t p = 0; same && p < postings.size(); ++p) {
      const auto path = paths.find((*stored)[p].first);
      same = path != paths.end() && path->second == postings[p].account &&
             (*stored)[p].second == postings[p].amount.pence();
    }
    if (same) return candidates.integer(i, 0);
  }
  return std::nullopt;
}

VerifyReport pg_verify_journal(PgDatabase& db) {
  VerifyReport report;
  std::string previous(kGenesisHash);
  std::map<std::pair<std::string, std::int64_t>, MoneySum> sums;
  const Status walked = pg_visit_entries(db, "id", [&](Entry& stored) -> Status {
    ++report.entries_checked;
    const bool linked = stored.previous_hash == previous;
    stored.previous_hash = previous;
    if (!linked || stored.hash != chain_hash(stored) || !check_entry(stored)) {
      report.first_bad_entry = stored.id;
      report.problem = "entry " + std::to_string(stored.id) + " (" + to_iso(stored.date) + " '" + stored.description +
                       "') does not match its hash: it was altered after it was posted, or an entry before it was "
                       "removed";
      return make_error("verify.entry", report.problem);
    }
    const std::int64_t period = period_key(stored.period());
    for (const Posting& posting : stored.postings) sums[{posting.account, period}] += posting.amount;
    previous = stored.hash;
    return ok_status();
  });
  if (!walked) return report;
  report.head_hash = previous;
  report.rehashed = true;
  const std::string& agreement = agreement_of(db);
  const PgRows months = db.must(std::string("SELECT id, period FROM entries WHERE agreement = $1 AND period <> ") +
                                    kPeriodOfDate + " ORDER BY id LIMIT 1",
                                {agreement}, "checking the entries' months");
  if (!months.empty()) {
    report.first_bad_entry = months.integer(0, 0);
    report.problem = "entry " + months.text(0, 0) + " is kept in month " + months.text(0, 1) +
                     ", which is not the month of its date";
    return report;
  }
  std::map<std::pair<std::string, std::int64_t>, std::int64_t> kept;
  const PgRows balances = db.must(
      "SELECT coalesce(a.path, ''), b.period, b.movement_pence FROM balances b LEFT JOIN accounts a "
      "ON a.agreement = b.agreement AND a.id = b.account WHERE b.agreement = $1",
      {agreement}, "reading the maintained balances");
  for (int i = 0; i < balances.size(); ++i)
    kept[{balances.text(i, 0), balances.integer(i, 1)}] = balances.integer(i, 2);
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
      return report;
    }
  }
  const PgRows states = db.must(
      "SELECT coalesce(p.period, l.period), coalesce(p.state, 'none'), coalesce(l.action, 'none') FROM "
      "(SELECT * FROM periods WHERE agreement = $1) p FULL JOIN "
      "(SELECT DISTINCT ON (period) period, action FROM period_log WHERE agreement = $1 ORDER BY period, id DESC) l "
      "ON l.period = p.period WHERE (p.state = 'closed') IS DISTINCT FROM (l.action = 'close') LIMIT 1",
      {agreement}, "checking the months' states");
  if (!states.empty())
    report.problem = period_of_key(states.integer(0, 0)).to_string() + " is kept as " + states.text(0, 1) +
                     " but its log's last action is " + states.text(0, 2);
  return report;
}

Result<ChainHead> pg_record_head(PgDatabase& db) {
  auto last = db.query("SELECT seq, hash FROM record_chain WHERE agreement = $1 ORDER BY seq DESC LIMIT 1",
                       {agreement_of(db)}, "reading the record chain's head");
  if (!last) return last.error();
  if (last->empty()) return ChainHead{0, std::string(kGenesisHash)};
  return ChainHead{last->integer(0, 0), last->text(0, 1)};
}

RecordChainReport pg_verify_records(PgDatabase& db, const std::optional<ChainHead>& expected) {
  RecordChainReport report;
  report.head = {0, std::string(kGenesisHash)};
  const std::string& agreement = agreement_of(db);
  for (;;) {
    const PgRows rows = db.must(
        "SELECT seq, tbl, content, hash FROM record_chain WHERE agreement = $1 AND seq > $2 ORDER BY seq "
        "LIMIT 10000",
        {agreement, std::to_string(report.head.record)}, "reading the record chain");
    for (int i = 0; i < rows.size(); ++i) {
      const std::int64_t seq = rows.integer(i, 0);
      Sha256 hash;
      hash.update(report.head.hash);
      hash.update("\n");
      hash.update(rows.view(i, 1));
      hash.update("\n");
      hash.update(rows.view(i, 2));
      const std::string computed = hash.hex();
      if (seq != report.head.record + 1 || computed != rows.view(i, 3)) {
        report.problem = "record " + std::to_string(seq) + " of the record chain (" + rows.text(i, 1) +
                         ") does not follow on from record " + std::to_string(report.head.record) +
                         ": the records were altered, removed or reordered";
        return report;
      }
      report.head = {seq, computed};
      ++report.records_checked;
      if (expected && seq == expected->record && computed != expected->hash) {
        report.problem = "the record chain no longer holds " + expected->to_string() + ": record " +
                         std::to_string(seq) + " now hashes to " + computed;
        return report;
      }
    }
    if (rows.size() < kPage) break;
  }
  if (expected && report.head.record < expected->record) {
    report.problem = "the record chain ends at record " + std::to_string(report.head.record) + ", before " +
                     expected->to_string() + ": records were removed from its end";
    return report;
  }
  for (const char* table : pg_chained_tables()) {
    const std::string name(table);
    // Governance's tables are there once governance.sql is installed (Books need them; a
    // journal alone does not).
    if (db.must("SELECT to_regclass($1) IS NULL", {"poolbook." + name}, "looking for " + name).text(0, 0) == "t")
      continue;
    const PgRows counts =
        db.must("SELECT * FROM chain_mismatch($1, $2)", {agreement, name}, "comparing " + name + " with its records");
    if (!counts.is_null(0, 2)) {
      report.problem =
          "a row of " + name + " is not as its record in the chain says, so it was altered: " + counts.text(0, 2);
      return report;
    }
    if (counts.integer(0, 0) != counts.integer(0, 1)) {
      report.problem = name + " holds " + counts.text(0, 0) + " rows but the record chain recorded " +
                       counts.text(0, 1) + ": rows were removed or added around poolbook";
      return report;
    }
  }
  // Each close recorded the journal's head as it stood: the journal must still hold it.
  const PgRows heads = db.must(
      "SELECT l.id, l.journal_entries FROM period_log l LEFT JOIN entries e ON e.agreement = l.agreement AND "
      "e.id = l.journal_entries WHERE l.agreement = $1 AND l.journal_entries > 0 AND "
      "(e.hash IS NULL OR encode(e.hash, 'hex') <> l.journal_hash) ORDER BY l.id LIMIT 1",
      {agreement}, "comparing the closes with the journal");
  if (!heads.empty())
    report.problem = "the close logged as period_log row " + heads.text(0, 0) + " recorded entry " + heads.text(0, 1) +
                     " as the journal's head, and the journal no longer holds it as it was";
  return report;
}

}  // namespace poolbook::ledger
