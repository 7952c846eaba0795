#pragma once
// Readings of the agreement's terms for given figures: who bears a year's variances under
// the risk share, and what a contract's provider is paid for a period. Both work on an
// agreement (a file, or the one the books follow) and change nothing.
//
//   auto shared = books::share_variances(agreement, {FinancialYear(2025), {{"S07", overspend}}, {}});
//   auto paid = books::contract_payment(agreement, {"HC-OUTCOMES", "2025/26 Q2", kpis});
//
// Guarantees: every split sums to the penny; an unknown scheme, performance element, contract
// or KPI is refused rather than ignored.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "poolbook/contracts/terms/contract_payment.hpp"
#include "poolbook/contracts/terms/risk_share.hpp"

namespace poolbook::books {

struct RiskShareRequest {
  ledger::FinancialYear year{0};
  std::vector<std::pair<std::string, ledger::Money>> variances;  // scheme -> spend minus budget
  std::vector<std::pair<std::string, bool>> performance;         // element -> met
};

// The results of the year's performance elements, element -> met; refused for an element the
// agreement does not have for the year (risk-share.performance).
Result<contracts::PerformanceResults> performance_results(const contracts::Agreement& agreement,
                                                          ledger::FinancialYear year,
                                                          const std::vector<std::pair<std::string, bool>>& given);

// One allocation per arrangement with a variance, in the agreement's order.
Result<std::vector<contracts::VarianceAllocation>> share_variances(const contracts::Agreement& agreement,
                                                                   const RiskShareRequest& request);

struct PaymentRequest {
  std::string contract;
  std::string period;  // 2025/26, 2025/26 Q2 or 2025/26 M06, by the contract's schedule
  contracts::KpiResults kpis;
  std::optional<ledger::Money> cost;      // capitated: the period's actual cost
  std::optional<ledger::Money> variance;  // alliance: its variance, overspend positive
  std::optional<std::int64_t> volume;     // activity: the volume delivered
};

using PaymentWorking = std::variant<contracts::OutcomePayment, contracts::CapitatedSettlement, contracts::AllianceShare,
                                    contracts::ActivityPayment>;

struct ContractPayment {
  contracts::Contract contract;
  contracts::PaymentPeriod period;
  PaymentWorking paid;
};

Result<ContractPayment> contract_payment(const contracts::Agreement& agreement, const PaymentRequest& request);

}  // namespace poolbook::books
