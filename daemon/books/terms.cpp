#include "poolbook/daemon/books/terms.hpp"

#include <map>

namespace poolbook::books {
namespace {

Result<PaymentWorking> pay(const contracts::Contract& contract, const contracts::PaymentPeriod& period,
                           const PaymentRequest& request) {
  using contracts::ContractKind;
  switch (contract.kind) {
    case ContractKind::outcome_based: {
      auto paid = contracts::outcome_payment(contract, period, request.kpis);
      if (!paid) return paid.error();
      return PaymentWorking(std::move(paid).value());
    }
    case ContractKind::capitated: {
      if (!request.cost)
        return make_error("contract.argument", "a capitated contract is settled on the year's cost: --cost");
      auto settled = contracts::capitated_settlement(contract, period, *request.cost);
      if (!settled) return settled.error();
      return PaymentWorking(std::move(settled).value());
    }
    case ContractKind::alliance: {
      if (!request.variance)
        return make_error("contract.argument", "an alliance shares its variance: --variance AMOUNT");
      auto shared = contracts::alliance_share(contract, period.year, *request.variance, request.kpis);
      if (!shared) return shared.error();
      return PaymentWorking(std::move(shared).value());
    }
    case ContractKind::activity: {
      if (!request.volume)
        return make_error("contract.argument", "an activity contract is paid on a volume: --volume N");
      auto paid = contracts::activity_payment(contract, *request.volume);
      if (!paid) return paid.error();
      return PaymentWorking(std::move(paid).value());
    }
  }
  return internal_error("contract.kind", "contract " + contract.id + " is of a kind this build cannot pay");
}

}  // namespace

Result<contracts::PerformanceResults> performance_results(const contracts::Agreement& agreement,
                                                          ledger::FinancialYear year,
                                                          const std::vector<std::pair<std::string, bool>>& given) {
  contracts::PerformanceResults performance;
  for (const auto& [element, met] : given) {
    bool known = false;
    for (const auto& terms : agreement.risk_shares)
      for (const auto& listed : terms.performance) known |= listed.id == element && listed.year == year;
    if (!known)
      return not_found("risk-share.performance",
                       "the agreement has no performance element '" + element + "' for " + year.to_string());
    performance[element] = met;
  }
  return performance;
}

Result<std::vector<contracts::VarianceAllocation>> share_variances(const contracts::Agreement& agreement,
                                                                   const RiskShareRequest& request) {
  std::map<std::string, std::map<std::string, ledger::Money>> by_arrangement;
  for (const auto& [scheme_id, amount] : request.variances) {
    const auto* scheme = agreement.find_scheme(scheme_id);
    if (scheme == nullptr)
      return not_found("risk-share.scheme", "there is no scheme '" + scheme_id + "' in the agreement");
    by_arrangement[scheme->arrangement][scheme->id] += amount;
  }
  auto performance = performance_results(agreement, request.year, request.performance);
  if (!performance) return performance.error();
  std::vector<contracts::VarianceAllocation> shared;
  for (const auto& arrangement : agreement.arrangements) {
    const auto found = by_arrangement.find(arrangement.id);
    if (found == by_arrangement.end()) continue;
    auto allocation =
        contracts::allocate_variance(agreement, arrangement.id, request.year, found->second, *performance);
    if (!allocation) return allocation.error();
    shared.push_back(std::move(allocation).value());
  }
  return shared;
}

Result<ContractPayment> contract_payment(const contracts::Agreement& agreement, const PaymentRequest& request) {
  const contracts::Contract* contract = agreement.find_contract(request.contract);
  if (contract == nullptr)
    return not_found("contract.unknown", "there is no contract '" + request.contract + "' in the agreement");
  auto period = contracts::payment_period(*contract, request.period);
  if (!period) return period.error();
  if (!request.kpis.empty() && contract->kpis.empty())
    return make_error("contract.argument", "contract " + contract->id + " is not paid on KPIs: leave out --kpi");
  auto paid = pay(*contract, *period, request);
  if (!paid) return paid.error();
  return ContractPayment{*contract, std::move(period).value(), std::move(paid).value()};
}

}  // namespace poolbook::books
