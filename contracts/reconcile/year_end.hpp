#pragma once
// The year end: when the last month of a financial year closes, the year's actual variance of
// each scheme (spend for the year less its budget as varied and as moved by virements) goes
// through the agreement's risk share, and the books are settled with the partners.
//
//   auto settled = settle_year(agreement, monitoring_at_m12, {{"NEA-65", true}});
//   // settled->arrangements[0].allocation.partners: who bears what, with the working
//   // year_end_entries(agreement, *settled, "r.osei"): the settlement and carry-forward entries
//
// The rules (docs/month-end.md, "Year end"):
// - each pooled fund and lead-commissioning arrangement is settled; an aligned budget is
//   not (no money moved, each partner bears its own);
// - the terms apply as at any time, except that no allocation is uncommitted at the year's end
//   (the remedy of reducing uncommitted allocations is in-year only: what was not spent is
//   already in the schemes' underspends);
// - a partner's share is its amount under the risk share on the actual variances (positive:
//   it pays the pool more; negative: the pool owes it). The settlement entry, dated the
//   year's last day, debits pool/ARR/settlement/P (what P owes the pool at year end; in
//   credit, what the pool owes P) and credits pool/ARR/risk-share/P (the pool's income from
//   P for the year's variance);
// - underspend the terms leave in the pool (carried forward, or kept as contingency) moves
//   into the contingency reserve: debit pool/ARR/carried-forward, credit pool/ARR/contingency,
//   on the year's last day; if the next year is within the term, it is brought into that
//   year's pool on its first day (debit the reserve, credit pool/ARR/brought-forward);
// - settlement sums exactly to the variance: partners' shares + reserve used + uncommitted
//   used + unallocated - (carried forward + to contingency + held for decision) = the
//   arrangement's actual variance, checked here (rule year-end.balance).

#include <string>
#include <vector>

#include "poolbook/contracts/reconcile/budget_monitoring.hpp"
#include "poolbook/contracts/terms/risk_share.hpp"
#include "poolbook/ledger/journal/entry.hpp"

namespace poolbook::contracts {

struct ArrangementSettlement {
  std::string arrangement;
  Money budget;                   // the schemes' budgets for the year, as varied and moved
  Money actual;                   // what the schemes spent in the year
  Money variance;                 // actual - budget (an overspend positive)
  Money reserve;                  // the contingency reserve for the year
  VarianceAllocation allocation;  // the risk share on the actual variances, with its working
  Money carried;                  // carried forward + to contingency: left in the pool for next year
};

struct YearEndSettlement {
  FinancialYear year{0};
  std::vector<ArrangementSettlement> arrangements;  // pooled funds and lead commissioning, in the agreement's order
};

// `monitoring` must be of the year's last month (M12). Refused for another month
// (year-end.month), or when the risk share cannot be applied (its own rules).
Result<YearEndSettlement> settle_year(const Agreement& agreement, const BudgetMonitoring& monitoring,
                                      const PerformanceResults& performance = {});

// The entries that settle the year, in order: per arrangement, the settlement with the
// partners (if any share is not zero), the carry-forward (if anything is carried), and its
// bringing forward into the next year (if that year is in the term). Each is a settlement
// entry by `actor`, referenced "year-end YEAR".
std::vector<ledger::Entry> year_end_entries(const Agreement& agreement, const YearEndSettlement& settlement,
                                            const std::string& actor);

}  // namespace poolbook::contracts
