#include "poolbook/contracts/reconcile/owed_and_paid.hpp"

#include <algorithm>

namespace poolbook::contracts {

Result<OwedAndPaid> owed_and_paid(const Agreement& agreement, const Period& period,
                                  const ReceivedByContribution& received, const ledger::WorkingCalendar& calendar) {
  OwedAndPaid owed{period, {}, {}, {}, {}, {}, {}};
  const Date month_end = period.last_day();
  // Cash received by a partner into an arrangement clears its cash contribution (a partner
  // has at most one cash contribution to an arrangement a year).
  for (const Contribution& contribution : agreement.contributions) {
    if (contribution.year != period.year() || contribution.schedule == ScheduleKind::none) continue;
    auto instalments = contribution_instalments(agreement, contribution, month_end, calendar);
    if (!instalments) return instalments.error();
    ContributionPosition position;
    position.partner = contribution.partner;
    position.arrangement = contribution.arrangement;
    position.form = contribution.form;
    position.funds = contribution.funds;
    position.evidence = contribution.evidence;
    position.agreed = contribution_amount(agreement, contribution, month_end);
    for (const DueInstalment& instalment : *instalments)
      if (instalment.due <= month_end) position.due_to_date += instalment.amount;
    if (contribution.form == ContributionForm::in_kind) {
      position.received_to_date = position.due_to_date;
    } else {
      const auto found = received.find({contribution.arrangement, contribution.partner});
      if (found != received.end()) position.received_to_date = found->second;
      Money left = position.received_to_date;  // clears the instalments oldest first
      for (const DueInstalment& instalment : *instalments) {
        if (instalment.due > month_end) break;
        const Money cleared = std::clamp(left, Money{}, instalment.amount);
        left -= cleared;
        if (cleared == instalment.amount) continue;
        auto late = calendar.working_days_between(instalment.due, month_end);
        if (!late) return late.error();
        position.overdue.push_back(OverdueInstalment{instalment, instalment.amount - cleared, *late});
      }
    }
    const Money difference = position.due_to_date - position.received_to_date;
    if (difference.is_negative())
      position.overpaid = -difference;
    else
      position.outstanding = difference;
    owed.agreed += position.agreed;
    owed.due_to_date += position.due_to_date;
    owed.received_to_date += position.received_to_date;
    owed.outstanding += position.outstanding;
    owed.overpaid += position.overpaid;
    owed.positions.push_back(std::move(position));
  }
  return owed;
}

}  // namespace poolbook::contracts
