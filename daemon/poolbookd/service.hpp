#pragma once
// What poolbookd does around its turns: holds the lock that makes it the only daemon on its
// books, makes the books ready (created from the configured agreement if there are none, a
// changed agreement adopted as a variation), and draws a progress bar on a terminal.
//
//   auto lock = StoreLock::take(config.store);            // exit 5 if another daemon has it
//   auto books = ready_books(config, today);              // the books, under the agreement
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include <date/date.h>

#include "config.hpp"
#include "poolbook/daemon/books/books.hpp"
#include "poolbook/ledger/store/pg_database.hpp"

namespace poolbook::daemon {

// An exclusive lock on "<store>.poolbookd.lock" beside the books' real file (links resolved,
// so two paths to one file give one lock), and once the books exist, on the books' file
// itself (so that a hard link, another name for the same file, finds it held too); held until
// destroyed.
class StoreLock {
 public:
  // The lock, or why not: held by another process (rule daemon.lock, conflict), or not makeable.
  // For books in a file it is beside them; for books in PostgreSQL, beside the outbox.
  static Result<StoreLock> take(const std::string& store, const std::string& outbox);
  // The lock on the books themselves, once they exist: an flock on the file (which SQLite's
  // own locks do not meet; the descriptor stays open as long as the lock, so SQLite's locks
  // are kept), or in PostgreSQL a session's advisory lock on the agreement's books, which a
  // poolbookd on another machine meets too.
  Status hold_books(const std::string& store);
  StoreLock(StoreLock&& other) noexcept;
  StoreLock& operator=(StoreLock&& other) noexcept;
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;
  ~StoreLock();
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  StoreLock(int descriptor, std::string path) : descriptor_(descriptor), path_(std::move(path)) {}
  int descriptor_ = -1;
  int books_descriptor_ = -1;
  std::string path_;
  std::shared_ptr<ledger::PgDatabase> session_;  // holds the advisory lock while it is open
};

// The books at config.store, opened for the account the service runs as. With [books]
// agreement: books that do not exist yet are created from it, and an agreement whose text
// differs from the one the books follow is adopted as a variation, by the same rules as
// `poolbook init` (a variation changing who may do what needs [books] decision). A refused
// variation is logged and the books go on under the agreement they follow (on a reload);
// `at_start`, it is refused instead, so that a daemon never starts on books that do not follow
// the agreement its configuration names. The configured
// agreement must be a file only its owner can change, and that owner root or the service's
// own account (rule file.permissions): the daemon adopts what it says unattended.
Result<books::Books> ready_books(const DaemonConfig& config, date::year_month_day today, bool at_start);

// Refused (file.permissions) if anyone but its owner may write `file`, or its owner is neither
// root nor this process's account: a file the daemon acts on unattended.
Status trusted_file(const std::string& file, std::string_view what);

// A one-line progress bar on standard error, redrawn in place; nothing unless it is a terminal.
class ProgressBar {
 public:
  ProgressBar();
  void show(const std::string& what, std::size_t done, std::size_t total);
  void finish();

 private:
  bool terminal_ = false;
  bool drawn_ = false;
};

}  // namespace poolbook::daemon
