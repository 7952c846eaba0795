#pragma once
// The books: the application layer's view of one area's records. A Books value is the store
// (a SQLite file, `poolbook.db` unless told otherwise, or one agreement's books in a
// PostgreSQL database, `postgresql://...`) opened together with the agreement it follows, as
// `init` adopted it. Every use case in daemon/books/ takes the books, the person
// acting and typed arguments, checks authority, writes in one transaction, logs, and returns
// data; the `poolbook` command line and `poolbookd` only parse, call one use case and print.
//
//   auto books = books::open_books("northshire.db");
//   if (!books) return report(books.error());
//   auto closed = books::close_month(*books, "pool.manager", *Period::parse("2025/26 M06"));
//
// Thread-safety: one Books per thread; several processes may open the same books.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/contracts/governance/governance_store.hpp"
#include "poolbook/contracts/imports/import_profile.hpp"
#include "poolbook/daemon/books/identity.hpp"
#include "poolbook/ledger/store/database.hpp"
#include "poolbook/ledger/store/store.hpp"

namespace poolbook::books {

inline constexpr const char* kDefaultStorePath = "poolbook.db";

// One file holds both stores; an action touching both runs inside one db->write(...).
struct Books {
  std::string path;  // the store, as given
  std::shared_ptr<ledger::Database> db;
  std::unique_ptr<ledger::Store> store;  // the journal
  std::unique_ptr<contracts::GovernanceStore> governance;
  contracts::Agreement agreement;  // as adopted by init
  std::string agreement_file;
  // Set when the agreement file no longer matches the text the books follow: a sentence
  // for the person acting, who may want to adopt the variation with init.
  std::optional<std::string> note;
  // The operating-system account acting on the books: the program's own (os_account()).
  // Only a program in the same process (a test, the daemon) may act as another account.
  // On PostgreSQL, the login role instead.
  std::string account = os_account();
  // On PostgreSQL, the person the login role is mapped to (poolbook.people): who acts,
  // whatever the operating-system account. Empty on SQLite.
  std::string database_person;
};

// Whether the store is a PostgreSQL database (postgresql://...) rather than a SQLite file.
bool is_database_url(const std::string& store_path);

// The store as it may be shown in a message, a log or a page: a connection string's
// password replaced by "***"; a file's path as it is.
std::string store_for_display(const std::string& store_path);

// Whether there are books at store_path: a file there, or in the database the agreement's
// books, created by init.
Result<bool> books_exist(const std::string& store_path);

// The person acting on the books: on SQLite, the person the operating-system account is
// mapped to (identify); on PostgreSQL, the login role's person, which `as` may only name.
Result<const contracts::Person*> acting_person(const contracts::Agreement& agreement, const Books& books,
                                               const std::string& as, std::string_view what);

// Whether something is at `path`; a path the system cannot even look at (too long, a
// component that is not a folder, no permission) is bad input (rule file.path) naming it.
Result<bool> path_exists(const std::string& path, std::string_view what);

// Opens (creating if needed) the file's database and both its stores, without the agreement.
Result<Books> open_stores(const std::string& store_path);

// Opens the store at store_path and the agreement it was initialised with (not_found when
// there is no store there; bad input when the books name no agreement or it is not valid).
Result<Books> open_books(const std::string& store_path);

// The agreement a reading works from: the file given, or else the one the books at
// store_path follow. Refused with the first finding if it is not valid.
Result<contracts::Agreement> agreement_from(const std::string& file, const std::string& store_path);

// The agreement in `file`, loaded and checked; when it is not valid, a refusal whose details
// are every finding, ending "the agreement is not valid; CONSEQUENCE".
Result<contracts::Agreement> valid_agreement(const std::string& file, std::string_view consequence);
// The same for an agreement's text already read from `file` (named in messages).
Result<contracts::Agreement> valid_agreement_text(std::string_view text, const std::string& file,
                                                  std::string_view consequence);

// An import profile by path, or by name from the profiles/ folder beside the agreement.
Result<contracts::ImportProfile> find_profile(const Books& books, const std::string& name_or_path);

// The person the books' operating-system account acts as (see identify: `as` only chooses
// among the account's own persons), or a refusal written to the books' authority log as
// `action` refused: an unknown actor can do nothing that changes the books.
Result<const contracts::Person*> known_actor(Books& books, const std::string& as, const std::string& action,
                                             std::string_view what);

// Writes a refusal to the authority log (in a transaction of its own, after the action's was
// rolled back) and returns it; if the log cannot be written, the error says so too, so that a
// refusal is never silently missing from the log.
Error logged_refusal(Books& books, const contracts::AuthorityEvent& event, Error refused);

// The decision an action cites, read as it stands now (inside the caller's transaction):
// none when `id` is empty; a refusal of authority (authority.decision) when the books have no
// such decision, so that it is logged with the other refusals.
Result<std::optional<contracts::DecisionRecord>> cited_decision(Books& books, const std::string& id);

}  // namespace poolbook::books
