#pragma once
// poolbookd's status as a pool manager reads it (docs/daemon.md, "The status page"): the
// term's months, closed, due or to come, with the next close; the files taken today; the
// rows waiting in quarantine; the exceptions of the month to close next; the packs
// published. Read from the books in one snapshot and from the daemon's own state; reading
// never changes the books.
//
//   auto seen = books_status(config, books, now);
//   const std::string page = status_page(config, *seen, state.snapshot(), now);
//   const std::string metrics = metrics_text(*seen, state.snapshot(), now);
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"
#include "cycle.hpp"
#include "poolbook/daemon/books/month_end.hpp"
#include "state.hpp"

namespace poolbook::daemon {

enum class MonthState {
  closed,    // closed (and locked)
  due,       // its close time has passed, and it is not closed yet
  reopened,  // closed once, reopened by a person: theirs to close again
  to_come,   // its close time is still ahead
};
std::string month_state_word(MonthState state);  // "closed", "due", "reopened", "to come"

struct MonthLine {
  ledger::Period period;
  Clock::time_point close_at;
  MonthState state = MonthState::to_come;
  std::string close_record;  // the close's record in the audit chain ("412:9f3c..."), if closed
  bool published = false;    // its statement is in the outbox
};

// A published HTML document, as a path below the outbox ("2025-26/Q2/board-pack-2025-26-Q2.html").
struct PublishedLink {
  std::string folder;  // "2025-26/Q2"
  std::string path;
};

struct BooksStatus {
  std::string title;      // the agreement's
  std::string agreement;  // its id
  std::string head;       // the audit chain's head
  std::vector<MonthLine> months;
  std::size_t months_closed = 0;
  std::size_t months_behind = 0;  // due and not closed
  std::optional<ledger::Period> last_closed;
  std::optional<ledger::Period> next_close;
  std::optional<Clock::time_point> next_close_at;
  std::vector<ledger::QuarantinedRow> quarantined;  // open rows, oldest first
  std::optional<ledger::Period> exceptions_of;      // the month the exceptions are of
  std::vector<books::StatementException> exceptions;
  std::string exceptions_failed;         // why they could not be read, if they could not
  std::vector<PublishedLink> documents;  // the quarters' HTML documents, latest quarter first
};

// The books' side of the status, read in one snapshot.
Result<BooksStatus> books_status(const DaemonConfig& config, books::Books& books, Clock::time_point now);

// The status page: one HTML page, no script, refreshing itself every minute.
std::string status_page(const DaemonConfig& config, const BooksStatus& books, const DaemonState::Snapshot& state,
                        Clock::time_point now);

// The Prometheus text exposition (version 0.0.4) of the same figures.
std::string metrics_text(const BooksStatus& books, const DaemonState::Snapshot& state, Clock::time_point now);

}  // namespace poolbook::daemon
