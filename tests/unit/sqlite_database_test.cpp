// The SQLite database under the stores: write transactions (all or nothing, a write inside
// another joins it) and schema migrations tracked per owner, with files from before owners
// were tracked adopted on open.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <stdexcept>

#include <sqlite3.h>

#include "poolbook/ledger/store/journal_migrations.hpp"
#include "poolbook/ledger/store/sqlite_database.hpp"
#include "poolbook/ledger/store/sqlite_store.hpp"

using namespace poolbook::ledger;
using poolbook::Status;

namespace {

constexpr Migration kNotes[] = {
    {1, "CREATE TABLE notes(text TEXT NOT NULL);", 0},
    {2, "ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT '';", 0},
};

std::shared_ptr<SqliteDatabase> notes_in_memory() {
  auto db = SqliteDatabase::open(":memory:");
  REQUIRE(db);
  REQUIRE((*db)->migrate("notes", kNotes));
  return *db;
}

Status add_note(SqliteDatabase& db, const std::string& text) {
  Statement insert = db.prepare("INSERT INTO notes(text) VALUES (?1)");
  insert.bind(1, text);
  return insert.step() == Step::done ? poolbook::ok_status() : Status(db.failure("adding a note"));
}

std::int64_t note_count(SqliteDatabase& db) {
  Statement count = db.prepare("SELECT COUNT(*) FROM notes");
  REQUIRE(count.step() == Step::row);
  return count.integer(0);
}

struct ScratchFile {
  std::filesystem::path path;
  explicit ScratchFile(const std::string& name)
      : path(std::filesystem::temp_directory_path() / ("poolbook-" + name + "-" + std::to_string(getpid()) + ".db")) {}
  ~ScratchFile() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  }
};

}  // namespace

TEST_CASE("a write is all or nothing, and a write inside another joins it") {
  auto db = notes_in_memory();
  CHECK((*db).write([&] { return add_note(*db, "kept"); }));
  const Status failed = db->write([&]() -> Status {
    REQUIRE(add_note(*db, "undone"));
    return poolbook::refusal("test.refused", "no");
  });
  CHECK(failed.error().rule == "test.refused");
  CHECK(note_count(*db) == 1);
  // The inner write's failure undoes only its own writes; the outer decides what is kept.
  REQUIRE(db->write([&]() -> Status {
    REQUIRE(add_note(*db, "outer"));
    CHECK(db->writing());
    CHECK_FALSE(db->write([&]() -> Status {
      REQUIRE(add_note(*db, "inner"));
      return poolbook::conflict("test.inner", "no");
    }));
    return poolbook::ok_status();
  }));
  CHECK(note_count(*db) == 2);
  CHECK_FALSE(db->writing());
  // An outer failure undoes an inner write that succeeded.
  CHECK_FALSE(db->write([&]() -> Status {
    REQUIRE(db->write([&] { return add_note(*db, "inner"); }));
    throw std::runtime_error("overflow");
  }));
  CHECK(note_count(*db) == 2);
  auto counted = db->write_value([&]() -> poolbook::Result<std::int64_t> { return note_count(*db); });
  CHECK(counted.value() == 2);
}

TEST_CASE("migrations are tracked per owner, and an owner newer than this program is refused") {
  ScratchFile file("owners");
  {
    auto db = SqliteDatabase::open(file.path);
    REQUIRE(db);
    REQUIRE((*db)->migrate("notes", std::span<const Migration>(kNotes, 1)));
    CHECK((*db)->schema_version("notes").value() == 1);
    REQUIRE((*db)->migrate("notes", kNotes));  // only the second runs
    CHECK((*db)->schema_version("notes").value() == 2);
    CHECK((*db)->schema_version("journal").value() == 0);
    REQUIRE((*db)->exec("INSERT INTO schema_migrations VALUES ('notes', 3, '2030-01-01T00:00:00Z')", "a test"));
  }
  auto db = SqliteDatabase::open(file.path);
  REQUIRE(db);
  auto refused = (*db)->migrate("notes", kNotes);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "store.version");
  CHECK_THAT(refused.error().message, Catch::Contains("notes schema version 3; this program knows up to 2"));
}

TEST_CASE("a file from before owners were tracked is adopted: each owner keeps the steps it had") {
  ScratchFile file("shared");
  REQUIRE(create_sqlite_schema_version(file.path, 3));
  auto db = SqliteDatabase::open(file.path);
  REQUIRE(db);
  REQUIRE(open_sqlite_store(*db));
  // Journal steps 1-3 were shared versions 1-3; its steps 4 (shared version 6), 5 (the
  // record chain), 6 (whole pence), 7 (references whatever their case) and 8 (one index of
  // references), added since owners were tracked, ran now.
  CHECK((*db)->schema_version(kJournalOwner).value() == 8);
  Statement version = (*db)->prepare("PRAGMA user_version");
  REQUIRE(version.step() == Step::row);
  CHECK(version.integer(0) == kSqliteSchemaVersion);
}

TEST_CASE("another program's database is refused before anything is written into it") {
  ScratchFile file("foreign");
  {
    auto other = SqliteDatabase::open(file.path);  // an empty file is new books
    REQUIRE(other);
  }
  std::filesystem::remove(file.path);
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(file.path.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "CREATE TABLE patients(nhs_number TEXT)", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  auto refused = SqliteDatabase::open(file.path);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "store.foreign");
  auto read = SqliteDatabase::open(file.path, SqliteDatabase::Access::read_only);
  REQUIRE(read);
  auto tables = (*read)->prepare("SELECT count(*) FROM sqlite_master");
  REQUIRE(tables.step() == Step::row);
  CHECK(tables.integer(0) == 1);  // only the other program's table
}
