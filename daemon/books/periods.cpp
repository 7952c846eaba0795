#include "poolbook/daemon/books/periods.hpp"

#include "poolbook/contracts/governance/governance.hpp"
#include "poolbook/daemon/books/month_close.hpp"

namespace poolbook::books {

// Months are closed within the agreement's term (the books hold nothing outside it) and in
// order: a month's figures carry forward, so a month closes only after the one before it.
Status within_term(const Books& books, const ledger::Period& period, const std::string& subject,
                   const std::string& consequence) {
  const ledger::Period first = ledger::Period::containing(books.agreement.start);
  const ledger::Period last = ledger::Period::containing(books.agreement.effective_end());
  if (period < first || last < period)
    return refusal("period.term", subject + " is outside the agreement's term (" + first.to_string() + " to " +
                                      last.to_string() + ")" + consequence);
  return ok_status();
}

Status may_close(Books& books, const ledger::Period& period) {
  if (auto term = within_term(books, period, period.to_string(), ", so there is nothing in it to close"); !term)
    return term;
  if (ledger::Period::containing(books.agreement.start) < period && !books.store->is_closed(period.previous()))
    return refusal("period.order", period.to_string() + " cannot close before " + period.previous().to_string() +
                                       ": months close in order");
  return ok_status();
}

Result<MonthAction> close_month(Books& books, const std::string& as, const ledger::Period& period) {
  // The same steps as the month-end close (its statement, its accruals, the lock), but a
  // month already closed is refused rather than left as it is.
  if (books.store->is_closed(period)) {
    if (auto actor = known_actor(books, as, "period-close", "close a month"); !actor) return actor.error();
    return refusal("period.closed", period.to_string() + " is already closed");
  }
  auto closed = close_month_end(books, as, period);
  if (!closed) return closed.error();
  if (closed->already_closed)  // closed by another session meanwhile
    return refusal("period.closed", period.to_string() + " is already closed");
  return MonthAction{period, closed->actor, closed->head};
}

Result<MonthAction> reopen_month(Books& books, const std::string& as, const Reopening& reopening,
                                 date::year_month_day today) {
  auto known = known_actor(books, as, "period-reopening", "reopen a month");
  if (!known) return known.error();
  const contracts::Person& actor = **known;
  const ledger::Period& period = reopening.period;
  // The check, the reopening and the authority log's line in one transaction, so that a
  // decision reopens a month once; a refusal of authority is logged afterwards, on its own.
  std::optional<Error> refused;
  Status done = books.db->write([&]() -> Status {
    if (auto may = books.store->may_reopen(period, actor.id, reopening.reason); !may) return may;
    // Months reopen in the reverse of the order they close: a month reopened under a closed
    // later month could not close again (its accruals are reversed in the month after), and
    // the later month's recorded statement would no longer stand.
    if (books.store->is_closed(period.next()))
      return *(refused =
                   refusal("period.order", period.to_string() + " cannot reopen while " + period.next().to_string() +
                                               " is closed: reopen the later months first, latest first"));
    auto cited = cited_decision(books, reopening.decision);
    if (!cited) return *(refused = cited.error());
    int reopened_under_it = 0;
    if (*cited) {
      auto reopened = books.store->reopenings_under(period, reopening.decision);
      if (!reopened) return reopened.error();
      reopened_under_it = *reopened;
    }
    if (auto allowed =
            contracts::authorise_reopening(books.agreement, &actor, period, *cited, reopened_under_it, today);
        !allowed)
      return *(refused = allowed.error());
    if (auto reopened = books.store->reopen_period(period, actor.id, reopening.reason, reopening.decision); !reopened)
      return reopened;
    return books.governance->log_authority(
        contracts::AuthorityEvent{actor.id,
                                  "period-reopening",
                                  ledger::Money{},
                                  reopening.decision,
                                  true,
                                  "reopened " + period.to_string() + ": " + reopening.reason,
                                  {}});
  });
  if (refused)
    return logged_refusal(books,
                          {actor.id,
                           "period-reopening",
                           ledger::Money{},
                           reopening.decision,
                           false,
                           period.to_string() + ": " + refused->message,
                           {}},
                          *refused);
  if (!done) return done.error();
  auto head = books.store->record_head();
  if (!head) return head.error();
  return MonthAction{period, actor.id, *head};
}

}  // namespace poolbook::books
