#pragma once
// What a provider is paid under the agreement's contracts ([[contract]] in the agreement
// file), exactly, with the working:
//  - outcome-based: a fixed element and an element at risk, paid on a schedule; the element
//    at risk is split between KPIs by weight and each KPI earns its share by its curve;
//  - capitated: rate per head x population; the variance of actual cost against that
//    budget is borne through risk corridors (the provider's share band by band);
//  - alliance: members share the alliance's gain and pain by agreed percentages, within
//    each member's cap on pain, and share an outcome pot earned on alliance KPIs;
//  - activity: price x volume up to a threshold, a marginal price above it.
//
//   auto period = payment_period(*contract, "2025/26 Q2");
//   auto paid = outcome_payment(*contract, *period, {{"K1", Ratio(83, 100)}, ...});
//   paid->fixed + paid->earned;   // what the provider is paid for the quarter
//
// Guarantees: earned + withheld = the element at risk, exactly; a year's fixed and at-risk
// elements over its periods sum to the contract value to the penny; corridors are
// continuous at their edges (each corridor's edge and part are rounded to the penny, so the
// provider's part moves by at most a penny for a penny of cost); no alliance member bears
// more pain than its cap.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/contracts/agreement/finding.hpp"
#include "poolbook/contracts/terms/risk_share.hpp"

namespace poolbook::contracts {

// One payment period of a contract: a year, a quarter or a month, by its schedule.
struct PaymentPeriod {
  FinancialYear year{0};
  int index = 1;      // 1-based within the year
  int per_year = 1;   // 1, 4 or 12
  std::string label;  // in the one standard form, however it was typed: "2025/26 Q2", "2025/26 M05"
};

// 12, 4 or 1.
int periods_per_year(PaymentSchedule schedule);

// "2025/26", "2025/26 Q2" or "2025/26 M06", as the contract's schedule requires (also as
// "2025-26", "2025/26 q2", "2025/26 m06" or the calendar month "2025-09").
Result<PaymentPeriod> payment_period(const Contract& contract, std::string_view text);

using KpiResults = std::map<std::string, Ratio>;  // KPI id -> measured result

struct KpiEarning {
  std::string kpi;
  Ratio result;
  Money available;     // the KPI's part of the element at risk
  Ratio earned_share;  // after the curve, the collar and the cap
  Money earned;
  std::string sentence;
};

struct OutcomePayment {
  std::string contract;
  std::string period;
  Money fixed;     // the fixed element for the period
  Money at_risk;   // the element at risk for the period
  Money earned;    // of the element at risk
  Money withheld;  // at_risk - earned (negative if a cap over 100% paid a bonus)
  std::vector<KpiEarning> kpis;
  std::vector<std::string> working;
};

// The share of a KPI's amount that a result earns, by its curve, collar and cap.
Ratio kpi_earned_share(const Kpi& kpi, const Ratio& result);

// Refused without a result for every KPI, or for a period of another year than the value.
Result<OutcomePayment> outcome_payment(const Contract& contract, const PaymentPeriod& period,
                                       const KpiResults& results);

struct CapitatedSettlement {
  Money budget;        // rate per head x population
  Money actual;        // the cost given
  Money variance;      // actual - budget (over positive)
  Money provider;      // the provider's part of the variance
  Money commissioner;  // the commissioner's part
  std::vector<std::string> working;
};

// The budget of a period is the year's (rate per head x population) split evenly over the
// contract's periods to the penny; actual_cost is the period's.
Result<CapitatedSettlement> capitated_settlement(const Contract& contract, const PaymentPeriod& period,
                                                 Money actual_cost);

struct AllianceShare {
  Money variance;                      // the alliance's variance (over positive: pain)
  std::vector<PartnerAmount> members;  // by member id: pain borne (positive) or gain (negative)
  Money unallocated;                   // pain beyond every member's cap, left to the commissioners
  Money pot;                           // the outcome pot for the year
  Money pot_earned;
  std::vector<PartnerAmount> pot_shares;
  std::vector<KpiEarning> kpis;
  std::vector<std::string> working;
};

Result<AllianceShare> alliance_share(const Contract& contract, FinancialYear year, Money alliance_variance,
                                     const KpiResults& results);

struct ActivityPayment {
  std::int64_t volume = 0;
  Money within_threshold;  // units up to the threshold at the unit price
  Money above_threshold;   // units above it at the marginal price
  Money total;
  std::string sentence;
};

Result<ActivityPayment> activity_payment(const Contract& contract, std::int64_t volume);

// The checks of the agreement's contracts (run by check_agreement).
std::vector<Finding> check_contracts(const Agreement& agreement);

}  // namespace poolbook::contracts
