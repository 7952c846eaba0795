#pragma once
// What poolbookd knows of its own work since it started: the turns it took, the files it
// took and why, the closes it made and the refusal that stops it now. Its turns write it;
// its status page and /metrics read it (from another thread), so every use takes the lock.
//
//   DaemonState state(Clock::now());
//   state.record_turn(*turn, now);
//   const DaemonState::Snapshot seen = state.snapshot();
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "cycle.hpp"

namespace poolbook::daemon {

// A file the daemon took from the inbox: imported (to done/) or rejected (with its reason).
struct FileEvent {
  std::string name;
  Clock::time_point at;
  bool imported = false;
  std::string detail;  // the reason for a rejection
};

class DaemonState {
 public:
  struct Snapshot {
    Clock::time_point started;
    std::optional<Clock::time_point> last_turn_at;
    std::optional<Clock::time_point> last_close_at;  // when this daemon last closed a month
    std::string last_closed;                         // the month it closed then
    std::uint64_t turns = 0;
    std::uint64_t files_imported = 0;
    std::uint64_t files_rejected = 0;
    std::uint64_t rows_posted = 0;
    std::uint64_t rows_quarantined = 0;
    std::uint64_t months_closed = 0;
    std::uint64_t errors = 0;      // turns that failed, and closes or publishing refused
    std::optional<Error> refused;  // what stopped the last turn, if anything did
    std::optional<Error> failed;   // the last turn's failure (the books unreadable, ...)
    std::size_t waiting = 0;       // files the last turn left in the inbox (no month closes)
    std::deque<FileEvent> files;   // the latest files taken, newest last
  };

  explicit DaemonState(Clock::time_point started) { data_.started = started; }

  // A turn finished at `at`.
  void record_turn(const TurnReport& turn, Clock::time_point at) {
    const std::lock_guard<std::mutex> hold(mutex_);
    ++data_.turns;
    data_.last_turn_at = at;
    data_.failed.reset();
    data_.files_imported += turn.imported.size();
    data_.files_rejected += turn.rejected.size();
    data_.rows_posted += turn.rows_posted;
    data_.rows_quarantined += turn.rows_quarantined;
    data_.months_closed += turn.closed.size();
    if (!turn.closed.empty()) {
      data_.last_close_at = at;
      data_.last_closed = turn.closed.back();
    }
    for (const std::string& name : turn.imported) remember({name, at, true, {}});
    for (const RejectedFile& file : turn.rejected) remember({file.name, at, false, file.reason});
    // A refusal counts once, not at every turn that reports it again while it is held.
    const bool same = data_.refused && turn.refused && data_.refused->rule == turn.refused->rule &&
                      data_.refused->message == turn.refused->message;
    if (turn.refused && !same) ++data_.errors;
    data_.refused = turn.refused;
    data_.waiting = turn.waiting.size();
  }

  // A turn that could not run at all.
  void record_failure(const Error& error, Clock::time_point at) {
    const std::lock_guard<std::mutex> hold(mutex_);
    ++data_.turns;
    ++data_.errors;
    data_.last_turn_at = at;
    data_.failed = error;
  }

  [[nodiscard]] Snapshot snapshot() const {
    const std::lock_guard<std::mutex> hold(mutex_);
    return data_;
  }

 private:
  static constexpr std::size_t kFilesKept = 500;
  void remember(FileEvent event) {
    data_.files.push_back(std::move(event));
    while (data_.files.size() > kFilesKept) data_.files.pop_front();
  }

  mutable std::mutex mutex_;
  Snapshot data_;
};

}  // namespace poolbook::daemon
