#include "poolbook/ledger/store/internal/journal_reader.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/store/internal/audit_chain_writer.hpp"
#include "poolbook/ledger/store/internal/period_key.hpp"

namespace poolbook::ledger {
namespace {

constexpr const char* kSelectEntries =
    "SELECT e.id, e.entry_date, e.kind, e.description, e.reference, e.reverses, s.source_digest, e.source_row, "
    "s.profile, s.actor, s.recorded_at, e.postings, e.hash, "
    "(SELECT p.hash FROM entries p WHERE p.id < e.id ORDER BY p.id DESC LIMIT 1) "
    "FROM entries e LEFT JOIN sources s ON s.id = e.source";

std::unordered_map<std::int64_t, std::string> account_paths(SqliteDatabase& db) {
  std::unordered_map<std::int64_t, std::string> paths;
  Statement accounts = db.prepare("SELECT id, path FROM accounts");
  while (accounts.step() == Step::row) paths.emplace(accounts.integer(0), accounts.text(1));
  return paths;
}

// The entry on the current row of a kSelectEntries statement.
Entry entry_of_row(const Statement& select, const std::unordered_map<std::int64_t, std::string>& paths) {
  Entry entry;
  entry.id = select.integer(0);
  if (auto day = parse_iso_date(select.text(1))) entry.date = *day;  // else check_entry refuses it in verify
  entry.kind = entry_kind_from_word(select.text(2)).value_or(EntryKind::draw);
  entry.description = select.text(3);
  entry.reference = select.text(4);
  if (!select.is_null(5)) entry.reverses = select.integer(5);
  entry.provenance =
      Provenance{select.text(6), static_cast<long>(select.integer(7)), select.text(8), select.text(9), select.text(10)};
  // Postings that no longer read back, or name an account that is not there, leave the
  // entry without them: verify then reports it.
  if (auto postings = parse_postings_json(select.text(11)))
    for (const auto& [account, pence] : *postings) {
      const auto path = paths.find(account);
      entry.postings.push_back(Posting{path == paths.end() ? std::string{} : path->second, Money::from_pence(pence)});
    }
  entry.hash = select.text(12);
  entry.previous_hash = select.is_null(13) ? std::string(kGenesisHash) : select.text(13);
  return entry;
}

std::vector<Entry> collect_entries(SqliteDatabase& db, Statement& select) {
  const auto paths = account_paths(db);
  std::vector<Entry> out;
  while (select.step() == Step::row) out.push_back(entry_of_row(select, paths));
  return out;
}

// The maintained balances must equal the sums of the postings they summarise.
void verify_balances(SqliteDatabase& db, const std::map<std::pair<std::string, std::int64_t>, MoneySum>& sums,
                     VerifyReport& report) {
  std::map<std::pair<std::string, std::int64_t>, std::int64_t> kept;
  Statement select = db.prepare(
      "SELECT a.path, b.period, b.movement_pence FROM balances b LEFT JOIN accounts a ON a.id = "
      "b.account");
  while (select.step() == Step::row) kept[{select.text(0), select.integer(1)}] = select.integer(2);
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

// Every balance is kept under whole numbers and holds whole pence.
void verify_balance_forms(SqliteDatabase& db, VerifyReport& report) {
  Statement keys = db.prepare(
      "SELECT quote(account), quote(period) FROM balances WHERE typeof(account) <> 'integer' OR "
      "typeof(period) <> 'integer' LIMIT 1");
  if (keys.step() == Step::row) {
    report.problem = "a maintained balance is stored under account " + keys.text(0) + " and month " + keys.text(1) +
                     ", not whole numbers: reports selecting by month would leave it out";
    return;
  }
  Statement sums = db.prepare(
      "SELECT a.path, b.period, typeof(b.movement_pence) FROM balances b LEFT JOIN accounts a ON a.id = b.account "
      "WHERE typeof(b.movement_pence) <> 'integer' LIMIT 1");
  if (sums.step() == Step::row)
    report.problem = "the balance of " + sums.text(0) + " for month " + sums.text(1) + " is stored as " + sums.text(2) +
                     ", not a whole number of pence";
}

// Each entry's stored month (what balances and reports select by) is the month of its date,
// and every stored sum of pence is an integer (SQLite would turn an overflowing sum into a
// floating-point number).
void verify_stored_months(SqliteDatabase& db, VerifyReport& report) {
  // What the hash is computed from is read back as a date and numbers; the stored text must
  // be exactly those (no "2025-04-15 " or a row number "12abc" that reads as the same).
  Statement forms = db.prepare(
      "SELECT id, quote(entry_date), quote(source_row), quote(reverses) FROM entries WHERE NOT ("
      "typeof(entry_date) = 'text' AND length(entry_date) = 10 AND "
      "entry_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND typeof(source_row) = 'integer' AND "
      "(reverses IS NULL OR typeof(reverses) = 'integer')) ORDER BY id LIMIT 1");
  if (forms.step() == Step::row) {
    report.first_bad_entry = forms.integer(0);
    report.problem = "entry " + std::to_string(forms.integer(0)) + " is stored with date " + forms.text(1) +
                     ", source row " + forms.text(2) + " and reverses " + forms.text(3) +
                     ", not as an ISO date and whole numbers: it was changed in the file";
    return;
  }
  Statement kinds = db.prepare("SELECT id, quote(kind) FROM entries ORDER BY id");
  while (kinds.step() == Step::row) {
    const std::string word = kinds.text(1);  // quoted: 'draw'
    if (word.size() < 2 || !entry_kind_from_word(std::string_view(word).substr(1, word.size() - 2))) {
      report.first_bad_entry = kinds.integer(0);
      report.problem = "entry " + std::to_string(kinds.integer(0)) + " is stored with kind " + word +
                       ", which is no kind of entry: it was changed in the file";
      return;
    }
  }
  Statement months = db.prepare(
      "SELECT id, entry_date, period FROM entries WHERE period IS NOT "
      "(CAST(substr(entry_date, 1, 4) AS INTEGER) - (CAST(substr(entry_date, 6, 2) AS INTEGER) < 4)) * 100 + "
      "(CAST(substr(entry_date, 6, 2) AS INTEGER) + 8) % 12 + 1 ORDER BY id LIMIT 1");
  if (months.step() == Step::row) {
    report.first_bad_entry = months.integer(0);
    report.problem = "entry " + std::to_string(months.integer(0)) + " is dated " + months.text(1) +
                     " but is stored under month " + months.text(2) +
                     ": its month was changed in the file, so balances by month would be wrong";
    return;
  }
  verify_balance_forms(db, report);
}

// Which months are closed is what their log says: the last close or reopening of each.
void verify_month_states(SqliteDatabase& db, VerifyReport& report) {
  Statement states = db.prepare(
      "SELECT p.fy, p.month, p.state, COALESCE((SELECT CASE l.action WHEN 'close' THEN 'closed' ELSE 'open' END "
      "FROM period_log l WHERE l.fy = p.fy AND l.month = p.month ORDER BY l.id DESC LIMIT 1), 'open') "
      "FROM periods p WHERE p.state IS NOT COALESCE((SELECT CASE l.action WHEN 'close' THEN 'closed' ELSE 'open' END "
      "FROM period_log l WHERE l.fy = p.fy AND l.month = p.month ORDER BY l.id DESC LIMIT 1), 'open') LIMIT 1");
  if (states.step() == Step::row)
    report.problem =
        "month " +
        Period(FinancialYear(static_cast<int>(states.integer(0))), FinancialMonth(static_cast<int>(states.integer(1))))
            .to_string() +
        " is marked " + states.text(2) + " but its log of closes and reopenings leaves it " + states.text(3);
}

}  // namespace

std::vector<Entry> read_entries(SqliteDatabase& db, const std::string& where, std::int64_t parameter,
                                std::size_t limit) {
  const std::string sql = std::string(kSelectEntries) + " " + where + " ORDER BY e.id LIMIT ?2";
  Statement select = db.prepare(sql);
  if (!where.empty()) select.bind(1, parameter);
  select.bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
  return collect_entries(db, select);
}

std::optional<EntryId> find_posted_alike(SqliteDatabase& db, const std::string& reference, date::year_month_day date,
                                         const std::vector<Posting>& postings) {
  Lease candidates = db.cached(
      "SELECT e.id, e.postings FROM entries e WHERE upper(e.reference) = upper(?1) AND e.entry_date = ?2 "
      "AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id)");
  const std::string day = to_iso(date);
  candidates->bind_unowned(1, reference).bind_unowned(2, day);
  while (db.found_row(*candidates, "looking for a probable duplicate")) {
    const auto stored = parse_postings_json(candidates->text(1));
    if (!stored || stored->size() != postings.size()) continue;
    bool same = true;
    for (std::size_t i = 0; same && i < postings.size(); ++i) {
      Lease path = db.cached("SELECT path FROM accounts WHERE id = ?1");
      path->bind(1, (*stored)[i].first);
      same = path->step() == Step::row && path->text(0) == postings[i].account &&
             (*stored)[i].second == postings[i].amount.pence();
    }
    if (same) return candidates->integer(0);
  }
  return std::nullopt;
}

std::vector<Entry> entries_since(SqliteDatabase& db, date::year_month_day since, std::size_t limit) {
  const std::string sql = std::string(kSelectEntries) + " WHERE e.entry_date >= ?1 ORDER BY e.id LIMIT ?2";
  Statement select = db.prepare(sql);
  select.bind(1, to_iso(since)).bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
  return collect_entries(db, select);
}

Status visit_entries_by_date(SqliteDatabase& db, const std::function<Status(const Entry&)>& visit) {
  // SQLite sorts (spilling to a temporary file if it must), so a long journal is never held
  // in memory; the one statement also reads one snapshot of the journal throughout.
  const auto paths = account_paths(db);
  Statement select = db.prepare(std::string(kSelectEntries) + " ORDER BY e.entry_date, e.id");
  for (;;) {
    const Step step = select.step();
    if (step == Step::done) return ok_status();
    if (step != Step::row) return db.failure("reading the journal in date order");
    if (auto visited = visit(entry_of_row(select, paths)); !visited) return visited;
  }
}

VerifyReport verify_journal(SqliteDatabase& db) {
  VerifyReport report;
  std::string previous(kGenesisHash);
  std::map<std::pair<std::string, std::int64_t>, MoneySum> sums;  // (account, period) from the postings
  EntryId after = 0;
  for (;;) {  // in pages, so a long journal is not held in memory at once
    auto page = read_entries(db, "WHERE e.id > ?1", after, 10'000);
    if (page.empty()) break;
    for (Entry& stored : page) {
      ++report.entries_checked;
      stored.previous_hash = previous;
      if (stored.hash != chain_hash(stored) || !check_entry(stored)) {
        report.first_bad_entry = stored.id;
        report.problem = "entry " + std::to_string(stored.id) + " (" + to_iso(stored.date) + " '" + stored.description +
                         "') does not match its hash: it was altered after it was posted, " +
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
  report.rehashed = true;
  verify_balances(db, sums, report);
  if (report.ok()) verify_stored_months(db, report);
  if (report.ok()) verify_month_states(db, report);
  return report;
}

VerifyReport verify_balances_sealed(SqliteDatabase& db) {
  VerifyReport report;
  verify_balance_forms(db, report);
  if (report.ok()) verify_month_states(db, report);
  return report;
}

}  // namespace poolbook::ledger
