#include "poolbook/contracts/reconcile/year_end.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "poolbook/contracts/agreement/chart_of_accounts.hpp"

namespace poolbook::contracts {
namespace {

// What the risk share says the pool and its partners bear, summed as the identity has it.
Money settled_total(const VarianceAllocation& allocation) {
  Money total = allocation.reserve_used + allocation.uncommitted_used + allocation.unallocated -
                (allocation.carried_forward + allocation.to_contingency + allocation.held_for_decision);
  for (const PartnerAmount& partner : allocation.partners) total += partner.amount;
  return total;
}

ledger::Entry settlement_entry(date::year_month_day date, std::string description, const std::string& reference,
                               const std::string& actor) {
  ledger::Entry entry;
  entry.date = date;
  entry.kind = ledger::EntryKind::settlement;
  entry.description = std::move(description);
  entry.reference = reference;
  entry.provenance.profile = "close";
  entry.provenance.actor = actor;
  return entry;
}

}  // namespace

Result<YearEndSettlement> settle_year(const Agreement& agreement, const BudgetMonitoring& monitoring,
                                      const PerformanceResults& performance) {
  if (monitoring.period.month().number() != 12)
    return make_error("year-end.month",
                      "the year is settled at the close of its last month (M12), not " + monitoring.period.to_string());
  const FinancialYear year = monitoring.period.year();
  // Reducing allocations not yet committed is an in-year remedy: at the year's end nothing is
  // uncommitted (what was not spent is already in the schemes' underspends), so the terms are
  // applied without it.
  Agreement at_year_end = agreement;
  std::set<std::string> had_uncommitted;
  for (RiskShareTerms& terms : at_year_end.risk_shares)
    if (const auto found = terms.uncommitted.find(year); found != terms.uncommitted.end()) {
      if (!found->second.is_zero()) had_uncommitted.insert(terms.arrangement);
      terms.uncommitted.erase(found);
    }
  YearEndSettlement settlement{year, {}};
  for (const Arrangement& arrangement : agreement.arrangements) {
    if (arrangement.kind == ArrangementKind::aligned_budget) continue;
    ArrangementSettlement settled{arrangement.id, {}, {}, {}, arrangement.reserve_for(year), {}, {}};
    std::map<std::string, Money> variances;
    bool any = false;
    for (const SchemeMonitoring& line : monitoring.schemes) {
      if (line.arrangement != arrangement.id) continue;
      any = true;
      settled.budget += line.amounts.budget;
      settled.actual += line.amounts.actual_to_date;
      const Money variance = line.amounts.actual_to_date - line.amounts.budget;
      settled.variance += variance;
      if (!variance.is_zero()) variances[line.scheme] = variance;
    }
    if (!any) continue;
    auto allocated = allocate_variance(at_year_end, arrangement.id, year, variances, performance);
    if (!allocated) return allocated.error();
    settled.allocation = std::move(allocated).value();
    if (had_uncommitted.count(arrangement.id) != 0)
      settled.allocation.working.insert(
          settled.allocation.working.begin(),
          WorkingStep{"uncommitted",
                      "",
                      Money{},
                      {},
                      "At the year's end no allocation is uncommitted (what was not spent is in the schemes' "
                      "underspends), so the terms apply without reducing uncommitted allocations"});
    settled.carried = settled.allocation.carried_forward + settled.allocation.to_contingency;
    if (settled_total(settled.allocation) != settled.variance)
      return make_error("year-end.balance", arrangement.id + "'s settlement for " + year.to_string() + " comes to " +
                                                settled_total(settled.allocation).to_report() +
                                                ", not its actual variance of " + settled.variance.to_report());
    if (!settled.carried.is_zero() && arrangement.kind != ArrangementKind::pooled_fund)
      return make_error("year-end.carry", arrangement.id + " is not a pooled fund, so it cannot carry " +
                                              settled.carried.to_report() + " into a reserve");
    settlement.arrangements.push_back(std::move(settled));
  }
  return settlement;
}

std::vector<ledger::Entry> year_end_entries(const Agreement& agreement, const YearEndSettlement& settlement,
                                            const std::string& actor) {
  std::vector<ledger::Entry> out;
  const FinancialYear year = settlement.year;
  const std::string reference = "year-end " + year.to_string();
  const auto years = agreement.years();
  const bool next_in_term = std::find(years.begin(), years.end(), year.next()) != years.end();
  for (const ArrangementSettlement& settled : settlement.arrangements) {
    const std::string& id = settled.arrangement;
    ledger::Entry shares = settlement_entry(
        year.last_day(), "Year-end settlement of " + id + " for " + year.to_string() + " under the risk share",
        reference, actor);
    for (const PartnerAmount& partner : settled.allocation.partners) {
      if (partner.amount.is_zero()) continue;
      shares.postings.push_back({account_path::settlement(id, partner.partner), partner.amount});
      shares.postings.push_back({account_path::risk_share(id, partner.partner), -partner.amount});
    }
    if (!shares.postings.empty()) out.push_back(std::move(shares));
    if (settled.carried.is_zero()) continue;
    ledger::Entry carried = settlement_entry(
        year.last_day(), "Underspend of " + id + " for " + year.to_string() + " carried into its contingency reserve",
        reference, actor);
    carried.postings = {{account_path::carried_forward(id), settled.carried},
                        {account_path::contingency(id), -settled.carried}};
    out.push_back(std::move(carried));
    if (!next_in_term) continue;
    ledger::Entry brought = settlement_entry(
        year.next().first_day(),
        "Underspend of " + id + " brought forward from " + year.to_string() + " into " + year.next().to_string(),
        reference, actor);
    brought.postings = {{account_path::contingency(id), settled.carried},
                        {account_path::brought_forward(id), -settled.carried}};
    out.push_back(std::move(brought));
  }
  return out;
}

}  // namespace poolbook::contracts
