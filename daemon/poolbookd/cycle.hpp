#pragma once
// One turn of poolbookd (docs/daemon.md): the inbox's complete files imported, each by the
// profile its name matches, and moved to inbox/done/ or inbox/rejected/ (with a .reason file
// beside it); then every month of the agreement's term whose close time has passed, oldest
// first: closed if it is not, and its statement published into outbox/2025-26/M06/ (at a
// quarter's end also the board pack of every board and the ROI report, into
// outbox/2025-26/Q2/) if they are not there. A close refused stops the turn at that month:
// no month is ever skipped, and the next turn tries it again.
//
// Idempotent: a turn after a turn that was killed part-way finishes its work (a month closed
// but not published is published before any later month closes); a turn with nothing to do
// changes nothing. Published folders appear whole: each is written under a temporary name in
// the outbox and renamed into place.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"
#include "held.hpp"
#include "poolbook/daemon/books/books.hpp"
#include "poolbook/ledger/calendar/financial_calendar.hpp"

namespace poolbook::daemon {

using Clock = std::chrono::system_clock;

// When the month closes under the rule: working day N after its end, at HH:MM London time.
Result<Clock::time_point> close_time(const ledger::Period& period, const CloseRule& rule);

struct RejectedFile {
  std::string name;
  std::string reason;
};

struct TurnReport {
  std::vector<std::string> imported;   // file names, moved to done/
  std::vector<RejectedFile> rejected;  // moved to rejected/, with the reason beside them
  std::vector<std::string> waiting;    // not complete yet (changed within the settle interval)
  std::size_t rows_posted = 0;
  std::size_t rows_quarantined = 0;
  std::vector<std::string> closed;     // "2025/26 M06"
  std::vector<std::string> published;  // folders made in the outbox
  std::optional<Error> refused;        // the close (or publishing) that stopped the turn
  std::optional<ledger::Period> next_close;
  std::optional<Clock::time_point> next_close_at;
};

struct TurnOptions {
  // Wait for files still being written (--once) instead of leaving them to the next turn.
  bool wait_for_settle = false;
  // Told of each step as it starts: what ("importing receipts-2025-04.csv", "closing 2025/26
  // M05"), how many steps are done, and how many the turn has in all (files, then months due).
  std::function<void(const std::string& what, std::size_t done, std::size_t total)> progress;
};

// Files seen in the inbox from turn to turn: a file whose size and time of change have not
// moved for the settle interval is complete, whatever that time says (a file copied with its
// time kept, from a clock that runs ahead, may be stamped in the future).
struct Sighting {
  std::uintmax_t size = 0;
  std::filesystem::file_time_type changed;
  std::chrono::steady_clock::time_point since;
};
using Sightings = std::map<std::string, Sighting>;

// `now` decides which months are due (poolbookd --now fixes it). `held` carries a refused
// step from turn to turn (set when one is refused, cleared once it is done); `sightings` the
// inbox's files as last seen.
Result<TurnReport> run_turn(const DaemonConfig& config, books::Books& books, Clock::time_point now,
                            const TurnOptions& options, std::optional<HeldRefusal>& held, Sightings& sightings);

// The months of the agreement's term, oldest first.
std::vector<ledger::Period> term_months(const contracts::Agreement& agreement);

}  // namespace poolbook::daemon
