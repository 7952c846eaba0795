#pragma once
// Disputes between partners, followed up the agreement's dispute ladder: opened at the first
// rung, escalated a rung at a time, closed with a resolution; each rung's deadline in working
// days. The history is kept in the books, append-only.
//
//   auto opened = books::open_dispute(books, "r.osei", {"DR-2025-01", {"county", "icb"}, "S07 overspend",
//                                                       amount, "S07", on}, today);
//   auto stepped = books::move_dispute(books, "s.wright", {"DR-2025-01", DisputeMove::escalate, note, on}, today);
//
// Guarantees: only a person of the agreement from a partner in dispute acts in it (anyone
// else is refused and the refusal logged); a step or close from a level the dispute has left
// is refused as stale, so two sessions cannot skip a rung.

#include <optional>
#include <string>
#include <vector>

#include "poolbook/contracts/governance/dispute.hpp"
#include "poolbook/daemon/books/books.hpp"

namespace poolbook::books {

Result<contracts::DisputeRecord> open_dispute(Books& books, const std::string& as,
                                              const contracts::DisputeOpening& opening, date::year_month_day today);

enum class DisputeMove { escalate, close };
struct DisputeEventRequest {
  std::string id;
  DisputeMove move = DisputeMove::escalate;
  std::string text;  // the note (why it goes up) or the resolution
  date::year_month_day on;
  // The level it stands at, as the person saw it; when absent, as read now (before the
  // write transaction, inside which a dispute that has moved since is refused).
  std::optional<contracts::DisputeLevel> from;
};
struct DisputeEvent {
  contracts::DisputeEventRecord event;
  contracts::DisputeLevel from = contracts::DisputeLevel::officers;  // where it stood
};
Result<DisputeEvent> move_dispute(Books& books, const std::string& as, const DisputeEventRequest& request,
                                  date::year_month_day today);

// A dispute and where it stands as at `today`.
struct DisputeStanding {
  contracts::DisputeRecord dispute;
  contracts::DisputeState state;
};
// Disputes opened on or before `today`, closed ones too when `include_closed`.
Result<std::vector<DisputeStanding>> disputes_as_at(Books& books, date::year_month_day today, bool include_closed);
Result<DisputeStanding> dispute_as_at(Books& books, const std::string& id, date::year_month_day today);

}  // namespace poolbook::books
