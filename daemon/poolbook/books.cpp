#include "books.hpp"

#include <pwd.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/governance/governance.hpp"
#include "poolbook/contracts/governance/sqlite_governance_store.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/store/sqlite_store.hpp"
#include "poolbook/ledger/text/text_file.hpp"

namespace poolbook::cli {

Result<Books> open_stores(const std::string& store_path) {
  auto db = ledger::SqliteDatabase::open(store_path);
  if (!db) return db.error();
  auto store = ledger::open_sqlite_store(*db);
  if (!store) return store.error();
  auto governance = contracts::open_sqlite_governance_store(*db);
  if (!governance) return governance.error();
  return Books{std::move(db).value(), std::move(store).value(), std::move(governance).value(), {}, {}};
}

Result<Books> open_books(const std::string& store_path) {
  if (!std::filesystem::exists(store_path))
    return make_error("store.missing", "there is no store at " + store_path +
                                           "; create it with `poolbook init --agreement FILE --store " + store_path +
                                           "`");
  auto books = open_stores(store_path);
  if (!books) return books.error();
  ledger::Store& store = *books->store;
  const auto agreement_file = store.setting("agreement");
  if (!agreement_file)
    return make_error("store.agreement", store_path + " does not say which agreement it follows; run poolbook init");
  // The books follow the agreement as `poolbook init` adopted it (its text is kept in the
  // books), not whatever the file says now: who may do what cannot be changed by editing
  // the file. Books made before the text was kept follow the file.
  const auto adopted = store.setting("agreement.text");
  contracts::LoadedAgreement loaded =
      adopted ? contracts::load_agreement_text(*adopted, *agreement_file) : contracts::load_agreement(*agreement_file);
  if (!loaded.valid()) {
    std::string first = loaded.findings.empty() ? std::string("it cannot be read") : loaded.findings.front().describe();
    return make_error("store.agreement", "the agreement " + *agreement_file + " is not valid: " + first);
  }
  const auto digest_at_init = store.setting("agreement.digest");
  if (auto text = ledger::read_text_file(*agreement_file, contracts::kMaxAgreementFileBytes, "the agreement");
      text && digest_at_init && *digest_at_init != ledger::sha256_hex(*text))
    std::cerr << "note: " << *agreement_file << " has changed since `poolbook init` adopted it; "
              << (adopted ? "these books follow the agreement as adopted until init is run again"
                          : "run init again to open the accounts of any new scheme or partner")
              << "\n";
  books->agreement = std::move(*loaded.agreement);
  books->agreement_file = *agreement_file;
  return books;
}

Result<contracts::Agreement> agreement_from(const std::string& file, const std::string& store_path) {
  if (file.empty()) {
    auto books = open_books(store_path);
    if (!books) return books.error();
    return std::move(books->agreement);
  }
  contracts::LoadedAgreement loaded = contracts::load_agreement(file);
  if (!loaded.valid())
    return loaded.findings.empty() ? make_error("agreement.invalid", "the agreement " + file + " is not valid")
                                   : loaded.findings.front().error;
  return std::move(*loaded.agreement);
}

Result<contracts::ImportProfile> find_profile(const Books& books, const std::string& name_or_path) {
  std::filesystem::path path = name_or_path;
  if (!std::filesystem::exists(path))
    path = std::filesystem::path(books.agreement_file).parent_path() / "profiles" / (name_or_path + ".toml");
  if (!std::filesystem::exists(path))
    return make_error("profile.missing",
                      "there is no profile '" + name_or_path + "' (looked for " + path.string() + ")");
  contracts::LoadedProfile loaded = contracts::load_import_profile(path);
  if (!loaded.profile) return loaded.findings.front().error;
  return std::move(*loaded.profile);
}

std::string actor_or_os_user(const std::string& given) {
  if (!given.empty()) return given;
  if (const passwd* user = getpwuid(geteuid()); user != nullptr && user->pw_name != nullptr) return user->pw_name;
  return "unknown";
}

const contracts::Person* acting_person(const contracts::Agreement& agreement, const std::string& given) {
  const std::string who = actor_or_os_user(given);
  if (const auto* person = agreement.find_person(who)) return person;
  return contracts::person_for_os_user(agreement, who);
}

std::string unknown_actor_reason(const std::string& given, const std::string& what) {
  return "'" + actor_or_os_user(given) +
         "' is neither a person of the agreement nor an operating-system user mapped to one; only a person of the "
         "agreement may " +
         what + " (say who with --as PERSON)";
}

Result<const contracts::Person*> known_actor(Books& books, const std::string& given, const std::string& action,
                                             const std::string& what) {
  if (const auto* person = acting_person(books.agreement, given)) return person;
  const std::string reason = unknown_actor_reason(given, what);
  contracts::AuthorityEvent refused{actor_or_os_user(given), action, ledger::Money{}, "", false, reason, {}};
  if (auto logged = books.governance->log_authority(refused); !logged)
    return make_error("authority.actor", reason + "; and the refusal could not be logged: " + logged.error().message);
  return make_error("authority.actor", reason);
}

}  // namespace poolbook::cli
