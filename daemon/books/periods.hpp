#pragma once
// Closing and reopening a month of the books. A closed month takes no postings; reopening
// one is a decision under the scheme of delegation (in Northshire, the joint commissioning
// board's), checked and written in one transaction with the authority log's line.
//
//   auto closed = books::close_month(books, "pool.manager", *Period::parse("2025/26 M01"));
//   auto reopened = books::reopen_month(books, "pool.manager",
//                                       {*Period::parse("2025/26 M01"), "late ICB accrual", "D-2025-031"});
//
// Guarantees: only a person of the agreement closes or reopens; a reopening is refused
// (and the refusal logged) unless the person may reopen alone or cites a carried decision of
// the right body, taken after the month ended, naming the month, not used to reopen it before.

#include <chrono>
#include <string>

#include "poolbook/daemon/books/books.hpp"
#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/ledger/store/record_chain.hpp"

namespace poolbook::books {

struct MonthAction {
  ledger::Period period;
  std::string actor;       // the person's id
  ledger::ChainHead head;  // the books' record chain after it: to keep with the month's papers
};

// `period close`: the month-end close (month_close.hpp: the statement, refused on a hard
// error, the accruals, the lock), refusing a month already closed (period.closed).
Result<MonthAction> close_month(Books& books, const std::string& as, const ledger::Period& period);

// Whether `period` is a month of the agreement's term; if not, refused (period.term) as
// "SUBJECT is outside the agreement's term (FIRST to LAST)" and `consequence` after it.
Status within_term(const Books& books, const ledger::Period& period, const std::string& subject,
                   const std::string& consequence = "");

// Whether the month may close now: within the agreement's term (period.term), and after the
// month before it (period.order). Called inside the close's write transaction.
Status may_close(Books& books, const ledger::Period& period);

struct Reopening {
  ledger::Period period;
  std::string reason;
  std::string decision;  // the decision cited, if any
};

// `today` is the date the decision's timing is judged against (today in London).
Result<MonthAction> reopen_month(Books& books, const std::string& as, const Reopening& reopening,
                                 date::year_month_day today);

}  // namespace poolbook::books
