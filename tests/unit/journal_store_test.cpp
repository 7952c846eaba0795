// The journal's Store: an append-only, balanced, hash-chained journal with closed months and
// running balances, and the SQLite database under it (write transactions, per-owner
// migrations). Written once and run against every backend (SQLite now; PostgreSQL later).
// Governance's store, in the same file, is tested in governance_store_test.cpp.
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>

#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/store/pg_store.hpp"
#include "poolbook/ledger/store/sqlite_store.hpp"
#include "store_backend.hpp"

using namespace poolbook::ledger;
using namespace date::literals;

namespace {

// A scratch store: a file, removed (with its WAL files) at the end of the test; or, when the
// tests run against PostgreSQL, a fresh agreement's books in the test cluster.
struct ScratchStore {
  std::filesystem::path path;
  std::unique_ptr<Store> store;

  ScratchStore() {
    static int counter = 0;
    if (testing_postgres()) {
      auto db = PgDatabase::open(scratch_postgres_url());
      REQUIRE(db);
      auto opened = open_pg_store(*db);
      REQUIRE(opened);
      store = std::move(opened).value();
    } else {
      path = std::filesystem::temp_directory_path() /
             ("poolbook-store-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".db");
      auto opened = open_sqlite_store(path);
      REQUIRE(opened);
      store = std::move(opened).value();
    }
    for (const Account& account : {Account{"pool/bcf/bank", AccountType::asset, "Bank"},
                                   Account{"pool/bcf/contributions/icb", AccountType::income, "ICB contributions"},
                                   Account{"pool/bcf/contributions/county", AccountType::income, "County"},
                                   Account{"pool/bcf/scheme/S07", AccountType::expenditure, "S07"}})
      REQUIRE(store->open_account(account));
  }
  ~ScratchStore() {
    store.reset();
    if (!path.empty())
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  }
};

Entry contribution(date::year_month_day day, std::int64_t pence, const std::string& partner = "icb") {
  Entry entry;
  entry.date = day;
  entry.kind = EntryKind::contribution;
  entry.description = partner + " instalment";
  entry.reference = "R-" + to_iso(day);
  entry.postings = {{"pool/bcf/bank", Money::from_pence(pence)},
                    {"pool/bcf/contributions/" + partner, Money::from_pence(-pence)}};
  entry.provenance.actor = "pool.manager";
  return entry;
}

Entry draw(date::year_month_day day, std::int64_t pence) {
  Entry entry;
  entry.date = day;
  entry.kind = EntryKind::draw;
  entry.description = "S07 invoice";
  entry.postings = {{"pool/bcf/scheme/S07", Money::from_pence(pence)}, {"pool/bcf/bank", Money::from_pence(-pence)}};
  entry.provenance.actor = "pool.manager";
  return entry;
}

Money movement(Store& store, const std::string& account, const char* period) {
  const Period month = *Period::parse(period);
  Money total;
  for (const BalanceRow& row : store.balances(month, month, account)) total += row.movement;
  return total;
}

void tamper(const std::filesystem::path& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  INFO((message ? message : ""));
  sqlite3_free(message);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE("a balanced entry is posted with an id, a hash chained to the one before, and balances", "[store]") {
  ScratchStore scratch;
  auto first = scratch.store->append({contribution(2025_y / date::October / 15, 347995629)});
  REQUIRE(first);
  auto second = scratch.store->append({draw(2025_y / date::October / 20, 12345678)});
  REQUIRE(second);
  CHECK(first->front() == 1);
  CHECK(second->front() == 2);
  const Entry one = *scratch.store->entry(1);
  const Entry two = *scratch.store->entry(2);
  CHECK(one.previous_hash == kGenesisHash);
  CHECK(two.previous_hash == one.hash);
  CHECK(one.hash == chain_hash(one));
  CHECK(one.postings[0].amount.to_report() == "£3,479,956.29");
  CHECK(movement(*scratch.store, "pool/bcf/bank", "2025/26 M07").to_report() == "£3,356,499.51");
  CHECK(movement(*scratch.store, "pool/bcf", "2025/26 M07").is_zero());  // the pool balances in total
  CHECK(movement(*scratch.store, "pool/bcf/contributions", "2025/26 M07").to_report() == "(£3,479,956.29)");
  CHECK(movement(*scratch.store, "pool/bcf/bank", "2025/26 M08").is_zero());
  CHECK(scratch.store->verify().problem == "");
}

TEST_CASE("an unbalanced entry is refused, naming the difference", "[store]") {
  ScratchStore scratch;
  Entry entry = contribution(2025_y / date::October / 15, 100000);
  entry.postings[1].amount = Money::from_pence(-99999);
  auto refused = scratch.store->append({entry});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "entry.unbalanced");
  CHECK(refused.error().message ==
        "the entry 'icb instalment' dated 2025-10-15 does not balance: its debits exceed its credits by £0.01");
  CHECK(scratch.store->entries(std::nullopt, 100).empty());
}

TEST_CASE("entries that cannot be posted are refused with the reason", "[store]") {
  ScratchStore scratch;
  Entry one_sided = contribution(2025_y / date::October / 15, 100);
  one_sided.postings.pop_back();
  CHECK_THAT(scratch.store->append({one_sided}).error().message, Catch::Contains("at least two postings"));
  Entry unknown = contribution(2025_y / date::October / 15, 100, "district");
  CHECK_THAT(scratch.store->append({unknown}).error().message,
             Catch::Contains("posts to pool/bcf/contributions/district, which is not an open account"));
  Entry nobody = contribution(2025_y / date::October / 15, 100);
  nobody.provenance.actor.clear();
  CHECK_THAT(scratch.store->append({nobody}).error().message, Catch::Contains("does not say who is posting it"));
  CHECK_THAT(scratch.store->open_account({"pool/bcf/bank", AccountType::income, ""}).error().message,
             Catch::Contains("already open as asset"));
  CHECK_THAT(scratch.store->open_account({"pool//bank", AccountType::asset, ""}).error().message,
             Catch::Contains("empty segment"));
}

TEST_CASE("a batch is all or nothing", "[store]") {
  ScratchStore scratch;
  Entry bad = draw(2025_y / date::October / 20, 500);
  bad.postings[0].account = "pool/bcf/scheme/S99";
  auto refused = scratch.store->append({contribution(2025_y / date::October / 15, 1000), bad});
  REQUIRE_FALSE(refused);
  CHECK(scratch.store->entries(std::nullopt, 100).empty());
  CHECK(movement(*scratch.store, "pool/bcf/bank", "2025/26 M07").is_zero());
  CHECK(scratch.store->verify().problem == "");
}

TEST_CASE("a reversal posts the mirror entry, linked, once", "[store]") {
  ScratchStore scratch;
  REQUIRE(scratch.store->append({draw(2025_y / date::October / 20, 12345)}));
  auto reversal = scratch.store->reverse(1, 2025_y / date::October / 31, "duplicate invoice", "pool.manager");
  REQUIRE(reversal);
  const Entry mirror = *scratch.store->entry(*reversal);
  CHECK(mirror.kind == EntryKind::reversal);
  CHECK(mirror.reverses == EntryId{1});
  CHECK(mirror.postings[0].amount.pence() == -12345);
  CHECK(movement(*scratch.store, "pool/bcf/scheme/S07", "2025/26 M07").is_zero());
  auto again = scratch.store->reverse(1, 2025_y / date::October / 31, "again", "pool.manager");
  REQUIRE_FALSE(again);
  CHECK(again.error().message == "entry 1 was already reversed by entry 2");
  CHECK(scratch.store->reverse(99, 2025_y / date::October / 31, "x", "pool.manager").error().rule == "entry.unknown");
}

TEST_CASE("a posting into a closed month is refused, reopening is logged and needs a reason", "[store]") {
  ScratchStore scratch;
  const Period september = *Period::parse("2025/26 M06");
  REQUIRE(scratch.store->close_period(september, "pool.manager"));
  CHECK(scratch.store->is_closed(september));
  auto refused = scratch.store->append({draw(2025_y / date::September / 30, 100)});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "period.closed");
  CHECK(refused.error().message ==
        "the entry 'S07 invoice' dated 2025-09-30 falls in 2025/26 M06, which is closed: post a correction in an "
        "open month, or reopen the month by a logged decision");
  CHECK(scratch.store->append({draw(2025_y / date::October / 1, 100)}));  // the next month is open
  CHECK(scratch.store->close_period(september, "x").error().message == "2025/26 M06 is already closed");
  CHECK(scratch.store->reopen_period(september, "pool.manager", "", "").error().rule == "period.reopen");
  REQUIRE(scratch.store->reopen_period(september, "pool.manager", "late DFG invoice", "D-2025-030"));
  CHECK(scratch.store->reopen_period(september, "pool.manager", "again", "").error().rule == "period.open");
  CHECK(scratch.store->may_reopen(september, "pool.manager", "again").error().rule == "period.open");
  CHECK(scratch.store->reopenings_under(september, "D-2025-030").value() == 1);
  CHECK(scratch.store->reopenings_under(september, "D-2025-031").value() == 0);
  CHECK(scratch.store->append({draw(2025_y / date::September / 30, 100)}));
}

TEST_CASE("verify catches an amount edited directly in the database", "[store][sqlite]") {
  ScratchStore scratch;
  for (int day = 1; day <= 5; ++day)
    REQUIRE(scratch.store->append({contribution(2025_y / date::October / date::day(unsigned(day)), 1000 * day)}));
  CHECK(scratch.store->verify().entries_checked == 5);
  CHECK(scratch.store->verify().problem == "");
  tamper(scratch.path,
         "DROP TRIGGER entries_append_only_update;"
         "UPDATE entries SET postings = json_replace(postings, '$[0][1]', 300001, '$[1][1]', -300001) WHERE id = 3;");
  const VerifyReport report = scratch.store->verify();
  CHECK_FALSE(report.ok());
  CHECK(report.first_bad_entry == EntryId{3});
  CHECK_THAT(report.problem, Catch::StartsWith("entry 3 (2025-10-03 'icb instalment') does not match its hash"));
}

TEST_CASE("verify catches a removed entry and a doctored balance", "[store][sqlite]") {
  ScratchStore scratch;
  for (int day = 1; day <= 3; ++day)
    REQUIRE(scratch.store->append({contribution(2025_y / date::October / date::day(unsigned(day)), 1000)}));
  SECTION("an entry removed from the middle") {
    tamper(scratch.path,
           "PRAGMA foreign_keys = OFF; DROP TRIGGER entries_append_only_delete; DELETE FROM entries WHERE id = 2;");
    CHECK(scratch.store->verify().first_bad_entry == EntryId{3});
  }
  SECTION("a maintained balance changed") {
    tamper(scratch.path,
           "UPDATE balances SET movement_pence = 1 WHERE account = (SELECT id FROM accounts WHERE path = "
           "'pool/bcf/bank')");
    const VerifyReport report = scratch.store->verify();
    CHECK(report.problem == "the balance of pool/bcf/bank for 2025/26 M07 reads £0.01 but its postings sum to £30.00");
  }
}

TEST_CASE("a store written at schema version 1 is migrated on open, keeping its entries", "[store][sqlite]") {
  const auto path = std::filesystem::temp_directory_path() / ("poolbook-v1-" + std::to_string(getpid()) + ".db");
  REQUIRE(create_sqlite_schema_version(path, 1));
  tamper(path,
         "INSERT INTO accounts VALUES ('pool/bcf/bank', 'asset', 'Bank'), ('pool/bcf/contributions/icb', 'income', "
         "'ICB')");
  {
    auto old = open_sqlite_store(path);  // migrates 1 -> 3
    REQUIRE(old);
    REQUIRE((*old)->append({contribution(2025_y / date::October / 1, 1000)}));
    CHECK((*old)->reference_posted("", "R-2025-10-01"));
    REQUIRE((*old)->set_setting("agreement", "fixtures/northshire/agreement.toml"));
  }
  auto reopened = open_sqlite_store(path);
  REQUIRE(reopened);
  CHECK((*reopened)->setting("agreement") == std::optional<std::string>("fixtures/northshire/agreement.toml"));
  CHECK((*reopened)->verify().problem == "");
  reopened->reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

TEST_CASE("the journal refuses updates and deletes at the database too", "[store][sqlite]") {
  ScratchStore scratch;
  REQUIRE(scratch.store->append({contribution(2025_y / date::October / 1, 1000)}));
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(scratch.path.c_str(), &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, "UPDATE entries SET description = 'x'", nullptr, nullptr, nullptr) != SQLITE_OK);
  CHECK(sqlite3_exec(db, "DELETE FROM postings", nullptr, nullptr, nullptr) != SQLITE_OK);
  sqlite3_close(db);
  CHECK(scratch.store->verify().problem == "");
}

TEST_CASE("a store written by a newer poolbook or another program is refused, an empty file is brought up to date",
          "[store][sqlite]") {
  const auto path = std::filesystem::temp_directory_path() / ("poolbook-version-" + std::to_string(getpid()) + ".db");
  tamper(path, "PRAGMA user_version = 99");
  auto refused = open_sqlite_store(path);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "store.version");
  CHECK_THAT(refused.error().message,
             Catch::Contains("schema version 99; this program knows up to " + std::to_string(kSqliteSchemaVersion)));
  std::filesystem::remove(path);
  tamper(path, "CREATE TABLE unrelated(x)");  // version 0 with another program's table: left alone
  auto foreign = open_sqlite_store(path);
  REQUIRE_FALSE(foreign);
  CHECK(foreign.error().rule == "store.foreign");
  std::filesystem::remove(path);
  std::ofstream(path.string()).flush();  // an empty file: migrations run
  auto opened = open_sqlite_store(path);
  REQUIRE(opened);
  CHECK((*opened)->accounts().empty());
  opened->reset();
  std::filesystem::remove(path);
}

TEST_CASE("a file is imported once, its bad rows are held in quarantine in the same transaction", "[store]") {
  ScratchStore scratch;
  const ImportRecord record{sha256_hex("file contents"), "receipts-2025-10.csv", "host-receipts", "pool.manager",
                            false};
  QuarantinedRow bad;
  bad.file = "receipts-2025-10.csv";
  bad.source_digest = record.source_digest;
  bad.line = 7;
  bad.raw = "07/10/2025,1e6,ICB";
  bad.rule = "money.format";
  bad.reason = "'1e6' is not an amount of money: exponent notation is not accepted";
  bad.profile = "host-receipts";
  REQUIRE(scratch.store->append_import({contribution(2025_y / date::October / 15, 1000)}, record, {bad}));
  CHECK(scratch.store->imported(record.source_digest));
  auto again = scratch.store->append_import({contribution(2025_y / date::October / 16, 1000)}, record, {});
  REQUIRE_FALSE(again);
  CHECK(again.error().rule == "import.duplicate");
  CHECK_THAT(again.error().message, Catch::StartsWith("receipts-2025-10.csv was already imported"));
  ImportRecord forced = record;
  forced.forced = true;
  CHECK(scratch.store->append_import({contribution(2025_y / date::October / 16, 1000)}, forced, {}));
  const auto held = scratch.store->quarantine(true);
  REQUIRE(held.size() == 1);
  CHECK(held[0].line == 7);
  CHECK(held[0].raw == "07/10/2025,1e6,ICB");
  REQUIRE(scratch.store->dismiss_quarantined(held[0].id, "pool.manager", "a test row"));
  CHECK(scratch.store->quarantine(true).empty());
  CHECK(scratch.store->quarantine(false).size() == 1);
}

TEST_CASE("a refused import leaves no trace, not even its quarantine", "[store]") {
  ScratchStore scratch;
  const ImportRecord record{sha256_hex("x"), "x.csv", "p", "pool.manager", false};
  QuarantinedRow bad;
  bad.file = "x.csv";
  bad.line = 2;
  Entry closed_month = draw(2025_y / date::September / 30, 100);
  REQUIRE(scratch.store->close_period(*Period::parse("2025/26 M06"), "pool.manager"));
  REQUIRE_FALSE(scratch.store->append_import({closed_month}, record, {bad}));
  CHECK_FALSE(scratch.store->imported(record.source_digest));
  CHECK(scratch.store->quarantine(false).empty());
}

TEST_CASE("two connections to one file see each other's committed batches", "[store][sqlite]") {
  ScratchStore scratch;
  auto second = open_sqlite_store(scratch.path);
  REQUIRE(second);
  REQUIRE(scratch.store->append({contribution(2025_y / date::October / 1, 1000)}));
  REQUIRE((*second)->append({contribution(2025_y / date::October / 2, 2000)}));
  CHECK(scratch.store->entries(std::nullopt, 10).size() == 2);
  CHECK(scratch.store->verify().problem == "");
  CHECK((*second)->entry(2)->previous_hash == scratch.store->entry(1)->hash);
}

TEST_CASE("verify catches a maintained balance row that was removed", "[store][sqlite]") {
  ScratchStore scratch;
  REQUIRE(scratch.store->append({contribution(2025_y / date::October / 1, 1000)}));
  tamper(scratch.path, "DELETE FROM balances WHERE account = (SELECT id FROM accounts WHERE path = 'pool/bcf/bank')");
  CHECK(scratch.store->verify().problem ==
        "the balance of pool/bcf/bank for 2025/26 M07 reads £0.00 but its postings sum to £10.00");
}

TEST_CASE("a quarantined row that is no longer open cannot change status again", "[store]") {
  ScratchStore scratch;
  QuarantinedRow bad;
  bad.file = "x.csv";
  bad.line = 2;
  REQUIRE(scratch.store->append_import({}, ImportRecord{sha256_hex("x"), "x.csv", "p", "pool.manager", false}, {bad}));
  const auto id = scratch.store->quarantine(true).front().id;
  CHECK(scratch.store->dismiss_quarantined(id, "pool.manager", "").error().rule == "quarantine.reason");
  REQUIRE(scratch.store->dismiss_quarantined(id, "pool.manager", "duplicate of R-0009, paid by BACS"));
  CHECK(scratch.store->dismiss_quarantined(id, "pool.manager", "again").error().rule == "quarantine.status");
  const QuarantinedRow dismissed = scratch.store->quarantine(false).front();
  CHECK(dismissed.status == QuarantineStatus::dismissed);
  CHECK(dismissed.resolved_by == "pool.manager");
  CHECK(dismissed.resolution == "duplicate of R-0009, paid by BACS");
  CHECK(dismissed.resolved_at.has_value());
  auto posted = scratch.store->post_quarantined(
      id,
      [](BooksView&, Entry& entry) {
        entry = contribution(2025_y / date::October / 1, 1);
        return poolbook::Result<bool>(true);
      },
      "pool.manager", "");
  REQUIRE_FALSE(posted);
  CHECK_THAT(posted.error().message, Catch::Contains("is not open"));
  CHECK(scratch.store->entries(std::nullopt, 10).empty());
}

TEST_CASE("an exception inside a batch rolls it back and leaves the store usable", "[store]") {
  ScratchStore scratch;
  auto thrown = scratch.store->append_import_stream(
      [](BooksView&, Entry&) -> poolbook::Result<bool> { throw MoneyOverflow("money overflow in addition"); },
      ImportRecord{sha256_hex("y"), "y.csv", "p", "pool.manager", false}, {});
  REQUIRE_FALSE(thrown);
  CHECK(thrown.error().message == "the batch was abandoned, nothing was posted: money overflow in addition");
  CHECK(scratch.store->append({contribution(2025_y / date::October / 1, 1000)}));
  CHECK_FALSE(scratch.store->imported(sha256_hex("y")));
}

TEST_CASE("a store written at schema version 2 keeps its entries, hashes and balances in version 3",
          "[store][sqlite]") {
  const auto path = std::filesystem::temp_directory_path() / ("poolbook-v2-" + std::to_string(getpid()) + ".db");
  REQUIRE(create_sqlite_schema_version(path, 2));
  // Two entries written as version 2 wrote them: postings in their own table, by path.
  Entry first = contribution(2025_y / date::October / 1, 347995629);
  first.id = 1;
  first.provenance = Provenance{sha256_hex("receipts"), 7, "host-receipts", "pool.manager", "2025-10-02T09:00:00Z"};
  first.previous_hash = std::string(kGenesisHash);
  first.hash = chain_hash(first);
  Entry second = draw(2025_y / date::November / 3, 12345678);
  second.id = 2;
  second.provenance = Provenance{{}, 0, {}, "finance.director", "2025-11-04T10:00:00Z"};
  second.previous_hash = first.hash;
  second.hash = chain_hash(second);
  const std::string sql =
      "INSERT INTO accounts VALUES ('pool/bcf/bank', 'asset', 'Bank'), ('pool/bcf/contributions/icb', 'income', "
      "'ICB'), ('pool/bcf/scheme/S07', 'expenditure', 'S07');"
      "INSERT INTO entries VALUES (1, '2025-10-01', 2025, 7, 'contribution', 'icb instalment', 'R-2025-10-01', NULL, "
      "'" +
      first.provenance.source_digest + "', 7, 'host-receipts', 'pool.manager', '2025-10-02T09:00:00Z', '" +
      first.previous_hash + "', '" + first.hash +
      "'), (2, '2025-11-03', 2025, 8, 'draw', 'S07 invoice', '', NULL, '', 0, '', 'finance.director', "
      "'2025-11-04T10:00:00Z', '" +
      second.previous_hash + "', '" + second.hash +
      "');"
      "INSERT INTO postings VALUES (1, 0, 'pool/bcf/bank', 347995629), (1, 1, 'pool/bcf/contributions/icb', "
      "-347995629), (2, 0, 'pool/bcf/scheme/S07', 12345678), (2, 1, 'pool/bcf/bank', -12345678);"
      "INSERT INTO balances VALUES ('pool/bcf/bank', 2025, 7, 347995629), ('pool/bcf/contributions/icb', 2025, 7, "
      "-347995629), ('pool/bcf/scheme/S07', 2025, 8, 12345678), ('pool/bcf/bank', 2025, 8, -12345678);";
  tamper(path, sql.c_str());
  {
    auto store = open_sqlite_store(path);  // migrates 2 -> 3
    REQUIRE(store);
    const VerifyReport report = (*store)->verify();
    CHECK(report.problem.empty());
    CHECK(report.entries_checked == 2);
    auto read = (*store)->entry(1);
    REQUIRE(read);
    CHECK(read->hash == first.hash);
    CHECK(read->provenance.profile == "host-receipts");
    CHECK(read->provenance.source_row == 7);
    REQUIRE(read->postings.size() == 2);
    CHECK(read->postings[1].account == "pool/bcf/contributions/icb");
    CHECK(read->postings[1].amount.pence() == -347995629);
    CHECK((*store)->entry(2)->previous_hash == first.hash);
    CHECK(movement(**store, "pool/bcf/bank", "2025/26 M08").pence() == -12345678);
    CHECK((*store)->reference_posted("host-receipts", "R-2025-10-01"));
    // New entries chain on from the migrated ones.
    REQUIRE((*store)->append({draw(2025_y / date::November / 4, 100)}));
    CHECK((*store)->entry(3)->previous_hash == second.hash);
    CHECK((*store)->verify().problem == "");
  }
  // The postings view gives the postings back as rows, for anyone reading the file with SQL.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* select = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT account, amount_pence FROM postings WHERE entry_id = 2 ORDER BY seq", -1,
                             &select, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(select) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(select, 0))) == "pool/bcf/scheme/S07");
  CHECK(sqlite3_column_int64(select, 1) == 12345678);
  sqlite3_finalize(select);
  sqlite3_close(db);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

TEST_CASE("a reference whose entry was reversed may be posted again", "[store]") {
  ScratchStore scratch;
  Entry receipt = contribution(2025_y / date::October / 1, 1000);
  receipt.provenance.profile = "host-receipts";
  REQUIRE(scratch.store->append({receipt}));
  CHECK(scratch.store->reference_posted("host-receipts", "R-2025-10-01"));
  CHECK_FALSE(scratch.store->reference_posted("icb-payments", "R-2025-10-01"));
  REQUIRE(scratch.store->reverse(1, 2025_y / date::October / 2, "keyed to the wrong partner", "pool.manager"));
  CHECK_FALSE(scratch.store->reference_posted("host-receipts", "R-2025-10-01"));
}

namespace {

// A source of `count` contributions; entry number bad_at posts to an account never opened.
// It may run on the store's reading thread, so it records what it saw instead of asserting.
struct ContributionStream {
  int count = 0;
  int bad_at = 0;
  std::shared_ptr<std::atomic<bool>> views_right = std::make_shared<std::atomic<bool>>(true);
  int made = 0;

  poolbook::Result<bool> operator()(BooksView& books, Entry& entry) {
    if (made == count) return false;
    ++made;
    if (!books.account_open("pool/bcf/bank") || books.account_open("pool/bcf/scheme/S99")) *views_right = false;
    entry = contribution(2025_y / date::October / date::day(unsigned(made % 28 + 1)), 100 * made);
    entry.reference = "R-" + std::to_string(made);
    if (made == bad_at) entry.postings[0].account = "pool/bcf/scheme/S99";
    return true;
  }
};

void check_streamed_batches(Store& store) {
  // Far more entries than the hand-over between the reading and writing threads holds.
  ContributionStream failing{20'000, 19'999};
  auto failed = store.append_import_stream(failing, ImportRecord{}, {});
  REQUIRE_FALSE(failed);
  CHECK(failed.error().rule == "account.unknown");
  CHECK(*failing.views_right);
  CHECK(store.entries(std::nullopt, 10).empty());
  CHECK(store.balances(*Period::parse("2025/26 M07"), *Period::parse("2025/26 M07"), "").empty());
  auto posted = store.append_import_stream(ContributionStream{20'000, 0}, ImportRecord{}, {});
  REQUIRE(posted);
  CHECK(*posted == 20'000);
  CHECK(movement(store, "pool/bcf/bank", "2025/26 M07").pence() == 100LL * 20'000 * 20'001 / 2);
  const VerifyReport report = store.verify();
  CHECK(report.problem.empty());
  CHECK(report.entries_checked == 20'000);
}

}  // namespace

TEST_CASE("a streamed batch is written whole, or not at all when an entry fails late", "[store]") {
  SECTION("a store in a file: read on one thread, written on another") {
    ScratchStore scratch;
    check_streamed_batches(*scratch.store);
  }
  SECTION("a store in memory: one thread") {
    auto store = open_sqlite_store(":memory:");
    REQUIRE(store);
    for (const Account& account : {Account{"pool/bcf/bank", AccountType::asset, "Bank"},
                                   Account{"pool/bcf/contributions/icb", AccountType::income, "ICB contributions"}})
      REQUIRE((*store)->open_account(account));
    check_streamed_batches(**store);
  }
}

TEST_CASE("a reversal is not itself reversed: the original is posted again instead", "[store]") {
  ScratchStore scratch;
  REQUIRE(scratch.store->append({contribution(2025_y / date::October / 1, 30000)}));
  REQUIRE(scratch.store->reverse(1, 2025_y / date::October / 2, "keyed twice", "pool.manager"));
  auto again = scratch.store->reverse(2, 2025_y / date::October / 3, "undo", "pool.manager");
  REQUIRE_FALSE(again);
  CHECK(again.error().rule == "entry.reversal");
  CHECK(again.error().message ==
        "entry 2 is itself the reversal of entry 1; to restore that entry, post it again as a new entry");
}

TEST_CASE("a batch that would make a balance larger than pence can hold is refused whole, and the books verify",
          "[store]") {
  ScratchStore scratch;
  // No one posting may exceed £999,999,999,999.99 ...
  const Money largest = kLargestAmount;
  auto too_large = scratch.store->append({contribution(2025_y / date::October / 1, largest.pence() + 1)});
  REQUIRE_FALSE(too_large);
  CHECK(too_large.error().rule == "money.limit");
  // ... but 92,000 of them (entries of 500 postings each way) bring October's bank balance
  // to £91,999,999,999,999,999.08, near the most 64 bits of pence hold.
  const auto big_entry = [&](date::year_month_day day) {
    Entry entry = contribution(day, largest.pence());
    entry.postings.clear();
    for (int i = 0; i < 500; ++i) entry.postings.push_back({"pool/bcf/bank", largest});
    for (int i = 0; i < 500; ++i) entry.postings.push_back({"pool/bcf/contributions/icb", -largest});
    return entry;
  };
  std::vector<Entry> filling;
  for (int i = 0; i < 184; ++i) filling.push_back(big_entry(2025_y / date::October / 1));
  REQUIRE(scratch.store->append(std::move(filling)));
  // 500 more would overflow the maintained balance (SQLite would make it inexact).
  auto more = scratch.store->append({big_entry(2025_y / date::October / 2)});
  REQUIRE_FALSE(more);
  CHECK(more.error().rule == "money.overflow");
  const VerifyReport report = scratch.store->verify();
  CHECK(report.problem == "");
  CHECK(report.entries_checked == 184);
  // November's balance is another: a penny there is fine.
  CHECK(scratch.store->append({contribution(2025_y / date::November / 3, 1, "county")}));
}
