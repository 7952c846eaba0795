#include "poolbook/daemon/books/disputes.hpp"

#include "poolbook/ledger/calendar/date_format.hpp"

namespace poolbook::books {
namespace {

// A person acting in a dispute that is not theirs is refused, and the refusal logged with
// the other checks of authority.
Error logged_if_outsider(Books& books, const std::string& verb, const std::string& actor, const std::string& id,
                         Error error) {
  if (error.kind == ErrorKind::refused)
    (void)books.store->log_authority(
        ledger::AuthorityEvent{actor, "dispute " + verb, ledger::Money{}, "", false, id + ": " + error.message, ""});
  return error;
}

Result<contracts::DisputeLevel> level_now(Books& books, const DisputeEventRequest& request) {
  if (request.from) return *request.from;
  for (const auto& dispute : books.store->disputes())
    if (dispute.id == request.id) return contracts::dispute_level(dispute);
  return not_found("dispute.unknown", "there is no dispute " + request.id + " in these books");
}

}  // namespace

Result<ledger::DisputeRecord> open_dispute(Books& books, const std::string& as,
                                           const contracts::DisputeOpening& opening, date::year_month_day today) {
  auto actor = known_actor(books, as, "dispute open", "open a dispute");
  if (!actor) return actor.error();
  auto opened = contracts::open_dispute(books.agreement, opening, **actor, today);
  if (!opened) return logged_if_outsider(books, "open", (*actor)->id, opening.id, opened.error());
  if (auto recorded = books.store->record_dispute(*opened); !recorded) return recorded.error();
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
  auto event = books.store->record_dispute_event(
      request.id, [&](const ledger::DisputeRecord& now) -> Result<ledger::DisputeEventRecord> {
        if (closing) return contracts::close_dispute(agreement, now, *from, request.on, request.text, **actor, today);
        return contracts::escalate_dispute(agreement, now, *from, request.on, request.text, **actor, today);
      });
  if (!event) return logged_if_outsider(books, verb, (*actor)->id, request.id, event.error());
  return DisputeEvent{std::move(event).value(), *from};
}

Result<std::vector<DisputeStanding>> disputes_as_at(Books& books, date::year_month_day today, bool include_closed) {
  std::vector<DisputeStanding> standings;
  for (auto& dispute : books.store->disputes()) {
    if (dispute.opened_on > ledger::to_iso(today)) continue;  // not yet opened as at today (ISO dates sort)
    auto state = contracts::dispute_state(books.agreement, dispute, today);
    if (!state) return state.error();
    if (state->closed_on && !include_closed) continue;
    standings.push_back(DisputeStanding{std::move(dispute), std::move(state).value()});
  }
  return standings;
}

Result<DisputeStanding> dispute_as_at(Books& books, const std::string& id, date::year_month_day today) {
  for (auto& dispute : books.store->disputes()) {
    if (dispute.id != id) continue;
    auto state = contracts::dispute_state(books.agreement, dispute, today);
    if (!state) return state.error();
    return DisputeStanding{std::move(dispute), std::move(state).value()};
  }
  return not_found("dispute.unknown", "there is no dispute " + id + " in these books");
}

}  // namespace poolbook::books
