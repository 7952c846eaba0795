#include "poolbook/daemon/books/adoption.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>

#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/agreement/chart_of_accounts.hpp"
#include "poolbook/contracts/governance/governance.hpp"
#include "poolbook/contracts/governance/governance_changes.hpp"
#include "poolbook/contracts/terms/budget_phasing.hpp"
#include "poolbook/daemon/books/books.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/text/text_file.hpp"

namespace poolbook::books {
namespace {

struct Opened {
  Books books;
  std::string actor;
  std::optional<std::string> variation;              // the authority log's line, when the text differs
  std::vector<contracts::GovernanceChange> changes;  // what the variation changes in who may do what
};

// New books: made by a person of the agreement they will follow.
Result<Opened> create_books(const AdoptionRequest& request, const contracts::Agreement& agreement,
                            const std::string& building) {
  if (is_database_url(request.store_path)) {  // in the database, as the login role's person
    auto books = open_stores(request.store_path);
    if (!books) return books.error();
    auto person = acting_person(agreement, *books, request.as, "create its books");
    if (!person) {
      Error refused = person.error();
      refused.message += "; nothing was created";
      return refused;
    }
    const std::string actor = (*person)->id;
    return Opened{std::move(books).value(), actor, std::nullopt, {}};
  }
  auto person = identify(agreement, request.account, request.as, "create its books");
  if (!person) {
    Error refused = person.error();
    refused.message += "; nothing was created";
    return refused;
  }
  auto books = open_stores(building);
  if (!books) return books.error();
  books->account = request.account;
  return Opened{std::move(books).value(), (*person)->id, std::nullopt, {}};
}

// Books follow one agreement for life; running init again adopts a variation of it (and
// opens the accounts of a new scheme, say), as someone the agreement they follow now
// knows, and is logged; it cannot switch the books to another agreement.
Result<Opened> reopen_books(const AdoptionRequest& request, const contracts::Agreement& agreement,
                            const std::string& digest) {
  auto books = open_books(request.store_path);
  if (!books) return books.error();
  if (books->database_person.empty()) books->account = request.account;
  if (const auto followed = books->store->setting("agreement.id"); followed && *followed != agreement.id)
    return refusal("store.agreement", store_for_display(request.store_path) + " keeps the books of agreement '" +
                                          *followed + "'; they cannot be switched to '" + agreement.id +
                                          "' (start new books with another --store)");
  auto person = known_actor(*books, request.as, "init", "adopt a varied agreement or open accounts");
  if (!person) return person.error();
  const std::string actor = (*person)->id;
  Opened opened{std::move(books).value(), actor, std::nullopt, {}};
  const auto before = opened.books.store->setting("agreement.digest");
  if (before && *before != digest) {
    opened.variation = "adopted " + request.agreement_file + " (SHA-256 " + digest + ") in place of SHA-256 " + *before;
    opened.changes = contracts::governance_changes(opened.books.agreement, agreement);
  }
  return opened;
}

// The action a governed variation is adopted under: agreement-variation when it changes who
// may do what, agreement-extension when it changes only the term.
contracts::ActionType action_of(const std::vector<contracts::GovernanceChange>& changes) {
  const bool who = std::any_of(changes.begin(), changes.end(), [](const contracts::GovernanceChange& change) {
    return change.action == contracts::ActionType::agreement_variation;
  });
  return who || changes.empty() ? contracts::ActionType::agreement_variation
                                : contracts::ActionType::agreement_extension;
}

// A variation that changes who may do what, or the term, is adopted only under a carried
// decision of the body the scheme of delegation in force names for that action (ratified if
// reserved), recorded by someone else, naming the text it approves, and used for one
// adoption; an extension the text adds names that decision itself. Checked inside the
// adoption's transaction; a refusal comes back in `refused`, to be logged after it.
Status may_adopt(Opened& opened, const AdoptionRequest& request, const std::string& digest,
                 std::optional<Error>& refused) {
  Books& books = opened.books;
  std::string changed = "it changes ";
  for (std::size_t i = 0; i < opened.changes.size(); ++i) changed += (i == 0 ? "" : "; ") + opened.changes[i].what;
  const contracts::ActionType action = action_of(opened.changes);
  for (const contracts::GovernanceChange& change : opened.changes) {
    if (change.action != action)
      return *(refused = refusal("authority.decision",
                                 "this variation changes both who may do what and the term, which need decisions on "
                                 "different actions: adopt them as two variations, the first under an "
                                 "agreement-variation decision, the second under an agreement-extension decision (" +
                                     changed + ")"));
    if (!change.decision.empty() && change.decision != request.decision)
      return *(refused = refusal("authority.refs", "the varied agreement says " + change.what +
                                                       ": adopt it citing that decision (--decision " +
                                                       change.decision + ")"));
  }
  auto cited = cited_decision(books, request.decision);
  if (!cited) return *(refused = cited.error());
  if (*cited)
    for (const auto& event : books.governance->authority_log())
      if (event.allowed && (event.action == "agreement-variation" || event.action == "agreement-extension") &&
          event.decision == request.decision) {
        refused = refusal("authority.used", "decision " + request.decision +
                                                " has already been cited to adopt a variation; a further variation "
                                                "needs a further decision");
        return *refused;
      }
  const auto* actor = books.agreement.find_person(opened.actor);
  if (auto allowed = contracts::authorise(books.agreement, actor, action, ledger::Money{},
                                          ledger::FinancialYear::containing(request.today), *cited, request.today);
      !allowed) {
    Error why = allowed.error();
    why.message += " (" + changed + ")";
    return *(refused = why);
  }
  if (*cited && !contracts::names_digest((*cited)->refs, digest))
    return *(refused = refusal("authority.refs",
                               "decision " + request.decision + " does not name the text it approves: its refs ('" +
                                   (*cited)->refs + "') must hold the SHA-256 of " + request.agreement_file +
                                   " (all 64 digits, " + digest + ", as sha256sum prints it)"));
  return ok_status();
}

// A varied agreement keeps every scheme's budget at or above what recorded virements have
// moved off it, year by year: a text cannot cut a line below what has already left it.
Status budgets_cover_virements(Books& books, const contracts::Agreement& varied) {
  std::map<std::pair<ledger::FinancialYear, std::string>, ledger::Money> moved;  // net, onto positive
  for (const contracts::VirementRecord& virement : books.governance->virements()) {
    moved[{virement.year, virement.to_scheme}] += virement.amount;
    moved[{virement.year, virement.from_scheme}] -= virement.amount;
  }
  for (const auto& [key, net] : moved) {
    const contracts::Scheme* scheme = varied.find_scheme(key.second);
    const ledger::Money budget =
        scheme == nullptr ? ledger::Money{} : contracts::budget_annual(varied, *scheme, key.first);
    if (budget + net < ledger::Money{})
      return refusal("agreement.budget-moved",
                     "the varied agreement gives " + key.second + " " + budget.to_report() + " for " +
                         key.first.to_string() + ", but virements recorded in these books have already moved " +
                         (-net).to_report() + " off it: its budget would be " + (budget + net).to_report());
  }
  return ok_status();
}

// New books are built under a name of their own beside the store and put in its place only
// when complete: a killed init leaves no half-made books that every command would refuse.
// The place is taken with link(), which fails if it is taken meanwhile (by another init).
std::string building_path(const std::string& store_path) { return store_path + ".init-" + std::to_string(getpid()); }

void remove_building(const std::string& building) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(building + suffix, ignored);
}

// Books half-built by an init that was killed (its process is gone, or its process id is now
// this process's, as for a daemon restarted as process 1 in a container) are removed, so that
// killed inits do not pile up beside the store and a build is never taken up again.
void remove_abandoned_builds(const std::string& store_path) {
  const std::filesystem::path store(store_path);
  const std::string prefix = store.filename().string() + ".init-";
  std::error_code failed;
  const std::filesystem::path folder = store.has_parent_path() ? store.parent_path() : ".";
  for (std::filesystem::directory_iterator it(folder, failed), end; !failed && it != end; it.increment(failed)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string rest = name.substr(prefix.size());
    const std::string digits = rest.substr(0, rest.find_first_not_of("0123456789"));
    if (digits.empty() || digits.size() > 9) continue;
    const auto pid = static_cast<pid_t>(std::stol(digits));
    if (pid == ::getpid() || (::kill(pid, 0) != 0 && errno == ESRCH)) {
      std::error_code ignored;
      std::filesystem::remove(it->path(), ignored);
    }
  }
}

// Whether the store is an empty file (made by touch, or an application's "new file"): it
// becomes books as if it were not there.
bool empty_file(const std::string& store_path) {
  std::error_code failed;
  return std::filesystem::is_regular_file(store_path, failed) && std::filesystem::file_size(store_path, failed) == 0 &&
         !failed;
}

// Moves the built books into the store's place, unless something is there: one rename that
// fails if the place is taken (a kill leaves the books under one name or the other, never
// both), or, on a file system without that, a link and an unlink.
int move_unless_taken(const std::string& building, const std::string& store_path) {
  if (::renameat2(AT_FDCWD, building.c_str(), AT_FDCWD, store_path.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return errno;
  return ::link(building.c_str(), store_path.c_str()) == 0 ? 0 : errno;
}

Status put_in_place(const std::string& building, const std::string& store_path) {
  if (const int failed = move_unless_taken(building, store_path); failed != 0) {
    if (failed == EEXIST && empty_file(store_path) && ::rename(building.c_str(), store_path.c_str()) == 0)
      return ok_status();
    remove_building(building);
    if (failed == EEXIST)
      return conflict("store.exists", store_path +
                                          " was created by someone else while these books were being made; "
                                          "nothing of this init was kept (run it again to adopt the agreement "
                                          "into those books)");
    return make_error("file.path", "cannot create " + store_path + ": " + std::strerror(failed));
  }
  remove_building(building);
  return ok_status();
}

}  // namespace

Result<Adoption> adopt_agreement(const AdoptionRequest& request) {
  // The file is read once: the bytes checked for what they change are the bytes hashed,
  // kept and followed (a file swapped between two readings cannot slip a change past).
  auto text = ledger::read_text_file(request.agreement_file, contracts::kMaxAgreementFileBytes, "the agreement");
  if (!text) return text.error();
  auto agreement = valid_agreement_text(*text, request.agreement_file, "nothing was created");
  if (!agreement) return agreement.error();
  const std::string digest = ledger::sha256_hex(*text);
  const bool database = is_database_url(request.store_path);
  auto exists = books_exist(request.store_path);
  if (!exists) return exists.error();
  const bool existed = *exists && (database || !empty_file(request.store_path));
  const std::string building = database ? request.store_path : building_path(request.store_path);
  if (!database) remove_abandoned_builds(request.store_path);
  auto opened = existed ? reopen_books(request, *agreement, digest) : create_books(request, *agreement, building);
  if (!opened) {
    if (!existed && !database) remove_building(building);
    return opened.error();
  }
  const auto accounts = contracts::chart_of_accounts(*agreement);
  ledger::Store& store = *opened->books.store;
  // The accounts, the adopted text and the log's line are written together: books never
  // follow a text whose accounts are not open, nor log a variation they did not adopt.
  const bool governed = !opened->changes.empty();
  const std::string action_word(contracts::enum_word(action_of(opened->changes)));
  std::optional<Error> refused;
  auto adopted = opened->books.db->write([&]() -> Status {
    if (opened->variation)
      if (auto covered = budgets_cover_virements(opened->books, *agreement); !covered)
        return *(refused = covered.error());
    if (governed)
      if (auto may = may_adopt(*opened, request, digest, refused); !may) return may;
    if (opened->variation)
      if (auto logged =
              opened->books.governance->log_authority(contracts::AuthorityEvent{opened->actor,
                                                                                action_word,
                                                                                ledger::Money{},
                                                                                governed ? request.decision : "",
                                                                                true,
                                                                                *opened->variation,
                                                                                {}});
          !logged)
        return logged;
    if (auto done = store.open_accounts(accounts); !done) return done;
    for (const auto& [key, value] :
         {std::pair<std::string, std::string>{"agreement", std::filesystem::absolute(request.agreement_file).string()},
          {"agreement.id", agreement->id},
          {"agreement.digest", digest},
          {"agreement.text", *text}})
      if (auto saved = store.set_setting(key, value); !saved) return saved;
    return opened->books.governance->adopt_scheme(*agreement);
  });
  if (refused)
    return logged_refusal(opened->books,
                          {opened->actor,
                           action_word,
                           ledger::Money{},
                           request.decision,
                           false,
                           "did not adopt " + request.agreement_file + " (SHA-256 " + digest + "): " + refused->message,
                           {}},
                          *refused);
  if (!existed && !database) {
    opened->books = Books{};  // closed: SQLite folds its write-ahead log into the file
    if (!adopted) {
      remove_building(building);
      return adopted.error();
    }
    if (auto placed = put_in_place(building, request.store_path); !placed) return placed.error();
  }
  if (!adopted) return adopted.error();
  std::vector<std::string> changes;
  for (const contracts::GovernanceChange& change : opened->changes) changes.push_back(change.what);
  return Adoption{agreement->id, accounts.size(), opened->actor, !existed, opened->variation.has_value(), changes};
}

}  // namespace poolbook::books
