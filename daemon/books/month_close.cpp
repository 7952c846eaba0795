#include "poolbook/daemon/books/month_close.hpp"

#include <chrono>
#include <optional>
#include <sstream>

#include "poolbook/contracts/agreement/chart_of_accounts.hpp"
#include "poolbook/contracts/governance/governance.hpp"
#include "poolbook/daemon/books/periods.hpp"
#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/ledger/calendar/london_clock.hpp"
#include "poolbook/ledger/calendar/timestamp.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/store/sqlite_database.hpp"

namespace poolbook::books {
namespace {

ledger::Entry accrual_entry(const contracts::ContributionPosition& position, ledger::Money amount, bool adjustment,
                            const ledger::Period& period, const std::string& actor) {
  ledger::Entry entry;
  entry.date = period.last_day();
  entry.kind = ledger::EntryKind::accrual;
  entry.description = (adjustment             ? "Adjustment of the contribution accrued from "
                       : amount.is_negative() ? "Contribution received in advance from "
                                              : "Contribution due from ") +
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
// What an account's movements add up to from `from` to `to` (debits positive).
ledger::Money held(Books& books, const std::string& path, const ledger::Period& from, const ledger::Period& to) {
  ledger::Money total;
  for (const ledger::BalanceRow& row : books.store->balances(from, to, path))
    if (row.account == path) total += row.movement;
  return total;
}

ledger::Money receivable_at(Books& books, const contracts::ContributionPosition& position,
                            const ledger::Period& period) {
  return held(books, contracts::account_path::receivable(position.arrangement, position.partner),
              ledger::Period::containing(books.agreement.start), period);
}

Status recognise_in_kind(Books& books, const ledger::Period& period, MonthClose& closed) {
  auto owed = contracts::owed_and_paid(books.agreement, period, {});
  if (!owed) return owed.error();
  bool opened = false;
  for (const auto& position : owed->positions) {
    if (position.form != contracts::ContributionForm::in_kind || position.funds.empty()) continue;
    const contracts::Arrangement* arrangement = books.agreement.find_arrangement(position.arrangement);
    if (arrangement == nullptr) continue;
    const std::string income = contracts::account_path::in_kind(position.arrangement, position.partner);
    // What the in-kind income account holds for the year so far is in credit.
    const ledger::Money amount =
        position.due_to_date + held(books, income, ledger::Period(period.year(), ledger::FinancialMonth(1)), period);
    if (amount.is_zero()) continue;
    if (!opened) {
      if (auto done = books.store->open_accounts(contracts::chart_of_accounts(books.agreement)); !done) return done;
      opened = true;
    }
    ledger::Entry entry;
    entry.date = period.last_day();
    entry.kind = ledger::EntryKind::contribution;
    entry.description = "In-kind contribution of " + position.partner + " to " + position.arrangement + ", spent on " +
                        position.funds + ", recognised at the close of " + period.to_string();
    entry.reference = "close " + period.to_string();
    entry.postings = {{contracts::account_path::scheme(*arrangement, position.funds), amount}, {income, -amount}};
    entry.provenance.profile = "close";
    entry.provenance.actor = closed.actor;
    entry.provenance.recorded_at = ledger::utc_timestamp_now();
    auto posted = books.store->append({entry});
    if (!posted) return posted.error();
    closed.in_kind.push_back({position.partner, position.arrangement, position.funds, amount, posted->front()});
  }
  return ok_status();
}

Status accrue_payments(Books& books, const ledger::Period& period, MonthClose& closed) {
  bool opened = false;
  for (const PaymentDue& due : payments_due(books, period)) {
    if (!due.approved || due.approved->earned.is_zero()) continue;
    const std::string key = "contract-accrued." + due.contract + "." + due.period;
    if (books.store->setting(key)) continue;
    const contracts::Arrangement* arrangement = books.agreement.find_arrangement(due.arrangement);
    if (arrangement == nullptr) continue;
    if (!opened) {
      if (auto done = books.store->open_accounts(contracts::chart_of_accounts(books.agreement)); !done) return done;
      opened = true;
    }
    const ledger::Money amount = due.approved->earned;
    ledger::Entry entry;
    entry.date = period.last_day();
    entry.kind = ledger::EntryKind::accrual;
    entry.description = "Outcome payment earned by " + due.contract + " for " + due.period + ", approved by " +
                        due.approved->approved_by + ", accrued at the close of " + period.to_string();
    entry.reference = "close " + period.to_string();
    entry.postings = {{contracts::account_path::scheme(*arrangement, due.scheme), amount},
                      {contracts::account_path::accrued_creditors(due.arrangement), -amount}};
    entry.provenance.profile = "close";
    entry.provenance.actor = closed.actor;
    entry.provenance.recorded_at = ledger::utc_timestamp_now();
    auto posted = books.store->append({entry});
    if (!posted) return posted.error();
    auto reversal = books.store->reverse(posted->front(), period.next().first_day(),
                                         "Reversal of the accrual at the close of " + period.to_string(), closed.actor);
    if (!reversal) return reversal.error();
    if (auto kept = books.store->set_setting(
            key, "entry " + std::to_string(posted->front()) + " reversed by entry " + std::to_string(*reversal));
        !kept)
      return kept;
    closed.payment_accruals.push_back({due.contract, due.period, amount, posted->front(), *reversal});
  }
  return ok_status();
}

std::string year_end_key(ledger::FinancialYear year) { return "year-end." + year.to_string(); }

// The entries' content, to tell whether closing M12 again would post the same settlement.
std::string entries_text(const std::vector<ledger::Entry>& entries) {
  std::string out;
  for (const ledger::Entry& entry : entries) {
    out += ledger::to_iso(entry.date) + " " + entry.description + "\n";
    for (const ledger::Posting& posting : entry.postings)
      out += "  " + posting.account + " " + posting.amount.to_plain() + "\n";
  }
  return out;
}

// The arrangement an entry of the settlement is for: pool/ARR/... -> ARR.
std::string arrangement_of(const ledger::Entry& entry) {
  if (entry.postings.empty()) return {};
  const std::string& path = entry.postings.front().account;
  const auto first = path.find('/');
  const auto second = path.find('/', first + 1);
  return first == std::string::npos ? std::string() : path.substr(first + 1, second - first - 1);
}

// Posts the year's settlement at the close of M12, recorded in the setting "year-end.YEAR" as
// a line "entries ID ..." and then the entries' content. Closing M12 again posts nothing if
// the settlement is the same, else reverses the earlier entries (on their own dates) first.
Status post_settlement(Books& books, const MonthStatement& statement, MonthClose& closed) {
  if (!statement.settlement) return ok_status();
  closed.settlement = statement.settlement;
  auto entries = contracts::year_end_entries(books.agreement, *statement.settlement, closed.actor);
  const std::string key = year_end_key(statement.period.year());
  const std::string text = entries_text(entries);
  if (const auto kept = books.store->setting(key)) {
    const auto end_of_ids = kept->find('\n');
    std::vector<ledger::EntryId> earlier;
    std::istringstream ids(kept->substr(0, end_of_ids));
    std::string word;
    ids >> word;
    for (ledger::EntryId id = 0; ids >> id;) earlier.push_back(id);
    if (end_of_ids != std::string::npos && kept->substr(end_of_ids + 1) == text) {
      for (const ledger::EntryId id : earlier)
        if (auto entry = books.store->entry(id))
          closed.settlement_entries.push_back({id, arrangement_of(*entry), entry->description});
      return ok_status();
    }
    for (const ledger::EntryId id : earlier) {
      auto entry = books.store->entry(id);
      if (!entry) return entry.error();
      auto reversed = books.store->reverse(
          id, entry->date,
          "Reversal of the settlement of " + statement.period.year().to_string() + " at its close again", closed.actor);
      if (!reversed) return reversed.error();
      closed.settlement_reversed.push_back(id);
    }
  }
  if (auto opened = books.store->open_accounts(contracts::chart_of_accounts(books.agreement)); !opened) return opened;
  std::string ids = "entries";
  for (ledger::Entry& entry : entries) {
    entry.provenance.recorded_at = ledger::utc_timestamp_now();
    YearEndPosting made{0, arrangement_of(entry), entry.description};
    auto posted = books.store->append({std::move(entry)});
    if (!posted) return posted.error();
    made.entry = posted->front();
    closed.settlement_entries.push_back(std::move(made));
    ids += " " + std::to_string(posted->front());
  }
  return books.store->set_setting(key, ids + "\n" + text);
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
  for (const auto& due : statement.payments)
    out += "payment " + due.contract + " " + due.period + " " +
           (due.approved ? "approved earned " + due.approved->earned.to_plain() + " withheld " +
                               due.approved->withheld.to_plain()
                         : std::string("unapproved")) +
           "\n";
  for (const auto& [element, met] : statement.performance)
    out += "performance " + element + (met ? " met" : " missed") + "\n";
  if (statement.settlement)
    for (const auto& settled : statement.settlement->arrangements) {
      const auto& allocation = settled.allocation;
      out += "settlement " + settled.arrangement + " budget " + settled.budget.to_plain() + " actual " +
             settled.actual.to_plain() + " variance " + settled.variance.to_plain() + " reserve-used " +
             allocation.reserve_used.to_plain() + " uncommitted-used " + allocation.uncommitted_used.to_plain() +
             " carried " + settled.carried.to_plain() + " held " + allocation.held_for_decision.to_plain() +
             " unallocated " + allocation.unallocated.to_plain() + "\n";
      for (const auto& partner : allocation.partners)
        out += "settle " + settled.arrangement + " " + partner.partner + " " + partner.amount.to_plain() + "\n";
    }
  out += "proof spend " + statement.statement_spend.to_plain() + " journal " + statement.journal_spend.to_plain() +
         " received " + statement.statement_received.to_plain() + " journal " + statement.journal_received.to_plain() +
         "\n";
  return out;
}

Result<MonthClose> close_month_end(Books& books, const std::string& as, const ledger::Period& period,
                                   const contracts::PerformanceResults& performance) {
  auto actor = known_actor(books, as, "period-close", "close a month");
  if (!actor) return actor.error();
  MonthClose closed{period, (*actor)->id, false, {}, 0, {}, {}, {}, {}, {}, {}, {}, {}};
  const auto today = ledger::london_date(ledger::timestamp_now());
  if (auto allowed = contracts::authorise_close(books.agreement, *actor, period, today); !allowed)
    return logged_refusal(books,
                          {(*actor)->id,
                           "period-close",
                           {},
                           "",
                           false,
                           "close " + period.to_string() + ": " + allowed.error().message,
                           {}},
                          allowed.error());
  std::optional<Error> refused;
  Status done = books.db->write([&]() -> Status {
    if (books.store->is_closed(period)) {  // closing twice changes nothing
      closed.already_closed = true;
      if (auto kept = books.store->setting(statement_setting(period)))
        closed.statement_digest = ledger::sha256_hex(*kept);
      return ok_status();
    }
    if (auto may = may_close(books, period); !may) return may;
    if (auto recognised = recognise_in_kind(books, period, closed); !recognised) return recognised;
    if (auto accrued = accrue_payments(books, period, closed); !accrued) return accrued;
    auto statement = month_statement(books, period, contracts::ForecastMethod::profile, performance);
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
      const ledger::Money target = position.outstanding - position.overpaid;
      const ledger::Money earlier = receivable_at(books, position, period);
      const ledger::Money amount = target - earlier;
      if (amount.is_zero()) {
        if (!earlier.is_zero()) ++closed.accruals_standing;
        continue;
      }
      auto posted = books.store->append({accrual_entry(position, amount, !earlier.is_zero(), period, closed.actor)});
      if (!posted) return posted.error();
      auto reversal =
          books.store->reverse(posted->front(), next.first_day(),
                               "Reversal of the accrual at the close of " + period.to_string(), closed.actor);
      if (!reversal) return reversal.error();
      closed.accruals.push_back(
          {position.partner, position.arrangement, amount, posted->front(), *reversal, !earlier.is_zero(), target});
    }
    if (auto settled = post_settlement(books, *statement, closed); !settled) return settled;
    const std::string record = statement_record(*statement);
    closed.statement_digest = ledger::sha256_hex(record);
    if (auto kept = books.store->set_setting(statement_setting(period), record); !kept) return kept;
    if (auto logged = books.governance->log_authority(contracts::AuthorityEvent{
            closed.actor,
            "period-close",
            {},
            "",
            true,
            "closed " + period.to_string() + " (statement SHA-256 " + closed.statement_digest + ")",
            {}});
        !logged)
      return logged;
    return books.store->close_period(period, closed.actor);
  });
  if (!done) return done.error();
  auto head = books.store->record_head();
  if (!head) return head.error();
  closed.head = *head;
  return closed;
}

}  // namespace poolbook::books
