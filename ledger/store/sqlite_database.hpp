#pragma once
// One SQLite books file, open: the connection, its prepared statements, write
// transactions, and the schema migrations of each owner of tables in it (the journal,
// governance). A store (the journal's, governance's) is a class over a SqliteDatabase, and
// several stores over one database share its transactions.
//
//   auto db = SqliteDatabase::open("northshire.db");      // WAL, foreign keys, busy timeout
//   if (auto migrated = (*db)->migrate(kJournalOwner, journal_migrations()); !migrated) ...
//   Statement find = (*db)->prepare("SELECT value FROM settings WHERE key = ?1");
//   find.bind(1, key);
//   if (find.step() == Step::row) use(find.text(0));
//
// Migrations: each owner has its own list, applied in order, each in its own transaction,
// and recorded in `schema_migrations(owner, version)`. The file's format is
// `PRAGMA user_version` (kSqliteSchemaVersion); a file written by a newer poolbook (a
// larger format, or an owner's version beyond its list) is refused. Files written before
// owners were tracked (user_version 1 to 6, one sequence for every table) are adopted on
// open: each migration says which of those versions applied it.
// Guarantees: values are bound, never spliced into SQL text; every failure of SQLite comes
// back as an Error of kind internal (rule store.sqlite). Thread-safety: one object per
// thread; several processes may open the same file.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/ledger/store/database.hpp"
#include "poolbook/ledger/store/record_chain.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace poolbook::ledger {

// The format this build writes: user_version 7 = migrations tracked per owner.
inline constexpr int kSqliteSchemaVersion = 7;
// The last format of one sequence for every table (before owners were tracked).
inline constexpr int kSqliteLastSharedVersion = 6;

// What one step of a statement gave.
enum class Step { row, done, constraint, failed };

// A prepared statement; bind by 1-based index, read columns by 0-based index.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, const std::string& value);  // copied
  // Binds text that outlives the next step() (and reset()) without copying it.
  Statement& bind_unowned(int index, std::string_view value);
  Statement& bind_null(int index);
  Step step();
  // Ready to run again, with no values bound.
  void reset();
  [[nodiscard]] std::int64_t integer(int column) const;
  [[nodiscard]] bool is_null(int column) const;
  [[nodiscard]] std::string text(int column) const;

 private:
  sqlite3_stmt* statement_ = nullptr;
};

// A statement from the cache, reset when dropped: a statement left mid-result would hold
// its read transaction open, and the connection would stop seeing other writers' commits.
class Lease {
 public:
  explicit Lease(Statement& statement) : statement_(statement) {}
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() { statement_.reset(); }
  Statement* operator->() { return &statement_; }
  Statement& operator*() { return statement_; }

 private:
  Statement& statement_;
};

// One owner's schema migration: `version` (1, 2, 3, ... in order) brings its tables from
// version - 1 to version. `shared_version` is the user_version of a file from before owners
// were tracked that had this step applied (0: none did).
struct Migration {
  int version = 0;
  const char* sql = nullptr;
  int shared_version = 0;
};

// The current UTC time as stored: "2025-10-16T09:30:00Z".
std::string utc_timestamp_now();

class SqliteDatabase final : public Database {
 public:
  enum class Access { read_write, read_only };

  // Opens (creating if needed, when read-write) the file, or ":memory:". Read-write, it
  // brings the file's format up to kSqliteSchemaVersion (adopting an older file) or
  // refuses a newer one (rule store.version); the owners' tables are migrate()'s business.
  static Result<std::shared_ptr<SqliteDatabase>> open(const std::filesystem::path& path,
                                                      Access access = Access::read_write);
  // Writes a file as poolbook did before owners were tracked, at `shared_version` (1 to 6),
  // from the steps of `owners` that have a shared_version: for tests of migrations.
  static Status create_shared_version(const std::filesystem::path& path, int shared_version,
                                      const std::vector<std::span<const Migration>>& owners);

  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;
  ~SqliteDatabase() override;

  Status write(const std::function<Status()>& work) override;
  Status read(const std::function<Status()>& work) override;
  // Whether a write transaction of this connection is open.
  [[nodiscard]] bool writing() const { return write_depth_ > 0; }

  // Applies `owner`'s migrations not yet applied, in order, each in its own transaction.
  // Refused (store.version) if the file has more of them than this build knows.
  Status migrate(std::string_view owner, std::span<const Migration> migrations);
  // How far `owner`'s migrations have been applied (0: none).
  Result<int> schema_version(std::string_view owner);

  Statement prepare(const char* sql) { return Statement(db_, sql); }
  Statement prepare(const std::string& sql) { return Statement(db_, sql.c_str()); }
  // A statement prepared once for the connection's life (keyed by the SQL literal's address).
  Lease cached(const char* sql);
  // Runs SQL without results (several statements allowed).
  Status exec(const char* sql, const std::string& doing);
  // The error SQLite last reported, as an internal error: "the store failed while DOING: ...".
  [[nodiscard]] Error failure(const std::string& doing) const;
  // A step that must give a row or done; anything else is thrown (so a batch is abandoned
  // rather than a failed lookup read as "not found").
  bool found_row(Statement& statement, const char* doing);

  [[nodiscard]] std::int64_t last_insert_id() const;
  [[nodiscard]] int changes() const;  // rows changed by the last statement
  // The file's path; empty for a database in memory.
  [[nodiscard]] std::string file_name() const;
  // Whether it was opened read-only (every write() is then refused, rule store.read-only).
  [[nodiscard]] bool read_only() const { return read_only_; }

 private:
  explicit SqliteDatabase(sqlite3* db) : db_(db) {}
  static Result<std::shared_ptr<SqliteDatabase>> connect(const std::filesystem::path& path, Access access);
  Status adopt_shared_versions(const std::string& path);
  Status migrate_one(std::string_view owner, std::span<const Migration> migrations, bool& done);

  sqlite3* db_ = nullptr;
  bool read_only_ = false;  // opened read-only: write() and migrations are refused
  int write_depth_ = 0;
  int read_depth_ = 0;
  bool chained_ = false;          // the file has a record chain (record_chain.hpp)
  bool migrating_ = false;        // a migration of poolbook's own is being applied
  std::int64_t chain_start_ = 0;  // its last record when the outermost write began
  BooksAtStart books_start_;      // the journal's head and balances then (record_chain.hpp)
  std::map<const char*, std::unique_ptr<Statement>> cached_;
};

}  // namespace poolbook::ledger
