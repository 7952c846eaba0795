#pragma once
// The books in a PostgreSQL database (the server backend): one connection, over libpq, for
// one agreement's books among the many a database may hold. Who acts is the login role,
// which the administrator maps to a person of the agreement (poolbook.people); the schema,
// its privileges and the triggers that check every entry are ledger/store/pg/journal.sql,
// installed once by the administrator (docs/postgresql.md).
//
//   auto db = PgDatabase::open("postgresql:///poolbook?host=/run/postgresql&agreement=northshire");
//   (*db)->person();                                   // "r.osei": the role's person
//   Status done = (*db)->write([&]() -> Status { ... });  // one transaction, the books' lock held
//
// A connection string is libpq's (a URI or key=value pairs), with one parameter of
// poolbook's own, `agreement`, taken out before libpq sees it; without it, the role's only
// agreement. Guarantees: as Database. A write runs at READ COMMITTED after taking the
// agreement's advisory lock (the lock the triggers take), so two writers of one agreement
// never interleave and what a write reads stays true until it commits; a read runs on one
// REPEATABLE READ snapshot. Waiting for the lock ends after kPgLockWaitSeconds with
// store.busy. Errors the database raises carry poolbook's rule in their HINT, and keep it.
// Thread-safety: one PgDatabase per thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "poolbook/ledger/store/database.hpp"

struct pg_conn;
struct pg_result;

namespace poolbook::ledger {

inline constexpr int kPgLockWaitSeconds = 120;
// The schema version of ledger/store/pg/journal.sql this build reads and writes.
inline constexpr int kPgSchemaVersion = 2;

// Whether `store` names a PostgreSQL database rather than a SQLite file.
bool is_postgres_url(std::string_view store);
// The store as it may be shown (a status page, a log, a message): a connection string with
// any password replaced by "***"; a file's path as it is.
std::string redacted_url(std::string_view store);

// The rows a query returned (all of them, in text form), freed when dropped.
class PgRows {
 public:
  PgRows() = default;
  explicit PgRows(pg_result* result) : result_(result) {}
  PgRows(PgRows&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgRows& operator=(PgRows&& other) noexcept;
  PgRows(const PgRows&) = delete;
  PgRows& operator=(const PgRows&) = delete;
  ~PgRows();

  [[nodiscard]] int size() const;
  [[nodiscard]] bool empty() const { return size() == 0; }
  [[nodiscard]] bool is_null(int row, int column) const;
  [[nodiscard]] std::string text(int row, int column) const;
  [[nodiscard]] std::string_view view(int row, int column) const;
  [[nodiscard]] std::int64_t integer(int row, int column) const;

 private:
  pg_result* result_ = nullptr;
};

// A query parameter: text, or SQL NULL.
using PgParam = std::optional<std::string>;

class PgDatabase final : public Database {
 public:
  // Connects as the login role the connection string (and libpq's environment) gives, and
  // finds the agreement and the role's person in it. Refused (authority.actor) when the role
  // is mapped to no person of the agreement; store.version when the schema is not this
  // build's; store.connect when the server cannot be reached.
  static Result<std::shared_ptr<PgDatabase>> open(const std::string& url);

  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;
  ~PgDatabase() override;

  Status write(const std::function<Status()>& work) override;
  Status read(const std::function<Status()>& work) override;
  [[nodiscard]] bool writing() const { return write_depth_ > 0; }

  [[nodiscard]] const std::string& agreement() const { return agreement_; }
  [[nodiscard]] const std::string& person() const { return person_; }
  [[nodiscard]] const std::string& role() const { return role_; }
  // The connection string as given, for a second connection (a snapshot beside a COPY).
  [[nodiscard]] const std::string& url() const { return url_; }

  // Runs one statement ($1, $2, ... are `params`): its rows, or the database's error as
  // poolbook's (the rule from the HINT, else by SQLSTATE; `doing` completes "... while").
  // The same SQL text is prepared once per connection.
  Result<PgRows> query(const std::string& sql, const std::vector<PgParam>& params, const std::string& doing);
  // The same for a statement whose failure is not the caller's to handle (a read outside a
  // transaction): thrown as std::runtime_error, so that it is never read as "none found".
  PgRows must(const std::string& sql, const std::vector<PgParam>& params, const std::string& doing);

  // COPY ... FROM STDIN: start it, hand it lines in COPY's text format (see copy_field),
  // and finish it; the statement's triggers' errors come back from finish.
  Status copy_start(const std::string& sql, const std::string& doing);
  Status copy_line(std::string_view line);
  // Bytes of a binary COPY (FORMAT binary), as they are.
  Status copy_bytes(std::string_view bytes);
  Status copy_finish();
  [[nodiscard]] bool copying() const { return copying_; }

 private:
  PgDatabase(pg_conn* connection, std::string url) : connection_(connection), url_(std::move(url)) {}
  Status exec_plain(const char* sql, const std::string& doing);
  Status flush_copy();

  pg_conn* connection_ = nullptr;
  std::string url_;
  std::string agreement_;
  std::string person_;
  std::string role_;
  int write_depth_ = 0;
  int read_depth_ = 0;
  bool copying_ = false;
  std::string copy_doing_;
  std::string copy_buffer_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
};

// A field in COPY's text format: backslash, tab, newline and carriage return escaped.
void append_copy_field(std::string& line, std::string_view value);
// SQL NULL in COPY's text format.
inline constexpr std::string_view kCopyNull = "\\N";

}  // namespace poolbook::ledger
