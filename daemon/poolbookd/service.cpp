#include "service.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include <spdlog/spdlog.h>

#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/daemon/books/adoption.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/text/text_file.hpp"

namespace poolbook::daemon {

namespace fs = std::filesystem;

Result<StoreLock> StoreLock::take(const std::string& store, const std::string& outbox) {
  std::error_code failed;
  // The real file's path, so that a link to the books, or another spelling of their path,
  // finds the same lock. Books in PostgreSQL have no file: the lock (and what it holds back)
  // is beside the outbox, and the books themselves are locked in the database (hold_books).
  const std::string beside = books::is_database_url(store) ? outbox : store;
  const fs::path real = fs::weakly_canonical(beside, failed);
  const std::string path = (failed ? fs::path(beside) : real).string() + ".poolbookd.lock";
  const int descriptor = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (descriptor < 0) return make_error(ErrorKind::internal, "daemon.lock", "the lock " + path + " cannot be made");
  if (::flock(descriptor, LOCK_EX | LOCK_NB) != 0) {
    ::close(descriptor);
    return make_error(
        ErrorKind::conflict, "daemon.lock",
        "another poolbookd is running on " + books::store_for_display(store) + " (its lock " + path + " is held)");
  }
  return StoreLock(descriptor, path);
}

Status StoreLock::hold_books(const std::string& store) {
  if (books_descriptor_ >= 0 || session_) return ok_status();
  if (books::is_database_url(store)) {
    auto session = ledger::PgDatabase::open(store);
    if (!session) return session.error();
    auto taken = (*session)->query("SELECT hold_books_for_daemon($1)", {(*session)->agreement()},
                                   "locking the books for poolbookd");
    if (!taken) return taken.error();
    if (taken->text(0, 0) != "t")
      return make_error(ErrorKind::conflict, "daemon.lock",
                        "another poolbookd is running on the books of agreement " + (*session)->agreement() + " at " +
                            ledger::redacted_url(store));
    session_ = std::move(session).value();
    return ok_status();
  }
  const int descriptor = ::open(store.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) return make_error(ErrorKind::internal, "daemon.lock", store + " cannot be opened to lock it");
  if (::flock(descriptor, LOCK_EX | LOCK_NB) != 0) {
    ::close(descriptor);
    return make_error(ErrorKind::conflict, "daemon.lock",
                      "another poolbookd is running on " + store + " (by another name for the same file)");
  }
  books_descriptor_ = descriptor;
  return ok_status();
}

StoreLock::StoreLock(StoreLock&& other) noexcept
    : descriptor_(other.descriptor_),
      books_descriptor_(other.books_descriptor_),
      path_(std::move(other.path_)),
      session_(std::move(other.session_)) {
  other.descriptor_ = -1;
  other.books_descriptor_ = -1;
}

StoreLock& StoreLock::operator=(StoreLock&& other) noexcept {
  if (this != &other) {
    if (descriptor_ >= 0) ::close(descriptor_);
    if (books_descriptor_ >= 0) ::close(books_descriptor_);
    descriptor_ = other.descriptor_;
    books_descriptor_ = other.books_descriptor_;
    path_ = std::move(other.path_);
    session_ = std::move(other.session_);
    other.descriptor_ = -1;
    other.books_descriptor_ = -1;
  }
  return *this;
}

StoreLock::~StoreLock() {
  if (descriptor_ >= 0) ::close(descriptor_);
  if (books_descriptor_ >= 0) ::close(books_descriptor_);
}

Status trusted_file(const std::string& file, std::string_view what) {
  struct stat seen {};
  if (::stat(file.c_str(), &seen) != 0) return ok_status();  // a missing file is refused where it is read
  if ((seen.st_mode & S_IWOTH) != 0)
    return refusal("file.permissions", file + " (" + std::string(what) +
                                           ") may be changed by anyone (it is world-writable): poolbookd acts on it "
                                           "unattended, so only its owner (and group) may write it; chmod o-w it");
  if (seen.st_uid != 0 && seen.st_uid != ::geteuid())
    return refusal("file.permissions", file + " (" + std::string(what) +
                                           ") belongs to another account: poolbookd acts on it unattended, so it "
                                           "must belong to root or to the account the service runs as");
  return ok_status();
}

Result<books::Books> ready_books(const DaemonConfig& config, date::year_month_day today, bool at_start) {
  auto exists = books::books_exist(config.store);
  if (!exists) return exists.error();
  if (!config.agreement.empty()) {
    if (auto trusted = trusted_file(config.agreement, "the agreement"); !trusted) return trusted.error();
    bool adopt = !*exists;
    if (*exists) {
      auto opened = books::open_stores(config.store);
      if (!opened) return opened.error();
      auto text = ledger::read_text_file(config.agreement, contracts::kMaxAgreementFileBytes, "the agreement");
      if (!text) return text.error();
      adopt = opened->store->setting("agreement.digest") != ledger::sha256_hex(*text);
    }
    if (adopt) {
      books::AdoptionRequest request{config.agreement,    config.store,    config.act_as,
                                     books::os_account(), config.decision, today};
      auto adopted = books::adopt_agreement(request);
      if (!adopted && (!*exists || at_start)) return adopted.error();
      if (!adopted) {
        for (const std::string& detail : adopted.error().details) spdlog::error("{}: {}", config.agreement, detail);
        spdlog::error("{} is not adopted; the books go on under the agreement they follow: {}", config.agreement,
                      adopted.error().describe());
      } else if (adopted->created) {
        spdlog::info("created the books {} for agreement {}: {} accounts open (by {})",
                     books::store_for_display(config.store), adopted->agreement_id, adopted->accounts_open,
                     adopted->actor);
      } else {
        spdlog::info("adopted a variation of agreement {} from {} (by {})", adopted->agreement_id, config.agreement,
                     adopted->actor);
        for (const std::string& change : adopted->changes) spdlog::info("  {}", change);
      }
    }
  }
  auto opened = books::open_books(config.store);
  if (!opened) return opened.error();
  if (opened->database_person.empty()) opened->account = books::os_account();
  if (opened->note && config.agreement.empty()) spdlog::warn("{}", *opened->note);
  return opened;
}

ProgressBar::ProgressBar() : terminal_(::isatty(STDERR_FILENO) == 1) {}

void ProgressBar::show(const std::string& what, std::size_t done, std::size_t total) {
  if (!terminal_ || total == 0) return;
  constexpr std::size_t kWidth = 30;
  const std::size_t filled = done * kWidth / total;
  // At most 40 bytes of what it is doing, cut between characters, never inside one.
  std::size_t cut = std::min<std::size_t>(what.size(), 40);
  while (cut > 0 && cut < what.size() && (static_cast<unsigned char>(what[cut]) & 0xC0) == 0x80) --cut;
  std::string line = "\r[" + std::string(filled, '#') + std::string(kWidth - filled, '.') + "] " +
                     std::to_string(done) + "/" + std::to_string(total) + " " + what.substr(0, cut);
  line.resize(std::max<std::size_t>(line.size(), 80), ' ');
  std::cerr << line << std::flush;
  drawn_ = true;
}

void ProgressBar::finish() {
  if (drawn_) std::cerr << "\r" << std::string(80, ' ') << "\r" << std::flush;
  drawn_ = false;
}

}  // namespace poolbook::daemon
