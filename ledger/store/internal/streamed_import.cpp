#include "poolbook/ledger/store/internal/streamed_import.hpp"

#include "poolbook/ledger/store/internal/journal_reader.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "poolbook/ledger/store/internal/period_key.hpp"

namespace poolbook::ledger {

// (The unary + keeps SQLite from substituting ?2 for e.reference inside upper(), which
// would leave the index of references in capitals unused and scan the journal per row.)
const char* const kReferencePostedSql =
    "SELECT 1 FROM entries e JOIN sources s ON s.id = e.source WHERE upper(e.reference) = upper(?2) "
    "AND +e.reference = ?2 AND s.profile = ?1 "
    "AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.reverses = e.id) LIMIT 1";

namespace {

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

// The books as committed before the batch began, read through a second connection so the
// source's lookups run beside the writer. Nobody else can commit meanwhile: the writer
// holds the write lock.
class SnapshotView final : public BooksView {
 public:
  // The snapshot is one read transaction for the whole batch: a transaction per lookup
  // would take and drop the file's locks for every row.
  SnapshotView(std::shared_ptr<SqliteDatabase> db, const Chain& chain) : db_(std::move(db)), chain_(chain) {
    // Its lookups probe one index a row: a small cache serves them (the system's file cache
    // holds the rest), so that an import's memory stays within bounds beside the writer's.
    (void)db_->exec("PRAGMA cache_size = -4096", "sizing the reader's cache");
    reading_ = db_->exec("BEGIN", "reading the books").ok();
  }
  SnapshotView(const SnapshotView&) = delete;
  SnapshotView& operator=(const SnapshotView&) = delete;
  ~SnapshotView() override {
    if (reading_) (void)db_->exec("ROLLBACK", "ending a read of the books");
  }
  bool is_closed(const Period& period) override { return chain_.closed().contains(period_key(period)); }
  bool account_open(const std::string& path) override { return chain_.accounts().contains(path); }
  bool reference_posted(const std::string& profile, const std::string& reference) override {
    {  // Most references are new: one probe of the index, whatever the case, settles those,
      // and the probable-duplicate lookup of the same row after it.
      Lease any = db_->cached("SELECT 1 FROM entries WHERE upper(reference) = upper(?1)");
      any->bind_unowned(1, reference);
      if (!db_->found_row(*any, "looking up a reference")) {
        absent_.assign(reference);
        return false;
      }
    }
    absent_.clear();
    Lease find = db_->cached(kReferencePostedSql);
    find->bind_unowned(1, profile).bind_unowned(2, reference);
    return db_->found_row(*find, "looking up a reference");
  }
  std::optional<EntryId> posted_alike(const std::string& reference, date::year_month_day date,
                                      const std::vector<Posting>& postings) override {
    if (!reference.empty() && reference == absent_) return std::nullopt;  // in no case in the books
    return find_posted_alike(*db_, reference, date, postings);
  }

 private:
  std::shared_ptr<SqliteDatabase> db_;
  const Chain& chain_;
  bool reading_ = false;
  std::string absent_;  // the last reference found in no case among the books' entries
};

void produce(const EntrySource& next, BooksView& books, Chain& chain, EntryQueue& queue) {
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
      if (++count > kMaxEntriesPerBatch) return queue.finish(make_error("store.limit", kBatchLimitMessage));
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

}  // namespace

// Inside the write transaction: pulls entries from the source until it is drained and
// writes them. For a store in a file the source runs on a second thread, consulting a
// second connection, while this one writes: reading, checking and hashing a row then costs
// no time on the writing side.
Result<std::size_t> stream_entries(SqliteDatabase& db, BooksView& books, const EntrySource& next, Chain& chain,
                                   JournalWriter& writer) {
  const std::string file = db.file_name();
  std::optional<SnapshotView> snapshot;
  if (!file.empty()) {
    auto reader = SqliteDatabase::open(file, SqliteDatabase::Access::read_only);
    if (!reader) return reader.error();
    snapshot.emplace(std::move(reader).value(), chain);
  }
  if (!snapshot) {  // a store in memory: one thread does both
    std::size_t written = 0;
    PreparedEntry slot;
    for (;;) {
      auto more = next(books, slot.entry);
      if (!more) return more.error();
      if (!*more) return written;
      if (written >= kMaxEntriesPerBatch) return make_error("store.limit", kBatchLimitMessage);
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

}  // namespace poolbook::ledger
