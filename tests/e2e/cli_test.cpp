// End-to-end: the real `poolbook` program, run as a finance officer would run it.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_program.hpp"
#include "scratch_books.hpp"

using Catch::Contains;
using poolbook::testing::northshire_with;
using poolbook::testing::read_text;
using poolbook::testing::run_program;

TEST_CASE("poolbook --version names the program") {
  auto run = run_program(POOLBOOK_CLI, {"--version"});
  CHECK(run.exit_code == 0);
  CHECK(run.out == "poolbook 0.1.0\n");
}

TEST_CASE("poolbook takes no control character in its arguments: text kept in the books is one printable line") {
  // An escape sequence in a reason would be printed back to whoever reads the authority log.
  auto run = run_program(POOLBOOK_CLI, {"post", "--date", "2025-10-31", "--description", "Accrual\x1b[2K\r", "--reason",
                                        "ok", "--debit", "pool/bcf-pool/scheme/S08=1.00", "--credit",
                                        "pool/bcf-pool/accrued-creditors=1.00", "--store", "nowhere.db"});
  CHECK(run.exit_code == 2);
  CHECK(run.err ==
        "poolbook post: argument 5 holds a control character (at its byte 8): text kept in the books is one printable "
        "line [argument.control]\n");
  // A C1 control (U+009B, a terminal's CSI) and bytes that are not UTF-8 are refused too.
  for (const char* text : {"Accrual \xc2\x9b"
                           "2K",
                           "Accrual \x9b"}) {
    auto refused = run_program(POOLBOOK_CLI, {"post", "--description", text, "--store", "nowhere.db"});
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.err, Contains("[argument.control]"));
  }
  CHECK_FALSE(std::filesystem::exists("nowhere.db"));
}

TEST_CASE("poolbook calendar lists each month's working days and closing day") {
  auto run = run_program(POOLBOOK_CLI, {"calendar", "2025/26", "--close-working-day", "5"});
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out,
             Contains("Financial year 2025/26 (2025-04-01 to 2026-03-31); each month closes on working day 5"));
  CHECK_THAT(run.out, Contains("M06    Q2       September 2025            22  Tue 2025-10-07\n"));
  CHECK_THAT(run.out, Contains("M09    Q3       December 2025             21  Thu 2026-01-08  "
                               "2025-12-25 Christmas Day; 2025-12-26 Boxing Day\n"));
  CHECK_THAT(run.out, Contains("M12    Q4       March 2026                22  Thu 2026-04-09\n"));
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
        "part    share  exact share (£)    allocated\n"
        "County  62.5%     351500.10625  £351,500.11\n"
        "ICB     37.5%     210900.06375  £210,900.06\n"
        "-------------------------------------------\n"
        "total    100%                   £562,400.17\n");
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

TEST_CASE("poolbook split refuses percentages that do not make 100%, and keeps plain weights as weights") {
  // 50% and 40% leave 10% unsaid: rescaling them to 5/9 and 4/9 would hide a missing share.
  auto short_of_whole = run_program(POOLBOOK_CLI, {"split", "100", "--by", "A=50%", "--by", "B=40%"});
  CHECK(short_of_whole.exit_code == 2);
  CHECK_THAT(short_of_whole.err, Contains("the percentages make 90%, not 100%") && Contains("[split.percent]"));
  auto mixed = run_program(POOLBOOK_CLI, {"split", "100", "--by", "A=50%", "--by", "B=1"});
  CHECK(mixed.exit_code == 2);
  CHECK_THAT(mixed.err, Contains("some weights are percentages and some are not"));
  // Plain weights 5 and 4 are shares of 9: £55.56 and £44.44.
  auto weights = run_program(POOLBOOK_CLI, {"split", "100", "--by", "A=5", "--by", "B=4"});
  REQUIRE(weights.exit_code == 0);
  CHECK_THAT(weights.out, Contains("£55.56") && Contains("£44.44"));
}

TEST_CASE("poolbook agreement check passes the Northshire agreement") {
  auto run = run_program(POOLBOOK_CLI, {"agreement", "check", POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml"});
  CHECK(run.exit_code == 0);
  CHECK_THAT(
      run.out,
      Contains("agreement.toml: valid: agreement NSH-BCF-S75, 7 partners, 3 arrangements, 27 schemes, "
               "18 contributions, 4 variations, 1 risk share(s), 4 contract(s), 4 dispute step(s); 0 warning(s)"));
}

TEST_CASE("poolbook agreement check prints every problem with file, line and rule, and exits 1") {
  std::string path = northshire_with(
      "  \"Community health services, including urgent community response\",",
      "  \"Community health services, including urgent community response\",\n  \"Endoscopy services\",",
      POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml");
  const std::string text = read_text(path);
  std::filesystem::remove(path);
  const auto at = text.find("amount = \"1642318.00\"");
  std::string second = text;
  second.replace(at, 21, "amount = 1642318.00");
  path = std::filesystem::temp_directory_path() / ("poolbook-e2e-two-" + std::to_string(getpid()) + ".toml");
  std::ofstream(path, std::ios::binary) << second;
  auto run = run_program(POOLBOOK_CLI, {"agreement", "check", path});
  std::filesystem::remove(path);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Contains(path + ":118: error: arrangement 'bcf-pool' covers 'Endoscopy services': endoscopy is "
                                      "an NHS function that may not be pooled or delegated"));
  CHECK_THAT(run.out, Contains(path + ":609: error: the contribution of district-north to bcf-pool for 2025/26: "
                                      "'amount' is written as a number; write money as a decimal string such as "
                                      "\"1250000.00\" [agreement.money]"));
  // the missing amount leaves the pool £1,642,318.00 short, and that is reported too
  CHECK_THAT(run.out, Contains("a difference of (£1,642,318.00) [agreement.contributions]"));
  CHECK_THAT(run.out, Contains(": invalid: 3 error(s), 0 warning(s)"));
}

TEST_CASE("poolbook agreement check refuses an excluded function typed to get past it, and exits 1") {
  // Words in another order, hyphens for spaces, and a Cyrillic capital E (U+0415) for the
  // Latin one: each still names an excluded function, and is quoted as it was written.
  const std::string path = northshire_with("  \"Community health services, including urgent community response\",",
                                           "  \"Community health services, including urgent community response\",\n"
                                           "  \"Ambulance services (emergency)\",\n"
                                           "  \"Termination-of-pregnancy services\",\n"
                                           "  \"\u0415ndoscopy\",",
                                           POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml");
  auto run = run_program(POOLBOOK_CLI, {"agreement", "check", path});
  std::filesystem::remove(path);
  CHECK(run.exit_code == 1);
  const std::string refused =
      " is an NHS function that may not be pooled or delegated under the Partnership Arrangements Regulations, so "
      "the agreement is invalid [agreement.excluded-function]";
  CHECK_THAT(run.out, Contains(path +
                               ":118: error: arrangement 'bcf-pool' covers 'Ambulance services (emergency)': "
                               "emergency ambulance services" +
                               refused));
  CHECK_THAT(run.out, Contains(path +
                               ":119: error: arrangement 'bcf-pool' covers 'Termination-of-pregnancy "
                               "services': termination of pregnancy" +
                               refused));
  CHECK_THAT(run.out,
             Contains(path + ":120: error: arrangement 'bcf-pool' covers '\u0415ndoscopy': endoscopy" + refused));
  CHECK_THAT(run.out, Contains(": invalid: 3 error(s), 0 warning(s)"));
}

TEST_CASE("poolbook agreement check says plainly when there is no file") {
  auto run = run_program(POOLBOOK_CLI, {"agreement", "check", "/nonexistent/agreement.toml"});
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Contains("/nonexistent/agreement.toml: error: cannot read the agreement"));
}

TEST_CASE("poolbook agreement show prints budgets, contributions and instalments for a year") {
  auto run = run_program(
      POOLBOOK_CLI, {"agreement", "show", POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml", "--year", "2025/26"});
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Contains("Term: 2025-04-01 to 2027-03-31, extended to 2028-03-31 (HWB-2026-07, granted "
                               "2026-11-12)"));
  CHECK_THAT(run.out, Contains("S07     Discharge to assess: home-based (pathway 1)"));
  CHECK_THAT(run.out, Contains("£4,465,600.00\n"));
  CHECK_THAT(run.out, Contains("icb              bcf-pool     cash     monthly    £41,259,475.50  £250,000.00   "
                               "£41,509,475.50"));
  CHECK_THAT(run.out, Contains("2025-11-17  icb              bcf-pool     2025/26 M08   £3,479,956.29"));
  CHECK_THAT(run.out, Contains("£103,918,372.50\n"));  // scheme budgets as varied
  CHECK_THAT(run.out, Contains("£104,668,372.50\n"));  // contributions as varied
}

TEST_CASE("poolbook agreement show --json gives phased budgets and instalments") {
  auto run = run_program(POOLBOOK_CLI, {"agreement", "show", POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml",
                                        "--year", "2026/27", "--json"});
  REQUIRE(run.exit_code == 0);
  const auto json = nlohmann::json::parse(run.out);
  CHECK(json["year"] == "2026/27");
  CHECK(json["schemes"].size() == 27);
  const auto& s23 = json["schemes"][22];
  CHECK(s23["id"] == "S23");
  CHECK(s23["budget_agreed"] == "2362809.60");
  CHECK(s23["budget"] == "2277809.60");
  CHECK(s23["budget_phased"][3] == "187456.35");
  CHECK(json["contributions"][0]["partner"] == "icb");
  CHECK(json["contributions"][0]["instalments"][4]["due"] == "2026-08-17");
}

TEST_CASE("poolbook agreement show refuses an invalid agreement") {
  const std::string path = northshire_with("host = \"county\"", "host = \"nobody\"");
  auto run = run_program(POOLBOOK_CLI, {"agreement", "show", path});
  std::filesystem::remove(path);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.err, Contains("is hosted by 'nobody', which is not one of its partners [agreement.host]"));
}

TEST_CASE("poolbook risk-share prints the working and who bears what, and --json gives the same") {
  const std::vector<std::string> what_if = {
      "risk-share",     "--agreement",   POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml",
      "--year",         "2025/26",       "--variance",
      "S07=1912400.17", "--variance",    "S08=(150,000.00)",
      "--variance",     "S18=180000",    "--variance",
      "S21=30000.00",   "--performance", "NEA-65=missed"};
  auto run = run_program(POOLBOOK_CLI, what_if);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Contains("Risk share: Northshire Better Care Fund pooled fund (bcf-pool), 2025/26"));
  CHECK_THAT(run.out, Contains("  9. the contingency reserve of £750,000.00 meets £750,000.00 (£0.00 left)"));
  CHECK_THAT(run.out, Contains("cap: district-north bears at most £100,000.00; the excess £836.48 falls to county"));
  CHECK_THAT(run.out, Contains("met by reducing uncommitted allocations                £400,000.00"));
  // The aligned budget is reported on its own: the ICB's line is the ICB's.
  CHECK_THAT(run.out, Contains("Risk share: Adult mental health aligned budgets (mh-aligned), 2025/26"));
  auto with_json = what_if;
  with_json.push_back("--json");
  auto json = run_program(POOLBOOK_CLI, with_json);
  REQUIRE(json.exit_code == 0);
  CHECK_THAT(json.out, Contains("\"arrangement\": \"bcf-pool\""));
  CHECK_THAT(json.out, Contains("\"reserve_used\": \"750000.00\""));
  CHECK_THAT(json.out, Contains("\"step\": \"cap\""));
  CHECK_THAT(json.out, Contains("\"total_variance\": \"30000.00\""));
}

TEST_CASE("poolbook risk-share --json lists every partner of the pool, one that bears nothing with 0.00") {
  // S12 is a fixed line commissioned by county: county bears its £40,000.00 overspend and
  // the pool's other partners bear nothing, listed in the order the agreement gives them.
  auto run = run_program(POOLBOOK_CLI, {"risk-share", "--agreement", POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml",
                                        "--year", "2025/26", "--variance", "S12=40000.00", "--json"});
  REQUIRE(run.exit_code == 0);
  const auto json = nlohmann::json::parse(run.out);
  REQUIRE(json.size() == 1);
  std::vector<std::string> partners;
  for (const auto& share : json[0]["partners"])
    partners.push_back(share["partner"].get<std::string>() + " " + share["amount"].get<std::string>());
  CHECK(partners == std::vector<std::string>{"county 40000.00", "icb 0.00", "district-north 0.00",
                                             "district-south 0.00", "community-trust 0.00"});
  CHECK(json[0]["partners"][1] ==
        nlohmann::json{{"partner", "icb"}, {"name", "NHS Northshire Integrated Care Board"}, {"amount", "0.00"}});
  auto text =
      run_program(POOLBOOK_CLI, {"risk-share", "--agreement", POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml",
                                 "--year", "2025/26", "--variance", "S12=40000.00"});
  REQUIRE(text.exit_code == 0);
  CHECK_THAT(text.out, poolbook::testing::HasRow({"icb", "NHS Northshire Integrated Care Board", "£0.00"}));
}

TEST_CASE("poolbook risk-share says plainly which performance element has no result, in text and JSON") {
  const std::vector<std::string> what_if = {
      "risk-share", "--agreement",  POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml", "--year", "2025/26",
      "--variance", "S07=812400.17"};
  const std::string reason =
      "NEA-65: no result given (--performance NEA-65=met|missed), so its £500,000.00 stays pending: left in S09's "
      "budget as if met, not redirected to S01 / S06";
  auto run = run_program(POOLBOOK_CLI, what_if);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Contains("Variance £812,400.17 (overspend positive)\n" + reason + "\n"));
  auto with_json = what_if;
  with_json.push_back("--json");
  auto json_run = run_program(POOLBOOK_CLI, with_json);
  REQUIRE(json_run.exit_code == 0);
  const auto json = nlohmann::json::parse(json_run.out);
  REQUIRE(json.size() == 1);
  const auto& pending = json[0]["pending_performance"];
  REQUIRE(pending.size() == 1);
  CHECK(pending[0]["element"] == "NEA-65");
  CHECK(pending[0]["scheme"] == "S09");
  CHECK(pending[0]["amount"] == "500000.00");
  CHECK(pending[0]["reason"] == reason);
  // With the result given, nothing is pending.
  auto given = what_if;
  for (const char* word : {"--performance", "NEA-65=met", "--json"}) given.push_back(word);
  auto met = run_program(POOLBOOK_CLI, given);
  REQUIRE(met.exit_code == 0);
  CHECK(nlohmann::json::parse(met.out)[0]["pending_performance"].empty());
  given.pop_back();
  CHECK_THAT(run_program(POOLBOOK_CLI, given).out, !Contains("no result given"));
}

TEST_CASE("poolbook risk-share refuses what it cannot share, with the reason") {
  const std::string agreement = POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml";
  auto unknown = run_program(POOLBOOK_CLI,
                             {"risk-share", "--agreement", agreement, "--year", "2025/26", "--variance", "S99=100.00"});
  CHECK(unknown.exit_code == 4);
  CHECK_THAT(unknown.err, Contains("there is no scheme 'S99' in the agreement [risk-share.scheme]"));
  auto malformed = run_program(POOLBOOK_CLI,
                               {"risk-share", "--agreement", agreement, "--year", "2025/26", "--variance", "S07=lots"});
  CHECK(malformed.exit_code == 2);
  CHECK_THAT(malformed.err, Contains("'lots' is not an amount of money"));
  auto result = run_program(POOLBOOK_CLI, {"risk-share", "--agreement", agreement, "--year", "2025/26", "--variance",
                                           "S07=1.00", "--performance", "NEA-65=maybe"});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Contains("the result of NEA-65 should be met or missed"));
  auto mistyped = run_program(POOLBOOK_CLI, {"risk-share", "--agreement", agreement, "--year", "2025/26", "--variance",
                                             "S07=1.00", "--performance", "NEA65=missed"});
  CHECK(mistyped.exit_code == 4);
  CHECK_THAT(mistyped.err, Contains("the agreement has no performance element 'NEA65' for 2025/26"));
}

TEST_CASE("poolbook contract payment works out each kind of contract with the working") {
  const std::string agreement = POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml";
  auto list = run_program(POOLBOOK_CLI, {"contract", "list", "--agreement", agreement});
  REQUIRE(list.exit_code == 0);
  CHECK_THAT(list.out, Contains("HC-OUTCOMES    outcome-based  S11"));
  auto outcome =
      run_program(POOLBOOK_CLI, {"contract", "payment", "HC-OUTCOMES", "--period", "2025/26 Q2", "--kpi", "K1=0.83",
                                 "--kpi", "K2=91%", "--kpi", "K3=0.105", "--kpi", "K4=0.78", "--agreement", agreement});
  REQUIRE(outcome.exit_code == 0);
  CHECK_THAT(outcome.out, Contains("paid to the provider      £2,154,920.49"));
  CHECK_THAT(outcome.out, Contains("result 0.83 earns 60% of £89,184.50 = £53,510.70"));
  auto json = run_program(POOLBOOK_CLI,
                          {"contract", "payment", "HC-OUTCOMES", "--period", "2025/26 Q2", "--kpi", "K1=0.83", "--kpi",
                           "K2=0.91", "--kpi", "K3=0.105", "--kpi", "K4=0.78", "--agreement", agreement, "--json"});
  REQUIRE(json.exit_code == 0);
  CHECK_THAT(json.out, Contains("\"withheld\": \"74692.01\""));
  auto capitated = run_program(POOLBOOK_CLI, {"contract", "payment", "INT-CAPITATED", "--period", "2025/26", "--cost",
                                              "3200000.00", "--agreement", agreement});
  REQUIRE(capitated.exit_code == 0);
  CHECK_THAT(capitated.out, Contains("The provider bears £101,642.72; the commissioner bears £40,485.28"));
  auto alliance = run_program(POOLBOOK_CLI, {"contract", "payment", "HOME-FIRST", "--period", "2025/26", "--variance",
                                             "600000", "--kpi", "A1=36", "--kpi", "A2=0.80", "--agreement", agreement});
  REQUIRE(alliance.exit_code == 0);
  CHECK_THAT(alliance.out, Contains("age-uk            £50,000.00   £18,000.00"));
  auto activity = run_program(POOLBOOK_CLI, {"contract", "payment", "STP-ACTIVITY", "--period", "2025/26", "--volume",
                                             "3240", "--agreement", agreement});
  REQUIRE(activity.exit_code == 0);
  CHECK_THAT(activity.out, Contains("total £3,032,400.00"));
}

TEST_CASE("poolbook contract payment refuses a wrong period, a missing result or an unknown contract") {
  const std::string agreement = POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml";
  auto period = run_program(
      POOLBOOK_CLI, {"contract", "payment", "HC-OUTCOMES", "--period", "2025/26 M05", "--agreement", agreement});
  CHECK(period.exit_code == 2);
  CHECK_THAT(period.err, Contains("contract HC-OUTCOMES pays quarterly: give a period like 2025/26 Q2"));
  auto missing = run_program(POOLBOOK_CLI, {"contract", "payment", "HC-OUTCOMES", "--period", "2025/26 Q1", "--kpi",
                                            "K1=0.83", "--agreement", agreement});
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Contains("there is no result for KPI K2"));
  auto unknown =
      run_program(POOLBOOK_CLI, {"contract", "payment", "NOPE", "--period", "2025/26", "--agreement", agreement});
  CHECK(unknown.exit_code == 4);
  CHECK_THAT(unknown.err, Contains("there is no contract 'NOPE' in the agreement [contract.unknown]"));
  auto no_cost = run_program(POOLBOOK_CLI,
                             {"contract", "payment", "INT-CAPITATED", "--period", "2025/26", "--agreement", agreement});
  CHECK(no_cost.exit_code == 2);
  CHECK_THAT(no_cost.err, Contains("--cost"));
}
