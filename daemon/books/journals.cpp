#include "poolbook/daemon/books/journals.hpp"

#include <algorithm>
#include <optional>

#include "poolbook/contracts/governance/governance.hpp"
#include "poolbook/daemon/books/periods.hpp"
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

// A reversal's postings: the original's, each turned round.
std::vector<ledger::Posting> mirrored(const std::vector<ledger::Posting>& postings) {
  std::vector<ledger::Posting> out = postings;
  for (ledger::Posting& posting : out) posting.amount = -posting.amount;
  return out;
}

bool blank(const std::string& text) { return text.find_first_not_of(" \t") == std::string::npos; }

// A manual journal moves money within one arrangement's own accounts. Memo accounts hold
// other parties' records as imported (a partner's payments, the bank's statement, providers'
// invoices), so the pool's staff do not write them by hand: a wrong import is reversed and
// imported again.
Status within_one_arrangement(const std::vector<ledger::Posting>& postings) {
  std::string first;
  for (const ledger::Posting& posting : postings) {
    if (posting.account.rfind("memo/", 0) == 0)
      return make_error("journal.memo", posting.account +
                                            " is a memo account: it holds another party's record as imported, so no "
                                            "manual journal posts to it (reverse the imported entry and import it "
                                            "again)");
    const auto second_slash = posting.account.find('/', posting.account.find('/') + 1);
    const std::string scope = posting.account.substr(0, second_slash);
    if (first.empty()) first = scope;
    if (scope != first)
      return make_error("journal.scope", "a manual journal moves money within one arrangement's own accounts: " +
                                             posting.account + " is not under " + first + "/");
  }
  return ok_status();
}

// The date is in a month of the agreement's term.
Status in_term(const Books& books, date::year_month_day date) {
  return within_term(books, ledger::Period::containing(date), ledger::to_iso(date));
}

// Every refusal of a manual journal or reversal is logged, whatever refused it.
Error refusal_logged(Books& books, const contracts::Person& actor, ledger::Money amount, const std::string& decision,
                     const std::string& what, const Error& why) {
  return logged_refusal(books, {actor.id, "manual-journal", amount, decision, false, what + ": " + why.message, {}},
                        why);
}

// The entry an allowed manual journal's line in the authority log posted: its reason ends
// " as entry N".
std::optional<ledger::EntryId> entry_of(const contracts::AuthorityEvent& event) {
  const std::string marker = " as entry ";
  const auto at = event.reason.rfind(marker);
  if (at == std::string::npos) return std::nullopt;
  const std::string digits = event.reason.substr(at + marker.size());
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 18)
    return std::nullopt;
  return static_cast<ledger::EntryId>(std::stoll(digits));
}

// Posted without a decision, the parts of a split journal are judged as one: the journals
// and reversals already posted by hand without a decision, dated in the same month, that
// debit an account this one debits. An officer's limit is not got round by posting it in
// pieces, or by reversing entries one by one.
ledger::Money split_before(Books& books, const std::vector<contracts::AuthorityEvent>& log,
                           const std::vector<ledger::Posting>& postings, date::year_month_day date) {
  ledger::Money before;
  const ledger::Period month = ledger::Period::containing(date);
  for (const auto& event : log) {
    if (!event.allowed || event.action != "manual-journal" || !event.decision.empty()) continue;
    const auto id = entry_of(event);
    if (!id) continue;
    auto earlier = books.store->entry(*id);
    if (!earlier || !(ledger::Period::containing(earlier->date) == month)) continue;
    const bool shares_a_debit = std::any_of(postings.begin(), postings.end(), [&](const ledger::Posting& posting) {
      return posting.amount.is_positive() &&
             std::any_of(earlier->postings.begin(), earlier->postings.end(), [&](const ledger::Posting& other) {
               return other.amount.is_positive() && other.account == posting.account;
             });
    });
    if (shares_a_debit) before += debits(earlier->postings);
  }
  return before;
}

// Checks authority for a manual journal of `amount` dated `date` (its postings in `postings`:
// for a reversal, the original's turned round), runs `post` and logs the line, in one
// transaction; a refusal of authority is logged after it.
Result<ledger::EntryId> authorised(Books& books, const contracts::Person& actor, ledger::Money amount,
                                   const std::vector<ledger::Posting>& postings, date::year_month_day date,
                                   const std::string& decision, date::year_month_day today, const std::string& what,
                                   const std::function<Result<ledger::EntryId>()>& post) {
  std::optional<Error> refused;
  auto posted = books.db->write_value([&]() -> Result<ledger::EntryId> {
    auto cited = cited_decision(books, decision);
    if (!cited) return *(refused = cited.error());
    const auto log = books.governance->authority_log();
    if (*cited) {  // what earlier journals have used of the decision
      (*cited)->used = ledger::Money{};
      for (const auto& event : log)
        if (event.allowed && event.action == "manual-journal" && event.decision == decision)
          (*cited)->used += event.amount;
    }
    const ledger::Money judged = *cited ? amount : amount + split_before(books, log, postings, date);
    if (auto allowed = contracts::authorise(books.agreement, &actor, contracts::ActionType::manual_journal, judged,
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
  if (refused) return refusal_logged(books, actor, amount, decision, what, *refused);
  if (!posted) return refusal_logged(books, actor, amount, decision, what, posted.error());
  return posted;
}

}  // namespace

Result<ledger::EntryId> post_journal(Books& books, const std::string& as, const JournalRequest& request,
                                     date::year_month_day today) {
  auto actor = known_actor(books, as, "manual-journal", "post a manual journal");
  if (!actor) return actor.error();
  const std::string what = std::string(ledger::entry_kind_word(request.kind)) + " '" + request.description +
                           "' dated " + (request.date.ok() ? ledger::to_iso(request.date) : std::string("?")) + " (" +
                           request.reason + ")";
  const ledger::Money amount = debits(request.postings);
  ledger::Entry entry;
  entry.date = request.date;
  entry.kind = request.kind;
  entry.description = request.description + " (" + request.reason + ")";
  entry.reference = "journal";
  entry.postings = request.postings;
  entry.provenance.profile = "journal";
  entry.provenance.actor = (*actor)->id;
  entry.provenance.recorded_at = ledger::utc_timestamp_now();
  Status valid = ok_status();
  if (blank(request.reason))
    valid = make_error("journal.reason", "a manual journal says why it is posted: give --reason");
  else if (request.kind != ledger::EntryKind::accrual && request.kind != ledger::EntryKind::correction)
    valid = make_error("journal.kind", "a manual journal is an accrual or a correction (reversals: poolbook reverse)");
  else if (auto checked = ledger::check_entry(entry); !checked)
    valid = checked;
  else if (auto scoped = within_one_arrangement(request.postings); !scoped)
    valid = scoped;
  else if (auto term = in_term(books, request.date); !term)
    valid = term;
  if (!valid) return refusal_logged(books, **actor, amount, request.decision, what, valid.error());
  return authorised(books, **actor, amount, request.postings, request.date, request.decision, today, what,
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
  const std::string what = "reversal of entry " + std::to_string(request.entry) + " dated " +
                           (request.date.ok() ? ledger::to_iso(request.date) : std::string("?")) + " (" +
                           request.reason + ")";
  auto original = books.store->entry(request.entry);
  if (!original) return refusal_logged(books, **actor, ledger::Money{}, request.decision, what, original.error());
  const ledger::Money amount = debits(original->postings);
  Status valid = ok_status();
  if (blank(request.reason))
    valid = make_error("journal.reason", "a reversal says why: give --reason");
  else if (auto term = in_term(books, request.date); !term)
    valid = term;
  else if (original->provenance.profile == "close")
    valid = make_error("journal.close-entry",
                       "entry " + std::to_string(request.entry) + " was posted by the close of " +
                           ledger::Period::containing(original->date).to_string() +
                           ": a close's accruals and settlements change only by reopening the month and closing it "
                           "again");
  else if (request.date < original->date)
    valid = make_error("journal.date", "a reversal is dated on or after the entry it reverses (" +
                                           ledger::to_iso(original->date) + ")");
  if (!valid) return refusal_logged(books, **actor, amount, request.decision, what, valid.error());
  return authorised(books, **actor, amount, mirrored(original->postings), request.date, request.decision, today, what,
                    [&]() -> Result<ledger::EntryId> {
                      return books.store->reverse(
                          request.entry, request.date,
                          "Reversal of entry " + std::to_string(request.entry) + " (" + request.reason + ")",
                          (*actor)->id);
                    });
}

}  // namespace poolbook::books
