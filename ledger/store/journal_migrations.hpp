#pragma once
// The journal's tables in a SQLite books file (accounts, entries, sources, balances,
// periods and their log, imports, quarantine, settings) and the migrations that built
// them, owner "journal". Applied by open_sqlite_store; public so that a program writing an
// older file for a test, or another owner of tables in the same file, can name them.
//
//   db->migrate(kJournalOwner, journal_migrations());

#include <span>

#include "poolbook/ledger/store/record_chain.hpp"
#include "poolbook/ledger/store/sqlite_database.hpp"

namespace poolbook::ledger {

inline constexpr const char* kJournalOwner = "journal";

std::span<const Migration> journal_migrations();

// The journal's tables under the record chain, with their columns.
std::span<const ChainedTable> journal_chained_tables();

}  // namespace poolbook::ledger
