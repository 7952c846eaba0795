#pragma once
// Contract payments at month end: outcome-based contracts' KPI results recorded from a
// results file, each period's payment computed from them and approved under the scheme of
// delegation (action contract-payment), and what is due at a month's close.
//
//   auto imported = books::import_kpi_results(books, "", "kpi-results-2025-26.csv");
//   auto approved = books::approve_contract_payment(books, "", {"HC-OUTCOMES", "2025/26 Q1", ""}, today);
//   for (const auto& due : books::payments_due(books, *Period::parse("2025/26 M03"))) ...
//
// The rules (docs/month-end.md, "Contract payments"):
// - a KPI result is recorded with its file, line, source and who recorded it; a later result
//   for the same contract, KPI and period supersedes an earlier one;
// - a payment is computed as `poolbook contract payment` computes it, from the latest result
//   of every KPI (refused without one: contract.results), and approved by a person the scheme
//   of delegation allows for its amount (the fixed and earned elements), who did not record
//   any of the results it uses (authority.maker-checker); a period is approved once
//   (contract.approved). Approvals and refusals are in the authority log;
// - a payment is due at the close of its period's last month; a due payment not approved is
//   an exception of every statement until it is (contract.unapproved). The close of a month
//   accrues each approved payment due by then and not yet accrued: the earned element, on
//   the contract's scheme against pool/ARR/accrued-creditors, reversed on the first day of
//   the next month (the fixed element is paid through the ledger as invoiced).

#include <optional>
#include <string>
#include <vector>

#include "poolbook/contracts/governance/governance_records.hpp"
#include "poolbook/contracts/terms/contract_payment.hpp"
#include "poolbook/daemon/books/books.hpp"

namespace poolbook::books {

struct KpiImport {
  std::string file;
  std::string actor;
  std::size_t records = 0;  // rows read, good and bad
  std::vector<contracts::KpiResultRecord> recorded;
  std::vector<Error> refused;  // each with file, line and rule
};

// Records the good rows of a results file (all in one transaction) and lists the bad ones.
Result<KpiImport> import_kpi_results(Books& books, const std::string& as, const std::string& path);

// The latest recorded result of each of a contract's KPIs for a period, by KPI id.
std::map<std::string, contracts::KpiResultRecord> latest_results(Books& books, const std::string& contract,
                                                                 const std::string& period);

struct ApprovalRequest {
  std::string contract;
  std::string period;    // as payment_period reads it
  std::string decision;  // cited when the amount is beyond the approver alone
};

struct PaymentApproval {
  contracts::ContractPaymentRecord record;
  contracts::OutcomePayment working;
};

Result<PaymentApproval> approve_contract_payment(Books& books, const std::string& as, const ApprovalRequest& request,
                                                 date::year_month_day today);

// A payment period of an outcome-based contract that has ended by a month's end, with its
// approval if there is one.
struct PaymentDue {
  std::string contract;
  std::string period;
  std::string arrangement;
  std::string scheme;
  ledger::Period due;  // the month whose close it is due at
  std::size_t kpis = 0;
  std::size_t results = 0;  // KPIs with a recorded result for the period
  std::string latest;       // the latest results, as an approval records them ("K1=83/100,...")
  std::optional<contracts::ContractPaymentRecord> approved;
};

// Every payment period of the agreement's outcome-based contracts that ends in a year of the
// term by `month`'s end, in contract then period order.
std::vector<PaymentDue> payments_due(Books& books, const ledger::Period& month);

}  // namespace poolbook::books
