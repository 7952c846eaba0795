#pragma once
// The journal's store in a SQLite books file (sqlite_database.hpp): one file per area, in
// WAL mode with a busy timeout so the daemon and the CLI can share it; prepared statements
// only; foreign keys on; the journal's schema migrations applied on open (a file written by
// a newer poolbook is refused).
//
//   auto db = SqliteDatabase::open("northshire.db");
//   Result<std::unique_ptr<Store>> journal = open_sqlite_store(*db);   // shares db's transactions
//   Result<std::unique_ptr<Store>> alone = open_sqlite_store("northshire.db");

#include <filesystem>
#include <memory>

#include "poolbook/ledger/store/sqlite_database.hpp"
#include "poolbook/ledger/store/store.hpp"

namespace poolbook::ledger {

// The journal's store over an open database, its tables brought up to date.
Result<std::unique_ptr<Store>> open_sqlite_store(std::shared_ptr<SqliteDatabase> db);
// The same over a database of its own at path (created if needed).
Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& path);

// Writes a file as poolbook did before owners were tracked, at schema version 1 to 3 (the
// journal's steps of that sequence), for tests of migrations from older files; open it
// with open_sqlite_store to upgrade it.
Status create_sqlite_schema_version(const std::filesystem::path& path, int schema_version);

}  // namespace poolbook::ledger
