#pragma once
// Which backend the store tests run against. SQLite (scratch files) unless the environment
// names a throw-away PostgreSQL cluster: tests/postgres/with_cluster.sh starts one, installs
// ledger/store/pg/journal.sql, creates the login roles poolbook_test (a writer) and
// poolbook_viewer (a reader), and sets POOLBOOK_TEST_POSTGRES to the cluster's socket folder.
//
//   if (testing_postgres()) url = scratch_postgres_url("pool.manager");   // a fresh agreement
//   postgres_admin("UPDATE poolbook.entries SET ...");                      // as the superuser
//
// Store tests that only SQLite can run (they edit the file) are tagged [sqlite]; those that
// only PostgreSQL can run are hidden ([.][postgres]) and selected by the PostgreSQL run.

#include <libpq-fe.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "poolbook/ledger/error.hpp"

// A failed Result prints its error, so that a REQUIRE on one says why.
namespace Catch {
template <typename T>
struct StringMaker<poolbook::Result<T>> {
  static std::string convert(const poolbook::Result<T>& result) {
    return result ? std::string("ok") : "error: " + result.error().describe();
  }
};
}  // namespace Catch

inline bool testing_postgres() { return std::getenv("POOLBOOK_TEST_POSTGRES") != nullptr; }

// A connection string to the test cluster's database as `user`, for `agreement` (if any).
inline std::string postgres_test_url(const std::string& user, const std::string& agreement = "") {
  const char* socket = std::getenv("POOLBOOK_TEST_POSTGRES");
  return std::string("postgresql:///poolbook?host=") + (socket == nullptr ? "" : socket) + "&user=" + user +
         (agreement.empty() ? "" : "&agreement=" + agreement);
}

// Runs SQL as the cluster's superuser; fails the test if the database refuses it.
inline std::string postgres_admin(const std::string& sql) {
  PGconn* connection = PQconnectdb(postgres_test_url("poolbook_admin").c_str());
  REQUIRE(PQstatus(connection) == CONNECTION_OK);
  PGresult* result = PQexec(connection, sql.c_str());
  const ExecStatusType status = PQresultStatus(result);
  std::string first = status == PGRES_TUPLES_OK && PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
  const std::string error = PQerrorMessage(connection);
  PQclear(result);
  PQfinish(connection);
  INFO(sql << ": " << error);
  REQUIRE((status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK));
  return first;
}

// A fresh agreement's name, unique in the cluster.
inline std::string fresh_agreement() {
  static int counter = 0;
  return "t" + std::to_string(getpid()) + "_" + std::to_string(++counter);
}

// Books of a fresh agreement, in which the login role poolbook_test acts as `person`.
inline std::string scratch_postgres_url(const std::string& person = "pool.manager") {
  const std::string agreement = fresh_agreement();
  postgres_admin("INSERT INTO poolbook.people VALUES ('poolbook_test', '" + agreement + "', '" + person + "')");
  return postgres_test_url("poolbook_test", agreement);
}
