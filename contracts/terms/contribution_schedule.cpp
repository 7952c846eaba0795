#include "poolbook/contracts/terms/contribution_schedule.hpp"

#include <algorithm>

#include "poolbook/ledger/money/allocation.hpp"

namespace poolbook::contracts {
namespace {

using ledger::FinancialMonth;
using ledger::WorkingCalendar;

bool sees(const Variation& variation, std::optional<Date> as_at) {
  return !as_at || variation.signed_off_by_date(*as_at);
}

void order_by_effect(std::vector<const Variation*>& variations) {
  std::stable_sort(variations.begin(), variations.end(), [](const Variation* a, const Variation* b) {
    if (a->effective_from != b->effective_from) return a->effective_from < b->effective_from;
    return a->agreed_on < b->agreed_on;
  });
}

// The months of the year a regular schedule falls due in.
std::vector<Period> schedule_months(ScheduleKind schedule, FinancialYear year) {
  std::vector<Period> months;
  const int step = schedule == ScheduleKind::monthly ? 1 : schedule == ScheduleKind::quarterly ? 3 : 12;
  for (int number = 1; number <= 12; number += step) months.emplace_back(year, FinancialMonth(number));
  return months;
}

// The due date in a month by the contribution's day and rule.
Result<Date> due_in(const Contribution& contribution, const Period& period, const WorkingCalendar& calendar) {
  const Date nominal = contribution.due_day
                           ? Date{period.calendar_month() / date::day(static_cast<unsigned>(*contribution.due_day))}
                           : period.last_day();
  if (contribution.due_rule == DueRule::fixed) return nominal;
  return calendar.next_working_day(nominal);
}

DueInstalment instalment_of(const Contribution& contribution, const Period& period, Date due, Money amount) {
  return DueInstalment{
      contribution.partner, contribution.arrangement, contribution.year, 0, period, due, amount, false};
}

// The schedule as agreed, before variations.
Result<std::vector<DueInstalment>> original_schedule(const Contribution& contribution,
                                                     const WorkingCalendar& calendar) {
  std::vector<DueInstalment> out;
  if (contribution.schedule == ScheduleKind::none) return out;
  if (contribution.schedule == ScheduleKind::dates) {
    for (const Instalment& instalment : contribution.instalments)
      out.push_back(instalment_of(contribution, Period::containing(instalment.due), instalment.due, instalment.amount));
    std::stable_sort(out.begin(), out.end(),
                     [](const DueInstalment& a, const DueInstalment& b) { return a.due < b.due; });
    return out;
  }
  const std::vector<Period> months = schedule_months(contribution.schedule, contribution.year);
  auto amounts = ledger::allocate_evenly(contribution.amount, months.size());
  assert(amounts.ok());
  for (std::size_t i = 0; i < months.size(); ++i) {
    auto due = due_in(contribution, months[i], calendar);
    if (!due) return due.error();
    out.push_back(instalment_of(contribution, months[i], *due, (*amounts)[i]));
  }
  return out;
}

// The due date of an adjusting instalment in `month`: on the contribution's day by its rule,
// but within the month (its last working day when the rule would carry it into the next).
Result<Date> adjusting_due(const Contribution& contribution, const Period& month, const WorkingCalendar& calendar) {
  auto due = due_in(contribution, month, calendar);
  if (!due || Period::containing(*due) == month) return due;
  for (date::sys_days day = date::sys_days{month.last_day()}; day >= date::sys_days{month.first_day()};
       day -= date::days{1}) {
    auto working = calendar.is_working_day(date::year_month_day{day});
    if (!working) return working.error();
    if (*working) return date::year_month_day{day};
  }
  return month.last_day();
}

// Applies one variation, judged by when each instalment falls due (as a treasurer reads the
// schedule): instalments due before its month stand; those due in or after it absorb the
// change.
Result<bool> apply_variation(const Contribution& contribution, const Variation& variation,
                             std::vector<DueInstalment>& instalments, const WorkingCalendar& calendar) {
  std::vector<std::size_t> open;
  for (std::size_t i = 0; i < instalments.size(); ++i)
    if (Period::containing(instalments[i].due) >= variation.effective_from) open.push_back(i);
  if (open.empty()) {
    Period month = variation.effective_from;
    auto due = adjusting_due(contribution, month, calendar);
    if (!due) return due.error();
    DueInstalment adjusting = instalment_of(contribution, month, *due, variation.change);
    adjusting.adjusting = true;
    instalments.push_back(adjusting);
    return true;
  }
  ledger::MoneySum remaining;
  for (std::size_t i : open) remaining += instalments[i].amount;
  remaining += variation.change;
  auto shares = ledger::allocate_evenly(remaining.total(), open.size());
  assert(shares.ok());
  for (std::size_t k = 0; k < open.size(); ++k) instalments[open[k]].amount = (*shares)[k];
  return true;
}

}  // namespace

std::vector<const Variation*> variations_of(const Agreement& agreement, const Contribution& contribution,
                                            std::optional<Date> as_at) {
  std::vector<const Variation*> out;
  for (const Variation& variation : agreement.variations) {
    const auto* target = std::get_if<ContributionTarget>(&variation.target);
    if (target != nullptr && target->partner == contribution.partner &&
        target->arrangement == contribution.arrangement && target->form == contribution.form &&
        variation.year == contribution.year && sees(variation, as_at))
      out.push_back(&variation);
  }
  order_by_effect(out);
  return out;
}

std::vector<const Variation*> variations_of(const Agreement& agreement, const Scheme& scheme, FinancialYear year,
                                            std::optional<Date> as_at) {
  std::vector<const Variation*> out;
  for (const Variation& variation : agreement.variations) {
    const auto* target = std::get_if<BudgetTarget>(&variation.target);
    if (target != nullptr && target->scheme == scheme.id && variation.year == year && sees(variation, as_at))
      out.push_back(&variation);
  }
  order_by_effect(out);
  return out;
}

Money contribution_amount(const Agreement& agreement, const Contribution& contribution, std::optional<Date> as_at) {
  Money amount = contribution.amount;
  for (const Variation* variation : variations_of(agreement, contribution, as_at)) amount += variation->change;
  return amount;
}

Money contribution_total(const Agreement& agreement, std::string_view partner_id, FinancialYear year,
                         std::optional<Date> as_at) {
  Money total;
  for (const Contribution* contribution : agreement.contributions_of(partner_id, year))
    total += contribution_amount(agreement, *contribution, as_at);
  return total;
}

Result<std::vector<DueInstalment>> contribution_instalments(const Agreement& agreement,
                                                            const Contribution& contribution, std::optional<Date> as_at,
                                                            const WorkingCalendar& calendar) {
  auto instalments = original_schedule(contribution, calendar);
  if (!instalments) return instalments;
  for (const Variation* variation : variations_of(agreement, contribution, as_at)) {
    if (contribution.schedule == ScheduleKind::none) break;  // an aligned budget has no instalments
    auto applied = apply_variation(contribution, *variation, *instalments, calendar);
    if (!applied) return applied.error();
  }
  for (std::size_t i = 0; i < instalments->size(); ++i) (*instalments)[i].number = static_cast<int>(i + 1);
  return instalments;
}

Result<std::vector<DueInstalment>> instalments_due(const Agreement& agreement, std::string_view partner_id,
                                                   FinancialYear year, std::optional<Date> as_at,
                                                   const WorkingCalendar& calendar) {
  std::vector<DueInstalment> all;
  for (const Contribution* contribution : agreement.contributions_of(partner_id, year)) {
    auto instalments = contribution_instalments(agreement, *contribution, as_at, calendar);
    if (!instalments) return instalments.error();
    all.insert(all.end(), instalments->begin(), instalments->end());
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const DueInstalment& a, const DueInstalment& b) { return a.due < b.due; });
  return all;
}

}  // namespace poolbook::contracts
