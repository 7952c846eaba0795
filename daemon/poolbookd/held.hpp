#pragma once
// A refusal poolbookd holds instead of meeting it again at every tick: a month's close refused,
// or a file the turn could not take for a fault that is not the file's (the person the service
// acts as may not import, the books cannot be written). It is held with the books and the
// service as they stood then: the chain's head, and who acts (the operating-system account and
// act_as). The same step is tried again only once either has changed (a file imported, a
// person's correction, another account or act_as) or the held file changed, never every tick,
// which would only fill the authority log with the same refusal. poolbookd keeps it beside the
// books, so that a restart or a run of --once from cron does not try it again either.
//
//   std::optional<HeldRefusal> held = load_held("books.db.poolbookd.held");
//   if (held && held->holds("2025/26 M06", head, who)) ...   // report it again, try nothing
#include <optional>
#include <string>

#include "poolbook/ledger/error.hpp"

namespace poolbook::daemon {

struct HeldRefusal {
  std::string subject;  // "2025/26 M06", or "file receipts.csv 1234 1755255600" (name, size, time)
  std::string head;     // the audit chain's head after the refusal
  std::string who;      // "pool.manager/r.osei": the account and act_as
  Error refusal;
  [[nodiscard]] bool holds(const std::string& step, const std::string& head_now, const std::string& who_now) const {
    return subject == step && head == head_now && who == who_now;
  }
};

// The refusal held in `file`: nullopt if there is none, or it is not a regular file poolbookd
// can read (logged, and then the step is simply tried).
std::optional<HeldRefusal> load_held(const std::string& file);
// Keeps it there, written whole (a new file, never through a link, flushed, renamed into
// place); nullopt removes it.
void save_held(const std::string& file, const std::optional<HeldRefusal>& held);

}  // namespace poolbook::daemon
