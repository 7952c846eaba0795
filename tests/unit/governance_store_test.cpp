// The governance store: decisions, ratifications, virements, the authority log, disputes,
// KPI results, metric figures and contract payments, kept append-only beside the journal in
// the same database, and written in the same transactions as the journal when an action
// touches both. Written once and run against both backends ([governance]): SQLite files, and
// PostgreSQL when tests/postgres/with_cluster.sh names a test cluster (governance_scratch.hpp).
// Records written by older poolbooks in one schema sequence still read ([governance][sqlite]).
// What only PostgreSQL has is tested in pg_governance_store_test.cpp.
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "governance_scratch.hpp"

using namespace poolbook::contracts;
using namespace poolbook::contracts::testing;
using namespace date::literals;
using poolbook::Result;
using poolbook::Status;
using poolbook::ledger::Database;
using poolbook::ledger::Ratio;

namespace {

// A virement as a caller composes it: the decision read, checked (here only against what is
// left of its amount), the virement and its log line written, in one transaction; a refusal
// logged after.
Result<std::int64_t> virement_within_amount(Database& db, GovernanceStore& governance, const VirementRecord& wanted) {
  auto recorded = db.write_value([&]() -> Result<std::int64_t> {
    auto cited = governance.decision(wanted.decision);
    if (!cited) return cited.error();
    if (cited->used + wanted.amount > cited->amount) return poolbook::refusal("authority.used", "beyond its amount");
    auto id = governance.record_virement(wanted);
    if (!id) return id;
    if (auto logged = governance.log_authority(
            {wanted.actor, "virement", wanted.amount, wanted.decision, true, "virement " + std::to_string(*id), {}});
        !logged)
      return logged.error();
    return id;
  });
  if (!recorded && recorded.error().kind == poolbook::ErrorKind::refused)
    (void)governance.log_authority(
        {wanted.actor, "virement", wanted.amount, wanted.decision, false, recorded.error().message, {}});
  return recorded;
}

}  // namespace

TEST_CASE("decisions, ratifications and virements are kept, and a virement is checked in its transaction",
          "[governance]") {
  ScratchBooks books("n.ahmed");  // the governance officer records; the pool manager moves money
  books.open();
  REQUIRE(books.governance->record_decision(winter_virement("n.ahmed")));
  const auto duplicate = books.governance->record_decision(winter_virement("n.ahmed"));
  CHECK(duplicate.error().rule == "decision.duplicate");
  CHECK(duplicate.error().kind == poolbook::ErrorKind::conflict);
  REQUIRE(
      books.governance->record_ratification("D-2025-014", "county-cabinet", 2025_y / date::October / 30, "n.ahmed"));
  const auto again =
      books.governance->record_ratification("D-2025-014", "county-cabinet", 2025_y / date::October / 31, "n.ahmed");
  CHECK(again.error().rule == "decision.ratified");
  CHECK(again.error().kind == poolbook::ErrorKind::conflict);
  const auto unknown =
      books.governance->record_ratification("D-2099-001", "county-cabinet", 2025_y / date::October / 30, "n.ahmed");
  CHECK(unknown.error().rule == "decision.unknown");
  CHECK(unknown.error().kind == poolbook::ErrorKind::not_found);
  CHECK(books.governance->decision("D-2099-001").error().rule == "decision.unknown");
  Session manager = books.session("r.osei");
  // Numbered from 1 in these books.
  CHECK(id_of(virement_within_amount(*manager.db, *manager.governance, winter_move(8'000'000, "r.osei"))) == 1);
  // £120,000.00 - £80,000.00 leaves £40,000.00: a penny more is refused, exactly that is not.
  auto refused = virement_within_amount(*manager.db, *manager.governance, winter_move(4'000'001, "r.osei"));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "authority.used");
  CHECK(id_of(virement_within_amount(*manager.db, *manager.governance, winter_move(4'000'000, "r.osei"))) == 2);
  const auto kept = books.governance->decisions();
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].used == Money::from_pence(12'000'000));
  CHECK(kept[0].ratifications == std::vector<Ratification>{{"county-cabinet", 2025_y / date::October / 30}});
  CHECK(kept[0].votes == winter_virement("n.ahmed").votes);
  CHECK(kept[0].present == winter_virement("n.ahmed").present);
  CHECK(kept[0].year == FinancialYear(2025));
  CHECK(kept[0].decided_on == 2025_y / date::October / 16);
  CHECK(kept[0].recorded_by == "n.ahmed");
  CHECK(kept[0].recorded_at > Timestamp{});
  const auto moves = books.governance->virements();
  REQUIRE(moves.size() == 2);
  CHECK(moves[1].amount == Money::from_pence(4'000'000));
  CHECK(moves[1].actor == "r.osei");
  const auto log = books.governance->authority_log();
  REQUIRE(log.size() == 3);  // allowed, refused (logged all the same), allowed
  CHECK(log[0].reason == "virement 1");
  CHECK_FALSE(log[1].allowed);
  CHECK(log[1].reason == "beyond its amount");
  CHECK(log[1].amount == Money::from_pence(4'000'001));
  CHECK(log[1].at > Timestamp{});
  CHECK_FALSE(books.tamper("UPDATE decisions SET outcome = 'carried'"));
  CHECK_FALSE(books.tamper("DELETE FROM authority_log"));
  CHECK_FALSE(books.tamper("DELETE FROM ratifications"));
}

TEST_CASE("decisions are listed by date then id, each with its own ratifications", "[governance]") {
  ScratchBooks books;
  books.open();
  DecisionRecord later = winter_virement(books.person);
  later.id = "D-2025-020";
  later.decided_on = 2025_y / date::November / 20;
  DecisionRecord same_day = winter_virement(books.person);
  same_day.id = "D-2025-003";
  same_day.outcome = Outcome::not_quorate;
  REQUIRE(books.governance->record_decision(later));
  REQUIRE(books.governance->record_decision(winter_virement(books.person)));
  REQUIRE(books.governance->record_decision(same_day));
  REQUIRE(books.governance->record_ratification("D-2025-020", "icb-board", 2025_y / date::December / 2, books.person));
  REQUIRE(
      books.governance->record_ratification("D-2025-020", "county-cabinet", 2025_y / date::December / 2, books.person));
  const auto kept = books.governance->decisions();
  REQUIRE(kept.size() == 3);
  CHECK(kept[0].id == "D-2025-003");
  CHECK(kept[0].outcome == Outcome::not_quorate);
  CHECK(kept[1].id == "D-2025-014");
  CHECK(kept[1].ratifications.empty());
  CHECK(kept[2].id == "D-2025-020");
  CHECK(kept[2].ratifications == std::vector<Ratification>{{"county-cabinet", 2025_y / date::December / 2},
                                                           {"icb-board", 2025_y / date::December / 2}});
  CHECK(books.governance->decision("D-2025-020")->ratifications.size() == 2);
}

TEST_CASE("two sessions cannot both spend the last of a decision's amount", "[governance]") {
  ScratchBooks books;
  books.open();
  REQUIRE(books.governance->record_decision(winter_virement(books.person)));  // £120,000.00
  Session first = books.session(books.person);
  Session second = books.session(books.person);
  const VirementRecord wanted = winter_move(8'000'000, books.person);
  std::atomic<bool> first_has_read = false;
  Result<std::int64_t> first_done = poolbook::make_error("test.unrun", "");
  Result<std::int64_t> second_done = poolbook::make_error("test.unrun", "");
  // The first session reads the decision (nothing used) and holds its transaction open a
  // while; the second, starting meanwhile, waits for it and then reads £80,000.00 used.
  std::thread one([&] {
    first_done = first.db->write_value([&]() -> Result<std::int64_t> {
      auto cited = first.governance->decision("D-2025-014");
      first_has_read = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      if (!cited || cited->used + wanted.amount > cited->amount) return poolbook::refusal("authority.used", "no");
      return first.governance->record_virement(wanted);
    });
  });
  while (!first_has_read) std::this_thread::yield();
  second_done = second.db->write_value([&]() -> Result<std::int64_t> {
    auto cited = second.governance->decision("D-2025-014");
    if (!cited || cited->used + wanted.amount > cited->amount) return poolbook::refusal("authority.used", "no");
    return second.governance->record_virement(wanted);
  });
  one.join();
  CHECK(first_done.ok());
  REQUIRE_FALSE(second_done);
  CHECK(second_done.error().rule == "authority.used");
  CHECK(books.governance->decision("D-2025-014")->used == Money::from_pence(8'000'000));
}

TEST_CASE("disputes are kept with their events, appended in order", "[governance]") {
  ScratchBooks books("r.osei");
  books.open();
  REQUIRE(books.governance->record_dispute(dispute_opened("DR-2025-01", "r.osei")));
  CHECK(books.governance->record_dispute(dispute_opened("DR-2025-01", "r.osei")).error().rule == "dispute.duplicate");
  DisputeRecord no_amount = dispute_opened("DR-2025-02", "r.osei");
  no_amount.amount.reset();
  no_amount.opened_on = 2025_y / date::December / 1;  // opened earlier, recorded later
  REQUIRE(books.governance->record_dispute(no_amount));
  Session director = books.session("s.wright");  // the County's director escalates
  auto escalated = director.governance->append_dispute_event("DR-2025-01", escalation("s.wright"));
  REQUIRE(escalated);
  CHECK(escalated->seq == 2);
  CHECK(director.governance->append_dispute_event("DR-2099-01", escalation("s.wright")).error().rule ==
        "dispute.unknown");
  CHECK(books.governance->dispute("DR-2099-01").error().kind == poolbook::ErrorKind::not_found);
  const auto kept = books.governance->disputes();
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].id == "DR-2025-02");  // in the order opened
  CHECK_FALSE(kept[0].amount.has_value());
  CHECK(kept[1].id == "DR-2025-01");
  CHECK(kept[1].parties == std::vector<std::string>{"county", "icb"});
  CHECK(kept[1].amount == std::optional<Money>(Money::from_pence(12'000'000)));
  CHECK(kept[1].opened_by == "r.osei");
  REQUIRE(kept[1].events.size() == 2);
  CHECK(kept[1].events[0].due_on == 2026_y / date::January / 7);
  CHECK(kept[1].events[0].step == 1);
  CHECK(kept[1].events[1].seq == 2);
  CHECK(kept[1].events[1].kind == DisputeEventKind::escalated);
  CHECK(kept[1].events[1].level == DisputeLevel::directors);
  CHECK(kept[1].events[1].actor == "s.wright");
  CHECK(kept[1].events[1].recorded_at > Timestamp{});
  CHECK(kept[0].events.size() == 1);
  CHECK(books.governance->dispute("DR-2025-01")->events.size() == 2);
  CHECK_FALSE(books.tamper("UPDATE disputes SET matter = 'x'"));
  CHECK_FALSE(books.tamper("DELETE FROM disputes"));
  CHECK_FALSE(books.tamper("UPDATE dispute_events SET due_on = '2027-01-01'"));
  CHECK_FALSE(books.tamper("DELETE FROM dispute_events"));
  CHECK(books.governance->disputes()[1].events.size() == 2);
}

TEST_CASE("KPI results, metric figures and refused rows are kept in order, and a period's payment is approved once",
          "[governance]") {
  ScratchBooks books;
  books.open();
  const std::string& who = books.person;
  const KpiResultRecord k1{
      0,     "brightcare", "K1", "2025/26 Q2", Ratio(83, 100), "83%", "Brightcare quarterly return", "kpi.csv", 2,
      "abc", who,          {}};
  KpiResultRecord k2 = k1;
  k2.kpi = "K2";
  k2.value = Ratio(91, 100);
  k2.written = "0.91";
  k2.line = 3;
  const auto ids = books.governance->record_kpi_results({k1, k2});
  REQUIRE(ids);
  CHECK(*ids == std::vector<std::int64_t>{1, 2});
  const auto results = books.governance->kpi_results();
  REQUIRE(results.size() == 2);
  CHECK(results[0].value == Ratio(83, 100));
  CHECK(results[0].written == "83%");
  CHECK(results[1].kpi == "K2");
  CHECK(results[1].line == 3);
  CHECK(results[1].recorded_by == who);
  CHECK(results[1].recorded_at > Timestamp{});

  // 412 emergency admissions per 100,000 people aged 65 and over; a figure given as a plain value.
  const MetricResultRecord rate{0, "nea-65", "2025/26 Q1", 412, 100'000, Ratio(412, 1), "SUS extract", "metrics.csv",
                                2, "def",    who,          {}};
  const MetricResultRecord plain{0,
                                 "reablement",
                                 "2025/26 Q1",
                                 std::nullopt,
                                 std::nullopt,
                                 Ratio(823, 1000),
                                 "ASCOF 2B",
                                 "metrics.csv",
                                 3,
                                 "def",
                                 who,
                                 {}};
  const MetricRefusalRecord refused{
      0, "metrics.csv", 4, "metric.unknown", "there is no metric dtoc", "dtoc,2025/26 Q1,17", "def", who, {}};
  REQUIRE(books.governance->record_metric_import({rate, plain}, {refused}));
  const auto figures = books.governance->metric_results();
  REQUIRE(figures.size() == 2);
  CHECK(figures[0].id == 1);
  CHECK(figures[0].numerator == std::optional<std::int64_t>(412));
  CHECK(figures[0].denominator == std::optional<std::int64_t>(100'000));
  CHECK_FALSE(figures[1].numerator.has_value());
  CHECK(figures[1].value == Ratio(823, 1000));
  const auto refusals = books.governance->metric_refusals();
  REQUIRE(refusals.size() == 1);
  CHECK(refusals[0].line == 4);
  CHECK(refusals[0].rule == "metric.unknown");
  CHECK(refusals[0].raw == "dtoc,2025/26 Q1,17");

  CHECK(id_of(books.governance->record_contract_payment(brightcare_payment("2025/26 Q2", who))) == 1);
  const auto twice = books.governance->record_contract_payment(brightcare_payment("2025/26 Q2", who));
  CHECK(twice.error().rule == "contract.approved");
  CHECK(twice.error().kind == poolbook::ErrorKind::conflict);
  CHECK(id_of(books.governance->record_contract_payment(brightcare_payment("2025/26 Q3", who))) == 2);
  const auto payments = books.governance->contract_payments();
  REQUIRE(payments.size() == 2);
  CHECK(payments[0].earned + payments[0].withheld == payments[0].at_risk);  // £41,500.00 + £8,500.00
  CHECK(payments[0].results == "K1=83/100");
  CHECK(payments[1].period == "2025/26 Q3");
  CHECK(payments[1].approved_by == who);
  CHECK_FALSE(books.tamper("UPDATE contract_payments SET earned_pence = 5000000"));
  CHECK_FALSE(books.tamper("DELETE FROM kpi_results"));
}

TEST_CASE("reopening a month writes the journal and the authority log in one transaction", "[governance]") {
  ScratchBooks books;
  books.open();
  const auto march = *poolbook::ledger::Period::parse("2025/26 M12");
  REQUIRE(books.journal->close_period(march, books.person));
  // A failure after both writes leaves neither: the month stays closed and nothing is logged.
  const Status undone = books.db->write([&]() -> Status {
    REQUIRE(books.journal->reopen_period(march, books.person, "late invoice", "D-2026-004"));
    REQUIRE(
        books.governance->log_authority({books.person, "period-reopening", {}, "D-2026-004", true, "reopened", {}}));
    return poolbook::refusal("authority.used", "refused after all");
  });
  CHECK(undone.error().rule == "authority.used");
  CHECK(books.journal->is_closed(march));
  CHECK(books.journal->reopenings_under(march, "D-2026-004").value() == 0);
  CHECK(books.governance->authority_log().empty());
}

TEST_CASE("a books file written at schema version 4 keeps its decisions and virements", "[governance][sqlite]") {
  ScratchBooks books(4);
  REQUIRE(books.tamper(
      "INSERT INTO decisions VALUES ('D-2025-015', 'njcb', '2025-10-16', 'Winter discharge capacity', 'virement', "
      "12000000, 2025, 'S07', 'd.hughes,m.clarke,s.wright,k.mensah', 'd.hughes=for', '', 'carried', '', "
      "'n.ahmed', '2025-10-16T10:00:00Z');"
      "INSERT INTO virements(year, from_scheme, to_scheme, amount_pence, decision, actor, at) VALUES (2025, 'S08', "
      "'S07', 12000000, 'D-2025-015', 'r.osei', '2025-10-17T09:00:00Z');"));
  books.open();
  const auto decisions = books.governance->decisions();
  REQUIRE(decisions.size() == 1);
  CHECK(decisions[0].used == Money::from_pence(12'000'000));
  CHECK(decisions[0].votes == std::vector<Vote>{{"d.hughes", VoteCast::in_favour}});
  CHECK(books.governance->virements().size() == 1);
  CHECK(books.governance->disputes().empty());
  REQUIRE(books.governance->record_dispute(dispute_opened("DR-2025-01", "r.osei")));
  books.open();  // again, as the next program would
  CHECK(books.governance->disputes().size() == 1);
  CHECK(books.governance->decisions().size() == 1);
}

TEST_CASE("a dispute written at schema version 5 reads with its steps counted from 1", "[governance][sqlite]") {
  ScratchBooks books(5);
  REQUIRE(books.tamper(
      "INSERT INTO disputes VALUES ('DR-2025-01', '2025-12-19', 'county,icb', 'S07 overspend', NULL, '', 'r.osei', "
      "'2025-12-19T10:00:00Z');"
      "INSERT INTO dispute_events VALUES ('DR-2025-01', 1, 'opened', '2025-12-19', 0, 'officers', '2026-01-07', "
      "'S07 overspend', 'r.osei', '2025-12-19T10:00:00Z'),"
      "('DR-2025-01', 2, 'escalated', '2026-01-08', 1, 'directors', '2026-01-29', 'not agreed', 's.wright', "
      "'2026-01-08T10:00:00Z');"));
  books.open();
  const auto kept = books.governance->dispute("DR-2025-01");
  REQUIRE(kept);
  REQUIRE(kept->events.size() == 2);
  CHECK(kept->events[0].step == 1);
  CHECK(kept->events[1].step == 2);
  CHECK(kept->events[1].level == DisputeLevel::directors);
}
