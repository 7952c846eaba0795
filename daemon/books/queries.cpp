#include "poolbook/daemon/books/queries.hpp"

#include "poolbook/contracts/governance/governance_migrations.hpp"

namespace poolbook::books {

std::vector<ledger::BalanceRow> balances(Books& books, const ledger::Period& from, const ledger::Period& to,
                                         const std::string& prefix) {
  return books.store->balances(from, to, prefix);
}

std::vector<ledger::Entry> journal_entries(Books& books, std::optional<date::year_month_day> since, std::size_t limit) {
  return books.store->entries(since, limit);
}

bool has_accounts_under(Books& books, const std::string& prefix) {
  for (const auto& account : books.store->accounts())
    if (account.path == prefix || account.path.starts_with(prefix + "/")) return true;
  return false;
}

ledger::VerifyReport verify_books(Books& books, const std::optional<ledger::ChainHead>& expected) {
  return books.store->verify(contracts::governance_chained_tables(), expected);
}

ledger::VerifyReport verify_books_sealed(Books& books) {
  return books.store->verify_sealed(contracts::governance_chained_tables());
}

Status exportable(Books& books, ledger::ExportFormat format) {
  auto checked = ledger::check_export(*books.store, format);
  if (!checked) return refusal(checked.error().rule, checked.error().message);
  return checked;
}

Result<std::size_t> export_books(Books& books, ledger::ExportFormat format, std::ostream& out) {
  return ledger::export_journal(*books.store, format, out);
}

}  // namespace poolbook::books
