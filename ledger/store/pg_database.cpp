#include "poolbook/ledger/store/pg_database.hpp"

#include <libpq-fe.h>

#include <cctype>
#include <charconv>
#include <stdexcept>
#include <utility>
#include <vector>

namespace poolbook::ledger {

namespace {

constexpr std::size_t kCopyFlushBytes = 256 * 1024;

std::string field(const PGresult* result, int code) {
  const char* value = result == nullptr ? nullptr : PQresultErrorField(result, code);
  return value == nullptr ? std::string() : std::string(value);
}

// libpq's messages span lines ("...failed: Connection refused\n\tIs the server running..."):
// one line, as poolbook's errors are.
std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool space = c == '\n' || c == '\t' || c == '\r' || c == ' ';
    if (!space)
      out += c;
    else if (!out.empty() && out.back() != ' ')
      out += ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool looks_like_rule(const std::string& hint) {
  const auto dot = hint.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == hint.size()) return false;
  for (const char c : hint)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '.' ||
          c == '-'))
      return false;
  return true;
}

// The database's error as poolbook's: the rule its HINT names (the triggers' refusals), or
// one by SQLSTATE.
Error pg_error(const PGresult* result, pg_conn* connection, const std::string& doing) {
  const std::string state = field(result, PG_DIAG_SQLSTATE);
  std::string primary = field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (primary.empty()) primary = one_line(PQerrorMessage(connection));
  const std::string hint = field(result, PG_DIAG_MESSAGE_HINT);
  ErrorKind kind = ErrorKind::internal;
  if (state == "42501")
    kind = ErrorKind::refused;
  else if (state == "23505" || state == "40001" || state == "40P01" || state == "55P03")
    kind = ErrorKind::conflict;
  else if (state.starts_with("22") || state.starts_with("23"))
    kind = ErrorKind::bad_input;
  if (looks_like_rule(hint))
    return make_error(kind == ErrorKind::internal ? ErrorKind::bad_input : kind, hint,
                      "the database refused: " + primary);
  if (state == "55P03")
    return conflict("store.busy",
                    "the books are being written by someone else (an import or a close) and were "
                    "still busy after " +
                        std::to_string(kPgLockWaitSeconds) +
                        " s: nothing was changed; try again when they have finished");
  if (state == "25006")
    return refusal("store.read-only",
                   "this database role may read the books but not write them, so nothing was changed");
  if (state == "42501") return refusal("store.privilege", "the database refused while " + doing + ": " + primary);
  if (kind == ErrorKind::conflict)
    return conflict("store.conflict", "another writer got there first while " + doing + ": " + primary);
  return internal_error("store.failed", "the store failed while " + doing + ": " + primary);
}

std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    int value = 0;
    if (text[i] == '%' && i + 2 < text.size() &&
        std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ptr == text.data() + i + 3) {
      out += static_cast<char>(value);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Takes poolbook's own parameter `agreement` out of a URI's query, leaving libpq's.
std::string take_agreement(std::string& url) {
  const auto question = url.find('?');
  if (question == std::string::npos) return {};
  std::string kept;
  std::string agreement;
  std::size_t at = question + 1;
  while (at <= url.size()) {
    std::size_t end = url.find('&', at);
    if (end == std::string::npos) end = url.size();
    const std::string pair = url.substr(at, end - at);
    if (pair.starts_with("agreement="))
      agreement = pair.substr(10);
    else if (!pair.empty())
      kept += (kept.empty() ? "" : "&") + pair;
    at = end + 1;
  }
  url = url.substr(0, question) + (kept.empty() ? "" : "?" + kept);
  return percent_decoded(agreement);
}

}  // namespace

bool is_postgres_url(std::string_view store) {
  return store.starts_with("postgresql://") || store.starts_with("postgres://");
}

namespace {

// Where the passwords of a connection string are: [begin, end) of each, in the text.
std::vector<std::pair<std::size_t, std::size_t>> password_spans(std::string_view url) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  if (!is_postgres_url(url)) return spans;
  const std::size_t authority = url.find("://") + 3;
  const std::size_t query = url.find('?', authority);
  const std::string_view before_query = url.substr(0, query);
  // postgresql://user:secret@host/...: everything between the user's colon and the last @
  // before the query (a password may hold '/' or '@').
  const std::size_t at = before_query.rfind('@');
  if (at != std::string_view::npos && at > authority) {
    const std::size_t colon = url.find(':', authority);
    if (colon != std::string_view::npos && colon < at) spans.emplace_back(colon + 1, at);
  }
  // ...?password=secret&... (the key may be percent-encoded: libpq decodes it).
  if (query != std::string_view::npos)
    for (std::size_t begin = query + 1; begin < url.size();) {
      std::size_t end = url.find('&', begin);
      if (end == std::string_view::npos) end = url.size();
      const std::size_t equals = url.find('=', begin);
      if (equals != std::string_view::npos && equals < end &&
          percent_decoded(url.substr(begin, equals - begin)) == "password")
        spans.emplace_back(equals + 1, end);
      begin = end + 1;
    }
  return spans;
}

}  // namespace

std::string redacted_url(std::string_view store) {
  std::string out(store);
  auto spans = password_spans(store);
  for (auto it = spans.rbegin(); it != spans.rend(); ++it) out.replace(it->first, it->second - it->first, "***");
  return out;
}

// A message that may quote parts of the connection string (libpq's do): any password in it,
// as written or decoded, replaced by "***".
std::string without_passwords(std::string message, std::string_view url) {
  for (const auto& [begin, end] : password_spans(url)) {
    const std::string_view raw = url.substr(begin, end - begin);
    for (const std::string& secret : {std::string(raw), percent_decoded(raw)}) {
      if (secret.empty()) continue;
      for (std::size_t found = message.find(secret); found != std::string::npos;
           found = message.find(secret, found + 3))
        message.replace(found, secret.size(), "***");
    }
  }
  return message;
}

void append_copy_field(std::string& line, std::string_view value) {
  for (const char c : value) {
    switch (c) {
      case '\\':
        line += "\\\\";
        break;
      case '\t':
        line += "\\t";
        break;
      case '\n':
        line += "\\n";
        break;
      case '\r':
        line += "\\r";
        break;
      default:
        line += c;
    }
  }
}

PgRows& PgRows::operator=(PgRows&& other) noexcept {
  if (this != &other) {
    if (result_ != nullptr) PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}
PgRows::~PgRows() {
  if (result_ != nullptr) PQclear(result_);
}
int PgRows::size() const { return result_ == nullptr ? 0 : PQntuples(result_); }
bool PgRows::is_null(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }
std::string PgRows::text(int row, int column) const { return std::string(view(row, column)); }
std::string_view PgRows::view(int row, int column) const {
  return {PQgetvalue(result_, row, column), static_cast<std::size_t>(PQgetlength(result_, row, column))};
}
std::int64_t PgRows::integer(int row, int column) const {
  const std::string_view value = view(row, column);
  std::int64_t out = 0;
  std::from_chars(value.data(), value.data() + value.size(), out);
  return out;
}

Result<std::shared_ptr<PgDatabase>> PgDatabase::open(const std::string& url) {
  std::string conninfo = url;
  std::string agreement = take_agreement(conninfo);
  pg_conn* connection = PQconnectdb(conninfo.c_str());
  if (connection == nullptr || PQstatus(connection) != CONNECTION_OK) {
    const std::string message = one_line(connection == nullptr ? "out of memory" : PQerrorMessage(connection));
    if (connection != nullptr) PQfinish(connection);
    return make_error(ErrorKind::internal, "store.connect",
                      "cannot connect to the books at " + redacted_url(url) + ": " + without_passwords(message, url));
  }
  // The server's notices are not the person's business: poolbook reports what it did itself.
  PQsetNoticeProcessor(
      connection, [](void*, const char*) {}, nullptr);
  std::shared_ptr<PgDatabase> db(new PgDatabase(connection, url));
  const std::string setup =
      "SET search_path TO poolbook, pg_catalog; SET TimeZone TO 'UTC'; SET client_min_messages TO warning; "
      // Each lookup planned for its own values: a generic plan made while the journal was
      // empty would scan it for every row of an import once it is not.
      "SET plan_cache_mode TO force_custom_plan; SET lock_timeout TO '" +
      std::to_string(kPgLockWaitSeconds) + "s'";
  if (auto set = db->exec_plain(setup.c_str(), "setting up the connection"); !set) return set.error();
  auto version = db->query("SELECT version FROM schema_version", {}, "reading the schema's version");
  if (!version || version->size() != 1)
    return make_error("store.version", "the database at " + redacted_url(url) +
                                           " holds no poolbook books (the schema poolbook, version " +
                                           std::to_string(kPgSchemaVersion) +
                                           "): an administrator installs ledger/store/pg/journal.sql "
                                           "(docs/postgresql.md)");
  if (version->integer(0, 0) != kPgSchemaVersion)
    return make_error("store.version", "the books at " + redacted_url(url) + " are at schema version " +
                                           version->text(0, 0) + "; this poolbook reads version " +
                                           std::to_string(kPgSchemaVersion));
  auto role = db->query("SELECT session_user::text", {}, "finding the login role");
  if (!role) return role.error();
  db->role_ = role->text(0, 0);
  if (agreement.empty()) {
    auto mine = db->query("SELECT agreement FROM people WHERE role_name = session_user ORDER BY 1", {},
                          "finding the role's agreements");
    if (!mine) return mine.error();
    if (mine->size() != 1)
      return refusal("authority.actor",
                     "the database role " + db->role_ + " acts in " + std::to_string(mine->size()) +
                         " agreements; name one in the connection string (...?agreement=NAME)" +
                         (mine->empty() ? std::string(": an administrator maps roles to persons in poolbook.people")
                                        : std::string()));
    agreement = mine->text(0, 0);
  }
  db->agreement_ = agreement;
  auto person = db->query("SELECT person FROM people WHERE role_name = session_user AND agreement = $1", {agreement},
                          "finding the role's person");
  if (!person) return person.error();
  if (person->empty())
    return refusal("authority.actor", "the database role " + db->role_ + " is not mapped to a person of agreement " +
                                          agreement + ": an administrator maps it in poolbook.people");
  db->person_ = person->text(0, 0);
  return db;
}

PgDatabase::~PgDatabase() {
  if (connection_ != nullptr) PQfinish(connection_);
}

Status PgDatabase::exec_plain(const char* sql, const std::string& doing) {
  PGresult* result = PQexec(connection_, sql);
  const ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    PQclear(result);
    return ok_status();
  }
  Error error = pg_error(result, connection_, doing);
  if (result != nullptr) PQclear(result);
  return error;
}

Result<PgRows> PgDatabase::query(const std::string& sql, const std::vector<PgParam>& params, const std::string& doing) {
  auto found = prepared_.find(sql);
  if (found == prepared_.end()) {
    const std::string name = "pb" + std::to_string(prepared_.size() + 1);
    PGresult* made = PQprepare(connection_, name.c_str(), sql.c_str(), 0, nullptr);
    if (made == nullptr || PQresultStatus(made) != PGRES_COMMAND_OK) {
      Error error = pg_error(made, connection_, doing);
      if (made != nullptr) PQclear(made);
      return error;
    }
    PQclear(made);
    found = prepared_.emplace(sql, name).first;
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const PgParam& param : params) values.push_back(param ? param->c_str() : nullptr);
  PGresult* result = PQexecPrepared(connection_, found->second.c_str(), static_cast<int>(values.size()), values.data(),
                                    nullptr, nullptr, 0);
  const ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return PgRows(result);
  Error error = pg_error(result, connection_, doing);
  if (result != nullptr) PQclear(result);
  return error;
}

PgRows PgDatabase::must(const std::string& sql, const std::vector<PgParam>& params, const std::string& doing) {
  auto rows = query(sql, params, doing);
  if (!rows) throw std::runtime_error(rows.error().message);
  return std::move(rows).value();
}

Status PgDatabase::write(const std::function<Status()>& work) {
  if (read_depth_ > 0 && write_depth_ == 0)
    return internal_error("store.batch", "a write was started inside a read of the books");
  const bool outermost = write_depth_ == 0;
  if (outermost) {
    if (auto begun = exec_plain("BEGIN ISOLATION LEVEL READ COMMITTED", "starting a batch"); !begun) return begun;
    // Every writer of the agreement takes its lock first: what the work reads stays true.
    if (auto locked = query("SELECT lock_books($1)", {agreement_}, "waiting for the books"); !locked) {
      (void)exec_plain("ROLLBACK", "abandoning a batch");
      return locked.error();
    }
  } else if (auto saved = exec_plain("SAVEPOINT nested_write", "starting a nested batch"); !saved) {
    return saved;
  }
  ++write_depth_;
  Status result = ok_status();
  try {
    result = work();
  } catch (const std::exception& thrown) {
    result = make_error("store.batch", std::string("the batch was abandoned, nothing was posted: ") + thrown.what());
  }
  --write_depth_;
  if (copying_) {  // abandoned mid-COPY (an error from the source): end it, failing the statement
    PQputCopyEnd(connection_, "abandoned");
    while (PGresult* left = PQgetResult(connection_)) PQclear(left);
    copying_ = false;
    copy_buffer_.clear();
    if (result) result = internal_error("store.batch", "a COPY was left unfinished; nothing was posted");
  }
  if (!result) {
    (void)exec_plain(outermost ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT nested_write; RELEASE SAVEPOINT nested_write",
                     "abandoning a batch");
    return result;
  }
  if (auto done = exec_plain(outermost ? "COMMIT" : "RELEASE SAVEPOINT nested_write", "committing a batch"); !done) {
    if (outermost) (void)exec_plain("ROLLBACK", "abandoning a batch");
    return done;
  }
  return ok_status();
}

Status PgDatabase::read(const std::function<Status()>& work) {
  if (write_depth_ > 0 || read_depth_ > 0) return work();
  if (auto begun = exec_plain("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting a reading"); !begun)
    return begun;
  ++read_depth_;
  Status result = ok_status();
  try {
    result = work();
  } catch (...) {
    --read_depth_;
    (void)exec_plain("ROLLBACK", "ending a reading");
    throw;
  }
  --read_depth_;
  (void)exec_plain(result ? "COMMIT" : "ROLLBACK", "ending a reading");
  return result;
}

Status PgDatabase::copy_start(const std::string& sql, const std::string& doing) {
  PGresult* result = PQexec(connection_, sql.c_str());
  if (result == nullptr || PQresultStatus(result) != PGRES_COPY_IN) {
    Error error = pg_error(result, connection_, doing);
    if (result != nullptr) PQclear(result);
    return error;
  }
  PQclear(result);
  copying_ = true;
  copy_doing_ = doing;
  copy_buffer_.clear();
  return ok_status();
}

Status PgDatabase::flush_copy() {
  if (copy_buffer_.empty()) return ok_status();
  if (PQputCopyData(connection_, copy_buffer_.data(), static_cast<int>(copy_buffer_.size())) != 1)
    return internal_error("store.failed", "the store failed while " + copy_doing_ + ": " + PQerrorMessage(connection_));
  copy_buffer_.clear();
  return ok_status();
}

Status PgDatabase::copy_line(std::string_view line) {
  copy_buffer_ += line;
  return copy_bytes("\n");
}

Status PgDatabase::copy_bytes(std::string_view bytes) {
  copy_buffer_ += bytes;
  if (copy_buffer_.size() >= kCopyFlushBytes) return flush_copy();
  return ok_status();
}

Status PgDatabase::copy_finish() {
  Status flushed = flush_copy();
  copying_ = false;
  if (PQputCopyEnd(connection_, flushed ? nullptr : "abandoned") != 1)
    return internal_error("store.failed", "the store failed while " + copy_doing_ + ": " + PQerrorMessage(connection_));
  Status result = flushed;
  while (PGresult* done = PQgetResult(connection_)) {
    if (result && PQresultStatus(done) != PGRES_COMMAND_OK) result = pg_error(done, connection_, copy_doing_);
    PQclear(done);
  }
  return result;
}

}  // namespace poolbook::ledger
