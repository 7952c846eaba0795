// The journal's store on PostgreSQL, beyond what it shares with SQLite (journal_store_test.cpp
// runs there too): who acts is the login role, a reader cannot write, agreements do not see
// each other, two connections chain on from each other, and verify catches what only the
// owner of the tables could change. Run by tests/postgres/with_cluster.sh (hidden otherwise).
#include <catch2/catch.hpp>
#include <thread>

#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/store/pg_store.hpp"
#include "store_backend.hpp"

using namespace poolbook::ledger;
using namespace date::literals;

namespace {

struct PgBooks {
  std::string url;
  std::shared_ptr<PgDatabase> db;
  std::unique_ptr<Store> store;

  explicit PgBooks(const std::string& connection) : url(connection) {
    auto opened = PgDatabase::open(url);
    REQUIRE(opened);
    db = std::move(opened).value();
    store = std::move(open_pg_store(db)).value();
  }
};

void open_accounts(Store& store) {
  REQUIRE(store.open_accounts({Account{"pool/bcf/bank", AccountType::asset, "Bank"},
                               Account{"pool/bcf/contributions/icb", AccountType::income, "ICB contributions"}}));
}

Entry receipt(date::year_month_day day, std::int64_t pence, const std::string& actor = "pool.manager") {
  Entry entry;
  entry.date = day;
  entry.kind = EntryKind::contribution;
  entry.description = "ICB instalment";
  entry.reference = "R-" + to_iso(day);
  entry.postings = {{"pool/bcf/bank", Money::from_pence(pence)},
                    {"pool/bcf/contributions/icb", Money::from_pence(-pence)}};
  entry.provenance.actor = actor;
  return entry;
}

std::string agreement_of(const std::string& url) { return url.substr(url.rfind('=') + 1); }

}  // namespace

TEST_CASE("on PostgreSQL the login role is who acts: another person's name is refused", "[.][postgres]") {
  PgBooks books(scratch_postgres_url("r.osei"));
  CHECK(books.db->person() == "r.osei");
  CHECK(books.db->role() == "poolbook_test");
  open_accounts(*books.store);
  auto posted = books.store->append({receipt(2025_y / date::October / 1, 1000, "n.ahmed")});
  REQUIRE_FALSE(posted);
  CHECK(posted.error().rule == "authority.actor");
  CHECK(posted.error().message ==
        "the database role poolbook_test acts as r.osei, so it cannot post an entry in the name of n.ahmed");
  CHECK(books.store->close_period(*Period::parse("2025/26 M06"), "n.ahmed").error().rule == "authority.actor");
  REQUIRE(books.store->append({receipt(2025_y / date::October / 1, 1000, "r.osei")}));
  REQUIRE(books.store->close_period(*Period::parse("2025/26 M06"), "r.osei"));
  CHECK(books.store->verify().problem == "");
}

TEST_CASE("on PostgreSQL a role mapped to no person of the agreement cannot open its books", "[.][postgres]") {
  auto opened = PgDatabase::open(postgres_test_url("poolbook_test", "nobody_maps_this"));
  REQUIRE_FALSE(opened);
  CHECK(opened.error().rule == "authority.actor");
  CHECK(opened.error().message ==
        "the database role poolbook_test is not mapped to a person of agreement nobody_maps_this: an administrator "
        "maps it in poolbook.people");
}

TEST_CASE("on PostgreSQL a reader sees the books and cannot change them", "[.][postgres]") {
  const std::string url = scratch_postgres_url();
  PgBooks writer(url);
  open_accounts(*writer.store);
  REQUIRE(writer.store->append({receipt(2025_y / date::October / 1, 2500)}));
  const std::string agreement = agreement_of(url);
  postgres_admin("INSERT INTO poolbook.people VALUES ('poolbook_viewer', '" + agreement + "', 'board.viewer')");
  PgBooks reader(postgres_test_url("poolbook_viewer", agreement));
  CHECK(reader.store->entries(std::nullopt, 10).size() == 1);
  CHECK(reader.store->verify().problem == "");
  auto posted = reader.store->append({receipt(2025_y / date::October / 2, 100, "board.viewer")});
  REQUIRE_FALSE(posted);
  CHECK(posted.error().kind == poolbook::ErrorKind::refused);
  CHECK_THAT(posted.error().message, Catch::Contains("permission denied"));
  CHECK(writer.store->entries(std::nullopt, 10).size() == 1);
}

TEST_CASE("on PostgreSQL each agreement sees only its own books", "[.][postgres]") {
  PgBooks north(scratch_postgres_url());
  PgBooks south(scratch_postgres_url());
  open_accounts(*north.store);
  open_accounts(*south.store);
  REQUIRE(north.store->append({receipt(2025_y / date::October / 1, 1000), receipt(2025_y / date::October / 2, 2000)}));
  REQUIRE(south.store->append({receipt(2025_y / date::October / 3, 3000)}));
  CHECK(north.store->entries(std::nullopt, 10).size() == 2);
  REQUIRE(south.store->entries(std::nullopt, 10).size() == 1);
  CHECK(south.store->entry(1)->previous_hash == kGenesisHash);  // each agreement its own chain
  CHECK(south.store->balances(*Period::parse("2025/26 M07"), *Period::parse("2025/26 M07"), "pool/bcf/bank")
            .front()
            .movement.pence() == 3000);
}

TEST_CASE("on PostgreSQL two connections to the books chain on from each other, even writing at once",
          "[.][postgres]") {
  const std::string url = scratch_postgres_url();
  PgBooks first(url);
  PgBooks second(url);
  open_accounts(*first.store);
  std::vector<std::thread> writers;
  for (PgBooks* books : {&first, &second})
    writers.emplace_back([books] {
      for (int day = 1; day <= 20; ++day)
        (void)books->store->append({receipt(2025_y / date::October / date::day(unsigned(day)), day)});
    });
  for (std::thread& writer : writers) writer.join();
  CHECK(first.store->entries(std::nullopt, 100).size() == 40);
  const VerifyReport report = second.store->verify();
  CHECK(report.problem == "");
  CHECK(report.entries_checked == 40);
  CHECK(first.store->balances(*Period::parse("2025/26 M07"), *Period::parse("2025/26 M07"), "pool/bcf/bank")
            .front()
            .movement.pence() == 2 * 210);
}

TEST_CASE("on PostgreSQL verify catches what only the tables' owner could change", "[.][postgres]") {
  const std::string url = scratch_postgres_url();
  const std::string agreement = agreement_of(url);
  PgBooks books(url);
  open_accounts(*books.store);
  REQUIRE(books.store->append({receipt(2025_y / date::October / 1, 1000), receipt(2025_y / date::October / 2, 2000)}));
  REQUIRE(books.store->close_period(*Period::parse("2025/26 M07"), "pool.manager"));
  REQUIRE(books.store->set_setting("agreement", "northshire.toml"));
  const auto closed = books.store->close_record(*Period::parse("2025/26 M07"));
  REQUIRE(closed);
  REQUIRE(closed->has_value());
  const ChainHead head = *books.store->record_head();
  CHECK(books.store->verify({}, head).problem == "");
  const std::string where = " WHERE agreement = '" + agreement + "'";

  SECTION("an amount edited") {
    postgres_admin("UPDATE poolbook.entries SET amounts = '{1001,-1001}'" + where + " AND id = 1");
    const VerifyReport report = books.store->verify();
    CHECK(report.first_bad_entry == 1);
    CHECK_THAT(report.problem, Catch::StartsWith("entry 1 (2025-10-01 'ICB instalment') does not match its hash"));
  }
  SECTION("a maintained balance changed") {
    postgres_admin("UPDATE poolbook.balances SET movement_pence = 0" + where + " AND account = 1");
    CHECK(books.store->verify().problem ==
          "the balance of pool/bcf/bank for 2025/26 M07 reads £0.00 but its postings sum to £30.00");
  }
  SECTION("a close removed, with its month's state") {
    postgres_admin("DELETE FROM poolbook.periods" + where + "; DELETE FROM poolbook.period_log" + where);
    CHECK(books.store->verify().problem ==
          "period_log holds 0 rows but the record chain recorded 1: rows were removed or added around poolbook");
  }
  SECTION("a setting rewritten") {
    postgres_admin("UPDATE poolbook.settings SET value = 'other.toml'" + where);
    CHECK_THAT(books.store->verify().problem,
               Catch::StartsWith("a row of settings is not as its record in the chain says, so it was altered: "));
  }
  SECTION("the chain's last record cut, which only a kept head reveals") {
    postgres_admin("DELETE FROM poolbook.record_chain" + where + " AND seq = " + std::to_string(head.record) +
                   "; DELETE FROM poolbook.settings" + where);
    CHECK(books.store->verify().problem == "");
    CHECK_THAT(books.store->verify({}, head).problem, Catch::Contains("records were removed from its end"));
  }
  SECTION("an entry after the close removed and the journal rewound") {
    postgres_admin("DELETE FROM poolbook.entries" + where + " AND id = 2; UPDATE poolbook.balances SET " +
                   "movement_pence = CASE account WHEN 1 THEN 1000 ELSE -1000 END" + where);
    CHECK_THAT(books.store->verify().problem,
               Catch::EndsWith("recorded entry 2 as the journal's head, and the journal no longer holds it as it was"));
  }
}
