#include "poolbook/ledger/store/internal/audit_chain_writer.hpp"

#include <charconv>

#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/store/internal/period_key.hpp"

namespace poolbook::ledger {
namespace {

std::string closed_message(const Entry& entry, const Period& period) {
  return "the entry '" + entry.description + "' dated " + to_iso(entry.date) + " falls in " + period.to_string() +
         ", which is closed: post a correction in an open month, or reopen the month by a logged decision";
}

}  // namespace

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

Status Chain::prepare(PreparedEntry& out) {
  Entry& entry = out.entry;
  if (auto valid = check_entry(entry); !valid) return valid.error();
  const Period period = entry.period();
  out.period = period_key(period);
  if (closed_.contains(out.period)) return refusal("period.closed", closed_message(entry, period));
  auto& ids = out.account_ids;
  ids.clear();
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

bool Chain::same_source(const Provenance& provenance) const {
  return source_ && source_->source_digest == provenance.source_digest && source_->profile == provenance.profile &&
         source_->actor == provenance.actor && source_->recorded_at == provenance.recorded_at;
}

Chain start_chain(SqliteDatabase& db) {
  EntryId last_id = 0;
  std::string last_hash(kGenesisHash);
  Statement last = db.prepare("SELECT id, hash FROM entries ORDER BY id DESC LIMIT 1");
  if (last.step() == Step::row) {
    last_id = last.integer(0);
    last_hash = last.text(1);
  }
  Statement sources = db.prepare("SELECT COALESCE(MAX(id), 0) FROM sources");
  sources.step();
  std::set<std::int64_t> closed;
  Statement periods = db.prepare("SELECT fy * 100 + month FROM periods WHERE state = 'closed'");
  while (periods.step() == Step::row) closed.insert(periods.integer(0));
  std::unordered_map<std::string, std::int64_t> accounts;
  Statement paths = db.prepare("SELECT path, id FROM accounts");
  while (paths.step() == Step::row) accounts.emplace(paths.text(0), paths.integer(1));
  return Chain(last_id, std::move(last_hash), sources.integer(0), std::move(closed), std::move(accounts));
}

JournalWriter::JournalWriter(SqliteDatabase& db)
    : db_(db),
      insert_source_(db.prepare(
          "INSERT INTO sources(id, source_digest, profile, actor, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)")),
      insert_entry_(
          db.prepare("INSERT INTO entries(id, entry_date, period, kind, description, reference, reverses, source, "
                     "source_row, postings, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")) {}

Status JournalWriter::write(const PreparedEntry& prepared) {
  const Entry& entry = prepared.entry;
  if (prepared.new_source) {
    insert_source_.reset();
    insert_source_.bind(1, prepared.source)
        .bind_unowned(2, entry.provenance.source_digest)
        .bind_unowned(3, entry.provenance.profile)
        .bind_unowned(4, entry.provenance.actor)
        .bind_unowned(5, entry.provenance.recorded_at);
    const Step source_done = insert_source_.step();
    insert_source_.reset();  // drops the bindings: they point into the entry
    if (source_done != Step::done) return db_.failure("recording the source of an entry");
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
  const Step entry_done = insert_entry_.step();
  if (entry_done != Step::done) {
    Error failed = db_.failure("posting entry " + std::to_string(entry.id));
    insert_entry_.reset();
    return failed;
  }
  insert_entry_.reset();  // drops the bindings: they point into the entry and `day`
  return ok_status();
}

Status JournalWriter::add_movements(const Chain& chain) {
  Statement add = db_.prepare(
      "INSERT INTO balances(account, period, movement_pence) VALUES (?1, ?2, ?3) "
      "ON CONFLICT(account, period) DO UPDATE SET movement_pence = movement_pence + "
      "excluded.movement_pence");
  // SQLite turns an integer sum that overflows into a floating-point one, which the books
  // refuse (a trigger, journal migration 6): a batch that would make a balance inexact is
  // refused whole.
  for (const auto& [key, movement] : chain.movements()) {
    add.reset();
    add.bind(1, key.first).bind(2, key.second).bind(3, movement.total().pence());
    const Step step = add.step();
    if (step == Step::constraint)
      return make_error("money.overflow",
                        "an account's balance for a month would be larger than poolbook can hold to the penny; "
                        "nothing in this batch was posted");
    if (step != Step::done) return db_.failure("updating balances");
  }
  return ok_status();
}

}  // namespace poolbook::ledger
