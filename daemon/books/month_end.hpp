#pragma once
// The month-end statement of the books for a month, as they stand: exceptions first, then
// what each partner owes and has paid, then budget monitoring by scheme with its roll-ups,
// the forecast outturn with each pool's risk-share exposure, and the balance proof (every
// total ties to the journal's maintained balances). Reading
// only: nothing is posted or closed here.
//
//   auto statement = books::month_statement(books, *ledger::Period::parse("2025/26 M07"));
//   for (const auto& exception : statement->exceptions) ...
//
// The exceptions (docs/month-end.md): an instalment overdue by more working days than the
// agreement allows; a scheme red with no carried overspend-action-plan decision naming it
// for the year; spend on a scheme account the agreement has no scheme for that year; rows
// still in quarantine; a contract payment due and not approved; a bank balance per the bank's
// statement that is not the books' receipts less payments; and a total that does not
// tie to the balances (a hard error). In the
// year's last month (M12), also a performance element whose result was not given, and a year
// the risk share cannot settle (a hard error).
//
// A statement for M12 carries the year-end settlement: the risk share on the year's actual
// variances, which its close posts (contracts/reconcile/year_end.hpp).

#include <optional>
#include <string>
#include <vector>

#include "poolbook/contracts/reconcile/budget_monitoring.hpp"
#include "poolbook/contracts/reconcile/forecast.hpp"
#include "poolbook/contracts/reconcile/owed_and_paid.hpp"
#include "poolbook/contracts/reconcile/year_end.hpp"
#include "poolbook/daemon/books/books.hpp"
#include "poolbook/daemon/books/contract_payments.hpp"

namespace poolbook::books {

struct StatementException {
  std::string rule;  // e.g. "contribution.late", "budget.red", "quarantine.open"
  std::string message;
  bool hard = false;  // a hard error stops a close
};

// A national condition of the month's year, as the statement finds it.
struct ConditionStatus {
  contracts::NationalCondition condition;
  std::vector<std::string> schemes;  // the schemes it counts
  ledger::Money budget;              // their budgets for the year, as varied and moved
  ledger::Money outturn;             // their forecast outturn, by the statement's method
  bool met = false;                  // both at least the minimum
};

// A pool's cash at the month's end: the books' bank account (receipts less payments, since
// the books began) beside the bank's own statement of the account, where one was imported
// (a bank-statement profile, memo/ARR/bank-statement).
struct BankPosition {
  std::string arrangement;
  ledger::Money books;
  std::optional<ledger::Money> statement;      // none: no statement line imported by the month's end
  std::optional<ledger::Period> statement_to;  // the last month the statement has a line in
  [[nodiscard]] bool agrees() const { return !statement || *statement == books; }
};

// The figures of a quarter's return, on the statement of a quarter's last month (M03, M06,
// M09, M12): each scheme's spend in the quarter and in the year to date, and each
// contribution's cash received in the quarter and to date.
struct QuarterScheme {
  std::string scheme;
  std::string arrangement;
  ledger::Money budget;  // for the year, as varied and moved
  ledger::Money quarter;
  ledger::Money to_date;
};
struct QuarterIncome {
  std::string partner;
  std::string arrangement;
  ledger::Money quarter;
  ledger::Money to_date;
};
struct QuarterFigures {
  std::string quarter;  // "2025/26 Q3"
  std::vector<QuarterScheme> schemes;
  std::vector<QuarterIncome> income;
  ledger::Money spent;     // the schemes' spend in the quarter
  ledger::Money received;  // the cash received in the quarter
};

struct MonthStatement {
  std::string agreement_id;
  ledger::Period period;
  std::vector<StatementException> exceptions;
  contracts::OwedAndPaid owed;
  contracts::BudgetMonitoring monitoring;
  contracts::Forecast forecast;  // the outturn by the method asked for, and each pool's risk-share exposure
  std::vector<PaymentDue> payments;
  std::vector<ConditionStatus> conditions;  // the BCF national conditions declared for its year  // outcome-based
                                            // contracts' payments due by the month's end, in its year
  std::vector<BankPosition> bank;           // each pooled fund and lead commissioning, at the month's end
  std::optional<QuarterFigures> quarter;    // a quarter's last month only
  std::optional<contracts::YearEndSettlement> settlement;  // M12 only
  contracts::PerformanceResults performance;               // the results the settlement used
  // The balance proof: spend and receipts as the statement counts them, and as the journal's
  // balances hold them for the same months.
  ledger::Money statement_spend;
  ledger::Money journal_spend;
  ledger::Money statement_received;
  ledger::Money journal_received;
};

// The setting a month's close records its statement under: "month-end.2025/26 M07".
std::string statement_setting(const ledger::Period& period);

// `method`: how the outturn is forecast (last-year reads the year before's balances);
// `performance`: the results of the year's performance elements, for the settlement at M12.
Result<MonthStatement> month_statement(Books& books, const ledger::Period& period,
                                       contracts::ForecastMethod method = contracts::ForecastMethod::profile,
                                       const contracts::PerformanceResults& performance = {});

}  // namespace poolbook::books
