#pragma once
// Scratch books for the governance store's tests (governance_store_test.cpp, run on both
// backends, and pg_governance_store_test.cpp, PostgreSQL only): both stores over one
// database in which a person acts, a second connection as another person, SQL typed around
// poolbook, and the records the cases share.
//
//   ScratchBooks books("n.ahmed");             // a SQLite file, or a fresh PostgreSQL agreement
//   books.open();
//   Session manager = books.session("r.osei");  // the same books, another person
//   CHECK_FALSE(books.tamper("DELETE FROM authority_log"));
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <optional>
#include <string>

#include "poolbook/contracts/governance/pg_governance_store.hpp"
#include "poolbook/contracts/governance/sqlite_governance_store.hpp"
#include "poolbook/ledger/store/pg_store.hpp"
#include "poolbook/ledger/store/sqlite_store.hpp"
#include "store_backend.hpp"

namespace poolbook::contracts::testing {

using namespace date::literals;
using ledger::Database;
using ledger::PgDatabase;
using ledger::SqliteDatabase;

// SQL run as a login role of the test cluster, as a person with psql would: the first value
// it returns ("" if none), or nullopt if the database refused it.
inline std::optional<std::string> postgres_as(const std::string& role, const std::string& sql) {
  PGconn* connection = PQconnectdb(postgres_test_url(role).c_str());
  REQUIRE(PQstatus(connection) == CONNECTION_OK);
  PGresult* result = PQexec(connection, ("SET search_path TO poolbook; " + sql).c_str());
  const ExecStatusType status = PQresultStatus(result);
  std::optional<std::string> out;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    out = status == PGRES_TUPLES_OK && PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
  if (!out) UNSCOPED_INFO(sql << ": " << PQerrorMessage(connection));  // shown if the caller's check fails
  PQclear(result);
  PQfinish(connection);
  return out;
}

// Another program's connection to the same books, with its own governance store.
struct Session {
  std::shared_ptr<Database> db;
  std::unique_ptr<GovernanceStore> governance;
};

// Scratch books with both stores over one database, in which `person` acts: a file, removed
// at the end of the test; or, when the tests run against PostgreSQL, a fresh agreement's
// books in the test cluster, where the login role poolbook_test is `person`.
struct ScratchBooks {
  std::string person;
  std::filesystem::path path;  // SQLite
  std::string url;             // PostgreSQL
  std::shared_ptr<Database> db;
  std::unique_ptr<poolbook::ledger::Store> journal;
  std::unique_ptr<GovernanceStore> governance;

  explicit ScratchBooks(std::string acting = "r.osei") : person(std::move(acting)) {
    if (testing_postgres())
      url = scratch_postgres_url(person);
    else
      path = fresh_path();
  }
  // A SQLite file as an older poolbook wrote it, at `schema_version`.
  explicit ScratchBooks(int schema_version) : person("r.osei"), path(fresh_path()) {
    REQUIRE(create_sqlite_books_version(path, schema_version));
  }

  void open() {
    governance.reset();
    journal.reset();
    if (testing_postgres()) {
      auto opened = PgDatabase::open(url);
      REQUIRE(opened);
      journal = std::move(poolbook::ledger::open_pg_store(*opened)).value();
      governance = std::move(open_pg_governance_store(*opened)).value();
      db = *opened;
    } else {
      auto opened = SqliteDatabase::open(path);
      REQUIRE(opened);
      journal = std::move(poolbook::ledger::open_sqlite_store(*opened)).value();
      governance = std::move(open_sqlite_governance_store(*opened)).value();
      db = *opened;
    }
  }

  // A second connection in which `who` acts: on PostgreSQL a login role of its own, mapped
  // to `who` in this agreement (poolbook_test itself for the scratch's person).
  [[nodiscard]] Session session(const std::string& who) const {
    Session out;
    if (!testing_postgres()) {
      auto opened = SqliteDatabase::open(path);
      REQUIRE(opened);
      out.governance = std::move(open_sqlite_governance_store(*opened)).value();
      out.db = *opened;
      return out;
    }
    std::string connection = url;
    if (who != person) {
      static int roles = 0;
      const std::string role = "governance_" + std::to_string(getpid()) + "_" + std::to_string(++roles);
      postgres_admin("CREATE ROLE " + role + " LOGIN IN ROLE poolbook_writer; INSERT INTO poolbook.people VALUES ('" +
                     role + "', '" + agreement() + "', '" + who + "')");
      connection = postgres_test_url(role, agreement());
    }
    auto opened = PgDatabase::open(connection);
    REQUIRE(opened);
    out.governance = std::move(open_pg_governance_store(*opened)).value();
    out.db = *opened;
    return out;
  }

  // SQL run on a connection of its own, as a person with sqlite3 (or psql, as the writer
  // role poolbook_test) would: whether it was allowed.
  [[nodiscard]] bool tamper(const std::string& sql) const {
    if (testing_postgres()) return postgres_as("poolbook_test", sql).has_value();
    auto other = SqliteDatabase::open(path);
    REQUIRE(other);
    return static_cast<bool>((*other)->exec(sql.c_str(), "tampering"));
  }

  // The PostgreSQL agreement's name, and a WHERE clause for its rows.
  [[nodiscard]] std::string agreement() const { return url.substr(url.rfind('=') + 1); }
  [[nodiscard]] std::string where() const { return " WHERE agreement = '" + agreement() + "'"; }

  ~ScratchBooks() {
    governance.reset();
    journal.reset();
    db.reset();
    if (!path.empty())
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  }

 private:
  static std::filesystem::path fresh_path() {
    static int counter = 0;
    return std::filesystem::temp_directory_path() /
           ("poolbook-governance-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".db");
  }
};

inline DecisionRecord winter_virement(const std::string& recorded_by) {
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
  decision.recorded_by = recorded_by;
  return decision;
}

// The id a write returned; fails the test if it was refused.
inline std::int64_t id_of(const Result<std::int64_t>& written) {
  INFO((written ? std::string() : written.error().message));
  REQUIRE(written);
  return *written;
}

inline VirementRecord winter_move(std::int64_t pence, const std::string& actor) {
  return VirementRecord{0, FinancialYear(2025), "S08", "S07", Money::from_pence(pence), "D-2025-014", actor, {}};
}

inline DisputeRecord dispute_opened(const std::string& id, const std::string& person) {
  DisputeRecord dispute;
  dispute.id = id;
  dispute.opened_on = 2025_y / date::December / 19;
  dispute.parties = {"county", "icb"};
  dispute.matter = "Who bears the S07 winter overspend";
  dispute.amount = Money::from_pence(12'000'000);
  dispute.refs = "S07";
  dispute.opened_by = person;
  dispute.events.push_back(DisputeEventRecord{1,
                                              DisputeEventKind::opened,
                                              2025_y / date::December / 19,
                                              1,
                                              DisputeLevel::officers,
                                              2026_y / date::January / 7,
                                              dispute.matter,
                                              person,
                                              {}});
  return dispute;
}

inline DisputeEventRecord escalation(const std::string& actor) {
  return DisputeEventRecord{0,
                            DisputeEventKind::escalated,
                            2026_y / date::January / 8,
                            2,
                            DisputeLevel::directors,
                            2026_y / date::January / 29,
                            "not agreed",
                            actor,
                            {}};
}

// Brightcare's Q2 payment: £450,000.00 fixed, 10% (£50,000.00) at risk on K1 at 83%:
// £41,500.00 earned, £8,500.00 withheld.
inline ContractPaymentRecord brightcare_payment(const std::string& period, const std::string& approved_by) {
  return ContractPaymentRecord{0,
                               "brightcare",
                               period,
                               Money::from_pence(45'000'000),
                               Money::from_pence(5'000'000),
                               Money::from_pence(4'150'000),
                               Money::from_pence(850'000),
                               "K1=83/100",
                               "D-2025-020",
                               approved_by,
                               {}};
}

}  // namespace poolbook::contracts::testing
