#include "poolbook/daemon/books/month_close.hpp"

#include <optional>

#include "poolbook/contracts/agreement/chart_of_accounts.hpp"
#include "poolbook/daemon/books/periods.hpp"
#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/store/sqlite_database.hpp"

namespace poolbook::books {
namespace {

std::string setting_key(const ledger::Period& period) { return "month-end." + period.to_string(); }

ledger::Entry accrual_entry(const contracts::ContributionPosition& position, ledger::Money amount,
                            const ledger::Period& period, const std::string& actor) {
  ledger::Entry entry;
  entry.date = period.last_day();
  entry.kind = ledger::EntryKind::accrual;
  entry.description = (amount.is_negative() ? "Contribution received in advance from " : "Contribution due from ") +
                      position.partner + " to " + position.arrangement + " at the close of " + period.to_string();
  entry.reference = "close " + period.to_string();
  entry.postings = {{contracts::account_path::receivable(position.arrangement, position.partner), amount},
                    {contracts::account_path::contributions(position.arrangement, position.partner), -amount}};
  entry.provenance.profile = "close";
  entry.provenance.actor = actor;
  entry.provenance.recorded_at = ledger::utc_timestamp_now();
  return entry;
}

// What the receivable from a partner holds at the month's end, from the first month of the
// term: the accruals of closes not yet reversed (a month closed again after a reopening
// accrues only the difference).
ledger::Money receivable_at(Books& books, const contracts::ContributionPosition& position,
                            const ledger::Period& period) {
  const std::string path = contracts::account_path::receivable(position.arrangement, position.partner);
  ledger::Money held;
  for (const ledger::BalanceRow& row :
       books.store->balances(ledger::Period::containing(books.agreement.start), period, path))
    if (row.account == path) held += row.movement;
  return held;
}

}  // namespace

std::string statement_record(const MonthStatement& statement) {
  std::string out = "statement " + statement.agreement_id + " " + statement.period.to_string() + "\n";
  for (const auto& exception : statement.exceptions)
    out += "exception " + exception.rule + (exception.hard ? " hard " : " ") + exception.message + "\n";
  for (const auto& position : statement.owed.positions)
    out += "owed " + position.partner + " " + position.arrangement + " agreed " + position.agreed.to_plain() + " due " +
           position.due_to_date.to_plain() + " received " + position.received_to_date.to_plain() + " outstanding " +
           position.outstanding.to_plain() + " overpaid " + position.overpaid.to_plain() + "\n";
  for (const auto& line : statement.monitoring.schemes) {
    const auto& amounts = line.amounts;
    out += "scheme " + line.scheme + " " + line.arrangement + " budget " + amounts.budget.to_plain() + " to-date " +
           amounts.budget_to_date.to_plain() + " actual " + amounts.actual_to_date.to_plain() + " variance " +
           amounts.variance.to_plain() + " " + std::string(contracts::rag_word(amounts.status)) + "\n";
  }
  for (const auto& scheme : statement.forecast.schemes)
    out += "forecast " + scheme.scheme + " " + std::string(contracts::forecast_method_word(scheme.method)) + " " +
           scheme.outturn.to_plain() + " variance " + scheme.variance.to_plain() + "\n";
  for (const auto& arrangement : statement.forecast.arrangements)
    if (arrangement.exposure)
      for (const auto& partner : arrangement.exposure->partners)
        out += "exposure " + arrangement.arrangement + " " + partner.partner + " " + partner.amount.to_plain() + "\n";
  out += "proof spend " + statement.statement_spend.to_plain() + " journal " + statement.journal_spend.to_plain() +
         " received " + statement.statement_received.to_plain() + " journal " + statement.journal_received.to_plain() +
         "\n";
  return out;
}

Result<MonthClose> close_month_end(Books& books, const std::string& as, const ledger::Period& period) {
  auto actor = known_actor(books, as, "period-close", "close a month");
  if (!actor) return actor.error();
  MonthClose closed{period, (*actor)->id, false, {}, {}, {}, {}};
  std::optional<Error> refused;
  Status done = books.db->write([&]() -> Status {
    if (books.store->is_closed(period)) {  // closing twice changes nothing
      closed.already_closed = true;
      if (auto kept = books.store->setting(setting_key(period))) closed.statement_digest = ledger::sha256_hex(*kept);
      return ok_status();
    }
    if (auto may = may_close(books, period); !may) return may;
    auto statement = month_statement(books, period);
    if (!statement) return statement.error();
    std::vector<std::string> hard;
    for (const auto& exception : statement->exceptions)
      (exception.hard ? hard.push_back(exception.message + " [" + exception.rule + "]")
                      : closed.exceptions.push_back(exception));
    if (!hard.empty()) {
      Error stop = refusal("close.exceptions", period.to_string() + " was not closed: its statement has " +
                                                   std::to_string(hard.size()) +
                                                   " hard error(s), listed above; nothing was changed");
      stop.details = hard;
      return *(refused = stop);
    }
    const ledger::Period next = period.next();
    for (const auto& position : statement->owed.positions) {
      if (position.form != contracts::ContributionForm::cash) continue;
      const ledger::Money amount = position.outstanding - position.overpaid - receivable_at(books, position, period);
      if (amount.is_zero()) continue;
      auto posted = books.store->append({accrual_entry(position, amount, period, closed.actor)});
      if (!posted) return posted.error();
      auto reversal =
          books.store->reverse(posted->front(), next.first_day(),
                               "Reversal of the accrual at the close of " + period.to_string(), closed.actor);
      if (!reversal) return reversal.error();
      closed.accruals.push_back({position.partner, position.arrangement, amount, posted->front(), *reversal});
    }
    const std::string record = statement_record(*statement);
    closed.statement_digest = ledger::sha256_hex(record);
    if (auto kept = books.store->set_setting(setting_key(period), record); !kept) return kept;
    return books.store->close_period(period, closed.actor);
  });
  if (!done) return done.error();
  auto head = books.store->record_head();
  if (!head) return head.error();
  closed.head = *head;
  return closed;
}

}  // namespace poolbook::books
