// End-to-end: the month end through the real `poolbook` program on Northshire books holding
// April 2025's receipts and general-ledger draws: the statement as text and JSON, the close
// with its accruals, a second close that changes nothing, and the risk share taken from the
// books' forecast.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_program.hpp"
#include "scratch_books.hpp"

using Catch::Contains;
using poolbook::testing::init_northshire;
using poolbook::testing::run_program;
using poolbook::testing::ScratchStore;

namespace {

void import_april(const std::string& store) {
  const std::string inbox = POOLBOOK_FIXTURES_DIR "/northshire/inbox/";
  for (const auto& [file, profile] : {std::pair<const char*, const char*>{"receipts-2025-04.csv", "host-receipts"},
                                      {"gl-draws-2025-04.csv", "host-gl-draws"}})
    REQUIRE(run_program(POOLBOOK_CLI,
                        {"import", inbox + file, "--profile", profile, "--store", store, "--as", "pool.manager"})
                .exit_code == 0);
}

}  // namespace

TEST_CASE("poolbook reconcile, close and risk-share from the books, through the real program") {
  const ScratchStore scratch("month-end");
  const std::string& store = scratch.path;
  init_northshire(store);
  import_april(store);

  auto text = run_program(POOLBOOK_CLI, {"reconcile", "2025/26 M01", "--store", store});
  REQUIRE(text.exit_code == 0);
  CHECK_THAT(text.out, Contains("Month-end statement: NSH-BCF-S75, 2025/26 M01 (to 2025-04-30), as the books stand"));
  CHECK_THAT(text.out, Contains("icb owes £2,210,226.67 to chc-lead due 2025-04-15, 9 working days overdue at "
                                "2025-04-30 [contribution.late]"));
  CHECK_THAT(text.out, Contains(": they tie"));

  auto json = run_program(POOLBOOK_CLI, {"reconcile", "2025-04", "--store", store, "--json"});
  REQUIRE(json.exit_code == 0);
  const auto statement = nlohmann::json::parse(json.out);
  CHECK(statement["period"] == "2025/26 M01");
  CHECK(statement["balance_proof"]["statement_received"] == "8367795.13");
  CHECK(statement["balance_proof"]["journal_received"] == "8367795.13");
  CHECK(statement["balance_proof"]["statement_spend"] == statement["balance_proof"]["journal_spend"]);
  CHECK(statement["forecast"]["method"] == "profile");

  auto csv = run_program(POOLBOOK_CLI, {"reconcile", "2025/26 M01", "--store", store, "--csv"});
  REQUIRE(csv.exit_code == 0);
  CHECK_THAT(csv.out, Contains("section,item,arrangement,measure,value\nowed,icb,bcf-pool,agreed,41259475.50\n"));

  auto bad_month = run_program(POOLBOOK_CLI, {"reconcile", "2025/26 M13", "--store", store});
  CHECK(bad_month.exit_code == 2);
  auto bad_method = run_program(POOLBOOK_CLI, {"reconcile", "2025/26 M01", "--store", store, "--forecast", "guess"});
  CHECK(bad_method.exit_code == 2);
  CHECK_THAT(bad_method.err, Contains("[forecast.method]"));

  auto closed = run_program(POOLBOOK_CLI, {"close", "2025/26 M01", "--store", store, "--as", "pool.manager"});
  REQUIRE(closed.exit_code == 0);
  // S17's in-kind month (£412,600.00 over twelve, the first of the larger pennies) is spent
  // at the close, then the accruals of what was due and not received.
  CHECK_THAT(closed.out, Contains("2025/26 M01 closed by r.osei\n  recognised £34,383.34 in kind from community-trust "
                                  "to bcf-pool as spend on S17 (entry 53)\n  accrued £2,210,226.67 due from icb to "
                                  "chc-lead"));
  CHECK_THAT(closed.out, Contains("statement recorded with the books: SHA-256 ") && Contains("head of the books: "));
  auto again = run_program(POOLBOOK_CLI, {"close", "2025/26 M01", "--store", store, "--as", "pool.manager"});
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.out, Contains("2025/26 M01 was already closed; nothing was changed"));
  CHECK(run_program(POOLBOOK_CLI, {"verify", "--store", store}).exit_code == 0);

  auto shared = run_program(POOLBOOK_CLI, {"risk-share", "--year", "2025/26", "--month", "2025/26 M01", "--store",
                                           store, "--performance", "NEA-65=met"});
  REQUIRE(shared.exit_code == 0);
  CHECK_THAT(shared.err, Contains("variances from the books: forecast outturn by profile at 2025/26 M01 less budget"));
  CHECK_THAT(shared.out, Contains("Risk share: Northshire Better Care Fund pooled fund (bcf-pool), 2025/26"));
  auto wrong_year =
      run_program(POOLBOOK_CLI, {"risk-share", "--year", "2025/26", "--month", "2026/27 M01", "--store", store});
  CHECK(wrong_year.exit_code == 2);
  CHECK_THAT(wrong_year.err, Contains("2026/27 M01 is not a month of 2025/26 [risk-share.month]"));
}

TEST_CASE("poolbook kpi import and contract approve, through the real program") {
  const ScratchStore scratch("contract-payments");
  const std::string& store = scratch.path;
  init_northshire(store);
  const std::string results = POOLBOOK_FIXTURES_DIR "/northshire/inbox/kpi-results-2025-26-Q1.csv";
  auto imported = run_program(POOLBOOK_CLI, {"kpi", "import", results, "--store", store, "--as", "finance.officer"});
  REQUIRE(imported.exit_code == 0);
  CHECK_THAT(imported.out, Contains(": 4 rows read, 4 recorded, 0 refused (by n.ahmed)"));
  // A file with a bad row: the good row is recorded, the bad one named by line and rule, exit 3.
  const std::string bad = store + ".kpis.csv";
  std::ofstream(bad) << "contract,kpi,period,value,source\nHC-OUTCOMES,K1,2025/26 Q2,0.81,return\n"
                        "HC-OUTCOMES,K2,2025/26 Q2,lots,tracker\n";
  auto partly = run_program(POOLBOOK_CLI, {"kpi", "import", bad, "--store", store, "--as", "finance.officer"});
  std::filesystem::remove(bad);
  CHECK(partly.exit_code == 3);
  CHECK_THAT(partly.out, Contains(bad + ":3: 'lots' is not a ratio or percentage"));
  CHECK_THAT(partly.out, Contains("[kpi.value]"));
  // Who recorded the results may not approve on them (exit 1); the pool manager may.
  auto own = run_program(POOLBOOK_CLI, {"contract", "approve", "HC-OUTCOMES", "--period", "2025/26 Q1", "--store",
                                        store, "--as", "finance.officer"});
  CHECK(own.exit_code == 1);
  CHECK_THAT(own.err, Contains("[authority.maker-checker]"));
  auto approved = run_program(POOLBOOK_CLI, {"contract", "approve", "HC-OUTCOMES", "--period", "2025/26 Q1", "--store",
                                             store, "--as", "pool.manager"});
  REQUIRE(approved.exit_code == 0);
  CHECK_THAT(approved.out, Contains("approved by r.osei: £2,154,920.49 (fixed £2,006,651.25, earned £148,269.24 of "
                                    "£222,961.25 at risk, withheld £74,692.01)"));
  auto again = run_program(POOLBOOK_CLI, {"contract", "approve", "HC-OUTCOMES", "--period", "2025/26 Q1", "--store",
                                          store, "--as", "pool.manager"});
  CHECK(again.exit_code == 5);
  auto listed = run_program(POOLBOOK_CLI, {"kpi", "list", "--contract", "HC-OUTCOMES", "--store", store});
  REQUIRE(listed.exit_code == 0);
  CHECK_THAT(listed.out, Contains("5 result(s)"));
  auto json = run_program(POOLBOOK_CLI, {"reconcile", "2025/26 M03", "--store", store, "--json"});
  REQUIRE(json.exit_code == 0);
  const auto statement = nlohmann::json::parse(json.out);
  CHECK(statement["contract_payments"][0]["approved"]["earned"] == "148269.24");
}
