#include "poolbook/contracts/reconcile/budget_monitoring.hpp"

#include <algorithm>

#include "poolbook/contracts/terms/budget_phasing.hpp"

namespace poolbook::contracts {
namespace {

// The month of the year a virement is phased from: the month it was recorded in, M01 if it
// was recorded before the year began, M12 if after it ended.
int virement_first_month(const VirementRecord& virement) {
  const Date recorded{date::floor<date::days>(virement.at)};
  if (recorded < virement.year.first_day()) return 1;
  if (recorded > virement.year.last_day()) return 12;
  return Period::containing(recorded).month().number();
}

void add(std::array<Money, 12>& to, const std::array<Money, 12>& months, bool negate = false) {
  for (std::size_t i = 0; i < 12; ++i) to[i] += negate ? -months[i] : months[i];
}

// Budget to date and the month's budget, actual to date and the month's actual, from months.
void fill_to_date(MonitoredAmounts& amounts, const std::array<Money, 12>& budget, const std::array<Money, 12>& actual,
                  int month) {
  for (int i = 0; i < month; ++i) {
    amounts.budget_to_date += budget[static_cast<std::size_t>(i)];
    amounts.actual_to_date += actual[static_cast<std::size_t>(i)];
  }
  amounts.month_budget = budget[static_cast<std::size_t>(month - 1)];
  amounts.month_actual = actual[static_cast<std::size_t>(month - 1)];
}

void settle(MonitoredAmounts& amounts, const MonitoringThresholds& thresholds) {
  amounts.budget = amounts.annual + amounts.virements;
  amounts.variance = amounts.actual_to_date - amounts.budget_to_date;
  amounts.variance_share =
      amounts.budget_to_date.is_zero()
          ? std::nullopt
          : std::optional<Ratio>(Ratio(amounts.variance.pence()) / Ratio(amounts.budget_to_date.pence()));
  amounts.status = rag_status(amounts, thresholds);
}

void accumulate(MonitoredAmounts& into, const MonitoredAmounts& part) {
  into.annual += part.annual;
  into.virements += part.virements;
  into.budget_to_date += part.budget_to_date;
  into.actual_to_date += part.actual_to_date;
  into.month_budget += part.month_budget;
  into.month_actual += part.month_actual;
}

// Groups in the order their keys first appear among the schemes.
std::vector<MonitoringGroup> grouped(const std::vector<SchemeMonitoring>& schemes,
                                     std::string (*key_of)(const SchemeMonitoring&),
                                     const MonitoringThresholds& thresholds) {
  std::vector<MonitoringGroup> groups;
  for (const SchemeMonitoring& scheme : schemes) {
    const std::string key = key_of(scheme);
    auto found = std::find_if(groups.begin(), groups.end(), [&](const MonitoringGroup& g) { return g.key == key; });
    if (found == groups.end()) found = groups.insert(groups.end(), MonitoringGroup{key, {}});
    accumulate(found->amounts, scheme.amounts);
  }
  for (MonitoringGroup& group : groups) settle(group.amounts, thresholds);
  return groups;
}

}  // namespace

std::string_view rag_word(Rag rag) {
  switch (rag) {
    case Rag::green:
      return "green";
    case Rag::amber:
      return "amber";
    case Rag::red:
      return "red";
  }
  return "green";
}

Rag rag_status(const MonitoredAmounts& amounts, const MonitoringThresholds& thresholds) {
  if (!amounts.variance_share) return amounts.actual_to_date.is_zero() ? Rag::green : Rag::red;
  const Ratio& share = *amounts.variance_share;
  // A budget to date that is negative (moved away after spending) reads as an overspend of
  // everything spent: the share's sign follows the variance.
  const Ratio over = amounts.budget_to_date.is_negative() ? -share : share;
  if (over >= thresholds.red) return Rag::red;
  if (over >= thresholds.amber) return Rag::amber;
  if (-over >= thresholds.red) return Rag::amber;
  return Rag::green;
}

BudgetMonitoring monitor_budgets(const Agreement& agreement, const Period& period, const SpendByScheme& actuals,
                                 const std::vector<VirementRecord>& virements) {
  BudgetMonitoring monitoring{period, agreement.monitoring, {}, {}, {}, {}, {}, {}};
  const FinancialYear year = period.year();
  const Date as_at = period.last_day();
  const int month = period.month().number();
  for (const Scheme& scheme : agreement.schemes) {
    std::array<Money, 12> budget = budget_phased_months(agreement, scheme, year, as_at);
    MonitoredAmounts amounts;
    amounts.annual = budget_annual(agreement, scheme, year, as_at);
    for (const VirementRecord& virement : virements) {
      if (virement.year != year || (virement.to_scheme != scheme.id && virement.from_scheme != scheme.id)) continue;
      const bool onto = virement.to_scheme == scheme.id;
      amounts.virements += onto ? virement.amount : -virement.amount;
      add(budget, phase_from(scheme.phasing, virement_first_month(virement), virement.amount), !onto);
    }
    const auto spent = actuals.find(scheme.id);
    const std::array<Money, 12> actual = spent == actuals.end() ? std::array<Money, 12>{} : spent->second;
    fill_to_date(amounts, budget, actual, month);
    settle(amounts, agreement.monitoring);
    if (amounts.annual.is_zero() && amounts.virements.is_zero() && amounts.actual_to_date.is_zero() &&
        amounts.budget_to_date.is_zero())
      continue;  // a scheme with nothing this year
    monitoring.schemes.push_back(SchemeMonitoring{scheme.id, scheme.name, scheme.arrangement, scheme.commissioner,
                                                  scheme.type, scheme.funding_source, amounts, budget});
  }
  const MonitoringThresholds& thresholds = agreement.monitoring;
  monitoring.by_arrangement = grouped(
      monitoring.schemes, [](const SchemeMonitoring& s) { return s.arrangement; }, thresholds);
  monitoring.by_type = grouped(
      monitoring.schemes, [](const SchemeMonitoring& s) { return std::string(enum_word(s.type)); }, thresholds);
  monitoring.by_commissioner = grouped(
      monitoring.schemes, [](const SchemeMonitoring& s) { return s.commissioner; }, thresholds);
  monitoring.by_funding = grouped(
      monitoring.schemes, [](const SchemeMonitoring& s) { return std::string(enum_word(s.funding)); }, thresholds);
  for (const SchemeMonitoring& scheme : monitoring.schemes) accumulate(monitoring.total, scheme.amounts);
  settle(monitoring.total, thresholds);
  return monitoring;
}

}  // namespace poolbook::contracts
