// Checking an agreement's money: phasing (agreement.phasing), budgets and contributions that
// balance (agreement.no-budget, agreement.contributions), payment schedules
// (agreement.schedule) and variations (agreement.variation), and every problem of a file
// reported at once. Each test starts from the small valid Testshire agreement
// (testshire_agreement.hpp) and changes one thing in it.
#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "poolbook/contracts/agreement/agreement_check.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "testshire_agreement.hpp"

using namespace poolbook::contracts;
using namespace poolbook::testing;
using namespace date::literals;

// ---- agreement.phasing ----

TEST_CASE("phasing weights that sum to 11/12 are refused") {
  const LoadedAgreement loaded = load_varied(
      kS02Phasing,
      R"(phasing = ["1/12", "1/12", "1/12", "1/12", "1/12", "1/12", "1/12", "1/12", "1/12", "1/12", "1/12", "0"])");
  CHECK(described(loaded) ==
        std::vector<std::string>{
            "test.toml:90: error: scheme S02's twelve phasing weights sum to 0.916667, not 1 [agreement.phasing]"});
}

TEST_CASE("a negative phasing weight is refused even when the twelve sum to 1") {
  const LoadedAgreement loaded = load_varied(
      kS02Phasing,
      R"(phasing = ["-2.5%", "7.5%", "7.5%", "7.5%", "7.5%", "7.5%", "10%", "10%", "10%", "10%", "7.5%", "17.5%"])");
  CHECK(described(loaded) ==
        std::vector<std::string>{
            "test.toml:90: error: scheme S02's phasing weight for M01 is negative [agreement.phasing]"});
}

TEST_CASE("phasing with eleven weights is refused") {
  const LoadedAgreement loaded = load_varied(
      kS02Phasing, R"(phasing = ["7.5%", "7.5%", "7.5%", "7.5%", "7.5%", "7.5%", "10%", "10%", "10%", "10%", "15%"])");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:100: error: scheme S02: phasing should be \"flat\" or a list of twelve "
                                 "weights, April (M01) to March (M12) [agreement.phasing]"});
}

TEST_CASE("phasing that is neither flat nor a list is refused") {
  const LoadedAgreement loaded = load_varied(kS02Phasing, R"(phasing = "even")");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:100: error: scheme S02: phasing is 'even'; write \"flat\" or a list of "
                                 "twelve weights [agreement.phasing]"});
}

TEST_CASE("a phasing weight written as a TOML float is refused, without a second finding about the sum") {
  const LoadedAgreement loaded = load_varied(
      kS02Phasing,
      R"(phasing = [0.075, "7.5%", "7.5%", "7.5%", "7.5%", "7.5%", "10%", "10%", "10%", "10%", "7.5%", "7.5%"])");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:100: error: scheme S02: phasing weight M01 is written as a "
                                 "floating-point number; write it as a string such as \"0.08\" or \"1/12\" "
                                 "[agreement.field]"});
}

// ---- agreement.no-budget ----

TEST_CASE("a scheme budgeted for a year in which its arrangement has no contributions is refused") {
  const LoadedAgreement loaded = load_varied(R"(budget = { "2025/26" = "312400.00" })",
                                             R"(budget = { "2025/26" = "312400.00", "2026/27" = "321772.00" })");
  // 2026/27 is inside the extended term, so this is the only finding.
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:114: error: scheme S03 is charged to arrangement 'mh-aligned', which has "
                                 "no budget for 2026/27 [agreement.no-budget]"});
  CHECK(loaded.findings[0].error.message ==
        "scheme S03 is charged to arrangement 'mh-aligned', which has no budget for 2026/27");
}

// ---- agreement.contributions ----

TEST_CASE("pooled fund contributions £1.00 short of the budgets and reserve are refused") {
  const LoadedAgreement loaded = load_varied(R"(amount = "1150000.00")", R"(amount = "1149999.00")");
  CHECK_FALSE(loaded.valid());
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:47: error: contributions to arrangement 'pool' for 2025/26 total "
                                 "£1,899,999.00 but its schemes' budgets (£1,823,750.00) and contingency reserve "
                                 "(£76,250.00) total £1,900,000.00, a difference of (£1.00) "
                                 "[agreement.contributions]"});
}

TEST_CASE("with contribution_mismatch = \"warning\" a shortfall is a warning and the agreement stays valid") {
  const LoadedAgreement loaded =
      load(varied(varied(kValid, R"(amount = "1150000.00")", R"(amount = "1149999.00")"),
                  R"(contribution_mismatch = "error")", R"(contribution_mismatch = "warning")"));
  CHECK(loaded.valid());
  REQUIRE(loaded.findings.size() == 1);
  CHECK(loaded.findings[0].severity == Severity::warning);
  CHECK(loaded.findings[0].describe() ==
        "test.toml:47: warning: contributions to arrangement 'pool' for 2025/26 total £1,899,999.00 but its schemes' "
        "budgets (£1,823,750.00) and contingency reserve (£76,250.00) total £1,900,000.00, a difference of (£1.00) "
        "[agreement.contributions]");
}

TEST_CASE("an aligned budget that differs from the schemes its partner commissions there is refused") {
  const LoadedAgreement loaded =
      load_varied("amount = \"312400.00\"\nform = \"cash\"", "amount = \"322400.00\"\nform = \"cash\"");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:188: error: icb's aligned budget in 'mh-aligned' for 2025/26 total "
                                 "£322,400.00 but the budgets of the schemes it commissions there total £312,400.00, "
                                 "a difference of £10,000.00 [agreement.contributions]"});
}

TEST_CASE("a partner commissioning schemes in an aligned budget without an aligned budget of its own is refused") {
  const LoadedAgreement loaded = load_varied(
      "[[contribution]]          # line 196\npartner = \"county\"\narrangement = \"mh-aligned\"\nyear = "
      "\"2025/26\"\namount = \"148250.50\"\nform = \"cash\"\nschedule = \"none\"",
      "#\n#\n# the county's aligned budget was left out\n#\n#\n#\n#");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:127: error: county's aligned budget in 'mh-aligned' for 2025/26 total "
                                 "£0.00 but the budgets of the schemes it commissions there total £148,250.50, a "
                                 "difference of (£148,250.50) [agreement.contributions]"});
}

TEST_CASE("contributions are compared after variations: a balanced pair keeps the balance, a lone one breaks it") {
  // The base agreement's pair adds £20,000.00 to the county's delegated money and to S05.
  CHECK(load(kValid).findings.empty());
  const std::string without_budget_variation =
      kValid.substr(0, kValid.rfind("[[variation]]")) + kValid.substr(kValid.find("[[dispute_step]]"));
  const LoadedAgreement lone = load(without_budget_variation);
  CHECK(described(lone) ==
        std::vector<std::string>{"test.toml:68: error: contributions to arrangement 'chc-lead' for 2025/26 total "
                                 "£925,000.00 but its schemes' budgets (£905,000.00) and contingency reserve (£0.00) "
                                 "total £905,000.00, a difference of £20,000.00 [agreement.contributions]"});
}

// ---- agreement.schedule ----

TEST_CASE("a schedule of \"none\" in a pooled fund is refused: only aligned budgets move no money") {
  const LoadedAgreement loaded =
      load_varied("schedule = \"quarterly\"\ndue_day = \"last\"", "schedule = \"none\"\ndue_day = \"last\"");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:162: error: the contribution of county to pool has no schedule (\"none\"), "
                                 "which only an aligned budget may have: say when it falls due [agreement.schedule]"});
}

TEST_CASE("a monthly schedule in an aligned budget is refused") {
  const LoadedAgreement loaded = load_varied("amount = \"312400.00\"\nform = \"cash\"\nschedule = \"none\"",
                                             "amount = \"312400.00\"\nform = \"cash\"\nschedule = \"monthly\"");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:188: error: the contribution of icb to mh-aligned for 2025/26 has a "
                                 "monthly schedule but no 'due_day' (1 to 28, or \"last\") [agreement.schedule]",
                                 "test.toml:188: error: the contribution of icb to mh-aligned is to an aligned "
                                 "budget, where no money moves: its schedule should be \"none\" "
                                 "[agreement.schedule]"});
}

TEST_CASE("instalments on set dates that do not sum to the annual amount are refused") {
  const LoadedAgreement loaded = load_varied(R"(amount = "120000.00")", R"(amount = "119999.99")");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:172: error: the contribution of district to pool's instalments sum to "
                                 "£299,999.99, not the annual amount £300,000.00 [agreement.schedule]"});
}

TEST_CASE("instalments listed under a monthly schedule are refused") {
  const LoadedAgreement loaded = load_varied(R"(schedule = "dates")", R"(schedule = "monthly")");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:172: error: the contribution of district to pool for 2025/26 has a "
                                 "monthly schedule but no 'due_day' (1 to 28, or \"last\") [agreement.schedule]",
                                 "test.toml:172: error: the contribution of district to pool lists instalments but "
                                 "its schedule is \"monthly\"; use schedule = \"dates\" [agreement.schedule]"});
}

TEST_CASE("a monthly schedule without a due day is refused") {
  const LoadedAgreement loaded =
      load_varied("amount = \"1150000.00\"\nform = \"cash\"\nschedule = \"monthly\"\ndue_day = 15",
                  "amount = \"1150000.00\"\nform = \"cash\"\nschedule = \"monthly\"\n# "
                  "due_day forgotten");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:142: error: the contribution of icb to pool for 2025/26 has a monthly "
                                 "schedule but no 'due_day' (1 to 28, or \"last\") [agreement.schedule]"});
}

TEST_CASE("a due day of 31 is refused: every month has days 1 to 28, or use \"last\"") {
  const LoadedAgreement loaded =
      load_varied("amount = \"1150000.00\"\nform = \"cash\"\nschedule = \"monthly\"\ndue_day = 15",
                  "amount = \"1150000.00\"\nform = \"cash\"\nschedule = \"monthly\"\ndue_day = 31");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:149: error: the contribution of icb to pool for 2025/26: 'due_day' should "
                                 "be a day of the month from 1 to 28, or \"last\" [agreement.schedule]"});
}

// ---- agreement.variation ----

TEST_CASE("a variation that changes neither a contribution nor a scheme's budget is refused, once") {
  const LoadedAgreement loaded = load_varied(R"(scheme = "S05")", "# target forgotten");
  CHECK(the_finding(loaded, "agreement.variation").describe() ==
        "test.toml:235: error: variation V-2025-02 should change either a contribution (partner and arrangement) or a "
        "scheme's budget (scheme), not neither [agreement.variation]");
  // No second finding blames a missing partner or arrangement; the only other is the
  // imbalance the lost budget change leaves behind.
  CHECK(loaded.findings.size() == 2);
  CHECK(the_finding(loaded, "agreement.contributions").error.line == 68);
}

TEST_CASE("a variation that changes both a contribution and a scheme's budget is refused") {
  const LoadedAgreement loaded = load_varied(R"(scheme = "S05")", "scheme = \"S05\"\npartner = \"county\"");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:235: error: variation V-2025-02 should change either a contribution "
                                 "(partner and arrangement) or a scheme's budget (scheme), not both "
                                 "[agreement.variation]"});
}

TEST_CASE("a variation of a contribution the agreement does not have is refused") {
  const LoadedAgreement loaded = load_varied("partner = \"county\"\narrangement = \"chc-lead\"\n\n",
                                             "partner = \"district\"\narrangement = \"chc-lead\"\n\n");
  CHECK(the_finding(loaded, "agreement.variation").describe() ==
        "test.toml:224: error: variation V-2025-01 changes the cash contribution of district to chc-lead for 2025/26, "
        "which the agreement does not have [agreement.variation]");
}

TEST_CASE("a variation of a scheme's budget for a year the scheme has no budget is refused") {
  const LoadedAgreement loaded =
      load_varied("effective_from = \"2025/26 M07\"\nyear = \"2025/26\"\nchange = \"20000.00\"\nscheme",
                  "effective_from = \"2026/27 M07\"\nyear = \"2026/27\"\nchange = \"20000.00\"\nscheme");
  CHECK(the_finding(loaded, "agreement.variation").describe() ==
        "test.toml:235: error: variation V-2025-02 changes scheme S05's budget for 2026/27, but it has no budget for "
        "that year [agreement.variation]");
}

TEST_CASE("a variation taking effect in a month of another year than the one it changes is refused") {
  const LoadedAgreement loaded =
      load_varied("effective_from = \"2025/26 M07\"\nyear = \"2025/26\"\nchange = \"20000.00\"\nscheme",
                  "effective_from = \"2026/27 M01\"\nyear = \"2025/26\"\nchange = \"20000.00\"\nscheme");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:235: error: variation V-2025-02 changes 2025/26 but takes effect from "
                                 "2026/27 M01, a month of another year [agreement.variation]"});
}

// ---- every problem at once ----

TEST_CASE("several problems in one file are all reported at once, in line order") {
  std::string text = kValid;
  // Made in an order unlike the file's, to show the findings are sorted by line.
  text = varied(text, "effective_from = \"2025/26 M07\"\nyear = \"2025/26\"\nchange = \"20000.00\"\nscheme",
                "effective_from = \"2026/27 M01\"\nyear = \"2025/26\"\nchange = \"20000.00\"\nscheme");
  text = varied(text, R"(amount = "120000.00")", R"(amount = "119999.99")");
  text = varied(text, R"(host = "county")", R"(host = "trust")");
  text = varied(text, "amount = \"1150000.00\"\nform = \"cash\"\nschedule = \"monthly\"\ndue_day = 15",
                "amount = \"1150000.00\"\nform = \"cash\"\nschedule = \"monthly\"\ndue_day = 31");
  text = varied(text, "review_dates = [", "review_date = [");
  text = varied(
      text, kS02Phasing,
      R"(phasing = ["1/12", "1/12", "1/12", "1/12", "1/12", "1/12", "1/12", "1/12", "1/12", "1/12", "1/12", "0"])");
  const LoadedAgreement loaded = load(text);
  CHECK_FALSE(loaded.valid());
  REQUIRE(loaded.agreement.has_value());
  std::vector<std::pair<long, std::string>> lines_and_rules;
  for (const Finding& finding : loaded.findings) lines_and_rules.emplace_back(finding.error.line, finding.error.rule);
  CHECK(lines_and_rules == std::vector<std::pair<long, std::string>>{{12, "agreement.field"},
                                                                     {47, "agreement.host"},
                                                                     {90, "agreement.phasing"},
                                                                     {149, "agreement.schedule"},
                                                                     {172, "agreement.schedule"},
                                                                     {235, "agreement.variation"}});
}

TEST_CASE("rules added after review: due days on dated schedules, aligned commissioners, repeated reserves") {
  const auto describe_all = [](const LoadedAgreement& loaded) {
    std::string out;
    for (const Finding& finding : loaded.findings) out += finding.describe() + "\n";
    return out;
  };
  // Northshire's district-south contribution has schedule "dates"; a due_day there is a mistake.
  std::ifstream in(POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml");
  std::stringstream text;
  text << in.rdbuf();
  std::string northshire = text.str();
  const std::string dated = "schedule = \"dates\"";
  const auto at = northshire.find(dated);
  REQUIRE(at != std::string::npos);
  northshire.replace(at, dated.size(), dated + "\ndue_day = 15");
  CHECK_THAT(describe_all(load_agreement_text(northshire, "n.toml")),
             Catch::Contains("has a due_day, which a \"dates\" schedule does not use") &&
                 Catch::Contains("[agreement.schedule]"));
  northshire = text.str();
  // S21 sits in the aligned mental health budget; a district council has no budget there.
  const auto s21 = northshire.find("id = \"S21\"");
  const auto commissioner = northshire.find("commissioner = \"icb\"", s21);
  REQUIRE(commissioner != std::string::npos);
  northshire.replace(commissioner, std::string_view("commissioner = \"icb\"").size(),
                     "commissioner = \"district-north\"");
  CHECK_THAT(describe_all(load_agreement_text(northshire, "n.toml")),
             Catch::Contains("scheme S21 is commissioned by district-north, which has no aligned budget in "
                             "'mh-aligned' (it is not one of its partners) [agreement.reference]"));
  northshire = text.str();
  const std::string reserve = "[[arrangement.reserve]]\nyear = \"2025/26\"\namount = \"750000.00\"\n";
  const auto reserve_at = northshire.find(reserve);
  REQUIRE(reserve_at != std::string::npos);
  northshire.insert(reserve_at, reserve + "\n");
  CHECK_THAT(describe_all(load_agreement_text(northshire, "n.toml")),
             Catch::Contains("arrangement 'bcf-pool' has a second contingency reserve for 2025/26"));
}

TEST_CASE("an amount above the largest poolbook accepts is refused at its line, before any total overflows") {
  const LoadedAgreement loaded = load_varied("amount = \"1150000.00\"", "amount = \"92233720368547758.07\"");
  const Finding finding = the_finding(loaded, "agreement.money");
  CHECK(finding.describe() ==
        "test.toml:146: error: the contribution of icb to pool for 2025/26: 'amount' is £92,233,720,368,547,758.07, "
        "above the largest amount poolbook accepts (£999,999,999,999.99) [agreement.money]");
  // The largest itself is accepted (the totals then disagree, as they would for any figure).
  const LoadedAgreement largest = load_varied("amount = \"1150000.00\"", "amount = \"999999999999.99\"");
  for (const Finding& other : largest.findings) CHECK(other.error.rule != "agreement.money");
}
