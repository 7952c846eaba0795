#pragma once
// Governance's tables in a SQLite books file (decisions, ratifications, virements, the
// authority log, disputes and their events) and the migrations that built them, owner
// "governance". Applied by open_sqlite_governance_store.
//
//   db->migrate(kGovernanceOwner, governance_migrations());

#include <span>

#include "poolbook/ledger/store/record_chain.hpp"
#include "poolbook/ledger/store/sqlite_database.hpp"

namespace poolbook::contracts {

inline constexpr const char* kGovernanceOwner = "governance";

std::span<const ledger::Migration> governance_migrations();

// Governance's tables under the record chain, with their columns.
std::span<const ledger::ChainedTable> governance_chained_tables();

}  // namespace poolbook::contracts
