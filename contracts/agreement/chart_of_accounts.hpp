#pragma once
// The chart of accounts an agreement implies. Each arrangement gets its own accounts, named
// by paths a finance officer can read:
//
//   pool/bcf-pool/bank                    asset        the pooled fund's cash at the host
//   pool/bcf-pool/contributions/icb       income       what the ICB has paid in
//   pool/bcf-pool/receivable/icb          asset        what the ICB owes (accrued, unpaid)
//   pool/bcf-pool/scheme/S07              expenditure  what scheme S07 has spent
//   pool/bcf-pool/contingency             equity       the contingency reserve
//   pool/bcf-pool/accrued-creditors       liability    spend accrued by hand, not yet paid
//   pool/bcf-pool/in-kind/community-trust income       contributions in kind, recognised as they
//                                                      fall due (and spent on the scheme they fund)
//   pool/bcf-pool/settlement/icb          asset        the year-end settlement due from the ICB (in
//                                                      credit: due to it)
//   pool/bcf-pool/risk-share/icb          income       the ICB's share of the year's variance
//   pool/bcf-pool/carried-forward         expenditure  underspend carried into the reserve at year end
//   pool/bcf-pool/brought-forward         income       underspend brought from the year before
//   aligned/mh-aligned/scheme/S21         expenditure  spend on an aligned budget's scheme
//   aligned/mh-aligned/funding/icb        equity       the partner's own money behind it
//   memo/bcf-pool/paid-by/icb             memo         what the ICB's own ledger says it paid
//   memo/bcf-pool/invoiced/S07            memo         providers' invoices, kept for matching
//   memo/bcf-pool/bank-statement          memo         the bank's own statement of the pool's
//                                                      account, kept to prove the bank balance
//
// Memo accounts hold figures kept for reconciliation only; each has a contra account
// (memo/ARR/contra) so memo entries balance without touching the pool's money.
//
//   for (const Account& account : chart_of_accounts(agreement)) store.open_account(account);

#include <string>
#include <string_view>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/ledger/journal/account.hpp"

namespace poolbook::contracts {

namespace account_path {
std::string bank(std::string_view arrangement);
std::string contributions(std::string_view arrangement, std::string_view partner);
std::string receivable(std::string_view arrangement, std::string_view partner);
// pool/ARR/scheme/ID, or aligned/ARR/scheme/ID in an aligned budget.
std::string scheme(const Arrangement& arrangement, std::string_view scheme_id);
std::string contingency(std::string_view arrangement);
std::string accrued_creditors(std::string_view arrangement);
std::string in_kind(std::string_view arrangement, std::string_view partner);
std::string settlement(std::string_view arrangement, std::string_view partner);
std::string risk_share(std::string_view arrangement, std::string_view partner);
std::string carried_forward(std::string_view arrangement);
std::string brought_forward(std::string_view arrangement);
std::string aligned_funding(std::string_view arrangement, std::string_view partner);
std::string partner_paid(std::string_view arrangement, std::string_view partner);
std::string invoiced(std::string_view arrangement, std::string_view scheme_id);
std::string bank_statement(std::string_view arrangement);
std::string memo_contra(std::string_view arrangement);
}  // namespace account_path

// Every account the agreement's arrangements need, in a stable order.
std::vector<ledger::Account> chart_of_accounts(const Agreement& agreement);

}  // namespace poolbook::contracts
