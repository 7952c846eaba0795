// End-to-end: the real `poolbook` program, run as a finance officer would run it.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "run_program.hpp"

using Catch::Contains;
using poolbook::testing::run_program;

TEST_CASE("poolbook --version names the program") {
  auto run = run_program(POOLBOOK_CLI, {"--version"});
  CHECK(run.exit_code == 0);
  CHECK(run.out == "poolbook 0.1.0\n");
}

TEST_CASE("poolbook calendar lists each month's working days and closing day") {
  auto run = run_program(POOLBOOK_CLI, {"calendar", "2025/26", "--close-working-day", "5"});
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out,
             Contains("Financial year 2025/26 (2025-04-01 to 2026-03-31); each month closes on working day 5"));
  CHECK_THAT(run.out, Contains("M06    Q2       September 2025   22            Tue 2025-10-07"));
  CHECK_THAT(run.out, Contains("M09    Q3       December 2025    21            Thu 2026-01-08  "
                               "2025-12-25 Christmas Day; 2025-12-26 Boxing Day"));
  CHECK_THAT(run.out, Contains("M12    Q4       March 2026       22            Thu 2026-04-09"));
  CHECK(run.err.empty());
}

TEST_CASE("poolbook calendar --json gives machines the same facts") {
  auto run = run_program(POOLBOOK_CLI, {"calendar", "2026/27", "--close-working-day", "3", "--json"});
  REQUIRE(run.exit_code == 0);
  const auto json = nlohmann::json::parse(run.out);
  CHECK(json["year"] == "2026/27");
  REQUIRE(json["months"].size() == 12);
  // December 2026 closes on working day 3 of January 2027: 4, 5, 6 January (1 Jan is a Friday holiday).
  CHECK(json["months"][8]["period"] == "2026/27 M09");
  CHECK(json["months"][8]["close_day"] == "2027-01-06");
  CHECK(json["months"][8]["bank_holidays"][1] == "2026-12-28 Boxing Day (substitute day)");
}

TEST_CASE("poolbook calendar refuses a year it cannot answer for, and says why") {
  auto beyond = run_program(POOLBOOK_CLI, {"calendar", "2031/32"});
  CHECK(beyond.exit_code == 1);
  CHECK_THAT(beyond.err, Contains("covers 2024 to 2030") && Contains("[calendar.coverage]"));
  auto malformed = run_program(POOLBOOK_CLI, {"calendar", "2025/27"});
  CHECK(malformed.exit_code == 2);
  CHECK_THAT(malformed.err, Contains("the second year must be the year after the first"));
  auto bad_list = run_program(POOLBOOK_CLI, {"calendar", "2025/26", "--holidays", "/nonexistent.txt"});
  CHECK(bad_list.exit_code == 2);
  CHECK_THAT(bad_list.err, Contains("/nonexistent.txt: cannot read the holiday list"));
}

TEST_CASE("poolbook calendar reads another holiday list") {
  auto run = run_program(POOLBOOK_CLI, {"calendar", "2025/26", "--holidays",
                                        POOLBOOK_FIXTURES_DIR "/calendar/bank-holidays-england-and-wales.txt"});
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Contains("Thu 2026-01-08"));
}

TEST_CASE("poolbook split shares an overspend to the penny and shows the exact shares") {
  auto run = run_program(POOLBOOK_CLI, {"split", "562400.17", "--by", "County=62.5%", "--by", "ICB=37.5%"});
  REQUIRE(run.exit_code == 0);
  CHECK(run.out ==
        "Split of £562,400.17 by largest remainder (parts sum to the penny)\n\n"
        "part            share       exact share (£)      allocated\n"
        "County          62.5%       351500.10625          £351,500.11\n"
        "ICB             37.5%       210900.06375          £210,900.06\n"
        "total           100%                              £562,400.17\n");
}

TEST_CASE("poolbook split weighs by contributions in pounds, with or without the pound sign") {
  auto run = run_program(POOLBOOK_CLI, {"split", "(£100.00)", "--by", "County=£5,000,000.00", "--by", "ICB=3000000",
                                        "--by", "District=1000000", "--json"});
  REQUIRE(run.exit_code == 0);
  const auto json = nlohmann::json::parse(run.out);
  CHECK(json["amount"] == "-100.00");
  CHECK(json["parts"][0]["amount"] == "-55.56");
  CHECK(json["parts"][1]["amount"] == "-33.33");
  CHECK(json["parts"][2]["amount"] == "-11.11");
  CHECK(json["total"] == "-100.00");
}

TEST_CASE("poolbook split refuses bad amounts and weights with the reason") {
  auto exponent = run_program(POOLBOOK_CLI, {"split", "1e6", "--by", "a=1"});
  CHECK(exponent.exit_code == 2);
  CHECK(exponent.err ==
        "poolbook split: '1e6' is not an amount of money: exponent notation is not accepted "
        "[money.format]\n");
  auto zero = run_program(POOLBOOK_CLI, {"split", "100", "--by", "a=0", "--by", "b=0%"});
  CHECK(zero.exit_code == 2);
  CHECK_THAT(zero.err, Contains("the weights add up to zero"));
  auto unnamed = run_program(POOLBOOK_CLI, {"split", "100", "--by", "50%"});
  CHECK(unnamed.exit_code == 2);
  CHECK_THAT(unnamed.err, Contains("should be NAME=WEIGHT"));
  auto nonsense = run_program(POOLBOOK_CLI, {"split", "100", "--by", "a=lots"});
  CHECK_THAT(nonsense.err, Contains("is not a percentage, fraction, decimal or amount of money"));
}
