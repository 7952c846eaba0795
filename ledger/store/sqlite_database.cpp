#include "poolbook/ledger/store/sqlite_database.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cassert>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "poolbook/ledger/calendar/timestamp.hpp"
#include "poolbook/ledger/store/record_chain.hpp"

namespace poolbook::ledger {
namespace {
constexpr int kBusyWaitMilliseconds = 120'000;
}  // namespace

// ---- Statement ----

Statement::Statement(sqlite3* db, const char* sql) {
  const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement_, nullptr);
  assert(rc == SQLITE_OK && "poolbook's own SQL always prepares");
  (void)rc;
}
Statement::Statement(Statement&& other) noexcept : statement_(other.statement_) { other.statement_ = nullptr; }
Statement::~Statement() { sqlite3_finalize(statement_); }

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
  return *this;
}
Statement& Statement::bind(int index, const std::string& value) {
  sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_unowned(int index, std::string_view value) {
  sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
  return *this;
}
Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(statement_, index);
  return *this;
}
Step Statement::step() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return Step::row;
  if (rc == SQLITE_DONE) return Step::done;
  if ((rc & 0xff) == SQLITE_CONSTRAINT) return Step::constraint;
  return Step::failed;
}
void Statement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}
std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(statement_, column); }
bool Statement::is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
std::string Statement::text(int column) const {
  const auto* bytes = sqlite3_column_text(statement_, column);
  return bytes == nullptr ? std::string{}
                          : std::string(reinterpret_cast<const char*>(bytes),
                                        static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

std::string utc_timestamp_now() { return timestamp_iso(timestamp_now()); }

// ---- the connection ----

namespace {

constexpr const char* kSharedOwner = "shared";  // the row recording a file's version from before owners

Error newer_file(const std::string& path, const std::string& what, int found, int known) {
  return refusal("store.version", path + " was written by a newer poolbook (" + what + " " + std::to_string(found) +
                                      "; this program knows up to " + std::to_string(known) +
                                      "): upgrade poolbook to open it");
}

// A file with tables but no schema version was made by another program: poolbook must not
// write its own tables (nor switch the journal mode) into someone else's database.
Status refuse_foreign(sqlite3* db, const std::filesystem::path& path) {
  Statement version(db, "PRAGMA user_version");
  if (version.step() != Step::row || version.integer(0) != 0) return ok_status();
  Statement tables(db, "SELECT count(*) FROM sqlite_master");
  if (tables.step() != Step::row || tables.integer(0) == 0) return ok_status();
  return make_error("store.foreign", path.string() +
                                         " is a database of another program, not poolbook's books; nothing was "
                                         "changed in it (give --store a new file or poolbook's books)");
}

}  // namespace

SqliteDatabase::~SqliteDatabase() {
  cached_.clear();  // statements are finalized before the connection closes
  sqlite3_close_v2(db_);
}

namespace {
// A path as the path part of a file: URI: every byte other than unreserved ones and '/'
// percent-encoded (so '?', '#' and '%' in a folder name stay part of the path).
std::string uri_path(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char byte : path) {
    const auto c = static_cast<unsigned char>(byte);
    if (std::isalnum(c) != 0 || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}
}  // namespace

Result<std::shared_ptr<SqliteDatabase>> SqliteDatabase::connect(const std::filesystem::path& path, Access access) {
  // SQLite's memory statistics take a process-wide lock on every allocation, which the
  // writing and reading threads of an import would contend for; poolbook does not read them.
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  const bool writable = access == Access::read_write;
  // New books get the permissions the umask allows (SQLite alone would make them 0644), so
  // that a team working from several accounts can share them through a group; SQLite gives
  // the -wal and -shm files the same permissions as the books.
  if (writable && path != ":memory:")
    if (const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666); fd >= 0) ::close(fd);
  const int flags = writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  // Read-only books with no write-ahead log beside them (so nobody has them open for
  // writing) are read as they stand, without the -wal and -shm files SQLite would otherwise
  // create: in a folder this account cannot write it could not create them, and in one it
  // can they would be this account's, 0644, and the books' owner could no longer write.
  std::string name = path.string();
  int uri = 0;
  if (!writable && ::access(path.c_str(), R_OK) == 0 && !std::filesystem::exists(name + "-wal")) {
    name = "file:" + uri_path(std::filesystem::absolute(path).string()) + "?immutable=1";
    uri = SQLITE_OPEN_URI;
  }
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(name.c_str(), &raw, flags | uri | SQLITE_OPEN_NOMUTEX, nullptr);
  std::shared_ptr<SqliteDatabase> db(new SqliteDatabase(raw));
  db->read_only_ = !writable;
  if (rc != SQLITE_OK)
    return internal_error("store.open", "cannot open the store " + path.string() + ": " +
                                            (raw != nullptr ? sqlite3_errmsg(raw) : "out of memory"));
  // One writer commits at a time: another waits its turn, for as long as a large import may
  // take, before being told the books are busy.
  sqlite3_busy_timeout(raw, kBusyWaitMilliseconds);
  if (writable)
    if (auto ours = refuse_foreign(raw, path); !ours) return ours.error();
  for (const char* pragma : {"PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL",
                             "PRAGMA cache_size = -16384"}) {
    if (!writable && std::string_view(pragma).find("journal_mode") != std::string_view::npos) continue;
    if (auto set = db->exec(pragma, "configuring the store"); !set) return set.error();
  }
  return db;
}

Result<std::shared_ptr<SqliteDatabase>> SqliteDatabase::open(const std::filesystem::path& path, Access access) {
  auto db = connect(path, access);
  if (!db) return db;
  if (access == Access::read_write)
    if (auto adopted = (*db)->adopt_shared_versions(path.string()); !adopted) return adopted.error();
  return db;
}

// Brings the file to format 7: owners' versions tracked in schema_migrations. A file from
// before (user_version 1 to 6) keeps its version as the `shared` row, from which each owner
// works out, on its first migrate(), which of its steps that file already had.
Status SqliteDatabase::adopt_shared_versions(const std::string& path) {
  return write([&]() -> Status {
    Statement version(db_, "PRAGMA user_version");
    if (version.step() != Step::row) return failure("reading the schema version");
    const int found = static_cast<int>(version.integer(0));
    if (found > kSqliteSchemaVersion) return newer_file(path, "schema version", found, kSqliteSchemaVersion);
    if (found == kSqliteSchemaVersion) return ok_status();
    if (auto made = exec("CREATE TABLE IF NOT EXISTS schema_migrations(owner TEXT NOT NULL, version INTEGER NOT NULL, "
                         "applied_at TEXT NOT NULL, PRIMARY KEY (owner, version)) WITHOUT ROWID",
                         "tracking schema migrations");
        !made)
      return made;
    if (found > 0) {
      Statement shared(db_, "INSERT INTO schema_migrations(owner, version, applied_at) VALUES (?1, ?2, ?3)");
      shared.bind(1, std::string(kSharedOwner)).bind(2, std::int64_t{found}).bind(3, utc_timestamp_now());
      if (shared.step() != Step::done) return failure("recording the schema version");
    }
    const std::string set_version = "PRAGMA user_version = " + std::to_string(kSqliteSchemaVersion);
    return exec(set_version.c_str(), "recording the schema version");
  });
}

Status SqliteDatabase::create_shared_version(const std::filesystem::path& path, int shared_version,
                                             const std::vector<std::span<const Migration>>& owners) {
  assert(shared_version >= 0 && shared_version <= kSqliteLastSharedVersion);
  auto db = connect(path, Access::read_write);
  if (!db) return db.error();
  return (*db)->write([&]() -> Status {
    for (int next = 1; next <= shared_version; ++next) {
      const Migration* step = nullptr;
      for (const auto& owner : owners)
        for (const Migration& migration : owner)
          if (migration.shared_version == next) step = &migration;
      if (step == nullptr) continue;  // an owner not given: its tables are left out
      const std::string set_version = "PRAGMA user_version = " + std::to_string(next);
      if (auto applied = (*db)->exec(step->sql, "applying schema migration " + std::to_string(next)); !applied)
        return applied;
      if (auto set = (*db)->exec(set_version.c_str(), "recording the schema version"); !set) return set;
    }
    return ok_status();
  });
}

Status SqliteDatabase::read(const std::function<Status()>& work) {
  if (write_depth_ > 0 || read_depth_ > 0) return work();
  // A deferred transaction: its first read fixes the snapshot (write-ahead log), until COMMIT.
  if (auto begun = exec("BEGIN", "starting a read"); !begun) return begun;
  ++read_depth_;
  Status result = ok_status();
  try {
    result = work();
  } catch (const std::exception& thrown) {
    result = make_error(ErrorKind::internal, "store.read", std::string("the read was abandoned: ") + thrown.what());
  }
  --read_depth_;
  sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  return result;
}

Status SqliteDatabase::write(const std::function<Status()>& work) {
  if (read_only_)
    return refusal("store.read-only", file_name() +
                                          " is open read-only (this account may read the books but not "
                                          "write them), so nothing was changed");
  const bool outermost = write_depth_ == 0;
  // A write inside another joins it, as a savepoint, so that the inner work's failure
  // undoes only its own writes and the outer work decides what to do next.
  if (auto begun = exec(outermost ? "BEGIN IMMEDIATE" : "SAVEPOINT nested_write", "starting a batch"); !begun) {
    if (sqlite3_errcode(db_) == SQLITE_BUSY)
      return conflict("store.busy",
                      "the books are being written by someone else (an import or a close) and were "
                      "still busy after " +
                          std::to_string(kBusyWaitMilliseconds / 1000) +
                          " s: nothing was changed; try again when they have finished");
    return begun;
  }
  if (outermost) {
    // The records this transaction writes are sealed into the chain as it commits; any
    // unsealed before it were written around poolbook, and are left for verify to report.
    if (!chained_) chained_ = has_record_chain(*this);
    chain_start_ = 0;
    books_start_ = books_at_start(*this, chained_);
    if (chained_) {
      auto last = last_record(*this);
      if (!last) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        return last.error();
      }
      chain_start_ = *last;
    }
  }
  ++write_depth_;
  Status result = ok_status();
  try {
    result = work();
  } catch (const std::exception& thrown) {  // e.g. MoneyOverflow on an absurd amount
    result = make_error("store.batch", std::string("the batch was abandoned, nothing was posted: ") + thrown.what());
  }
  --write_depth_;
  // Abandoning cannot fail usefully: SQLite rolls back an unfinished transaction on close.
  const auto undo = [&] {
    if (outermost)
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    else
      sqlite3_exec(db_, "ROLLBACK TO nested_write; RELEASE nested_write", nullptr, nullptr, nullptr);
  };
  if (!result) {
    undo();
    return result;
  }
  if (outermost && (chained_ || (chained_ = has_record_chain(*this))))
    if (auto sealed = seal_record_chain(*this, chain_start_, books_start_, migrating_); !sealed) {
      undo();
      return sealed;
    }
  if (auto done = exec(outermost ? "COMMIT" : "RELEASE nested_write", "committing a batch"); !done) {
    undo();
    return done;
  }
  return result;
}

Result<int> SqliteDatabase::schema_version(std::string_view owner) {
  Statement version(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE owner = ?1");
  version.bind(1, std::string(owner));
  if (version.step() != Step::row) return failure("reading the schema version");
  return static_cast<int>(version.integer(0));
}

Status SqliteDatabase::migrate(std::string_view owner, std::span<const Migration> migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i)
    assert(migrations[i].version == static_cast<int>(i) + 1 && "an owner's migrations are numbered 1, 2, 3, ...");
  if (read_only_) {  // read as they are, if they are at this version
    Statement tracked(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
    if (tracked.step() != Step::row)
      return refusal("store.version", file_name() +
                                          " is in a format from before poolbook tracked migrations and needs "
                                          "upgrading, which only an account that may write the books can do");
    auto applied = schema_version(owner);
    if (!applied) return applied.error();
    const int known = static_cast<int>(migrations.size());
    if (*applied > known) return newer_file(file_name(), std::string(owner) + " schema version", *applied, known);
    if (*applied < known)
      return refusal("store.version", file_name() + " is at " + std::string(owner) + " schema version " +
                                          std::to_string(*applied) + " and needs upgrading to " +
                                          std::to_string(known) +
                                          ", which only an account that may write the books can do (any poolbook "
                                          "command that changes them upgrades them first)");
    return ok_status();
  }
  for (bool done = false; !done;)  // one transaction per migration, the version read again in each
    if (auto applied = migrate_one(owner, migrations, done); !applied) return applied;
  return ok_status();
}

Status SqliteDatabase::migrate_one(std::string_view owner, std::span<const Migration> migrations, bool& done) {
  const std::string owner_name(owner);
  // The schema changes only here: its new form is sealed into the record chain, once the
  // form it had is found to be the one sealed before.
  struct Done {
    bool& flag;
    ~Done() { flag = false; }
  } done_migrating{migrating_};
  return write([&]() -> Status {
    const auto record = [&](int version) -> Status {
      Statement insert(db_, "INSERT INTO schema_migrations(owner, version, applied_at) VALUES (?1, ?2, ?3)");
      insert.bind(1, owner_name).bind(2, std::int64_t{version}).bind(3, utc_timestamp_now());
      return insert.step() == Step::done ? ok_status() : Status(failure("recording schema migration"));
    };
    auto applied = schema_version(owner);
    if (!applied) return applied.error();
    if (*applied == 0) {  // first time for this owner: the steps a file from before owners had
      auto shared = schema_version(kSharedOwner);
      if (!shared) return shared.error();
      for (const Migration& migration : migrations)
        if (migration.shared_version > 0 && migration.shared_version <= *shared) {
          if (auto kept = record(migration.version); !kept) return kept;
          *applied = migration.version;
        }
    }
    const int known = static_cast<int>(migrations.size());
    if (*applied > known) return newer_file(file_name(), owner_name + " schema version", *applied, known);
    done = *applied == known;
    if (done) return ok_status();
    const Migration& next = migrations[static_cast<std::size_t>(*applied)];
    if (has_record_chain(*this))
      if (auto as_made = check_schema_sealed(*this); !as_made) return as_made;
    migrating_ = true;
    if (auto ran = exec(next.sql, "applying " + owner_name + " schema migration " + std::to_string(next.version)); !ran)
      return ran;
    return record(next.version);
  });
}

Lease SqliteDatabase::cached(const char* sql) {
  auto& slot = cached_[sql];
  if (!slot) slot = std::make_unique<Statement>(db_, sql);
  return Lease(*slot);
}

Status SqliteDatabase::exec(const char* sql, const std::string& doing) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message == nullptr ? "unknown error" : message;
    sqlite3_free(message);
    return internal_error("store.sqlite", "the store failed while " + doing + ": " + text);
  }
  return ok_status();
}

Error SqliteDatabase::failure(const std::string& doing) const {
  return internal_error("store.sqlite", "the store failed while " + doing + ": " + sqlite3_errmsg(db_));
}

bool SqliteDatabase::found_row(Statement& statement, const char* doing) {
  const Step step = statement.step();
  if (step == Step::row) return true;
  if (step == Step::done) return false;
  throw std::runtime_error(std::string("the store failed while ") + doing + ": " + sqlite3_errmsg(db_));
}

std::int64_t SqliteDatabase::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int SqliteDatabase::changes() const { return sqlite3_changes(db_); }
std::string SqliteDatabase::file_name() const {
  const char* file = sqlite3_db_filename(db_, "main");
  return file == nullptr ? std::string{} : std::string(file);
}

}  // namespace poolbook::ledger
