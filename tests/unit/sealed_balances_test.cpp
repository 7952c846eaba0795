// The balances sealed with the journal's head: each write that moves the journal seals a
// digest of the maintained balances beside it, after finding the balances it began with are
// the ones sealed before; a report's check (verify_sealed) then vouches for the balances
// without re-adding the journal, so its cost does not grow with the journal.
#include <sqlite3.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/store/sqlite_store.hpp"

using namespace poolbook::ledger;
using namespace date::literals;

namespace {

struct SealedBooks {
  std::filesystem::path path;
  std::unique_ptr<Store> store;

  SealedBooks() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("poolbook-sealed-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".db");
    reopen();
    for (const Account& account : {Account{"pool/bcf/bank", AccountType::asset, "Bank"},
                                   Account{"pool/bcf/contributions/icb", AccountType::income, "ICB contributions"}})
      REQUIRE(store->open_account(account));
  }
  ~SealedBooks() {
    store.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  }
  void reopen() {
    store.reset();
    auto opened = open_sqlite_store(path);
    REQUIRE(opened);
    store = std::move(opened).value();
  }
  // Runs `sql` on the file as another program would, and returns the first column of its
  // last row (empty when it returns none).
  std::string sql(const std::string& text) const {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    std::string last;
    char* message = nullptr;
    const int rc = sqlite3_exec(
        db, text.c_str(),
        [](void* out, int, char** values, char**) {
          *static_cast<std::string*>(out) = values[0] ? values[0] : "";
          return 0;
        },
        &last, &message);
    INFO((message ? message : ""));
    sqlite3_free(message);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
    return last;
  }
  poolbook::Status receive(date::year_month_day day, std::int64_t pence) {
    Entry entry;
    entry.date = day;
    entry.kind = EntryKind::contribution;
    entry.description = "icb instalment";
    entry.reference = "R-" + to_iso(day);
    entry.postings = {{"pool/bcf/bank", Money::from_pence(pence)},
                      {"pool/bcf/contributions/icb", Money::from_pence(-pence)}};
    entry.provenance.actor = "pool.manager";
    auto appended = store->append({entry});
    if (!appended) return appended.error();
    return poolbook::ok_status();
  }
};

// The trigger that keeps entries append-only, as poolbook made it (put back after an edit).
const std::string kAppendOnly =
    "CREATE TRIGGER entries_append_only_update BEFORE UPDATE ON entries\n"
    "  BEGIN SELECT RAISE(ABORT, 'entries are append-only: post a reversal instead'); END;";

// Turns the books into books sealed before balances were: the digests left out of the record
// chain and every hash after recomputed, as docs/store-format.md gives the formula.
void unseal_balances(SealedBooks& books) {
  books.store.reset();
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(books.path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db,
                       "DROP TRIGGER record_chain_append_only_delete; DROP TRIGGER record_chain_sealed; "
                       "DELETE FROM record_chain WHERE tbl = 'balances'; "
                       "CREATE TABLE kept AS SELECT * FROM record_chain; DELETE FROM record_chain;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_stmt* rows = nullptr;
  sqlite3_stmt* put = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT tbl, op, row_key, coalesce(content, ''), content FROM kept ORDER BY seq", -1,
                             &rows, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_prepare_v2(db, "INSERT INTO record_chain VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &put, nullptr) ==
          SQLITE_OK);
  std::string previous(kGenesisHash);
  const auto column = [&](int i) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(rows, i))); };
  for (std::int64_t seq = 1; sqlite3_step(rows) == SQLITE_ROW; ++seq) {
    previous = sha256_hex(previous + "\n" + std::to_string(seq) + "\n" + column(0) + "\n" + column(1) + "\n" +
                          column(2) + "\n" + column(3));
    sqlite3_bind_int64(put, 1, seq);
    for (int i = 0; i < 3; ++i) sqlite3_bind_text(put, i + 2, column(i).c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_value(put, 5, sqlite3_column_value(rows, 4));
    sqlite3_bind_text(put, 6, previous.c_str(), -1, SQLITE_TRANSIENT);
    REQUIRE(sqlite3_step(put) == SQLITE_DONE);
    sqlite3_reset(put);
  }
  sqlite3_finalize(rows);
  sqlite3_finalize(put);
  // The triggers as poolbook made them (the schema sealed says so), so that the file verifies.
  REQUIRE(sqlite3_exec(db,
                       "DROP TABLE kept; "
                       "CREATE TRIGGER record_chain_append_only_delete BEFORE DELETE ON record_chain\n"
                       "  BEGIN SELECT RAISE(ABORT, 'the record chain is append-only'); END; "
                       "CREATE TRIGGER record_chain_sealed BEFORE UPDATE ON record_chain WHEN OLD.hash IS NOT NULL\n"
                       "  BEGIN SELECT RAISE(ABORT, 'a sealed record of the chain cannot change'); END;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  books.reopen();
}

}  // namespace

TEST_CASE("each write that moves the journal seals the balances beside its head", "[store][sqlite]") {
  SealedBooks books;
  REQUIRE(books.receive(2025_y / date::October / 1, 1000));
  REQUIRE(books.receive(2025_y / date::October / 2, 2000));
  // Accounts 1 (bank) and 2 (contributions) in 2025/26 M07 (202507): £30.00 each way.
  const std::string digest = "[2,\"" + sha256_hex("1,202507,3000\n2,202507,-3000\n") + "\"]";
  CHECK(books.sql("SELECT content FROM record_chain WHERE tbl = 'balances' ORDER BY seq DESC LIMIT 1") == digest);
  CHECK(books.sql("SELECT row_key FROM record_chain WHERE tbl = 'balances' ORDER BY seq DESC LIMIT 1") == "[2]");
  // Right after the journal's head, whose seal it shares.
  CHECK(books.sql("SELECT op FROM record_chain WHERE seq = (SELECT MAX(seq) - 1 FROM record_chain)") == "head");
  const VerifyReport sealed = books.store->verify_sealed();
  CHECK(sealed.problem == "");
  CHECK_FALSE(sealed.rehashed);
  CHECK(sealed.entries_checked == 0);
  CHECK(sealed.record_head.record == books.store->record_head()->record);
  const VerifyReport whole = books.store->verify();
  CHECK(whole.problem == "");
  CHECK(whole.rehashed);
  CHECK(whole.entries_checked == 2);
  CHECK(whole.record_head.to_string() == sealed.record_head.to_string());
}

TEST_CASE("a balance changed in the file fails a report's check, and no later write seals it", "[store][sqlite]") {
  SealedBooks books;
  REQUIRE(books.receive(2025_y / date::October / 1, 1000));
  const std::string sealed_at = books.sql("SELECT MAX(seq) FROM record_chain WHERE tbl = 'balances'");
  SECTION("a balance edited") { books.sql("UPDATE balances SET movement_pence = 1 WHERE account = 1"); }
  SECTION("a balance added") { books.sql("INSERT INTO balances VALUES (2, 202508, -5)"); }
  SECTION("a balance removed") { books.sql("DELETE FROM balances WHERE account = 2"); }
  CHECK(books.store->verify_sealed().problem == "the maintained balances are not those record " + sealed_at +
                                                    " sealed: a balance was changed in the file directly");
  CHECK_THAT(books.store->verify().problem, Catch::StartsWith("the balance of pool/bcf/"));
  const auto refused = books.receive(2025_y / date::October / 2, 2000);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "store.altered");
  CHECK_THAT(refused.error().message, Catch::Contains("maintained balances were changed around poolbook"));
  CHECK(books.sql("SELECT count(*) FROM entries") == "1");  // nothing of the write is kept
}

TEST_CASE("a balance that is zero counts as none: a net-nil month verifies either way", "[store][sqlite]") {
  SealedBooks books;
  REQUIRE(books.receive(2025_y / date::October / 1, 1000));
  REQUIRE(books.receive(2025_y / date::October / 2, -1000));
  CHECK(books.sql("SELECT content FROM record_chain WHERE tbl = 'balances' ORDER BY seq DESC LIMIT 1") ==
        "[0,\"" + sha256_hex("") + "\"]");
  books.sql("DELETE FROM balances");  // the same balances: none that is not zero
  CHECK(books.store->verify_sealed().problem == "");
  CHECK(books.store->verify().problem == "");
}

TEST_CASE("an entry edited in place is found by verify, not by a report's check, whose figures do not read it",
          "[store][sqlite]") {
  SealedBooks books;
  REQUIRE(books.receive(2025_y / date::October / 1, 1000));
  REQUIRE(books.receive(2025_y / date::October / 2, 2000));
  books.sql("DROP TRIGGER entries_append_only_update; UPDATE entries SET description = 'edited' WHERE id = 1");
  // The schema differs from the one sealed, which a report's check finds too; with the
  // trigger put back, only the entry differs.
  CHECK_THAT(books.store->verify_sealed().problem, Catch::Contains("entries_append_only_update"));
  books.sql(kAppendOnly);
  CHECK(books.store->verify_sealed().problem == "");
  CHECK_THAT(books.store->verify().problem, Catch::StartsWith("entry 1 (2025-10-01 'edited') does not match its hash"));
}

TEST_CASE(
    "books sealed before balances were get the whole verify until a write checks the balances against the postings",
    "[store][sqlite]") {
  SealedBooks books;
  REQUIRE(books.receive(2025_y / date::October / 1, 1000));
  unseal_balances(books);
  REQUIRE(books.sql("SELECT count(*) FROM record_chain WHERE tbl = 'balances'") == "0");
  SECTION("balances as the postings sum") {
    const VerifyReport before = books.store->verify_sealed();
    CHECK(before.problem == "");
    CHECK(before.rehashed);  // no digest to check the balances against
    CHECK(before.entries_checked == 1);
    REQUIRE(books.receive(2025_y / date::October / 2, 2000));
    const VerifyReport after = books.store->verify_sealed();
    CHECK(after.problem == "");
    CHECK_FALSE(after.rehashed);
    CHECK(books.sql("SELECT content FROM record_chain WHERE tbl = 'balances'") ==
          "[2,\"" + sha256_hex("1,202507,3000\n2,202507,-3000\n") + "\"]");
  }
  SECTION("a balance changed before the first digest") {
    books.sql("UPDATE balances SET movement_pence = 7 WHERE account = 1");
    CHECK(books.store->verify_sealed().problem ==
          "the balance of pool/bcf/bank for 2025/26 M07 reads £0.07 but its "
          "postings sum to £10.00");
    const auto refused = books.receive(2025_y / date::October / 2, 2000);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().rule == "store.altered");
    CHECK_THAT(
        refused.error().message,
        Catch::Contains("the balance of pool/bcf/bank for 2025/26 M07 reads £20.07 but its postings sum to £30.00"));
    CHECK_FALSE(books.store->set_setting("note", "a setting"));
    CHECK(books.sql("SELECT count(*) FROM record_chain WHERE tbl = 'balances'") == "0");
  }
  SECTION("an entry and its balances changed together before the first digest") {
    books.sql(
        "DROP TRIGGER entries_append_only_update; UPDATE entries SET postings = '[[1,7],[2,-7]]' WHERE id = 1; "
        "UPDATE balances SET movement_pence = 7 WHERE account = 1; "
        "UPDATE balances SET movement_pence = -7 WHERE account = 2; " +
        kAppendOnly);
    const auto refused = books.receive(2025_y / date::October / 2, 2000);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().rule == "store.altered");
    CHECK_THAT(refused.error().message,
               Catch::Contains("entry 1 (2025-10-01 'icb instalment') does not match its hash"));
    CHECK(books.sql("SELECT count(*) FROM record_chain WHERE tbl = 'balances'") == "0");
  }
  SECTION("a write that posts nothing seals them too") {
    REQUIRE(books.store->set_setting("note", "a setting"));
    const VerifyReport after = books.store->verify_sealed();
    CHECK(after.problem == "");
    CHECK_FALSE(after.rehashed);
  }
}

TEST_CASE("a write that only reads the balances (a setting, a close) finds them as sealed or is refused",
          "[store][sqlite]") {
  SealedBooks books;
  REQUIRE(books.receive(2025_y / date::October / 1, 1000));
  books.sql("UPDATE balances SET movement_pence = 5000 WHERE account = 1");
  const auto refused = books.store->set_setting("note", "a setting");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "store.altered");
  const auto close = books.store->close_period(*Period::parse("2025/26 M07"), "pool.manager");
  REQUIRE_FALSE(close);
  CHECK(close.error().rule == "store.altered");
  CHECK_FALSE(books.store->is_closed(*Period::parse("2025/26 M07")));
}

TEST_CASE("an entry changed in the file is not acted on: no reversal is posted from it", "[store][sqlite]") {
  SealedBooks books;
  REQUIRE(books.receive(2025_y / date::October / 1, 1000));
  REQUIRE(books.receive(2025_y / date::October / 2, 2000));
  SECTION("its postings edited") {
    books.sql("DROP TRIGGER entries_append_only_update; UPDATE entries SET postings = '[[1,7],[2,-7]]' WHERE id = 1");
  }
  SECTION("its hash recomputed too: the entry after it no longer follows on") {
    Entry edited = *books.store->entry(1);
    edited.postings = {{"pool/bcf/bank", Money::from_pence(7)}, {"pool/bcf/contributions/icb", Money::from_pence(-7)}};
    books.sql("DROP TRIGGER entries_append_only_update; UPDATE entries SET postings = '[[1,7],[2,-7]]', hash = '" +
              chain_hash(edited) + "' WHERE id = 1");
  }
  const auto read = books.store->entry(1);
  REQUIRE_FALSE(read);
  CHECK(read.error().rule == "store.altered");
  const auto reversed = books.store->reverse(1, 2025_y / date::October / 3, "posted twice", "pool.manager");
  REQUIRE_FALSE(reversed);
  CHECK(reversed.error().rule == "store.altered");
  CHECK(books.sql("SELECT count(*) FROM entries") == "2");
}

TEST_CASE("no write builds on a journal other than the one last sealed: entries added or re-hashed around poolbook",
          "[store][sqlite]") {
  SealedBooks books;
  REQUIRE(books.receive(2025_y / date::October / 1, 1000));
  REQUIRE(books.receive(2025_y / date::October / 2, 2000));
  SECTION("the last entry edited, its hash recomputed") {
    Entry edited = *books.store->entry(2);
    edited.postings = {{"pool/bcf/bank", Money::from_pence(7)}, {"pool/bcf/contributions/icb", Money::from_pence(-7)}};
    books.sql("DROP TRIGGER entries_append_only_update; UPDATE entries SET postings = '[[1,7],[2,-7]]', hash = '" +
              chain_hash(edited) + "' WHERE id = 2; " + kAppendOnly);
  }
  SECTION("an entry added with a hash that follows on") {
    Entry added = *books.store->entry(2);
    added.id = 3;
    added.previous_hash = added.hash;
    added.reference = "R-FORGED";
    books.sql(
        "INSERT INTO entries SELECT 3, entry_date, period, kind, description, 'R-FORGED', NULL, source, "
        "source_row, postings, '" +
        chain_hash(added) + "' FROM entries WHERE id = 2");
  }
  const auto reversed = books.store->reverse(2, 2025_y / date::October / 3, "again", "pool.manager");
  REQUIRE_FALSE(reversed);
  for (const poolbook::Status& refused :
       {books.receive(2025_y / date::October / 3, 500), poolbook::Status(reversed.error()),
        books.store->set_setting("note", "a setting")}) {
    REQUIRE_FALSE(refused);
    CHECK(refused.error().rule == "store.altered");
    CHECK_THAT(refused.error().message, Catch::Contains("entries were added, removed or changed around poolbook"));
  }
  // The pack's check finds it too: the journal no longer holds the head sealed, or ends past it.
  CHECK_THAT(books.store->verify_sealed().problem, Catch::Contains("the journal"));
}
