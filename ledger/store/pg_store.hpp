#pragma once
// The journal's store in a PostgreSQL database (pg_database.hpp): one agreement's books among
// the many the database holds, behind the same interface as the SQLite file, with the
// controls the database itself enforces (ledger/store/pg/journal.sql, docs/postgresql.md).
//
//   auto db = PgDatabase::open("postgresql:///poolbook?host=/run/postgresql&agreement=northshire");
//   Result<std::unique_ptr<Store>> journal = open_pg_store(*db);   // shares db's transactions
//
// Differences from SQLite, all of them the database's controls: whoever acts is the login
// role's person, so an entry, close, reopening or resolution in another person's name is
// refused (authority.actor); records are added and never changed (a quarantined row is
// resolved by a row in quarantine_resolutions, a setting by a newer row); the entries of a
// batch go in by COPY, checked by the database a statement at a time. The record chain
// covers every table but the entries (which chain themselves): a close's record holds the
// journal's head as it stood, so the head of the books at a close commits to both.

#include <memory>
#include <string>

#include "poolbook/ledger/store/pg_database.hpp"
#include "poolbook/ledger/store/store.hpp"

namespace poolbook::ledger {

Result<std::unique_ptr<Store>> open_pg_store(std::shared_ptr<PgDatabase> db);

}  // namespace poolbook::ledger
