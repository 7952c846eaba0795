// End-to-end: the real `poolbook` program, run as a finance officer would run it.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

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

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A books file in the temporary folder, removed with its WAL files when the test ends,
// even when a REQUIRE stops it early.
struct ScratchStore {
  explicit ScratchStore(const std::string& name)
      : path(
            (std::filesystem::temp_directory_path() / ("poolbook-e2e-" + name + "-" + std::to_string(getpid()) + ".db"))
                .string()) {}
  ScratchStore(const ScratchStore&) = delete;
  ScratchStore& operator=(const ScratchStore&) = delete;
  ~ScratchStore() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
  std::string path;
};

// Books for the Northshire agreement, created by its pool manager.
void init_northshire(const std::string& store) {
  REQUIRE(run_program(POOLBOOK_CLI, {"init", "--agreement", POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml",
                                     "--store", store, "--as", "pool.manager"})
              .exit_code == 0);
}

// The Northshire agreement with one exact text replaced, written to a scratch file.
std::string northshire_with(const std::string& from, const std::string& to) {
  std::string text = read_text(POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml");
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  const auto path = std::filesystem::temp_directory_path() / ("poolbook-e2e-" + std::to_string(getpid()) + ".toml");
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

}  // namespace

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
      "  \"Community health services, including urgent community response\",\n  \"Endoscopy services\",");
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
  CHECK_THAT(run.out, Contains(path + ":603: error: the contribution of district-north to bcf-pool for 2025/26: "
                                      "'amount' is written as a number; write money as a decimal string such as "
                                      "\"1250000.00\" [agreement.money]"));
  // the missing amount leaves the pool £1,642,318.00 short, and that is reported too
  CHECK_THAT(run.out, Contains("a difference of (£1,642,318.00) [agreement.contributions]"));
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

TEST_CASE("poolbook init keeps books to one agreement, and notes when the agreement file changes") {
  const ScratchStore scratch("init");
  const std::filesystem::path store = scratch.path;
  const std::string northshire = POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml";
  auto first =
      run_program(POOLBOOK_CLI, {"init", "--agreement", northshire, "--store", store.string(), "--as", "pool.manager"});
  REQUIRE(first.exit_code == 0);
  CHECK_THAT(first.out, Contains("for agreement NSH-BCF-S75: 78 accounts open"));
  // The same agreement again opens nothing new and is not an error.
  CHECK(
      run_program(POOLBOOK_CLI, {"init", "--agreement", northshire, "--store", store.string(), "--as", "pool.manager"})
          .exit_code == 0);
  // Another agreement is refused, and the books still follow the first.
  const std::string other = northshire_with("id = \"NSH-BCF-S75\"", "id = \"SOUTHSHIRE-BCF\"");
  auto switched =
      run_program(POOLBOOK_CLI, {"init", "--agreement", other, "--store", store.string(), "--as", "pool.manager"});
  CHECK(switched.exit_code == 2);
  CHECK_THAT(switched.err, Contains("keeps the books of agreement 'NSH-BCF-S75'; they cannot be switched to "
                                    "'SOUTHSHIRE-BCF' (start new books with another --store) [store.agreement]"));
  // The same agreement, varied in a scratch copy after init: the books say so.
  const std::string varied = northshire_with("title = \"Northshire", "title = \"Varied Northshire");
  REQUIRE(run_program(POOLBOOK_CLI, {"init", "--agreement", varied, "--store", store.string(), "--as", "pool.manager"})
              .exit_code == 0);
  std::ofstream(varied, std::ios::app) << "\n# a note added after init\n";
  auto balance = run_program(POOLBOOK_CLI, {"balance", "--store", store.string()});
  CHECK(balance.exit_code == 0);
  CHECK_THAT(balance.err, Contains("has changed since `poolbook init` adopted it; these books follow the agreement "
                                   "as adopted until init is run again"));
  // Editing the file cannot make a stranger a person of the books' agreement: it is the
  // adopted text that counts, and adopting a variation needs someone that text knows.
  std::ofstream(varied, std::ios::app)
      << "\n[[person]]\nid = \"mallory\"\nname = \"M\"\norganisation = \"county\"\nrole = \"r\"\n";
  auto edited =
      run_program(POOLBOOK_CLI, {"period", "close", "2025/26 M01", "--store", store.string(), "--as", "mallory"});
  CHECK(edited.exit_code == 2);
  CHECK_THAT(edited.err, Contains("[authority.actor]"));
  auto adopt = run_program(POOLBOOK_CLI, {"init", "--agreement", varied, "--store", store.string(), "--as", "mallory"});
  CHECK(adopt.exit_code == 2);
  CHECK_THAT(adopt.err, Contains("only a person of the agreement may adopt a varied agreement or open accounts"));
  REQUIRE(run_program(POOLBOOK_CLI, {"init", "--agreement", varied, "--store", store.string(), "--as", "pool.manager"})
              .exit_code == 0);
  CHECK_THAT(run_program(POOLBOOK_CLI, {"authority-log", "--store", store.string()}).out,
             Contains("r.osei   agreement-variation") && Contains("allowed  adopted"));
  std::filesystem::remove(varied);  // the scratch agreement (`other` was the same file)
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

TEST_CASE("poolbook risk-share refuses what it cannot share, with the reason") {
  const std::string agreement = POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml";
  auto unknown = run_program(POOLBOOK_CLI,
                             {"risk-share", "--agreement", agreement, "--year", "2025/26", "--variance", "S99=100.00"});
  CHECK(unknown.exit_code == 2);
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
  CHECK(mistyped.exit_code == 2);
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
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Contains("there is no contract 'NOPE' in the agreement [contract.unknown]"));
  auto no_cost = run_program(POOLBOOK_CLI,
                             {"contract", "payment", "INT-CAPITATED", "--period", "2025/26", "--agreement", agreement});
  CHECK(no_cost.exit_code == 2);
  CHECK_THAT(no_cost.err, Contains("--cost"));
}

TEST_CASE("poolbook authority says what a person may approve, found by id or by operating-system user") {
  const std::string agreement = POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml";
  auto pool_manager = run_program(POOLBOOK_CLI, {"authority", "pool.manager", "--agreement", agreement});
  REQUIRE(pool_manager.exit_code == 0);
  CHECK_THAT(pool_manager.out, Contains("Ruth Osei (r.osei), Head of Integrated Commissioning (pool manager), county"));
  CHECK_THAT(pool_manager.out, Contains("virement between schemes        up to £50,000.00   alone  Pool manager"));
  auto board = run_program(POOLBOOK_CLI, {"authority", "d.hughes", "--agreement", agreement, "--json"});
  REQUIRE(board.exit_code == 0);
  CHECK_THAT(board.out, Contains("\"action\": \"contribution-variation\""));
  CHECK_THAT(board.out, Contains("\"reserved\": true"));
  auto stranger = run_program(POOLBOOK_CLI, {"authority", "mallory", "--agreement", agreement});
  CHECK(stranger.exit_code == 2);
  CHECK_THAT(stranger.err, Contains("'mallory' is neither a person of the agreement nor a user mapped to one, so may "
                                    "approve nothing [authority.person]"));
}

TEST_CASE("decisions in the books: a virement beyond the pool manager needs a carried board decision") {
  const ScratchStore scratch("gov");
  const std::string& store = scratch.path;
  init_northshire(store);
  auto own = run_program(POOLBOOK_CLI, {"virement", "S08", "S07", "50000.00", "--year", "2025/26", "--as",
                                        "pool.manager", "--store", store});
  CHECK(own.exit_code == 0);
  CHECK_THAT(own.out, Contains("£50,000.00 from S08 to S07 for 2025/26 by r.osei"));
  auto beyond = run_program(POOLBOOK_CLI, {"virement", "S08", "S07", "120000.00", "--year", "2025/26", "--as",
                                           "pool.manager", "--store", store});
  CHECK(beyond.exit_code == 1);
  CHECK_THAT(beyond.err,
             Contains("needs a decision of Northshire Joint Commissioning Board") && Contains("[authority.decision]"));
  // Minutes that claim a result the votes do not give are refused.
  const std::vector<std::string> meeting = {
      "decide",   "D-2025-014",        "--body",    "njcb",
      "--on",     "2025-10-16",        "--matter",  "Winter discharge capacity",
      "--action", "virement",          "--amount",  "120000.00",
      "--year",   "2025/26",           "--present", "d.hughes,m.clarke,s.wright,k.mensah",
      "--for",    "d.hughes,m.clarke", "--against", "s.wright,k.mensah",
      "--as",     "finance.officer",   "--store",   store};
  auto claimed = meeting;
  claimed.insert(claimed.end(), {"--outcome", "carried"});
  auto wrong = run_program(POOLBOOK_CLI, claimed);
  CHECK(wrong.exit_code == 2);
  CHECK_THAT(wrong.err, Contains("the minutes say 'carried' but the attendance and votes give 'failed'"));
  auto failed = run_program(POOLBOOK_CLI, meeting);  // recorded as what it was: failed
  CHECK(failed.exit_code == 0);
  auto cite_failed = run_program(POOLBOOK_CLI, {"virement", "S08", "S07", "120000.00", "--year", "2025/26",
                                                "--decision", "D-2025-014", "--as", "pool.manager", "--store", store});
  CHECK(cite_failed.exit_code == 1);
  CHECK_THAT(cite_failed.err, Contains("decision D-2025-014 was not carried (failed)"));
  auto carried = meeting;
  carried[1] = "D-2025-015";
  carried[17] = "d.hughes,m.clarke,s.wright";  // --for
  carried[19] = "k.mensah";                    // --against
  REQUIRE(run_program(POOLBOOK_CLI, carried).exit_code == 0);
  auto under = run_program(POOLBOOK_CLI, {"virement", "S08", "S07", "120000.00", "--year", "2025/26", "--decision",
                                          "D-2025-015", "--as", "pool.manager", "--store", store});
  CHECK(under.exit_code == 0);
  auto again = run_program(POOLBOOK_CLI, {"virement", "S08", "S07", "0.01", "--year", "2025/26", "--decision",
                                          "D-2025-015", "--as", "pool.manager", "--store", store});
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.err, Contains("[authority.used]"));
  auto stranger = run_program(
      POOLBOOK_CLI, {"virement", "S08", "S07", "1.00", "--year", "2025/26", "--as", "mallory", "--store", store});
  CHECK(stranger.exit_code == 1);
  CHECK_THAT(stranger.err, Contains("[authority.actor]"));
  auto listed = run_program(POOLBOOK_CLI, {"decisions", "--store", store});
  CHECK_THAT(listed.out, Contains("D-2025-015  2025-10-16  njcb  virement  £120,000.00  £120,000.00  carried"));
  CHECK_THAT(listed.out, Contains("D-2025-014  2025-10-16  njcb  virement  £120,000.00        £0.00  failed"));
}

TEST_CASE("an unknown actor changes nothing, and a month reopens only under the NJCB's decision naming it") {
  const ScratchStore scratch("actor");
  const std::string& store = scratch.path;
  const std::string agreement = POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml";
  const std::string april = POOLBOOK_FIXTURES_DIR "/northshire/inbox/receipts-2025-04.csv";
  // Books cannot be created by someone the agreement does not know: nothing is created.
  auto stranger_init =
      run_program(POOLBOOK_CLI, {"init", "--agreement", agreement, "--store", store, "--as", "mallory"});
  CHECK(stranger_init.exit_code == 2);
  CHECK_THAT(stranger_init.err, Contains("only a person of the agreement may create its books") &&
                                    Contains("nothing was created [authority.actor]"));
  CHECK_FALSE(std::filesystem::exists(store));
  REQUIRE(run_program(POOLBOOK_CLI, {"init", "--agreement", agreement, "--store", store, "--as", "pool.manager"})
              .exit_code == 0);
  auto stranger_import =
      run_program(POOLBOOK_CLI, {"import", april, "--profile", "host-receipts", "--store", store, "--as", "mallory"});
  CHECK(stranger_import.exit_code == 2);
  CHECK_THAT(stranger_import.err,
             Contains("'mallory' is neither a person of the agreement nor an operating-system user mapped to one; "
                      "only a person of the agreement may import into the books (say who with --as PERSON) "
                      "[authority.actor]"));
  CHECK(run_program(POOLBOOK_CLI, {"journal", "--store", store}).out.empty());  // nothing posted
  auto imported = run_program(
      POOLBOOK_CLI, {"import", april, "--profile", "host-receipts", "--store", store, "--as", "finance.officer"});
  CHECK(imported.exit_code == 0);
  CHECK_THAT(run_program(POOLBOOK_CLI, {"journal", "--store", store}).out, Contains("by n.ahmed at"));
  // A month is closed by anyone the agreement knows, but reopened only as the scheme of delegation says.
  CHECK(run_program(POOLBOOK_CLI, {"period", "close", "2025/26 M01", "--store", store, "--as", "mallory"}).exit_code ==
        2);
  REQUIRE(run_program(POOLBOOK_CLI, {"period", "close", "2025/26 M01", "--store", store, "--as", "pool.manager"})
              .exit_code == 0);
  const std::vector<std::string> reopen = {"period",  "reopen", "2025/26 M01", "--reason",    "ICB accrual posted late",
                                           "--store", store,    "--as",        "pool.manager"};
  auto alone = run_program(POOLBOOK_CLI, reopen);
  CHECK(alone.exit_code == 1);
  CHECK_THAT(alone.err, Contains("a reopening of a closed month needs a decision of Northshire Joint Commissioning "
                                 "Board: cite it with --decision [authority.decision]"));
  const auto meeting = [&](const std::string& id, const std::string& refs) {
    return run_program(POOLBOOK_CLI, {"decide",    id,
                                      "--body",    "njcb",
                                      "--on",      "2025-05-08",
                                      "--matter",  "Reopen a month for the ICB's late accrual",
                                      "--action",  "period-reopening",
                                      "--year",    "2025/26",
                                      "--refs",    refs,
                                      "--present", "d.hughes,m.clarke,s.wright,k.mensah",
                                      "--for",     "d.hughes,m.clarke,s.wright",
                                      "--abstain", "k.mensah",
                                      "--as",      "finance.officer",
                                      "--store",   store});
  };
  REQUIRE(meeting("D-2025-030", "2025/26 M02").exit_code == 0);
  auto cited = reopen;
  cited.insert(cited.end(), {"--decision", "D-2025-030"});
  auto other_month = run_program(POOLBOOK_CLI, cited);
  CHECK(other_month.exit_code == 1);
  CHECK_THAT(other_month.err,
             Contains("decision D-2025-030 does not name 2025/26 M01") && Contains("[authority.refs]"));
  REQUIRE(meeting("D-2025-031", "2025-04").exit_code == 0);
  cited.back() = "D-2025-031";
  auto reopened = run_program(POOLBOOK_CLI, cited);
  CHECK(reopened.exit_code == 0);
  CHECK(reopened.out == "2025/26 M01 reopened by r.osei under D-2025-031\n");
  // A decision reopens the month once; an unknown decision is refused. Both are logged.
  REQUIRE(run_program(POOLBOOK_CLI, {"period", "close", "2025/26 M01", "--store", store, "--as", "pool.manager"})
              .exit_code == 0);
  auto twice = run_program(POOLBOOK_CLI, cited);
  CHECK(twice.exit_code == 1);
  CHECK_THAT(twice.err, Contains("decision D-2025-031 has already reopened 2025/26 M01; reopening it again needs a "
                                 "further decision [authority.used]"));
  cited.back() = "D-NONE";
  CHECK_THAT(run_program(POOLBOOK_CLI, cited).err, Contains("there is no decision D-NONE in these books"));
  // Every check is in the authority log: the three refusals and what was allowed.
  auto log = run_program(POOLBOOK_CLI, {"authority-log", "--refused", "--store", store});
  CHECK(log.exit_code == 0);
  CHECK_THAT(log.out, Contains("mallory  import") && Contains("mallory  period-close") &&
                          Contains("r.osei   period-reopening") && Contains("6 shown; 6 refused in all"));
  auto since = run_program(POOLBOOK_CLI, {"decisions", "--since", "2025-05-08", "--store", store});
  CHECK_THAT(since.out, Contains("D-2025-030") && Contains("D-2025-031"));
  CHECK_FALSE(Contains("D-2025").match(
      run_program(POOLBOOK_CLI, {"decisions", "--since", "2025-05-09", "--store", store}).out));
  // A ratification is recorded once it has happened, and after the decision.
  const auto ratify = [&](const char* on) {
    return run_program(POOLBOOK_CLI, {"ratify", "D-2025-031", "--body", "county-cabinet", "--on", on, "--as",
                                      "finance.officer", "--store", store});
  };
  CHECK_THAT(ratify("2099-01-01").err, Contains("a ratification dated 2099-01-01 has not happened yet"));
  CHECK_THAT(ratify("2025-05-01").err,
             Contains("a ratification on 2025-05-01 would come before decision D-2025-031 was taken (2025-05-08)"));
  CHECK(ratify("2025-05-20").exit_code == 0);
}

TEST_CASE("poolbook dispute: escalation deadlines in working days, overdue flagged, up the ladder to a close") {
  const ScratchStore scratch("dispute");
  const std::string& store = scratch.path;
  init_northshire(store);
  const auto dispute = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "dispute");
    args.insert(args.end(), {"--store", store});
    return run_program(POOLBOOK_CLI, args);
  };
  // Opened on Friday 19 December 2025: ten working days, past Christmas and New Year.
  auto opened = dispute({"open", "DR-2025-01", "--between", "county,icb", "--matter", "Who bears the S07 overspend",
                         "--amount", "120000.00", "--refs", "S07", "--on", "2025-12-19", "--as", "r.osei"});
  REQUIRE(opened.exit_code == 0);
  CHECK(opened.out ==
        "opened DR-2025-01 between county,icb on 2025-12-19\n"
        "  step 1 of 4, officers: The pool managers and finance leads of the partners in dispute meet\n"
        "  to be resolved by Wed 2026-01-07 (10 working days from 2025-12-19)\n");
  auto on_the_day = dispute({"list", "--today", "2026-01-07"});
  CHECK(on_the_day.exit_code == 0);
  CHECK_THAT(on_the_day.out, Contains("DR-2025-01  county,icb  Who bears the S07 overspend  1 officers  2025-12-19  "
                                      "2026-01-07  open\n"));
  CHECK_THAT(on_the_day.out, Contains("1 open dispute, 0 overdue, as at 2026-01-07\n"));
  auto late = dispute({"list", "--today", "2026-01-09"});
  CHECK_THAT(late.out, Contains("2026-01-07  OVERDUE by 2 working days\n"));
  CHECK_THAT(late.out, Contains("1 open dispute, 1 overdue, as at 2026-01-09\n"));
  // Only a person of the agreement, from a partner in the dispute, may escalate it.
  auto stranger = dispute({"step", "DR-2025-01", "--note", "n", "--on", "2026-01-08", "--as", "mallory"});
  CHECK(stranger.exit_code == 2);
  CHECK_THAT(stranger.err, Contains("[authority.actor]"));
  auto outsider = dispute({"step", "DR-2025-01", "--note", "n", "--on", "2026-01-08", "--as", "p.ford"});
  CHECK(outsider.exit_code == 1);
  CHECK_THAT(outsider.err, Contains("p.ford (district-north) does not belong to a partner in this dispute "
                                    "(county,icb), so may not act in it [dispute.actor]"));
  auto outsider_opens = dispute(
      {"open", "DR-2025-02", "--between", "county,icb", "--matter", "m", "--on", "2025-12-19", "--as", "p.ford"});
  CHECK(outsider_opens.exit_code == 2);
  CHECK_THAT(outsider_opens.err, Contains("[dispute.actor]"));
  auto refusals = run_program(POOLBOOK_CLI, {"authority-log", "--refused", "--store", store}).out;
  CHECK_THAT(refusals, Contains("mallory  dispute step") && Contains("p.ford   dispute step") &&
                           Contains("p.ford   dispute open") && Contains("3 shown; 3 refused in all"));
  // Each step runs from the day the dispute reaches it.
  auto directors = dispute(
      {"step", "DR-2025-01", "--note", "Officers did not agree the share", "--on", "2026-01-08", "--as", "s.wright"});
  REQUIRE(directors.exit_code == 0);
  CHECK_THAT(directors.out, Contains("DR-2025-01 escalated on 2026-01-08\n  step 2 of 4, directors: "));
  CHECK_THAT(directors.out, Contains("to be resolved by Thu 2026-01-29 (15 working days from 2026-01-08)\n"));
  auto chiefs = dispute({"step", "DR-2025-01", "--note", "n", "--on", "2026-01-30", "--as", "k.mensah"});
  CHECK_THAT(chiefs.out, Contains("to be resolved by Fri 2026-02-27 (20 working days from 2026-01-30)\n"));
  auto mediation = dispute({"step", "DR-2025-01", "--note", "n", "--on", "2026-03-02", "--as", "n.ahmed"});
  CHECK_THAT(mediation.out, Contains("step 4 of 4, mediation: "));
  CHECK_THAT(mediation.out, Contains("to be resolved by Wed 2026-04-29 (40 working days from 2026-03-02)\n"));
  auto beyond = dispute({"step", "DR-2025-01", "--note", "n", "--on", "2026-04-30", "--as", "r.osei"});
  CHECK(beyond.exit_code == 1);
  CHECK_THAT(beyond.err, Contains("is at mediation, the last step of the ladder; close the dispute with its outcome"));
  auto closed = dispute({"close", "DR-2025-01", "--resolution", "Shared 62.5/37.5 under Schedule 6", "--on",
                         "2026-04-30", "--as", "r.osei"});
  REQUIRE(closed.exit_code == 0);
  CHECK(closed.out == "DR-2025-01 closed on 2026-04-30 at step 4 (mediation): Shared 62.5/37.5 under Schedule 6\n");
  auto after = dispute({"step", "DR-2025-01", "--note", "n", "--on", "2026-05-01", "--as", "r.osei"});
  CHECK(after.exit_code == 1);
  CHECK_THAT(after.err, Contains("[dispute.closed]"));
  CHECK_THAT(dispute({"list", "--today", "2026-05-01"}).out, Contains("0 open disputes, 0 overdue"));
  CHECK_THAT(dispute({"list", "--all", "--today", "2026-05-01"}).out, Contains("4 mediation  2026-03-02  2026-04-29  "
                                                                               "closed 2026-04-30\n"));
  const auto json = nlohmann::json::parse(dispute({"list", "--all", "--today", "2026-05-01", "--json"}).out);
  REQUIRE(json["disputes"].size() == 1);
  CHECK(json["disputes"][0]["level"] == "mediation");
  CHECK(json["disputes"][0]["amount"] == "120000.00");
  auto shown = dispute({"show", "DR-2025-01", "--today", "2026-05-01"});
  CHECK(shown.exit_code == 0);
  CHECK_THAT(shown.out, Contains("2026-01-08  escalated  2 directors         2026-01-29  s.wright  Officers did not "
                                 "agree the share\n"));
  CHECK_THAT(shown.out, Contains("2026-04-30  closed     4 mediation                     r.osei    Shared 62.5/37.5 "
                                 "under Schedule 6\n"));
  CHECK_THAT(shown.out, Contains("as at 2026-05-01: step 4 of 4, mediation, due 2026-04-29; closed 2026-04-30\n"));
}

TEST_CASE("poolbook dispute list goes on past the bank holiday list, and a step from a level left behind is refused") {
  const ScratchStore scratch("dispute-list");
  const std::string& store = scratch.path;
  init_northshire(store);
  const auto dispute = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "dispute");
    args.insert(args.end(), {"--store", store});
    return run_program(POOLBOOK_CLI, args);
  };
  // Opened on Friday 9 January 2026: officers have ten working days, to Friday 23 January.
  auto opened = dispute({"open", "DR-2026-01", "--between", "county,icb", "--matter", "Discharge invoices", "--on",
                         "2026-01-09", "--as", "r.osei"});
  REQUIRE(opened.exit_code == 0);
  CHECK_THAT(opened.out, Contains("to be resolved by Fri 2026-01-23"));
  REQUIRE(dispute({"open", "DR-2026-02", "--between", "county,icb", "--matter", "Equipment recharges", "--on",
                   "2026-01-12", "--as", "r.osei"})
              .exit_code == 0);
  REQUIRE(dispute({"close", "DR-2026-02", "--resolution", "Recharged at cost", "--on", "2026-01-13", "--as", "r.osei"})
              .exit_code == 0);
  // The Saturday after a Friday deadline is no working day late, but it is overdue.
  auto saturday = dispute({"list", "--today", "2026-01-24"});
  CHECK(saturday.exit_code == 0);
  CHECK_THAT(saturday.out, Contains("2026-01-23  OVERDUE since 2026-01-24\n"));
  CHECK_THAT(dispute({"list", "--today", "2026-01-26"}).out, Contains("OVERDUE by 1 working day\n"));
  // Past the bank holiday list the working days late cannot be counted; the list goes on.
  auto far = dispute({"list", "--all", "--today", "2031-01-10"});
  CHECK(far.exit_code == 0);
  CHECK_THAT(far.out, Contains("2026-01-23  OVERDUE since 2026-01-24 (working days cannot be counted past 2030)\n"));
  CHECK_THAT(far.out, Contains("closed 2026-01-13\n"));
  CHECK_THAT(far.out, Contains("2 disputes, 1 overdue, as at 2031-01-10\n"));
  // Before a dispute was opened, it is not listed.
  CHECK_THAT(dispute({"list", "--all", "--today", "2026-01-10"}).out, Contains("1 dispute, 0 overdue"));
  CHECK(dispute({"list", "--all", "--today", "2025-01-01"}).out == "0 disputes, 0 overdue, as at 2025-01-01\n");
  // A step from a level the dispute is not at changes nothing.
  auto stale =
      dispute({"step", "DR-2026-01", "--from", "directors", "--note", "n", "--on", "2026-01-26", "--as", "s.wright"});
  CHECK(stale.exit_code == 1);
  CHECK(stale.err ==
        "poolbook dispute step: DR-2026-01 stands at officers (since 2026-01-09), not at directors; "
        "nothing was changed [dispute.stale]\n");
  CHECK(dispute({"step", "DR-2026-01", "--from", "managers", "--note", "n", "--as", "s.wright"}).exit_code == 2);
  CHECK(dispute({"step", "DR-2099-01", "--note", "n", "--as", "s.wright"}).exit_code == 1);
  // Blank text and a sum of nothing or less are refused.
  auto blank_note = dispute({"step", "DR-2026-01", "--note", "  ", "--on", "2026-01-26", "--as", "s.wright"});
  CHECK(blank_note.exit_code == 1);
  CHECK_THAT(blank_note.err, Contains("[dispute.note]"));
  for (const char* amount : {"-5.00", "0"}) {
    auto refused = dispute({"open", "DR-2026-03", "--between", "county,icb", "--matter", "m", "--amount", amount,
                            "--on", "2026-01-12", "--as", "r.osei"});
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.err, Contains("[dispute.amount]"));
  }
  auto stepped =
      dispute({"step", "DR-2026-01", "--from", "officers", "--note", "n", "--on", "2026-01-26", "--as", "s.wright"});
  CHECK(stepped.exit_code == 0);
  CHECK_THAT(stepped.out, Contains("step 2 of 4, directors"));
}
