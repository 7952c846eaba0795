#include "poolbook/daemon/books/journals.hpp"

#include <optional>

#include "poolbook/contracts/governance/governance.hpp"
#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/ledger/store/sqlite_database.hpp"

namespace poolbook::books {
namespace {

ledger::Money debits(const std::vector<ledger::Posting>& postings) {
  ledger::Money total;
  for (const ledger::Posting& posting : postings)
    if (posting.amount.is_positive()) total += posting.amount;
  return total;
}

bool blank(const std::string& text) { return text.find_first_not_of(" \t") == std::string::npos; }

// Checks authority for a manual journal of `amount` dated `date`, runs `post` and logs the
// line, in one transaction; a refusal of authority is logged after it.
Result<ledger::EntryId> authorised(Books& books, const contracts::Person& actor, ledger::Money amount,
                                   date::year_month_day date, const std::string& decision, date::year_month_day today,
                                   const std::string& what, const std::function<Result<ledger::EntryId>()>& post) {
  std::optional<Error> refused;
  auto posted = books.db->write_value([&]() -> Result<ledger::EntryId> {
    auto cited = cited_decision(books, decision);
    if (!cited) return *(refused = cited.error());
    if (auto allowed = contracts::authorise(books.agreement, &actor, contracts::ActionType::manual_journal, amount,
                                            ledger::FinancialYear::containing(date), *cited, today);
        !allowed)
      return *(refused = allowed.error());
    auto id = post();
    if (!id) return id;
    if (auto logged = books.governance->log_authority(contracts::AuthorityEvent{
            actor.id, "manual-journal", amount, decision, true, what + " as entry " + std::to_string(*id), {}});
        !logged)
      return logged.error();
    return id;
  });
  if (refused)
    return logged_refusal(
        books, {actor.id, "manual-journal", amount, decision, false, what + ": " + refused->message, {}}, *refused);
  return posted;
}

}  // namespace

Result<ledger::EntryId> post_journal(Books& books, const std::string& as, const JournalRequest& request,
                                     date::year_month_day today) {
  auto actor = known_actor(books, as, "manual-journal", "post a manual journal");
  if (!actor) return actor.error();
  if (blank(request.reason))
    return make_error("journal.reason", "a manual journal says why it is posted: give --reason");
  if (request.kind != ledger::EntryKind::accrual && request.kind != ledger::EntryKind::correction)
    return make_error("journal.kind", "a manual journal is an accrual or a correction (reversals: poolbook reverse)");
  ledger::Entry entry;
  entry.date = request.date;
  entry.kind = request.kind;
  entry.description = request.description + " (" + request.reason + ")";
  entry.reference = "journal";
  entry.postings = request.postings;
  entry.provenance.profile = "journal";
  entry.provenance.actor = (*actor)->id;
  entry.provenance.recorded_at = ledger::utc_timestamp_now();
  if (auto valid = ledger::check_entry(entry); !valid) return valid.error();
  const std::string what = std::string(ledger::entry_kind_word(request.kind)) + " '" + request.description +
                           "' dated " + ledger::to_iso(request.date) + " (" + request.reason + ")";
  return authorised(books, **actor, debits(request.postings), request.date, request.decision, today, what,
                    [&]() -> Result<ledger::EntryId> {
                      auto ids = books.store->append({entry});
                      if (!ids) return ids.error();
                      return ids->front();
                    });
}

Result<ledger::EntryId> reverse_entry(Books& books, const std::string& as, const ReversalRequest& request,
                                      date::year_month_day today) {
  auto actor = known_actor(books, as, "manual-journal", "reverse an entry");
  if (!actor) return actor.error();
  if (blank(request.reason)) return make_error("journal.reason", "a reversal says why: give --reason");
  auto original = books.store->entry(request.entry);
  if (!original) return original.error();
  const std::string what = "reversal of entry " + std::to_string(request.entry) + " dated " +
                           ledger::to_iso(request.date) + " (" + request.reason + ")";
  return authorised(books, **actor, debits(original->postings), request.date, request.decision, today, what,
                    [&]() -> Result<ledger::EntryId> {
                      return books.store->reverse(
                          request.entry, request.date,
                          "Reversal of entry " + std::to_string(request.entry) + " (" + request.reason + ")",
                          (*actor)->id);
                    });
}

}  // namespace poolbook::books
