#include "poolbook/daemon/books/payment_matching.hpp"

#include <limits>
#include <map>
#include <set>

#include "poolbook/contracts/agreement/chart_of_accounts.hpp"
#include "poolbook/contracts/reconcile/owed_and_paid.hpp"

namespace poolbook::books {

Result<BooksMatch> match_partner_payments(Books& books, const ledger::Period& period, const std::string& partner) {
  const contracts::Agreement& agreement = books.agreement;
  if (!partner.empty() && agreement.find_partner(partner) == nullptr)
    return not_found("match.partner", "the agreement has no partner '" + partner + "'");
  const ledger::Period first(period.year(), ledger::FinancialMonth(1));
  const auto entries = books.store->entries(first.first_day(), std::numeric_limits<std::size_t>::max());
  std::set<ledger::EntryId> reversed;
  for (const ledger::Entry& entry : entries)
    if (entry.reverses) reversed.insert(*entry.reverses);
  // The lines of each account that matters, by account path.
  std::map<std::string, std::vector<contracts::PaymentLine>> lines;
  for (const ledger::Entry& entry : entries) {
    if (entry.date > period.last_day() || entry.reverses || reversed.count(entry.id) != 0) continue;
    if (entry.kind != ledger::EntryKind::contribution || entry.provenance.profile == "close" ||
        entry.provenance.profile == "journal")
      continue;
    for (const ledger::Posting& posting : entry.postings)
      lines[posting.account].push_back(
          {entry.date, posting.amount, entry.reference, entry.description, static_cast<std::int64_t>(entry.id)});
  }
  BooksMatch matched{period, agreement.monitoring.match_within, {}};
  auto owed = contracts::owed_and_paid(agreement, period, {});
  if (!owed) return owed.error();
  for (const contracts::Arrangement& arrangement : agreement.arrangements) {
    if (arrangement.kind == contracts::ArrangementKind::aligned_budget) continue;
    for (const std::string& id : arrangement.partners) {
      if (!partner.empty() && id != partner) continue;
      const auto paid = lines.find(contracts::account_path::partner_paid(arrangement.id, id));
      if (paid == lines.end() && partner.empty()) continue;
      std::vector<contracts::PaymentLine> received;
      if (const auto found = lines.find(contracts::account_path::contributions(arrangement.id, id));
          found != lines.end())
        for (contracts::PaymentLine line : found->second) {
          line.amount = -line.amount;  // a receipt credits contributions
          received.push_back(std::move(line));
        }
      auto one = contracts::match_payments(id, arrangement.id,
                                           paid == lines.end() ? std::vector<contracts::PaymentLine>{} : paid->second,
                                           std::move(received), matched.within);
      if (!one) return one.error();
      for (const auto& position : owed->positions)
        if (position.partner == id && position.arrangement == arrangement.id &&
            position.form == contracts::ContributionForm::cash)
          one->due += position.due_to_date;
      matched.partners.push_back(std::move(one).value());
    }
  }
  return matched;
}

}  // namespace poolbook::books
