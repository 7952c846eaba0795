#pragma once
// The governance store in a PostgreSQL database (ledger/store/pg_database.hpp), over the same
// connection as the journal's store, so that an action touching both (reopening a month: a
// decision read, the journal's period log and the authority log written) is one
// Database::write. Its tables, and the controls the database enforces on them, are
// ledger/store/pg/governance.sql, which the administrator installs after journal.sql
// (docs/postgresql.md).
//
//   auto db = ledger::PgDatabase::open("postgresql:///poolbook?host=/run/postgresql&agreement=northshire");
//   auto journal = ledger::open_pg_store(*db);
//   auto governance = open_pg_governance_store(*db);     // shares db's transactions
//
// Guarantees: as GovernanceStore, with the SQLite store's errors and orderings (a decision's
// id taken is decision.duplicate, and so on: checked under the books' lock before writing).
// Differences from SQLite, all of them the database's controls: whoever records is the login
// role's person, so a decision, ratification, virement, dispute or dispute event, KPI result,
// metric figure or refusal, or contract payment in another person's name is refused
// (authority.actor). The authority log's actor is whoever asked, a claimant kept as given;
// the database keeps the role's person beside it (logged_by). Numbered records are numbered
// from 1 within the agreement, as in a books file of its own. Every record is in the record
// chain, which the journal store's verify() compares with the tables.

#include <memory>

#include "poolbook/contracts/governance/governance_store.hpp"
#include "poolbook/ledger/store/pg_database.hpp"

namespace poolbook::contracts {

// The governance store over an open PostgreSQL database; store.version if governance.sql is
// not installed there.
Result<std::unique_ptr<GovernanceStore>> open_pg_governance_store(std::shared_ptr<ledger::PgDatabase> db);

}  // namespace poolbook::contracts
