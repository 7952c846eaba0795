#pragma once
// The embedded SQLite store: one file per area, in WAL mode with a busy timeout so the
// daemon and the CLI can share it; prepared statements only; foreign keys on; numbered
// schema migrations applied on open (a file written by a newer poolbook is refused).
//
//   Result<std::unique_ptr<Store>> store = open_sqlite_store("northshire.db");

#include <filesystem>
#include <memory>

#include "poolbook/ledger/store/store.hpp"

namespace poolbook::ledger {

// The schema version this build writes.
inline constexpr int kSqliteSchemaVersion = 6;

// Opens (creating if needed) the store at path and brings its schema up to date.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& path);

// Creates or upgrades a file only as far as schema_version (for tests of migrations from
// older files); the store is not usable through the Store interface afterwards.
Status create_sqlite_schema_version(const std::filesystem::path& path, int schema_version);

}  // namespace poolbook::ledger
