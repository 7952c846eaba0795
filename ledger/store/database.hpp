#pragma once
// The database behind the books: one place where the journal and every other record kept
// beside it (governance's decisions and disputes, say) are written, so that one action
// touching several of them is one transaction. Each store interface (ledger::Store,
// contracts::GovernanceStore) is implemented over a Database; SQLite is the embedded default
// (sqlite_database.hpp), and a PostgreSQL backend is one more class per interface.
//
//   auto db = SqliteDatabase::open("northshire.db");
//   Status done = (*db)->write([&]() -> Status {
//     auto cited = governance->decision("D-2025-014");         // read inside the transaction
//     if (!cited) return cited.error();
//     return journal->reopen_period(period, actor, reason, "D-2025-014");  // all or nothing
//   });
//
// Guarantees: the work given to write() runs in one write transaction; if it returns an
// error or throws, nothing it wrote is kept. A write inside another joins it: the inner
// work's writes are undone if it fails, and the whole is committed only by the outermost.
// Two connections' writes never interleave, so what work reads it may rely on until it
// returns. Thread-safety: one Database object per thread.

#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "poolbook/ledger/error.hpp"

namespace poolbook::ledger {

class Database {
 public:
  virtual ~Database() = default;

  // Runs work in one write transaction: committed if it returns ok, else rolled back. An
  // exception thrown by work (e.g. MoneyOverflow) rolls back too and comes back as an
  // Error (rule store.batch).
  virtual Status write(const std::function<Status()>& work) = 0;

  // Runs work that only reads on one snapshot of the books: what another process commits
  // meanwhile is not seen half-way (a report, a verification). Inside a write or another read
  // it joins that one.
  virtual Status read(const std::function<Status()>& work) { return work(); }

  // The same for work that returns a value: Result<T> work() -> Result<T>.
  template <typename Work>
  auto write_value(Work work) -> decltype(work()) {
    using Value = std::remove_cvref_t<decltype(*work())>;
    std::optional<Value> value;
    Status done = write([&]() -> Status {
      auto result = work();
      if (!result) return result.error();
      value.emplace(std::move(result).value());
      return ok_status();
    });
    if (!done) return done.error();
    return std::move(*value);
  }
};

}  // namespace poolbook::ledger
