#include "poolbook/daemon/books/disputes.hpp"

namespace poolbook::books {
namespace {

// A person acting in a dispute that is not theirs is refused, and the refusal logged with
// the other checks of authority.
Error logged_if_outsider(Books& books, const std::string& verb, const std::string& actor, const std::string& id,
                         Error error) {
  if (error.kind != ErrorKind::refused) return error;
  const std::string reason = id + ": " + error.message;
  return logged_refusal(books, {actor, "dispute " + verb, ledger::Money{}, "", false, reason, {}}, std::move(error));
}

Result<contracts::DisputeLevel> level_now(Books& books, const DisputeEventRequest& request) {
  if (request.from) return *request.from;
  auto dispute = books.governance->dispute(request.id);
  if (!dispute) return dispute.error();
  return contracts::dispute_level(*dispute);
}

}  // namespace

Result<contracts::DisputeRecord> open_dispute(Books& books, const std::string& as,
                                              const contracts::DisputeOpening& opening, date::year_month_day today) {
  auto actor = known_actor(books, as, "dispute open", "open a dispute");
  if (!actor) return actor.error();
  auto opened = contracts::open_dispute(books.agreement, opening, **actor, today);
  if (!opened) return logged_if_outsider(books, "open", (*actor)->id, opening.id, opened.error());
  if (auto recorded = books.governance->record_dispute(*opened); !recorded) return recorded.error();
  return opened;
}

Result<DisputeEvent> move_dispute(Books& books, const std::string& as, const DisputeEventRequest& request,
                                  date::year_month_day today) {
  const bool closing = request.move == DisputeMove::close;
  const std::string verb = closing ? "close" : "step";
  auto actor = known_actor(books, as, "dispute " + verb, closing ? "close a dispute" : "escalate a dispute");
  if (!actor) return actor.error();
  auto from = level_now(books, request);
  if (!from) return from.error();
  const contracts::Agreement& agreement = books.agreement;
  // The dispute read, the next event worked out from it and written, in one transaction: two
  // sessions cannot both escalate from the same rung.
  auto event = books.db->write_value([&]() -> Result<contracts::DisputeEventRecord> {
    auto now = books.governance->dispute(request.id);
    if (!now) return now.error();
    auto next = closing ? contracts::close_dispute(agreement, *now, *from, request.on, request.text, **actor, today)
                        : contracts::escalate_dispute(agreement, *now, *from, request.on, request.text, **actor, today);
    if (!next) return next;
    return books.governance->append_dispute_event(request.id, *next);
  });
  if (!event) return logged_if_outsider(books, verb, (*actor)->id, request.id, event.error());
  return DisputeEvent{std::move(event).value(), *from};
}

Result<std::vector<DisputeStanding>> disputes_as_at(Books& books, date::year_month_day today, bool include_closed) {
  std::vector<DisputeStanding> standings;
  for (auto& dispute : books.governance->disputes()) {
    if (dispute.opened_on > today) continue;  // not yet opened as at today
    auto state = contracts::dispute_state(books.agreement, dispute, today);
    if (!state) return state.error();
    if (state->closed_on && !include_closed) continue;
    standings.push_back(DisputeStanding{std::move(dispute), std::move(state).value()});
  }
  return standings;
}

Result<DisputeStanding> dispute_as_at(Books& books, const std::string& id, date::year_month_day today) {
  auto dispute = books.governance->dispute(id);
  if (!dispute) return dispute.error();
  auto state = contracts::dispute_state(books.agreement, *dispute, today);
  if (!state) return state.error();
  return DisputeStanding{std::move(dispute).value(), std::move(state).value()};
}

}  // namespace poolbook::books
