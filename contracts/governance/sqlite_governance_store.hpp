#pragma once
// The governance store in a SQLite books file, over the same SqliteDatabase as the journal's
// store, so that an action touching both (reopening a month: a decision read, the journal's
// period log and the authority log written) is one Database::write. Its tables are migrated
// on open, owner "governance" (governance_migrations.hpp).
//
//   auto db = ledger::SqliteDatabase::open("northshire.db");
//   auto journal = ledger::open_sqlite_store(*db);
//   auto governance = open_sqlite_governance_store(*db);

#include <filesystem>
#include <memory>

#include "poolbook/contracts/governance/governance_store.hpp"
#include "poolbook/ledger/store/sqlite_database.hpp"

namespace poolbook::contracts {

// The governance store over an open database, its tables brought up to date.
Result<std::unique_ptr<GovernanceStore>> open_sqlite_governance_store(std::shared_ptr<ledger::SqliteDatabase> db);

// Writes a books file as poolbook did before owners were tracked, at schema version 1 to 6
// (the journal's and governance's steps of that one sequence), for tests of migrations from
// older files.
Status create_sqlite_books_version(const std::filesystem::path& path, int schema_version);

}  // namespace poolbook::contracts
