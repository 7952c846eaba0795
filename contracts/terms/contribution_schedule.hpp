#pragma once
// A contribution schedule says when each partner owes each instalment of its annual
// contribution to an arrangement: twelve monthly instalments on the 15th, four quarterly
// ones in April, July, October and January, one annual payment, or a list of dates and
// amounts agreed in the document, each due on its day or (if the agreement says so) the
// next working day. Variations signed off during the year change the annual amount from a
// month on; the instalments still to fall due absorb the change.
//
//   auto due = instalments_due(agreement, "icb", FinancialYear(2025));
//   // 12 instalments; the first 2025-04-15 £3,183,333.34 ...; they sum to the annual amount
//   Money total = contribution_total(agreement, "icb", FinancialYear(2025), 2025_y/October/1);
//
// Guarantees: the instalments of a contribution always sum exactly to its annual amount as
// varied (they are split with ledger::allocate); instalments due before a variation's
// effective month never change; "as at" a date sees only variations agreed on or before it
// (no date: all of them). Pure functions of the agreement.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/ledger/calendar/working_calendar.hpp"

namespace poolbook::contracts {

struct DueInstalment {
  std::string partner;
  std::string arrangement;
  FinancialYear year{0};
  int number = 0;                                              // 1-based within the contribution
  Period period{FinancialYear(0), ledger::FinancialMonth(1)};  // the schedule month it belongs to
  Date due{};                                                  // after the due-date rule
  Money amount;
  bool adjusting = false;  // added by a variation that found no instalment left to change
};

// The annual amount of one contribution, as varied by the variations agreed by as_at.
Money contribution_amount(const Agreement& agreement, const Contribution& contribution,
                          std::optional<Date> as_at = std::nullopt);

// A partner's contributions for a year to every arrangement (cash and in kind), as varied.
Money contribution_total(const Agreement& agreement, std::string_view partner_id, FinancialYear year,
                         std::optional<Date> as_at = std::nullopt);

// The instalments of one contribution, in due order. Refused only when a due date needs a
// working-day rule beyond the years the calendar covers.
Result<std::vector<DueInstalment>> contribution_instalments(
    const Agreement& agreement, const Contribution& contribution, std::optional<Date> as_at = std::nullopt,
    const ledger::WorkingCalendar& calendar = ledger::WorkingCalendar::england_and_wales());

// Every instalment a partner owes for a year, across arrangements, ordered by due date.
Result<std::vector<DueInstalment>> instalments_due(
    const Agreement& agreement, std::string_view partner_id, FinancialYear year,
    std::optional<Date> as_at = std::nullopt,
    const ledger::WorkingCalendar& calendar = ledger::WorkingCalendar::england_and_wales());

// The variations that apply to a contribution or a scheme budget by as_at, in the order
// they take effect (effective month, then date agreed, then file order).
std::vector<const Variation*> variations_of(const Agreement& agreement, const Contribution& contribution,
                                            std::optional<Date> as_at);
std::vector<const Variation*> variations_of(const Agreement& agreement, const Scheme& scheme, FinancialYear year,
                                            std::optional<Date> as_at);

}  // namespace poolbook::contracts
