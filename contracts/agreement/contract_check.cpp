// The checks of the agreement's [[contract]] tables; each finding names its rule.
#include <algorithm>
#include <set>

#include "poolbook/contracts/terms/contract_payment.hpp"

namespace poolbook::contracts {
namespace {

class ContractChecker {
 public:
  explicit ContractChecker(const Agreement& agreement) : agreement_(agreement) {}

  std::vector<Finding> run() {
    std::map<std::string, long> seen;
    for (const Contract& contract : agreement_.contracts) {
      if (auto [first, added] = seen.emplace(contract.id, contract.line); !added)
        report("agreement.duplicate", contract.line,
               "contract '" + contract.id + "' is defined again (first at line " + std::to_string(first->second) + ")");
      check(contract);
    }
    return std::move(findings_);
  }

 private:
  void report(std::string rule, long line, std::string message, Severity severity = Severity::error) {
    findings_.push_back(Finding{severity, Error{std::move(rule), std::move(message), agreement_.file, line}});
  }

  void check_years(const std::map<FinancialYear, Money>& by_year, const std::string& what, long line,
                   const std::string& where) {
    const auto years = agreement_.years();
    for (const auto& [year, amount] : by_year) {
      if (std::find(years.begin(), years.end(), year) == years.end())
        report("contract.year", line, where + ": " + what + " for " + year.to_string() + " is outside the term");
      if (amount.is_negative())
        report("contract.value", line, where + ": " + what + " for " + year.to_string() + " is negative");
    }
  }

  // The contract pays the provider its scheme names: an alliance counts it among its members.
  void check_provider(const Contract& contract, const Scheme& scheme, const std::string& where) {
    if (contract.kind == ContractKind::alliance) {
      const bool member = std::any_of(contract.members.begin(), contract.members.end(),
                                      [&](const AllianceMember& one) { return one.id == scheme.provider; });
      if (!member && !scheme.provider.empty())
        report("contract.provider", contract.line,
               where + " is an alliance whose members do not include " + scheme.provider + ", the provider of scheme " +
                   scheme.id);
      return;
    }
    if (contract.provider != scheme.provider)
      report("contract.provider", contract.line,
             where + " pays '" + contract.provider + "', but its scheme " + scheme.id + " names '" + scheme.provider +
                 "' as provider: the contract and the scheme must name the same provider");
  }

  void check(const Contract& contract) {
    const std::string where = "contract " + contract.id;
    const Arrangement* arrangement = agreement_.find_arrangement(contract.arrangement);
    if (arrangement == nullptr)
      report("contract.reference", contract.line,
             where + " names arrangement '" + contract.arrangement + "', which the agreement does not have");
    if (!contract.scheme.empty()) {
      const Scheme* scheme = agreement_.find_scheme(contract.scheme);
      if (scheme == nullptr)
        report("contract.reference", contract.line,
               where + " names scheme '" + contract.scheme + "', which the agreement does not have");
      else if (arrangement != nullptr && scheme->arrangement != arrangement->id)
        report("contract.reference", contract.line,
               where + " is paid from scheme " + contract.scheme + ", which is charged to " + scheme->arrangement +
                   ", not " + arrangement->id);
      else
        check_provider(contract, *scheme, where);
    }
    switch (contract.kind) {
      case ContractKind::outcome_based:
        check_years(contract.value, "the value", contract.line, where);
        if (contract.at_risk <= 0 || contract.at_risk > 1)
          report("contract.value", contract.line,
                 where + ": the part at risk is " + ledger::format_percent(contract.at_risk, 4) +
                     "; it should be more than 0% and at most 100%");
        if (contract.kpis.empty()) report("contract.kpi", contract.line, where + " is outcome-based but has no KPIs");
        check_kpis(contract, where);
        break;
      case ContractKind::capitated:
        check_years(contract.rate_per_head, "the rate per head", contract.line, where);
        for (const auto& [year, rate] : contract.rate_per_head)
          if (!contract.population.contains(year))
            report("contract.corridor", contract.line,
                   where + " has a rate per head for " + year.to_string() + " but no population");
        check_corridors(contract, where);
        break;
      case ContractKind::alliance:
        if (contract.schedule != PaymentSchedule::annual)
          report("contract.member", contract.line,
                 where +
                     " is an alliance, which shares a year's gain and pain and outcome pot: its schedule is "
                     "annual");
        check_members(contract, where);
        check_years(contract.outcome_pot, "the outcome pot", contract.line, where);
        if (!contract.outcome_pot.empty() && contract.kpis.empty())
          report("contract.kpi", contract.line, where + " has an outcome pot but no KPIs to earn it");
        check_kpis(contract, where);
        break;
      case ContractKind::activity:
        if (contract.unit_price.is_negative() || contract.unit_price.is_zero())
          report("contract.activity", contract.line, where + ": the unit price should be more than £0.00");
        if (contract.marginal_price.is_negative())
          report("contract.activity", contract.line, where + ": the marginal price is negative");
        break;
    }
  }

  void check_kpis(const Contract& contract, const std::string& where) {
    if (contract.kpis.empty()) return;
    Ratio total = 0;
    std::set<std::string> ids;
    for (const Kpi& kpi : contract.kpis) {
      const std::string kpi_where = where + " KPI " + kpi.id;
      total += kpi.weight;
      if (!ids.insert(kpi.id).second) report("agreement.duplicate", kpi.line, kpi_where + " is defined twice");
      if (kpi.weight <= 0) report("contract.kpi", kpi.line, kpi_where + ": the weight should be more than 0%");
      if (kpi.curve == PaymentCurve::linear) {
        const bool ordered =
            kpi.direction == KpiDirection::higher ? kpi.threshold < kpi.target : kpi.threshold > kpi.target;
        if (!ordered)
          report("contract.kpi", kpi.line,
                 kpi_where + ": with " + std::string(enum_label(kpi.direction)) + ", the threshold (" +
                     ledger::format_decimal(kpi.threshold, 4) + ") should be " +
                     (kpi.direction == KpiDirection::higher ? "below" : "above") + " the target (" +
                     ledger::format_decimal(kpi.target, 4) + ")");
      }
      if (kpi.curve == PaymentCurve::all_or_nothing && kpi.cap > 1)
        report("contract.kpi", kpi.line,
               kpi_where + ": the cap of " + ledger::format_percent(kpi.cap) +
                   " is never reached: an all-or-nothing KPI pays 100% at its target or nothing",
               Severity::warning);
      if (kpi.collar < 0 || kpi.collar > kpi.cap)
        report("contract.kpi", kpi.line, kpi_where + ": the collar should be at least 0% and at most the cap");
      for (const KpiBand& band : kpi.bands)
        if (band.pays < 0 || band.pays > kpi.cap)
          report("contract.kpi", band.line,
                 kpi_where + ": a band pays " + ledger::format_percent(band.pays) + ", outside 0% to the cap (" +
                     ledger::format_percent(kpi.cap) + ")");
      if (periods_per_year(kpi.measured) < periods_per_year(contract.schedule))
        report("contract.kpi", kpi.line,
               kpi_where + " is measured " + std::string(enum_word(kpi.measured)) + " but the contract pays " +
                   std::string(enum_word(contract.schedule)) + ": a payment would wait for a result not yet measured");
    }
    if (total != 1)
      report("contract.kpi", contract.kpis.front().line,
             where + ": the KPIs' weights sum to " + ledger::format_percent(total, 6) + ", not exactly 100%");
  }

  void check_corridors(const Contract& contract, const std::string& where) {
    if (contract.corridors.empty()) {
      report("contract.corridor", contract.line, where + " is capitated but has no [[corridor]]");
      return;
    }
    Ratio below = 0;
    for (std::size_t i = 0; i < contract.corridors.size(); ++i) {
      const Corridor& corridor = contract.corridors[i];
      const bool last = i + 1 == contract.corridors.size();
      const std::string corridor_where = where + " corridor " + std::to_string(i + 1);
      if (corridor.provider_share < 0 || corridor.provider_share > 1)
        report("contract.corridor", corridor.line, corridor_where + ": the provider's share should be 0% to 100%");
      if (!corridor.upto && !last)
        report("contract.corridor", corridor.line, corridor_where + " has no 'upto' but is not the last corridor");
      if (corridor.upto && last)
        report("contract.corridor", corridor.line,
               corridor_where + " is the last corridor but has an 'upto'; the last corridor takes the rest");
      if (corridor.upto) {
        if (*corridor.upto <= below)
          report("contract.corridor", corridor.line,
                 corridor_where + ": 'upto' should be above the corridor before it (" + ledger::format_percent(below) +
                     ")");
        below = *corridor.upto;
      }
    }
  }

  void check_members(const Contract& contract, const std::string& where) {
    if (contract.members.size() < 2)
      report("contract.member", contract.line, where + " is an alliance but has fewer than two members");
    Ratio total = 0;
    std::set<std::string> ids;
    for (const AllianceMember& member : contract.members) {
      const std::string member_where = where + " member " + member.id;
      total += member.share;
      if (!ids.insert(member.id).second) report("agreement.duplicate", member.line, member_where + " is listed twice");
      if (member.share < 0) report("contract.member", member.line, member_where + ": the share is negative");
      if (member.pain_cap && member.pain_cap->is_negative())
        report("contract.member", member.line, member_where + ": the cap on pain is negative");
      check_years(member.contract_value, "the contract value", member.line, member_where);
    }
    if (!contract.members.empty() && total != 1)
      report("contract.member", contract.members.front().line,
             where + ": the members' shares sum to " + ledger::format_percent(total, 6) + ", not exactly 100%");
  }

  const Agreement& agreement_;
  std::vector<Finding> findings_;
};

}  // namespace

std::vector<Finding> check_contracts(const Agreement& agreement) { return ContractChecker(agreement).run(); }

}  // namespace poolbook::contracts
