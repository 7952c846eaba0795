#pragma once
// Budget monitoring for a month: per scheme, what it may spend this year and by now, what it
// has spent, the variance and a red/amber/green status; rolled up by arrangement, scheme type,
// commissioner and funding source. Computed from the agreement, the virements recorded in the
// books and the actual spend by month (the maintained balances of the schemes' accounts), so
// a month's monitoring never reads the journal.
//
//   auto monitoring = monitor_budgets(agreement, *Period::parse("2025/26 M06"), actuals, virements);
//   // monitoring.schemes[0]: S01 budget £6,842,310.00, to date £3,421,155.00, spent ... , green
//
// The rules (docs/month-end.md):
// - budget: the annual budget as varied by the variations signed off by the month's end, plus
//   virements onto the scheme less virements off it for the year;
// - budget to date: the months M01..this month of that budget, phased by the scheme's profile;
//   a variation from its effective month, a virement from the month it was recorded in (M01
//   if recorded before the year, M12 if after it), each spread over the months left;
// - actual: spend charged to the scheme's account (debits positive); variance = actual to
//   date less budget to date (an overspend positive), and its share of the budget to date;
// - status: an overspend of the agreement's red threshold or more is red, of amber or more
//   amber; an underspend of red or more is amber; otherwise green. Spend with no budget to
//   date is red.

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/contracts/governance/governance_records.hpp"
#include "poolbook/ledger/calendar/financial_calendar.hpp"

namespace poolbook::contracts {

enum class Rag { green, amber, red };
std::string_view rag_word(Rag rag);  // "green", "amber", "red"

// The money of one scheme, or of a group of schemes, for the year up to a month.
struct MonitoredAmounts {
  Money annual;          // the annual budget as varied
  Money virements;       // moved onto it, less moved off it
  Money budget;          // annual + virements
  Money budget_to_date;  // M01..the month, phased
  Money actual_to_date;
  Money month_budget;  // the month's own phased budget
  Money month_actual;
  Money variance;                       // actual_to_date - budget_to_date
  std::optional<Ratio> variance_share;  // variance / budget_to_date; none when that is zero
  Rag status = Rag::green;
};

struct SchemeMonitoring {
  std::string scheme;
  std::string name;
  std::string arrangement;
  std::string commissioner;
  SchemeType type = SchemeType::other;
  FundingSource funding = FundingSource::other;
  MonitoredAmounts amounts;
  std::array<Money, 12> phased{};  // the budget (with its virements) month by month, M01..M12
};

// A group of schemes by one of the roll-up keys, with its summed amounts and its own status.
struct MonitoringGroup {
  std::string key;  // e.g. "bcf-pool", "home-based-intermediate-care", "icb", "nhs-minimum"
  MonitoredAmounts amounts;
};

struct BudgetMonitoring {
  Period period;
  MonitoringThresholds thresholds;
  std::vector<SchemeMonitoring> schemes;  // in the agreement's order, schemes with a budget or spend
  std::vector<MonitoringGroup> by_arrangement;
  std::vector<MonitoringGroup> by_type;
  std::vector<MonitoringGroup> by_commissioner;
  std::vector<MonitoringGroup> by_funding;
  MonitoredAmounts total;
};

// Spend by scheme id and month M01..M12 (index 0 is M01) of the period's year.
using SpendByScheme = std::map<std::string, std::array<Money, 12>>;

// The status of amounts under the thresholds (see the rules above).
Rag rag_status(const MonitoredAmounts& amounts, const MonitoringThresholds& thresholds);

BudgetMonitoring monitor_budgets(const Agreement& agreement, const Period& period, const SpendByScheme& actuals,
                                 const std::vector<VirementRecord>& virements);

}  // namespace poolbook::contracts
