#pragma once
// The Store keeps the pool's journal: accounts, the append-only journal of entries with its
// audit chain, which months are open or closed, running balances by account and month (so
// that a month's report never scans the whole journal), settings, imports and quarantine.
// It knows nothing of boards or agreements: records kept beside it (governance's, in
// contracts/) have their own store over the same Database, and one action touching both is
// one Database::write. SQLite is the embedded default (sqlite_store.hpp); PostgreSQL will
// implement the same interface for many users.
//
//   auto store = open_sqlite_store("northshire.db");
//   store->open_account({"pool/bcf-pool/bank", AccountType::asset, "BCF pool bank"});
//   auto ids = store->append({entry});           // one transaction: all or nothing
//   store->close_period(*Period::parse("2025/26 M06"), "j.smith");
//   auto report = store->verify();                // recomputes the chain and the balances
//
// Guarantees: an entry that does not balance, posts to an unopened account or falls in a
// closed month is refused, and so is the whole batch it came in (append is atomic); posted
// entries are never updated or deleted; each entry's hash chains to the one before.
// Thread-safety: one Store object per thread; several processes may open the same file
// (a writer never sees another's half-written batch).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/ledger/calendar/timestamp.hpp"
#include "poolbook/ledger/error.hpp"
#include "poolbook/ledger/journal/account.hpp"
#include "poolbook/ledger/journal/entry.hpp"
#include "poolbook/ledger/store/record_chain.hpp"

namespace poolbook::ledger {

inline constexpr std::size_t kMaxEntriesPerBatch = 10'000'000;
inline constexpr const char* kBatchLimitMessage = "a batch may hold at most 10,000,000 entries";

// The movement on one account in one month.
struct BalanceRow {
  std::string account;
  Period period;
  Money movement;  // debits positive, credits negative
};

// What verify() found: the first entry that breaks the chain, and any balance drift.
struct VerifyReport {
  std::int64_t entries_checked = 0;
  std::int64_t records_checked = 0;  // of the record chain
  ChainHead record_head;             // the record chain's head, standing for the journal's too
  std::string head_hash;             // the last entry's hash: with the count, it detects entries removed from the end
  std::optional<EntryId> first_bad_entry;
  std::string problem;    // a sentence, empty when the books verify
  bool rehashed = false;  // every entry's hash was recomputed (verify), not only the seal checked (verify_sealed)
  [[nodiscard]] bool ok() const { return problem.empty(); }
};

// Where a quarantined row stands: held back, posted after all (retried, perhaps corrected),
// or set aside for good (dismissed).
enum class QuarantineStatus { open, retried, dismissed };
std::string_view quarantine_status_word(QuarantineStatus status);  // "open", "retried", "dismissed"
std::optional<QuarantineStatus> quarantine_status_from_word(std::string_view word);

// A row of a file that could not be posted, kept with its reason until someone fixes it.
struct QuarantinedRow {
  std::int64_t id = 0;
  std::string file;
  std::string source_digest;
  long line = 0;
  std::string raw;
  std::string rule;
  std::string reason;
  std::string profile;
  QuarantineStatus status = QuarantineStatus::open;
  std::string header;  // the file's header row, so the row can be read again on retry
  // How it was resolved, once it is no longer open.
  std::string resolved_by;
  std::optional<Timestamp> resolved_at;
  std::string resolution;     // the reason for a dismissal, or "posted as entry N"
  std::string corrected_raw;  // the corrected text a retry posted, if it was corrected
  std::optional<EntryId> entry;
};

// A record that a file was imported, so the same file is not imported twice.
struct ImportRecord {
  std::string source_digest;
  std::string file;
  std::string profile;
  std::string actor;
  bool forced = false;
};

// The books as they stood when a batch began: what a source of entries may consult while
// the batch is being written. A streamed import may call its source on another thread, so
// the source must use only this view, never the Store itself.
class BooksView {
 public:
  virtual ~BooksView() = default;
  virtual bool is_closed(const Period& period) = 0;
  virtual bool account_open(const std::string& path) = 0;
  // Whether an entry with this source reference was posted through this profile and has not
  // been reversed since.
  virtual bool reference_posted(const std::string& profile, const std::string& reference) = 0;
  // An entry, not reversed since, with this reference and date and the same postings (the same
  // accounts, so the same arrangement and partner or scheme, and the same amounts), through
  // whichever profile: a probable duplicate of a row about to be posted.
  virtual std::optional<EntryId> posted_alike(const std::string& reference, date::year_month_day date,
                                              const std::vector<Posting>& postings) = 0;
};

// Yields the entries of a batch one at a time: fills `entry` with the next one and returns
// true, returns false when there are no more, or an Error that abandons the batch. The entry
// handed in may hold an earlier entry (its memory is reused): the source sets every field.
using EntrySource = std::function<Result<bool>(BooksView& books, Entry& entry)>;

class Store : public BooksView {
 public:
  // Opens an account; opening one that exists with the same type is not an error.
  virtual Status open_account(const Account& account) = 0;
  // Opens several in one transaction: all of them, or (on any error) none.
  virtual Status open_accounts(const std::vector<Account>& accounts) = 0;
  virtual std::vector<Account> accounts() = 0;

  // Posts a batch of entries in one transaction, assigning ids and hashes; the batch is
  // refused whole if any entry cannot be posted. With an import record, the import (and
  // its quarantined rows) commits in the same transaction, and a file already imported is
  // refused unless the record says forced.
  virtual Result<std::vector<EntryId>> append(std::vector<Entry> batch) = 0;
  virtual Result<std::vector<EntryId>> append_import(std::vector<Entry> batch, const ImportRecord& import,
                                                     std::vector<QuarantinedRow> quarantined) = 0;
  // The same for a batch too large to hold in memory: pulls entries from `next` until it
  // is drained, inside the one transaction, then records the import with `quarantined`
  // (read only after the source is drained, so the source may still be filling it). The
  // source may run on a second thread while this one writes: see BooksView. (Inside a
  // caller's Database::write, the source sees the books as last committed.)
  virtual Result<std::size_t> append_import_stream(const EntrySource& next, const ImportRecord& import,
                                                   const std::vector<QuarantinedRow>& quarantined) = 0;
  virtual bool imported(const std::string& source_digest) = 0;

  // Settings kept with the books, e.g. "agreement" -> the agreement file they follow.
  virtual std::optional<std::string> setting(const std::string& key) = 0;
  virtual Status set_setting(const std::string& key, const std::string& value) = 0;

  // Posts the mirror of an entry, dated `date` (which must be in an open month).
  virtual Result<EntryId> reverse(EntryId original, date::year_month_day date, const std::string& description,
                                  const std::string& actor) = 0;

  // Posts the entry made from a quarantined row (corrected or not) and marks the row retried
  // by actor, with the corrected text (empty if it was posted as it was) and the entry, in
  // one transaction; refused if the row is no longer open.
  virtual Result<EntryId> post_quarantined(std::int64_t quarantine_id, const EntrySource& corrected,
                                           const std::string& actor, const std::string& corrected_raw) = 0;

  virtual Result<Entry> entry(EntryId id) = 0;
  // Entries dated on or after `since` (all when absent), in id order, at most `limit`.
  virtual std::vector<Entry> entries(std::optional<date::year_month_day> since, std::size_t limit) = 0;
  // Entries with ids after `after`, in id order, at most `limit`: for reading in pages.
  virtual std::vector<Entry> entries_after(EntryId after, std::size_t limit) = 0;
  // Every entry in date order, entries of one day in id order (the order a journal file for
  // ledger-cli or hledger needs), handed to `visit` one at a time without holding the journal
  // in memory. Stops at the first error `visit` returns, and returns it; `visit` must not use
  // this Store.
  virtual Status visit_entries_by_date(const std::function<Status(const Entry&)>& visit) = 0;

  // Closes an open month: it takes no postings until reopened.
  virtual Status close_period(const Period& period, const std::string& actor) = 0;
  // Whether a closed month may be reopened by actor for reason: refused without an actor
  // (period.actor) or a reason (period.reopen), or if it is not closed (period.open).
  virtual Status may_reopen(const Period& period, const std::string& actor, const std::string& reason) = 0;
  // Reopens a closed month (checked as may_reopen), logging who, why and the decision it was
  // made under (empty if none). Whether that decision allows it is the caller's to check, in
  // the same write transaction (see Database::write): the journal knows no boards.
  virtual Status reopen_period(const Period& period, const std::string& actor, const std::string& reason,
                               const std::string& decision) = 0;
  // How many times `decision` has reopened `period`, so that a decision reopens a month once.
  virtual Result<int> reopenings_under(const Period& period, const std::string& decision) = 0;

  // Movements by account and month for months in [from, to], for accounts under prefix.
  virtual std::vector<BalanceRow> balances(const Period& from, const Period& to, const std::string& prefix) = 0;

  virtual std::vector<QuarantinedRow> quarantine(bool open_only) = 0;
  // Sets an open row aside for good, saying who and why.
  virtual Status dismiss_quarantined(std::int64_t id, const std::string& actor, const std::string& reason) = 0;

  // Recomputes every entry's hash in order, every maintained balance from the postings, each
  // entry's month from its date and each month's state from its log; then the record chain
  // (record_chain.hpp) over the journal's chained tables and `also_chained` (another owner's,
  // in the same file). With `expected`, the record chain must still hold that head.
  virtual VerifyReport verify(std::span<const ChainedTable> also_chained = {},
                              const std::optional<ChainHead>& expected = std::nullopt) = 0;
  // What a report checks before it reads the books, at a cost that does not grow with the
  // journal: the record chain as verify() checks it (the journal's head against its seal
  // among them), then the maintained balances against the digest sealed with that head, their
  // forms, and each month's state from its log. Entries are not re-hashed (rehashed false):
  // what a report reads of the journal is its balances. Books whose last head was sealed
  // without a digest (before poolbook sealed one) get the whole verify().
  virtual VerifyReport verify_sealed(std::span<const ChainedTable> also_chained = {}) = 0;
  // The record chain's head: what `verify --expect-head` is given later.
  virtual Result<ChainHead> record_head() = 0;
  // The record chain's last record of the month's latest close (its log, then the journal's
  // head with the close's own postings): its number and hash commit to everything the books
  // held when the month closed, and are what the close printed as the head of the books.
  // nullopt while the month is not closed.
  virtual Result<std::optional<ChainHead>> close_record(const Period& period) = 0;
  // Whether the month has ever been closed (it may have been reopened since).
  virtual bool ever_closed(const Period& period) = 0;
};

}  // namespace poolbook::ledger
