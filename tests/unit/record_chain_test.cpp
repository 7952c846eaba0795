// The record chain: every change to a chained table is recorded by a trigger and sealed with
// a hash chained to the record before it when poolbook commits; verify recomputes the hashes,
// compares each table with its latest records, and checks a head kept from before.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "poolbook/ledger/store/record_chain.hpp"
#include "poolbook/ledger/store/sqlite_database.hpp"

using namespace poolbook::ledger;

namespace {

const std::vector<ChainedTable> kNotes{{"notes", {"id"}, {"id", "text"}}};

std::shared_ptr<SqliteDatabase> chained_notes() {
  auto db = SqliteDatabase::open(":memory:");
  REQUIRE(db);
  REQUIRE((*db)->exec("CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT NOT NULL);", "making notes"));
  REQUIRE((*db)->exec("INSERT INTO notes(text) VALUES ('before the chain');", "a note from before"));
  static const std::string chain = chain_tables_sql(kNotes);
  REQUIRE((*db)->write([&] { return (*db)->exec(chain.c_str(), "chaining notes"); }));
  return *db;
}

poolbook::Status write_note(SqliteDatabase& db, const std::string& sql) {
  return db.write([&] { return db.exec(sql.c_str(), "writing notes"); });
}

}  // namespace

TEST_CASE("rows from before the chain are adopted, and every later change is sealed as it commits") {
  auto db = chained_notes();
  REQUIRE(write_note(*db, "INSERT INTO notes(text) VALUES ('second')"));
  REQUIRE(write_note(*db, "UPDATE notes SET text = 'first' WHERE id = 1"));
  auto report = verify_record_chain(*db, kNotes, std::nullopt);
  CHECK(report.problem == "");
  CHECK(report.records_checked == 4);  // adopt of 1, the schema, insert of 2, update of 1
  CHECK(report.head.record == 4);
  CHECK(report.head.hash.size() == 64);
  // A head kept now still verifies later, after more is written.
  const ChainHead kept = report.head;
  REQUIRE(write_note(*db, "DELETE FROM notes WHERE id = 2"));
  CHECK(verify_record_chain(*db, kNotes, kept).problem == "");
  CHECK(record_chain_head(*db)->record == 5);
}

TEST_CASE("a change made around poolbook is never sealed, and poolbook's next commit does not seal it") {
  auto db = chained_notes();
  REQUIRE(db->exec("UPDATE notes SET text = 'edited' WHERE id = 1", "an edit outside a write"));
  REQUIRE(write_note(*db, "INSERT INTO notes(text) VALUES ('later')"));
  CHECK(verify_record_chain(*db, kNotes, std::nullopt).problem ==
        "record 3 (update of notes [1]) was written around poolbook: it was never sealed into the chain (a change made "
        "to the file directly)");
}

TEST_CASE("a table that disagrees with its records is named, row by row") {
  auto db = chained_notes();
  REQUIRE(db->exec("DROP TRIGGER chain_notes_update; UPDATE notes SET text = 'edited' WHERE id = 1", "an edit"));
  CHECK(verify_record_chain(*db, kNotes, std::nullopt).problem ==
        "notes [1] reads [1,\"edited\"] but record 1 of the chain says [1,\"before the chain\"]: it was changed in "
        "the file directly");
  auto removed = chained_notes();
  REQUIRE(removed->exec("DROP TRIGGER chain_notes_delete; DELETE FROM notes", "a deletion"));
  CHECK(verify_record_chain(*removed, kNotes, std::nullopt).problem ==
        "notes [1], written by record 1, is no longer in the file: it was deleted directly");
}

TEST_CASE("a kept head reveals a chain cut short or rewritten") {
  auto db = chained_notes();
  REQUIRE(write_note(*db, "INSERT INTO notes(text) VALUES ('second')"));
  const ChainHead kept = *record_chain_head(*db);
  REQUIRE(
      db->exec("DROP TRIGGER record_chain_append_only_delete; DROP TRIGGER chain_notes_delete; "
               "DELETE FROM record_chain WHERE seq = 3; DELETE FROM notes WHERE id = 2",
               "cutting the chain"));
  // The triggers dropped to cut it are missed (someone who also restored them would not be).
  CHECK_THAT(verify_record_chain(*db, kNotes, std::nullopt).problem, Catch::Contains("which poolbook made, is gone"));
  CHECK(verify_record_chain(*db, kNotes, kept).problem ==
        "the chain ends at record 2, before record 3 you kept: records were removed from its end");
  ChainHead other = *record_chain_head(*db);
  other.hash = std::string(64, 'a');
  CHECK_THAT(verify_record_chain(*db, kNotes, other).problem,
             Catch::EndsWith("you kept: the chain was rewritten at or before it"));
}

TEST_CASE("a trigger planted in the file is never sealed: poolbook refuses to write, and verify names it") {
  auto db = chained_notes();
  REQUIRE(db->exec("CREATE TRIGGER evil AFTER INSERT ON notes BEGIN UPDATE notes SET text = 'x' WHERE id = 1; END;",
                   "planting a trigger"));
  auto refused = write_note(*db, "INSERT INTO notes(text) VALUES ('second')");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "store.schema");
  CHECK_THAT(refused.error().message, Catch::Contains("trigger evil is not as poolbook made it"));
  CHECK(verify_record_chain(*db, kNotes, std::nullopt).problem ==
        "the file's schema differs from the one record 2 sealed: trigger evil is not as poolbook made it (or not one "
        "it made) (a table, index or trigger changed around poolbook)");
}

TEST_CASE("a head is read back as verify printed it, and nothing else") {
  const std::string hash(64, 'f');
  auto head = ChainHead::parse("212:" + hash);
  REQUIRE(head);
  CHECK(head->record == 212);
  CHECK(head->to_string() == "212:" + hash);
  for (const std::string& bad :
       std::vector<std::string>{"212", ":" + hash, "0:" + hash, "x:" + hash, "212:" + hash.substr(1),
                                "212:" + std::string(64, 'G'), "99999999999999999999:" + hash})
    CHECK(ChainHead::parse(bad).error().rule == "verify.head");
}
