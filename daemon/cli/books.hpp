#pragma once
// The books a command works on: the store (a SQLite file, `poolbook.db` unless --store says
// otherwise) and the agreement it follows (recorded in the store by `poolbook init`).
#include <memory>
#include <string>

#include "poolbook/contracts/agreement.hpp"
#include "poolbook/contracts/import_profile.hpp"
#include "poolbook/ledger/store.hpp"

namespace poolbook::cli {

inline constexpr const char* kDefaultStorePath = "poolbook.db";

struct Books {
  std::unique_ptr<ledger::Store> store;
  contracts::Agreement agreement;
  std::string agreement_file;
};

// Opens the store and loads (and checks) the agreement it was initialised with.
Result<Books> open_books(const std::string& store_path);

// The agreement a command works from: the file given, or else the one the books at
// store_path follow. Refused with the first finding if it is not valid.
Result<contracts::Agreement> agreement_from(const std::string& file, const std::string& store_path);

// A profile by path, or by name from the profiles/ folder beside the agreement.
Result<contracts::ImportProfile> find_profile(const Books& books, const std::string& name_or_path);

// Who is acting: --as if given, else the operating-system user.
std::string actor_or_os_user(const std::string& given);

}  // namespace poolbook::cli
