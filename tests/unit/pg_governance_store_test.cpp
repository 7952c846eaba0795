// The governance store on PostgreSQL, beyond what it shares with SQLite (governance_store_test.cpp
// runs there too): who records is the login role, whatever a record or an INSERT typed by
// hand says, while the authority log keeps its claimant; verify catches what only the tables'
// owner could change; a reader cannot record; each agreement keeps its own ids and numbers.
// Run by tests/postgres/with_cluster.sh (hidden otherwise).
#include <catch2/catch.hpp>

#include "governance_scratch.hpp"

using namespace poolbook::contracts;
using namespace poolbook::contracts::testing;
using namespace date::literals;
using poolbook::ledger::PgDatabase;
using poolbook::ledger::Ratio;

TEST_CASE("on PostgreSQL the login role is who records: another person's name is refused, the person stamped",
          "[.][postgres]") {
  ScratchBooks books("r.osei");
  books.open();
  const auto refused = books.governance->record_decision(winter_virement("n.ahmed"));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "authority.actor");
  CHECK(refused.error().kind == poolbook::ErrorKind::refused);
  CHECK(refused.error().message ==
        "the database role poolbook_test acts as r.osei, so it cannot record decision D-2025-014 in the name of "
        "n.ahmed");
  CHECK(books.governance->decisions().empty());
  REQUIRE(books.governance->record_decision(winter_virement("r.osei")));
  CHECK(books.governance->record_ratification("D-2025-014", "icb-board", 2025_y / date::October / 30, "n.ahmed")
            .error()
            .rule == "authority.actor");
  CHECK(books.governance->record_virement(winter_move(100, "n.ahmed")).error().rule == "authority.actor");
  CHECK(books.governance->record_dispute(dispute_opened("DR-2025-01", "n.ahmed")).error().rule == "authority.actor");
  REQUIRE(books.governance->record_dispute(dispute_opened("DR-2025-01", "r.osei")));
  CHECK(books.governance->append_dispute_event("DR-2025-01", escalation("s.wright")).error().rule == "authority.actor");
  CHECK(books.governance->record_contract_payment(brightcare_payment("2025/26 Q2", "n.ahmed")).error().rule ==
        "authority.actor");
  CHECK(books.governance
            ->record_kpi_results({{0, "brightcare", "K1", "2025/26 Q2", Ratio(1), "1", "", "k.csv", 2, "", "x", {}}})
            .error()
            .rule == "authority.actor");
  CHECK(books.governance->record_metric_import({}, {{0, "m.csv", 2, "metric.unknown", "", "", "", "x", {}}})
            .error()
            .rule == "authority.actor");
  CHECK(books.governance->virements().empty());
  CHECK(books.governance->dispute("DR-2025-01")->events.size() == 1);

  // The authority log's actor is whoever asked, kept as given; who logged it is stamped.
  REQUIRE(books.governance->log_authority(
      {"pool.manager as n.ahmed", "virement", Money::from_pence(100), "", false, "not n.ahmed", {}}));
  CHECK(books.governance->authority_log().at(0).actor == "pool.manager as n.ahmed");
  CHECK(postgres_admin("SELECT logged_by FROM poolbook.authority_log" + books.where()) == "r.osei");

  // Whatever an INSERT typed by hand says, the row is in the role's person's name.
  REQUIRE(postgres_as("poolbook_test",
                      "INSERT INTO decisions VALUES ('" + books.agreement() +
                          "', 'D-2025-099', 'njcb', '2025-10-16', 'x', 'virement', 100, 2025, '', '', '', '', "
                          "'carried', '', 'n.ahmed', '2025-10-16T10:00:00Z')"));
  CHECK(books.governance->decision("D-2025-099")->recorded_by == "r.osei");
  CHECK(books.journal->verify().problem == "");
}

TEST_CASE("on PostgreSQL verify catches a governance record the tables' owner changed", "[.][postgres]") {
  ScratchBooks books;
  books.open();
  REQUIRE(books.governance->record_decision(winter_virement(books.person)));
  REQUIRE(books.governance->record_virement(winter_move(8'000'000, books.person)));
  REQUIRE(books.governance->log_authority(
      {"mallory", "virement", Money::from_pence(100), "D-2025-014", false, "not a member", {}}));
  REQUIRE(books.governance->record_dispute(dispute_opened("DR-2025-01", books.person)));
  const auto checked = books.journal->verify();
  CHECK(checked.problem == "");
  CHECK(checked.records_checked == 5);  // a decision, a virement, a log line, a dispute and its opening
  const std::string where = books.where();

  SECTION("a decision's amount edited") {
    postgres_admin("UPDATE poolbook.decisions SET amount_pence = 99000000" + where);
    CHECK_THAT(books.journal->verify().problem,
               Catch::StartsWith("a row of decisions is not as its record in the chain says, so it was altered: "));
  }
  SECTION("a refusal removed from the authority log") {
    postgres_admin("DELETE FROM poolbook.authority_log" + where);
    CHECK(books.journal->verify().problem ==
          "authority_log holds 0 rows but the record chain recorded 1: rows were removed or added around poolbook");
  }
  SECTION("a dispute's deadline moved") {
    postgres_admin("UPDATE poolbook.dispute_events SET due_on = '2027-01-07'" + where);
    CHECK_THAT(books.journal->verify().problem, Catch::StartsWith("a row of dispute_events is not as its record"));
  }
}

TEST_CASE("on PostgreSQL a reader sees governance's records and cannot record one", "[.][postgres]") {
  ScratchBooks books;
  books.open();
  REQUIRE(books.governance->record_decision(winter_virement(books.person)));
  postgres_admin("INSERT INTO poolbook.people VALUES ('poolbook_viewer', '" + books.agreement() + "', 'board.viewer')");
  auto viewer = PgDatabase::open(postgres_test_url("poolbook_viewer", books.agreement()));
  REQUIRE(viewer);
  auto reader = std::move(open_pg_governance_store(*viewer)).value();
  CHECK(reader->decisions().size() == 1);
  DecisionRecord own = winter_virement("board.viewer");
  own.id = "D-2025-021";
  const auto recorded = reader->record_decision(own);
  REQUIRE_FALSE(recorded);
  CHECK(recorded.error().kind == poolbook::ErrorKind::refused);
  CHECK_THAT(recorded.error().message, Catch::Contains("permission denied"));
  CHECK(reader->log_authority({"board.viewer", "virement", {}, "", false, "x", {}}).error().kind ==
        poolbook::ErrorKind::refused);
  CHECK(books.governance->decisions().size() == 1);
  CHECK(books.governance->authority_log().empty());
}

TEST_CASE("on PostgreSQL each agreement keeps its own decisions, ids and numbering", "[.][postgres]") {
  ScratchBooks north;
  ScratchBooks south;
  north.open();
  south.open();
  REQUIRE(north.governance->record_decision(winter_virement(north.person)));
  REQUIRE(south.governance->record_decision(winter_virement(south.person)));  // the same id, another agreement
  CHECK(id_of(north.governance->record_virement(winter_move(100, north.person))) == 1);
  CHECK(id_of(north.governance->record_virement(winter_move(200, north.person))) == 2);
  CHECK(id_of(south.governance->record_virement(winter_move(300, south.person))) == 1);
  CHECK(north.governance->decision("D-2025-014")->used == Money::from_pence(300));
  CHECK(south.governance->decision("D-2025-014")->used == Money::from_pence(300));
  REQUIRE(north.governance->record_dispute(dispute_opened("DR-2025-01", north.person)));
  CHECK(south.governance->disputes().empty());
  CHECK(south.governance->append_dispute_event("DR-2025-01", escalation(south.person)).error().rule ==
        "dispute.unknown");
  CHECK(north.governance->virements().size() == 2);
  CHECK(south.governance->virements().size() == 1);
}
