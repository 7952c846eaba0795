#include "poolbook/daemon/books/periods.hpp"

#include "poolbook/contracts/governance/governance.hpp"

namespace poolbook::books {

Result<MonthAction> close_month(Books& books, const std::string& as, const ledger::Period& period) {
  auto actor = known_actor(books, as, "period-close", "close a month");
  if (!actor) return actor.error();
  if (auto done = books.store->close_period(period, (*actor)->id); !done) return done.error();
  return MonthAction{period, (*actor)->id};
}

Result<MonthAction> reopen_month(Books& books, const std::string& as, const Reopening& reopening,
                                 date::year_month_day today) {
  auto actor = known_actor(books, as, "period-reopening", "reopen a month");
  if (!actor) return actor.error();
  // Checked in the store's transaction, so that a decision reopens a month once.
  const auto allowed = [&](const std::optional<ledger::DecisionRecord>& cited, int reopened_under_it) -> Status {
    if (!reopening.decision.empty() && !cited)
      return not_found("authority.decision", "there is no decision " + reopening.decision +
                                                 " in these books (record it with poolbook decide)");
    return contracts::authorise_reopening(books.agreement, *actor, reopening.period, cited, reopened_under_it, today);
  };
  if (auto done =
          books.store->reopen_period(reopening.period, (*actor)->id, reopening.reason, reopening.decision, allowed);
      !done)
    return done.error();
  return MonthAction{reopening.period, (*actor)->id};
}

}  // namespace poolbook::books
