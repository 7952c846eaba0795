// The governance store: decisions, ratifications, virements, the authority log and disputes,
// kept append-only beside the journal in the same SQLite file, and written in the same
// transactions as the journal when an action touches both. Records written by older
// poolbooks (one schema sequence for every table) still read.
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>

#include "poolbook/contracts/governance/sqlite_governance_store.hpp"
#include "poolbook/ledger/store/sqlite_store.hpp"

using namespace poolbook::contracts;
using namespace date::literals;
using poolbook::Result;
using poolbook::Status;
using poolbook::ledger::SqliteDatabase;

namespace {

// A scratch books file with both stores over one database, removed at the end of the test.
struct ScratchBooks {
  std::filesystem::path path;
  std::shared_ptr<SqliteDatabase> db;
  std::unique_ptr<poolbook::ledger::Store> journal;
  std::unique_ptr<GovernanceStore> governance;

  explicit ScratchBooks(int schema_version = -1) {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("poolbook-governance-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".db");
    if (schema_version >= 0) REQUIRE(create_sqlite_books_version(path, schema_version));
  }
  // Another program's connection to the same file, with its own governance store.
  struct Session {
    std::shared_ptr<SqliteDatabase> db;
    std::unique_ptr<GovernanceStore> governance;
    explicit Session(const std::filesystem::path& file) {
      db = std::move(SqliteDatabase::open(file)).value();
      governance = std::move(open_sqlite_governance_store(db)).value();
    }
  };

  void open() {
    db = std::move(SqliteDatabase::open(path)).value();
    journal = std::move(poolbook::ledger::open_sqlite_store(db)).value();
    governance = std::move(open_sqlite_governance_store(db)).value();
  }
  // SQL run on a connection of its own, as a person with sqlite3 would.
  Status tamper(const char* sql) const {
    auto other = SqliteDatabase::open(path);
    REQUIRE(other);
    return (*other)->exec(sql, "tampering");
  }
  ~ScratchBooks() {
    governance.reset();
    journal.reset();
    db.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  }
};

DecisionRecord winter_virement() {
  DecisionRecord decision;
  decision.id = "D-2025-014";
  decision.body = "njcb";
  decision.decided_on = 2025_y / date::October / 16;
  decision.matter = "Virement from S08 to S07 for winter discharge capacity";
  decision.action = "virement";
  decision.amount = Money::from_pence(12'000'000);
  decision.year = FinancialYear(2025);
  decision.present = {"d.hughes", "m.clarke", "s.wright", "k.mensah"};
  decision.votes = {{"d.hughes", VoteCast::in_favour},
                    {"m.clarke", VoteCast::in_favour},
                    {"s.wright", VoteCast::in_favour},
                    {"k.mensah", VoteCast::against}};
  decision.outcome = Outcome::carried;
  decision.recorded_by = "n.ahmed";
  return decision;
}

// A virement as a caller composes it: the decision read, checked (here only against what is
// left of its amount), the virement and its log line written, in one transaction; a refusal
// logged after.
Result<std::int64_t> virement_within_amount(ScratchBooks& books, const VirementRecord& wanted) {
  auto recorded = books.db->write_value([&]() -> Result<std::int64_t> {
    auto cited = books.governance->decision(wanted.decision);
    if (!cited) return cited.error();
    if (cited->used + wanted.amount > cited->amount) return poolbook::refusal("authority.used", "beyond its amount");
    auto id = books.governance->record_virement(wanted);
    if (!id) return id;
    if (auto logged = books.governance->log_authority(
            {wanted.actor, "virement", wanted.amount, wanted.decision, true, "virement " + std::to_string(*id), {}});
        !logged)
      return logged.error();
    return id;
  });
  if (!recorded && recorded.error().kind == poolbook::ErrorKind::refused)
    (void)books.governance->log_authority(
        {wanted.actor, "virement", wanted.amount, wanted.decision, false, recorded.error().message, {}});
  return recorded;
}

DisputeRecord dispute_opened(const std::string& id) {
  DisputeRecord dispute;
  dispute.id = id;
  dispute.opened_on = 2025_y / date::December / 19;
  dispute.parties = {"county", "icb"};
  dispute.matter = "Who bears the S07 winter overspend";
  dispute.amount = Money::from_pence(12'000'000);
  dispute.refs = "S07";
  dispute.opened_by = "r.osei";
  dispute.events.push_back(DisputeEventRecord{1,
                                              DisputeEventKind::opened,
                                              2025_y / date::December / 19,
                                              1,
                                              DisputeLevel::officers,
                                              2026_y / date::January / 7,
                                              dispute.matter,
                                              "r.osei",
                                              {}});
  return dispute;
}

DisputeEventRecord escalation() {
  return DisputeEventRecord{0,
                            DisputeEventKind::escalated,
                            2026_y / date::January / 8,
                            2,
                            DisputeLevel::directors,
                            2026_y / date::January / 29,
                            "not agreed",
                            "s.wright",
                            {}};
}

}  // namespace

TEST_CASE("decisions, ratifications and virements are kept, and a virement is checked in its transaction") {
  ScratchBooks books;
  books.open();
  REQUIRE(books.governance->record_decision(winter_virement()));
  const auto duplicate = books.governance->record_decision(winter_virement());
  CHECK(duplicate.error().rule == "decision.duplicate");
  CHECK(duplicate.error().kind == poolbook::ErrorKind::conflict);
  REQUIRE(
      books.governance->record_ratification("D-2025-014", "county-cabinet", 2025_y / date::October / 30, "n.ahmed"));
  const auto unknown =
      books.governance->record_ratification("D-2099-001", "county-cabinet", 2025_y / date::October / 30, "n.ahmed");
  CHECK(unknown.error().rule == "decision.unknown");
  CHECK(unknown.error().kind == poolbook::ErrorKind::not_found);
  CHECK(books.governance->decision("D-2099-001").error().rule == "decision.unknown");
  VirementRecord first{0, FinancialYear(2025), "S08", "S07", Money::from_pence(8'000'000), "D-2025-014", "r.osei", {}};
  REQUIRE(virement_within_amount(books, first));
  VirementRecord second = first;
  second.amount = Money::from_pence(4'000'001);  // a penny more than is left
  auto refused = virement_within_amount(books, second);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "authority.used");
  second.amount = Money::from_pence(4'000'000);
  REQUIRE(virement_within_amount(books, second));
  const auto kept = books.governance->decisions();
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].used == Money::from_pence(12'000'000));
  CHECK(kept[0].ratifications == std::vector<Ratification>{{"county-cabinet", 2025_y / date::October / 30}});
  CHECK(kept[0].votes == winter_virement().votes);
  CHECK(kept[0].present == winter_virement().present);
  CHECK(kept[0].year == FinancialYear(2025));
  CHECK(books.governance->virements().size() == 2);
  const auto log = books.governance->authority_log();
  REQUIRE(log.size() == 3);  // allowed, refused (logged all the same), allowed
  CHECK_FALSE(log[1].allowed);
  CHECK(log[1].reason == "beyond its amount");
  CHECK(log[1].at > Timestamp{});
  CHECK_FALSE(books.tamper("UPDATE decisions SET outcome = 'carried'"));
  CHECK_FALSE(books.tamper("DELETE FROM authority_log"));
}

TEST_CASE("two sessions cannot both spend the last of a decision's amount") {
  ScratchBooks books;
  books.open();
  REQUIRE(books.governance->record_decision(winter_virement()));  // £120,000.00
  ScratchBooks::Session first(books.path);
  ScratchBooks::Session second(books.path);
  const VirementRecord wanted{
      0, FinancialYear(2025), "S08", "S07", Money::from_pence(8'000'000), "D-2025-014", "r.osei", {}};
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

TEST_CASE("disputes are kept with their events, appended in order") {
  ScratchBooks books;
  books.open();
  REQUIRE(books.governance->record_dispute(dispute_opened("DR-2025-01")));
  CHECK(books.governance->record_dispute(dispute_opened("DR-2025-01")).error().rule == "dispute.duplicate");
  DisputeRecord no_amount = dispute_opened("DR-2025-02");
  no_amount.amount.reset();
  REQUIRE(books.governance->record_dispute(no_amount));
  auto escalated = books.governance->append_dispute_event("DR-2025-01", escalation());
  REQUIRE(escalated);
  CHECK(escalated->seq == 2);
  CHECK(books.governance->append_dispute_event("DR-2099-01", escalation()).error().rule == "dispute.unknown");
  CHECK(books.governance->dispute("DR-2099-01").error().kind == poolbook::ErrorKind::not_found);
  const auto kept = books.governance->disputes();
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].id == "DR-2025-01");
  CHECK(kept[0].parties == std::vector<std::string>{"county", "icb"});
  CHECK(kept[0].amount == std::optional<Money>(Money::from_pence(12'000'000)));
  CHECK_FALSE(kept[1].amount.has_value());
  REQUIRE(kept[0].events.size() == 2);
  CHECK(kept[0].events[0].due_on == 2026_y / date::January / 7);
  CHECK(kept[0].events[0].step == 1);
  CHECK(kept[0].events[1].seq == 2);
  CHECK(kept[0].events[1].kind == DisputeEventKind::escalated);
  CHECK(kept[0].events[1].level == DisputeLevel::directors);
  CHECK(kept[0].events[1].actor == "s.wright");
  CHECK(kept[0].events[1].recorded_at > Timestamp{});
  CHECK(kept[1].events.size() == 1);
  CHECK_FALSE(books.tamper("UPDATE disputes SET matter = 'x'"));
  CHECK_FALSE(books.tamper("DELETE FROM disputes"));
  CHECK_FALSE(books.tamper("UPDATE dispute_events SET due_on = '2027-01-01'"));
  CHECK_FALSE(books.tamper("DELETE FROM dispute_events"));
  CHECK(books.governance->disputes()[0].events.size() == 2);
}

TEST_CASE("reopening a month writes the journal and the authority log in one transaction") {
  ScratchBooks books;
  books.open();
  const auto march = *poolbook::ledger::Period::parse("2025/26 M12");
  REQUIRE(books.journal->close_period(march, "r.osei"));
  // A failure after both writes leaves neither: the month stays closed and nothing is logged.
  const Status undone = books.db->write([&]() -> Status {
    REQUIRE(books.journal->reopen_period(march, "r.osei", "late invoice", "D-2026-004"));
    REQUIRE(books.governance->log_authority({"r.osei", "period-reopening", {}, "D-2026-004", true, "reopened", {}}));
    return poolbook::refusal("authority.used", "refused after all");
  });
  CHECK(undone.error().rule == "authority.used");
  CHECK(books.journal->is_closed(march));
  CHECK(books.journal->reopenings_under(march, "D-2026-004").value() == 0);
  CHECK(books.governance->authority_log().empty());
}

TEST_CASE("a books file written at schema version 4 keeps its decisions and virements") {
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
  REQUIRE(books.governance->record_dispute(dispute_opened("DR-2025-01")));
  books.open();  // again, as the next program would
  CHECK(books.governance->disputes().size() == 1);
  CHECK(books.governance->decisions().size() == 1);
}

TEST_CASE("a dispute written at schema version 5 reads with its steps counted from 1") {
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
