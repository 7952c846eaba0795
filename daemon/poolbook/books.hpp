#pragma once
// The books a command works on: one SQLite file (`poolbook.db` unless --store says
// otherwise) holding the journal's store and the governance store, which share its
// transactions (db->write), and the agreement it follows (recorded by `poolbook init`).
#include <memory>
#include <string>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/contracts/governance/governance_store.hpp"
#include "poolbook/contracts/imports/import_profile.hpp"
#include "poolbook/ledger/store/sqlite_database.hpp"
#include "poolbook/ledger/store/store.hpp"

namespace poolbook::cli {

inline constexpr const char* kDefaultStorePath = "poolbook.db";

struct Books {
  std::shared_ptr<ledger::SqliteDatabase> db;
  std::unique_ptr<ledger::Store> store;  // the journal
  std::unique_ptr<contracts::GovernanceStore> governance;
  contracts::Agreement agreement;
  std::string agreement_file;
};

// Opens (creating if needed) the file's database and both its stores, without the agreement.
Result<Books> open_stores(const std::string& store_path);

// Opens the store and loads (and checks) the agreement it was initialised with.
Result<Books> open_books(const std::string& store_path);

// The agreement a command works from: the file given, or else the one the books at
// store_path follow. Refused with the first finding if it is not valid.
Result<contracts::Agreement> agreement_from(const std::string& file, const std::string& store_path);

// A profile by path, or by name from the profiles/ folder beside the agreement.
Result<contracts::ImportProfile> find_profile(const Books& books, const std::string& name_or_path);

// Who is acting: --as if given, else the operating-system user.
std::string actor_or_os_user(const std::string& given);

// The person acting: --as (a person id, or an operating-system user mapped to one), else the
// operating-system user if the agreement maps it to a person; nullptr if it knows neither.
const contracts::Person* acting_person(const contracts::Agreement& agreement, const std::string& given);

// The person acting, or a refusal (rule authority.actor), written to the books' authority log
// as `action` refused: an unknown actor can do nothing that changes the books. `what` ends the
// sentence "only a person of the agreement may ...".
// Why someone the agreement does not know is refused: "'mallory' is neither a person of the
// agreement ...; only a person of the agreement may WHAT (say who with --as PERSON)".
std::string unknown_actor_reason(const std::string& given, const std::string& what);

Result<const contracts::Person*> known_actor(Books& books, const std::string& given, const std::string& action,
                                             const std::string& what);

}  // namespace poolbook::cli
