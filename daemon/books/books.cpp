#include "poolbook/daemon/books/books.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/governance/governance.hpp"
#include "poolbook/contracts/governance/pg_governance_store.hpp"
#include "poolbook/contracts/governance/sqlite_governance_store.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/store/pg_store.hpp"
#include "poolbook/ledger/store/sqlite_database.hpp"
#include "poolbook/ledger/store/sqlite_store.hpp"
#include "poolbook/ledger/text/text_file.hpp"

namespace poolbook::books {

namespace {

// The books follow the agreement as `init` adopted it (its text is kept in the books), not
// whatever the file says now: who may do what cannot be changed by editing the file. Books
// made before the text was kept follow the file.
Result<contracts::Agreement> adopted_agreement(ledger::Store& store, const std::string& agreement_file) {
  const auto adopted = store.setting("agreement.text");
  contracts::LoadedAgreement loaded =
      adopted ? contracts::load_agreement_text(*adopted, agreement_file) : contracts::load_agreement(agreement_file);
  if (!loaded.valid()) {
    std::string first = loaded.findings.empty() ? std::string("it cannot be read") : loaded.findings.front().describe();
    return make_error("store.agreement", "the agreement " + agreement_file + " is not valid: " + first);
  }
  return std::move(*loaded.agreement);
}

std::optional<std::string> changed_note(ledger::Store& store, const std::string& agreement_file) {
  const auto digest_at_init = store.setting("agreement.digest");
  auto text = ledger::read_text_file(agreement_file, contracts::kMaxAgreementFileBytes, "the agreement");
  if (!text || !digest_at_init || *digest_at_init == ledger::sha256_hex(*text)) return std::nullopt;
  return agreement_file + " has changed since `poolbook init` adopted it; " +
         (store.setting("agreement.text") ? "these books follow the agreement as adopted until init is run again"
                                          : "run init again to open the accounts of any new scheme or partner");
}

// The books with the agreement they follow, as init adopted it.
Result<Books> with_agreement(Books books) {
  const auto agreement_file = books.store->setting("agreement");
  if (!agreement_file) {
    if (is_database_url(books.path))
      return not_found("store.missing", "the books at " + ledger::redacted_url(books.path) +
                                            " hold nothing yet; to create them, `poolbook init --agreement FILE "
                                            "--store " +
                                            ledger::redacted_url(books.path) + "`");
    return make_error("store.agreement", books.path + " does not say which agreement it follows; run poolbook init");
  }
  auto agreement = adopted_agreement(*books.store, *agreement_file);
  if (!agreement) return agreement.error();
  books.agreement = std::move(agreement).value();
  books.agreement_file = *agreement_file;
  books.note = changed_note(*books.store, *agreement_file);
  return books;
}

}  // namespace

Result<bool> path_exists(const std::string& path, std::string_view what) {
  std::error_code failed;
  const bool exists = std::filesystem::exists(path, failed);
  if (failed)
    return make_error("file.path", std::string(what) + " " + (path.size() > 80 ? path.substr(0, 77) + "..." : path) +
                                       " cannot be looked at: " + failed.message());
  return exists;
}

bool is_database_url(const std::string& store_path) { return ledger::is_postgres_url(store_path); }

Result<const contracts::Person*> acting_person(const contracts::Agreement& agreement, const Books& books,
                                               const std::string& as, std::string_view what) {
  if (books.database_person.empty()) return identify(agreement, books.account, as, what);
  const contracts::Person* person = agreement.find_person(books.database_person);
  if (person == nullptr)
    return refusal("authority.actor", "the database role " + books.account + " is mapped to " + books.database_person +
                                          ", who is not a person of agreement " + agreement.id +
                                          "; only a person of the agreement may " + std::string(what));
  if (!as.empty() && as != person->id)
    return refusal("authority.identity", "the database role " + books.account + " acts as " + person->id + ", not as " +
                                             as + " (on PostgreSQL, who acts is the login role)");
  return person;
}

std::string store_for_display(const std::string& store_path) { return ledger::redacted_url(store_path); }

Result<bool> books_exist(const std::string& store_path) {
  if (!is_database_url(store_path)) return path_exists(store_path, "the store");
  auto books = open_stores(store_path);
  if (!books) return books.error();
  return books->store->setting("agreement").has_value();
}

namespace {
Result<Books> open_database_stores(const std::string& url) {
  auto db = ledger::PgDatabase::open(url);
  if (!db) return db.error();
  auto store = ledger::open_pg_store(*db);
  if (!store) return store.error();
  auto governance = contracts::open_pg_governance_store(*db);
  if (!governance) return governance.error();
  Books books;
  books.path = url;
  books.account = (*db)->role();
  books.database_person = (*db)->person();
  books.db = std::move(db).value();
  books.store = std::move(store).value();
  books.governance = std::move(governance).value();
  return books;
}
}  // namespace

Result<Books> open_stores(const std::string& store_path) {
  if (is_database_url(store_path)) return open_database_stores(store_path);
  // Books this account may read but not write (an auditor's copy, say) are opened read-only:
  // every command that only reads works on them, and any change is refused (store.read-only).
  const bool read_only = ::access(store_path.c_str(), F_OK) == 0 && ::access(store_path.c_str(), W_OK) != 0 &&
                         ::access(store_path.c_str(), R_OK) == 0;
  auto db = ledger::SqliteDatabase::open(
      store_path, read_only ? ledger::SqliteDatabase::Access::read_only : ledger::SqliteDatabase::Access::read_write);
  if (!db) return db.error();
  auto store = ledger::open_sqlite_store(*db);
  if (!store) return store.error();
  auto governance = contracts::open_sqlite_governance_store(*db);
  if (!governance) return governance.error();
  Books books;
  books.path = store_path;
  books.db = std::move(db).value();
  books.store = std::move(store).value();
  books.governance = std::move(governance).value();
  return books;
}

Result<Books> open_books(const std::string& store_path) {
  if (is_database_url(store_path)) {
    auto books = open_stores(store_path);
    if (!books) return books.error();
    return with_agreement(std::move(books).value());
  }
  auto exists = path_exists(store_path, "the store");
  if (!exists) return exists.error();
  if (!*exists) {
    // A mistyped name beside the books meant (nhs.db for nsh.db): name the books that are
    // there before suggesting new ones.
    std::vector<std::string> found;
    const std::filesystem::path folder = std::filesystem::path(store_path).parent_path();
    std::error_code failed;
    for (std::filesystem::directory_iterator it(folder.empty() ? "." : folder, failed), end;
         !failed && it != end && found.size() < 20; it.increment(failed))
      if (it->path().extension() == ".db") found.push_back((folder / it->path().filename()).string());
    std::sort(found.begin(), found.end());
    std::string beside;
    for (const std::string& name : found) beside += (beside.empty() ? "" : ", ") + name;
    return not_found("store.missing", "there is no store at " + store_path +
                                          (beside.empty() ? std::string() : " (books beside it: " + beside + ")") +
                                          "; to create new books, `poolbook init --agreement FILE --store " +
                                          store_path + "`");
  }
  if (std::error_code failed; std::filesystem::is_regular_file(store_path, failed) &&
                              std::filesystem::file_size(store_path, failed) == 0 && !failed)
    return not_found("store.missing", store_path +
                                          " is an empty file, not books; create them with `poolbook init "
                                          "--agreement FILE --store " +
                                          store_path + "`");
  auto books = open_stores(store_path);
  if (!books) return books.error();
  return with_agreement(std::move(books).value());
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

namespace {
Result<contracts::Agreement> valid_or_refused(contracts::LoadedAgreement loaded, std::string_view consequence) {
  if (loaded.valid()) return std::move(*loaded.agreement);
  if (!loaded.agreement && !loaded.findings.empty()) return loaded.findings.front().error;  // unreadable
  Error invalid = refusal("agreement.invalid", "the agreement is not valid; " + std::string(consequence));
  for (const auto& finding : loaded.findings) invalid.details.push_back(finding.describe());
  return invalid;
}
}  // namespace

Result<contracts::Agreement> valid_agreement(const std::string& file, std::string_view consequence) {
  return valid_or_refused(contracts::load_agreement(file), consequence);
}

Result<contracts::Agreement> valid_agreement_text(std::string_view text, const std::string& file,
                                                  std::string_view consequence) {
  return valid_or_refused(contracts::load_agreement_text(text, file), consequence);
}

Result<contracts::ImportProfile> find_profile(const Books& books, const std::string& name_or_path) {
  std::filesystem::path path = name_or_path;
  auto given = path_exists(path, "the profile");
  if (!given) return given.error();
  if (!*given) path = std::filesystem::path(books.agreement_file).parent_path() / "profiles" / (name_or_path + ".toml");
  auto found = path_exists(path, "the profile");
  if (!found) return found.error();
  if (!*found)
    return not_found("profile.missing",
                     "there is no profile '" + name_or_path + "' (looked for " + path.string() + ")");
  contracts::LoadedProfile loaded = contracts::load_import_profile(path);
  if (!loaded.profile) return loaded.findings.front().error;
  return std::move(*loaded.profile);
}

Result<const contracts::Person*> known_actor(Books& books, const std::string& as, const std::string& action,
                                             std::string_view what) {
  auto person = acting_person(books.agreement, books, as, what);
  if (person) return person;
  return logged_refusal(books,
                        {claimant(books.account, as), action, ledger::Money{}, "", false, person.error().message, {}},
                        person.error());
}

Error logged_refusal(Books& books, const contracts::AuthorityEvent& event, Error refused) {
  if (auto logged = books.governance->log_authority(event); !logged)
    refused.message += "; and the refusal could not be logged: " + logged.error().message;
  return refused;
}

Result<std::optional<contracts::DecisionRecord>> cited_decision(Books& books, const std::string& id) {
  if (id.empty()) return std::optional<contracts::DecisionRecord>{};
  auto found = books.governance->decision(id);
  if (found) return std::optional<contracts::DecisionRecord>{std::move(found).value()};
  if (found.error().kind != ErrorKind::not_found) return found.error();
  return refusal("authority.decision",
                 "there is no decision " + id + " in these books (record it with poolbook decide)");
}

}  // namespace poolbook::books
