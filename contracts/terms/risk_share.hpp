#pragma once
// Who bears an overspend, and what becomes of an underspend: the agreement's risk-share
// terms (RiskShareTerms in agreement.hpp) applied to a year's variances, exactly, with the
// working shown step by step as a board paper would.
//
//   auto shared = allocate_variance(agreement, "bcf-pool", FinancialYear(2025),
//                                   {{"S07", *Money::parse("812400.17")}});
//   for (const WorkingStep& step : shared->working) std::cout << step.sentence << '\n';
//   // Overspend £812,400.17 on the shared lines (S07 £812,400.17) ...
//   // ... remainder £62,400.17 shared by contributions: 39.64% icb / ... = £24,735.87 / ...
//
// The order, for a pooled fund (docs/agreement-format.md, "The order of steps", has it with a
// worked example; keep the two the same):
//  1. performance elements of the year, in file order: a missed target moves the element's
//     money from its scheme to the schemes it is redirected to (pro rata to their budgets);
//     one whose result is not given is pending (listed in pending_performance) and moves
//     nothing: its amount stays in its scheme's budget, as if met;
//  2. each line with a variance, in the agreement's order of schemes: a fixed line
//     (share_profile = "fixed") keeps its variance, over or under, with its commissioner
//     (the host, if the commissioner is not in the arrangement); a scheme with its own terms
//     has its overspend shared by them (step 5), met by no remedy; any other line, and the
//     underspend of a line with its own terms, joins the shared lines;
//  3. the shared (variable) lines' overspend is met by the remedies in the agreed order:
//     underspends elsewhere on shared lines, the contingency reserve, uncommitted
//     allocations, then the partners by the pool's rule (step 5); what is left after the
//     last remedy is unallocated;
//  4. what is left of the shared lines' underspend is treated as agreed: carried forward,
//     kept as contingency, returned pro rata to contributions, or held for the board. With
//     underspend_applies_to = "non-recurrent", underspend on recurrent lines is used first
//     to meet overspends and what remains of it is carried forward;
//  5. a rule shares an overspend whole (proportional, fixed, own) or band by band (tiered),
//     then applies its caps one at a time: the first cap in file order that is exceeded cuts
//     its partner to its max and moves the excess by its fallback, and the caps are looked
//     at again until none is exceeded. Caps of different rules are separate.
// Aligned budgets and lead commissioning share nothing: each line's variance falls to its
// commissioner (or the lead, if the commissioner is not a partner).
//
// Guarantees: every split is by ledger::allocate, so it sums to the penny; a cap is never
// exceeded (what no partner can take is reported as unallocated); and the books balance:
//   total variance = sum of partner amounts + reserve used + uncommitted used + unallocated
//                    - (carried forward + to contingency + held for decision).
// Partner amounts are signed: positive, the partner bears an overspend; negative, it
// receives an underspend.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/contracts/agreement/finding.hpp"

namespace poolbook::contracts {

struct PartnerAmount {
  std::string partner;
  Money amount;
};

// One step of the working, as data a report can print or a machine can read.
struct WorkingStep {
  std::string what;                   // "performance", "fixed line", "scheme terms", "band", "cap", "underspends",
                                      // "reserve", "uncommitted", "partners", "underspend", "own lines"
  std::string scheme;                 // the scheme it concerns, if one
  Money amount;                       // the amount the step dealt with
  std::vector<PartnerAmount> shares;  // who bears (or receives) what in this step
  std::string sentence;               // the step in words, with every figure
};

// A performance element of the year whose result was not given: nothing says whether its
// money is released or redirected, so it is left in its scheme's budget (as if met) and
// not redirected. A report must say so, since the shares would differ if it were missed.
struct PendingElement {
  std::string id;      // "NEA-65"
  std::string metric;  // what is measured, and the target
  std::string scheme;  // whose budget holds the amount
  Money amount;
  std::vector<std::string> redirect_to;  // where it would go if missed
};

struct VarianceAllocation {
  std::string arrangement;
  FinancialYear year{0};
  Money total_variance;  // the sum of the variances given (over positive)
  // Each partner of the arrangement, in its order (the agreement's `partners` of the
  // arrangement), with what it bears; one that bears nothing is listed with nothing (£0.00).
  std::vector<PartnerAmount> partners;
  Money reserve_used;
  Money uncommitted_used;
  Money carried_forward;  // underspend left in the pool for next year
  Money to_contingency;   // underspend added to the contingency reserve
  Money held_for_decision;
  Money unallocated;  // overspend beyond every cap, for the board to settle
  std::vector<WorkingStep> working;
  std::vector<PendingElement> pending_performance;  // in file order
  [[nodiscard]] Money amount_for(std::string_view partner) const;
};

// Results of performance elements: element id -> whether its target was met. An element
// whose result is not given is pending (VarianceAllocation::pending_performance) and moves
// nothing.
using PerformanceResults = std::map<std::string, bool>;

// Applies the arrangement's risk share to the year's variances by scheme (spend minus
// budget: over positive, under negative). Refused when a scheme is unknown or belongs to
// another arrangement (rule risk-share.scheme), the year is outside the agreement, or a
// rule cannot be applied (no contributions to be proportional to: risk-share.rule).
Result<VarianceAllocation> allocate_variance(const Agreement& agreement, std::string_view arrangement,
                                             FinancialYear year, const std::map<std::string, Money>& variances,
                                             const PerformanceResults& performance = {});

// The checks of the agreement's risk-share terms (run by check_agreement): references,
// shares summing to exactly 1, bands, caps, remedies, performance elements.
std::vector<Finding> check_risk_shares(const Agreement& agreement);

}  // namespace poolbook::contracts
