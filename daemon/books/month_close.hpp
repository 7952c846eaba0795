#pragma once
// Closing a month at month end, the one obvious step (`poolbook close MONTH`): the month's
// statement is built; a statement with a hard error is refused with its list; otherwise the
// month's accruals are posted, the statement is recorded with the books (in the audit chain)
// and the month is locked, all in one transaction.
//
//   auto closed = books::close_month_end(books, "", *ledger::Period::parse("2025/26 M07"));
//   // closed->accruals: the receivables accrued; closed->head: the chain's head after the close
//
// The accruals (docs/month-end.md): for each cash contribution with something outstanding
// (or overpaid) at the month's end, an accrual dated the month's last day debits the pool's
// receivable from the partner and credits its contributions (the reverse when overpaid), and
// its reversal is posted on the first day of the next month, so that the next month's
// receipts clear it as they come. Closing a month already closed changes nothing. Months
// close in order and within the agreement's term, as `period close`.
//
// Before the statement is built, each in-kind contribution that names the scheme it funds
// (`funds`) is recognised for what has fallen due by the month's end and was not recognised
// at an earlier close: an entry dated the month's last day debits the scheme's account and
// credits pool/ARR/in-kind/PARTNER (the in-kind income), so the scheme's spend and the pool's
// income both hold the contribution as agreed.
//
// Then (also before the statement, since it is spend) each approved contract payment due by
// the month's end and not accrued at an earlier close has its earned element accrued
// (daemon/books/contract_payments.hpp), recorded in the setting "contract-accrued.CONTRACT.PERIOD" so that it is
// accrued once.
//
// Closing a year's last month (M12) also settles the year: the entries of
// contracts::year_end_entries are posted (the risk share on the actual variances, the
// carry-forward) and listed in the setting "year-end.YEAR". Closing M12 again after a
// reopening reverses those entries and posts the new ones, unless they are the same.

#include <optional>
#include <string>
#include <vector>

#include "poolbook/daemon/books/month_end.hpp"
#include "poolbook/ledger/store/record_chain.hpp"

namespace poolbook::books {

struct Accrual {
  std::string partner;
  std::string arrangement;
  ledger::Money amount;  // receivable accrued (negative: received in advance)
  ledger::EntryId entry = 0;
  ledger::EntryId reversal = 0;
  // Closed again after a reopening: what an earlier close accrued stands, and this is the
  // difference, to `accrued` in all (negative: received in advance).
  bool adjustment = false;
  ledger::Money accrued;
};

// An in-kind contribution recognised at a close: as much as has fallen due in the year by the
// month's end and was not recognised before, spent on the scheme it funds.
struct InKindRecognised {
  std::string partner;
  std::string arrangement;
  std::string scheme;
  ledger::Money amount;
  ledger::EntryId entry = 0;
};

// An approved contract payment accrued at a close: its earned element, on the contract's
// scheme, reversed on the first day of the next month.
struct PaymentAccrual {
  std::string contract;
  std::string period;
  ledger::Money amount;
  ledger::EntryId entry = 0;
  ledger::EntryId reversal = 0;
};

struct YearEndPosting {
  ledger::EntryId entry = 0;
  std::string arrangement;
  std::string description;
};

struct MonthClose {
  ledger::Period period;
  std::string actor;
  bool already_closed = false;  // nothing was changed
  std::vector<Accrual> accruals;
  std::size_t accruals_standing = 0;  // closed again: earlier accruals that stand unchanged
  std::vector<InKindRecognised> in_kind;
  std::vector<PaymentAccrual> payment_accruals;
  std::string statement_digest;  // SHA-256 of the statement as recorded (setting "month-end.PERIOD")
  ledger::ChainHead head;
  std::vector<StatementException> exceptions;              // those that did not stop the close
  std::optional<contracts::YearEndSettlement> settlement;  // M12: the year's settlement
  std::vector<YearEndPosting> settlement_entries;          // M12: the entries posted for it
  std::vector<ledger::EntryId> settlement_reversed;        // M12 closed again: the earlier ones reversed
};

// `performance`: the results of the year's performance elements, for the settlement at M12.
Result<MonthClose> close_month_end(Books& books, const std::string& as, const ledger::Period& period,
                                   const contracts::PerformanceResults& performance = {});

// The statement as recorded at a close: one line per figure, in a fixed order.
std::string statement_record(const MonthStatement& statement);

}  // namespace poolbook::books
