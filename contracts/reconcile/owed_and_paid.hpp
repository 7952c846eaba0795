#pragma once
// What each partner owes and has paid into each arrangement for a year, up to a month: the
// year's contribution as varied, what has fallen due by the month's end, what has been
// received, what is outstanding or overpaid, and the instalments still unpaid at the month's
// end with the working days they are overdue. Computed from the agreement's schedules and the
// cash received by month (the maintained balances of the contributions accounts).
//
//   auto owed = owed_and_paid(agreement, *Period::parse("2025/26 M07"), received);
//   // owed->positions[0]: icb bcf-pool agreed £41,509,475.50, due £24,110,394.07, ...
//
// The rules (docs/month-end.md):
// - a cash contribution's instalments fall due on their due dates (after the due-date rule);
//   receipts to date clear them oldest first, so what is unpaid is always the latest part;
// - an in-kind contribution is recognised as agreed: each instalment counts as received when
//   it falls due (there is no cash to wait for);
// - a contribution with no schedule (an aligned budget, which each partner spends itself) is
//   not paid into anything and is left out;
// - overdue: an instalment due on or before the month's last day and not cleared by the
//   receipts to date, with the working days from its due date to the month's last day.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/contracts/terms/contribution_schedule.hpp"
#include "poolbook/ledger/calendar/working_calendar.hpp"

namespace poolbook::contracts {

struct OverdueInstalment {
  DueInstalment instalment;
  Money unpaid;              // the part not yet received
  int working_days_overdue;  // from its due date to the month's last day
};

struct ContributionPosition {
  std::string partner;
  std::string arrangement;
  ContributionForm form = ContributionForm::cash;
  std::string funds;       // in kind: the scheme it is spent on (recognised there at each close)
  std::string evidence;    // in kind: what evidences it
  Money agreed;            // the year's contribution as varied by the month's end
  Money due_to_date;       // instalments due on or before the month's last day
  Money received_to_date;  // cash received M01..the month (in kind: recognised as due)
  Money outstanding;       // due less received, when more is due
  Money overpaid;          // received less due, when more was received
  std::vector<OverdueInstalment> overdue;
};

struct OwedAndPaid {
  Period period;
  std::vector<ContributionPosition> positions;  // in the agreement's order of contributions
  Money agreed;
  Money due_to_date;
  Money received_to_date;
  Money outstanding;
  Money overpaid;
};

// Cash received by (arrangement, partner) in the period's year, M01..the month.
using ReceivedByContribution = std::map<std::pair<std::string, std::string>, Money>;

// Refused only when a due date or an overdue count needs a working day beyond the calendar.
Result<OwedAndPaid> owed_and_paid(
    const Agreement& agreement, const Period& period, const ReceivedByContribution& received,
    const ledger::WorkingCalendar& calendar = ledger::WorkingCalendar::england_and_wales());

}  // namespace poolbook::contracts
