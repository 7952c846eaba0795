// End-to-end: the month end through the real `poolbook` program on Northshire books holding
// April 2025's receipts and general-ledger draws: the statement as text and JSON, the close
// with its accruals, a second close that changes nothing, and the risk share taken from the
// books' forecast.
#include <catch2/catch.hpp>
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
