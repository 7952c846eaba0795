// Checking an agreement's structure: ids used once (agreement.duplicate), references to
// what the agreement has (agreement.reference), the term (agreement.term), functions that
// may not be pooled (agreement.excluded-function), hosts and leads (agreement.host) and a
// pooled fund's partners (agreement.pool-partners). Each test starts from the small valid
// Testshire agreement (testshire_agreement.hpp) and changes one thing in it.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "poolbook/contracts/agreement/agreement_check.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/agreement/board_share.hpp"
#include "testshire_agreement.hpp"

using namespace poolbook::contracts;
using namespace poolbook::testing;
using namespace date::literals;

// ---- agreement.duplicate ----

TEST_CASE("a partner id used twice is refused, pointing back at the first") {
  const LoadedAgreement loaded = load_varied(R"(id = "trust")", R"(id = "county")");
  CHECK(described(loaded) ==
        std::vector<std::string>{
            "test.toml:41: error: partner 'county' is defined again (first at line 23) [agreement.duplicate]"});
}

TEST_CASE("a scheme id used twice is refused, pointing back at the first") {
  const LoadedAgreement loaded = load_varied(R"(id = "S04")", R"(id = "S03")");
  CHECK(described(loaded) ==
        std::vector<std::string>{
            "test.toml:116: error: scheme 'S03' is defined again (first at line 103) [agreement.duplicate]"});
}

TEST_CASE("a second cash contribution of a partner to an arrangement for the same year is refused") {
  const LoadedAgreement loaded = load_varied(R"(form = "in-kind")", R"(form = "cash")");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:152: error: the cash contribution of icb to pool for 2025/26 is defined "
                                 "again (first at line 142) [agreement.duplicate]"});
}

TEST_CASE("a partner may give one cash and one in-kind contribution to the same arrangement for a year") {
  const LoadedAgreement loaded = load(kValid);
  REQUIRE(loaded.valid());
  std::vector<ContributionForm> forms;
  for (const Contribution* contribution : loaded.agreement->contributions_of("icb", FinancialYear(2025)))
    if (contribution->arrangement == "pool") forms.push_back(contribution->form);
  CHECK(forms == std::vector<ContributionForm>{ContributionForm::cash, ContributionForm::in_kind});
  CHECK(loaded.findings.empty());
}

// ---- agreement.reference ----

TEST_CASE("an arrangement naming a partner the agreement does not have is refused") {
  const LoadedAgreement loaded = load_varied(R"(partners = ["county", "icb", "district"])",
                                             R"(partners = ["county", "icb", "district", "hospice"])");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:47: error: arrangement 'pool' names partner 'hospice', which is not a "
                                 "partner of the agreement [agreement.reference]"});
}

TEST_CASE("a scheme charged to an arrangement that does not exist is refused") {
  const LoadedAgreement loaded =
      load_varied("arrangement = \"pool\"\ncommissioner = \"icb\"", "arrangement = \"bcf\"\ncommissioner = \"icb\"");
  CHECK(the_finding(loaded, "agreement.reference").describe() ==
        "test.toml:77: error: scheme S01 is charged to arrangement 'bcf', which does not exist [agreement.reference]");
  // The pooled fund has lost S01's budget, so its contributions no longer match.
  CHECK(the_finding(loaded, "agreement.contributions").error.line == 47);
}

TEST_CASE("a scheme commissioned by a partner the agreement does not have is refused") {
  const LoadedAgreement loaded =
      load_varied("arrangement = \"pool\"\ncommissioner = \"icb\"", "arrangement = \"pool\"\ncommissioner = \"nhse\"");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:77: error: scheme S01 (commissioner) names partner 'nhse', which is not a "
                                 "partner of the agreement [agreement.reference]"});
}

TEST_CASE("a contribution by a partner who is not in the arrangement is refused") {
  const LoadedAgreement loaded =
      load_varied("partner = \"icb\"\narrangement = \"pool\"\nyear = \"2025/26\"\namount = \"48600.00\"",
                  "partner = \"trust\"\narrangement = \"pool\"\nyear = \"2025/26\"\namount = \"48600.00\"");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:152: error: the contribution of trust to pool: trust is not one of the "
                                 "arrangement's partners [agreement.reference]"});
}

TEST_CASE("a variation of a scheme that does not exist is refused") {
  const LoadedAgreement loaded = load_varied(R"(scheme = "S05")", R"(scheme = "S09")");
  CHECK(the_finding(loaded, "agreement.reference").describe() ==
        "test.toml:235: error: variation V-2025-02 changes scheme S09's budget, but there is no such scheme "
        "[agreement.reference]");
}

// ---- agreement.term ----

TEST_CASE("an agreement that ends before it starts is refused") {
  const LoadedAgreement loaded = load_varied("end = 2026-03-31", "end = 2024-03-31");
  CHECK(described(loaded) ==
        std::vector<std::string>{
            "test.toml:1: error: the agreement ends (2024-03-31) before it starts (2025-04-01) [agreement.term]",
            "test.toml:18: error: the extension granted by HWB-2025-09 was granted on 2025-12-11, outside the term it "
            "extends (2025-04-01 to 2024-03-31) [agreement.term]"});
}

TEST_CASE("a review date outside the extended term is refused") {
  const LoadedAgreement loaded = load_varied("2026-09-17]", "2027-06-17]");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:1: error: a review date (2027-06-17) is outside the term of the agreement "
                                 "(2025-04-01 to 2027-03-31) [agreement.term]"});
}

TEST_CASE("an extension that does not extend the term is refused") {
  const LoadedAgreement loaded = load_varied("new_end = 2027-03-31", "new_end = 2026-03-31");
  // Without a real extension the second review date falls outside the term as well.
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:1: error: a review date (2026-09-17) is outside the term of the agreement "
                                 "(2025-04-01 to 2026-03-31) [agreement.term]",
                                 "test.toml:18: error: the extension granted by HWB-2025-09 ends on 2026-03-31, which "
                                 "does not extend the term beyond 2026-03-31 [agreement.term]"});
}

TEST_CASE("a variation agreed outside the term is refused") {
  const LoadedAgreement loaded =
      load_varied("id = \"V-2025-01\"\nagreed_on = 2025-09-18", "id = \"V-2025-01\"\nagreed_on = 2025-03-20");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:224: error: variation V-2025-01 was agreed on a date that (2025-03-20) is "
                                 "outside the term of the agreement (2025-04-01 to 2027-03-31) [agreement.term]"});
}

TEST_CASE("an explicit instalment due outside its contribution's financial year is refused") {
  const LoadedAgreement loaded = load_varied("due = 2025-12-15", "due = 2026-04-15");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:184: error: an instalment of the contribution of district to pool for "
                                 "2025/26 falls due on 2026-04-15, outside that financial year [agreement.term]"});
}

TEST_CASE("a scheme budget for a year outside the term is refused") {
  const LoadedAgreement loaded = load_varied(R"(budget = { "2025/26" = "1236500.00" })",
                                             R"(budget = { "2025/26" = "1236500.00", "2027/28" = "1273595.00" })");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:88: error: scheme S01's budget is for 2027/28, outside the term of the "
                                 "agreement (2025-04-01 to 2027-03-31) [agreement.term]",
                                 "test.toml:88: error: scheme S01 is charged to arrangement 'pool', which has no "
                                 "budget for 2027/28 [agreement.no-budget]"});
}

TEST_CASE("an extension brings later years, review dates and budgets into the term") {
  const std::string budget_2027 = varied(kValid, R"(budget = { "2025/26" = "1236500.00" })",
                                         R"(budget = { "2025/26" = "1236500.00", "2027/28" = "1273595.00" })");
  // Extended for a further year, 2027/28 is inside the term; only the missing money remains.
  const LoadedAgreement extended = load(varied(budget_2027, "new_end = 2027-03-31", "new_end = 2028-03-31"));
  CHECK(described(extended) ==
        std::vector<std::string>{"test.toml:88: error: scheme S01 is charged to arrangement 'pool', which has no "
                                 "budget for 2027/28 [agreement.no-budget]"});
  REQUIRE(extended.agreement.has_value());
  CHECK(extended.agreement->years().size() == 3);

  // Without the extension the 2026/27 review date (line 12) falls outside the one-year term.
  const LoadedAgreement unextended = load_varied(
      "[[agreement.extension]]   # line 18\ngranted_on = 2025-12-11\ndecision = \"HWB-2025-09\"\nnew_end = "
      "2027-03-31",
      "#\n# not extended\n#\n#");
  CHECK(described(unextended) ==
        std::vector<std::string>{"test.toml:1: error: a review date (2026-09-17) is outside the term of the agreement "
                                 "(2025-04-01 to 2026-03-31) [agreement.term]"});
}

// ---- agreement.excluded-function ----

TEST_CASE("an arrangement covering an NHS function that may not be pooled or delegated is refused") {
  const auto [function, excluded] = GENERATE(table<std::string, std::string>({
      {"Day-case surgery", "surgery"},
      {"Radiotherapy for people with cancer", "radiotherapy"},
      {"Termination of pregnancy services", "termination of pregnancy"},
      {"Diagnostic endoscopy", "endoscopy"},
      {"Class 4 laser treatment of the skin", "Class 4 laser treatment"},
      {"Other invasive treatments", "invasive treatment"},
      {"Emergency ambulance services", "emergency ambulance services"},
      // Typed to get past the check: words in another order, hyphens, a Cyrillic E (U+0415).
      {"Ambulance services (emergency)", "emergency ambulance services"},
      {"Termination-of-pregnancy services", "termination of pregnancy"},
      {"\u0415ndoscopy", "endoscopy"},
  }));
  const LoadedAgreement loaded = load_varied("\"Community health services\"", "\"" + function + "\"");
  CHECK_FALSE(loaded.valid());
  CHECK(
      described(loaded) ==
      std::vector<std::string>{"test.toml:54: error: arrangement 'pool' covers '" + function + "': " + excluded +
                               " is an NHS function that may not be pooled or delegated under the Partnership "
                               "Arrangements Regulations, so the agreement is invalid [agreement.excluded-function]"});
}

TEST_CASE("an excluded function is reported at its own line, in any kind of arrangement") {
  const LoadedAgreement loaded =
      load_varied(R"(nhs_functions = ["NHS continuing healthcare"])",
                  "nhs_functions = [\n  \"NHS continuing healthcare\",\n  \"Endoscopy\",\n]");
  // The list now spans lines 75 to 78; "Endoscopy" is on line 77.
  CHECK(the_finding(loaded, "agreement.excluded-function").describe() ==
        "test.toml:77: error: arrangement 'chc-lead' covers 'Endoscopy': endoscopy is an NHS function that may not be "
        "pooled or delegated under the Partnership Arrangements Regulations, so the agreement is invalid "
        "[agreement.excluded-function]");
}

TEST_CASE("excluded functions are recognised by their usual words, and ordinary functions are not") {
  CHECK(excluded_function_in("Community nursing").empty());
  CHECK(excluded_function_in("Minor procedures in GP surgeries and GP surgery-based clinics").empty());
  CHECK(excluded_function_in("Day surgery") == "surgery");
  CHECK(excluded_function_in("Intermediate care and reablement").empty());
  CHECK(excluded_function_in("NHS continuing healthcare").empty());
  CHECK(excluded_function_in("Orthopaedic SURGERY") == "surgery");
  CHECK(excluded_function_in("Surgical pre-assessment") == "surgery");
  CHECK(excluded_function_in("Abortion services") == "termination of pregnancy");
  CHECK(excluded_function_in("Endoscopic procedures") == "endoscopy");
  CHECK(excluded_function_in("Class IV laser therapy") == "Class 4 laser treatment");
  CHECK(excluded_function_in("Invasive procedures in clinic") == "invasive treatment");
  CHECK(excluded_function_in("Emergency ambulance response") == "emergency ambulance services");
  // "Non-" names the functions that may be pooled.
  CHECK(excluded_function_in("Non-emergency ambulance services (patient transport)").empty());
  CHECK(excluded_function_in("Non-surgical musculoskeletal services").empty());
  CHECK(excluded_function_in("Non-invasive treatment of pressure ulcers").empty());
  CHECK(excluded_function_in("Non-surgical triage, then day-case surgery") == "surgery");
}

// ---- agreement.host ----

TEST_CASE("a pooled fund hosted by someone who is not its partner is refused") {
  const LoadedAgreement loaded = load_varied(R"(host = "county")", R"(host = "trust")");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:47: error: arrangement 'pool' is hosted by 'trust', which is not one of "
                                 "its partners [agreement.host]"});
}

TEST_CASE("a lead commissioner who is not a partner of the arrangement is refused") {
  const LoadedAgreement loaded = load_varied(R"(lead = "icb")", R"(lead = "trust")");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:68: error: arrangement 'chc-lead' is led by 'trust', which is not one of "
                                 "its partners [agreement.host]"});
}

TEST_CASE("a delegating partner must be in the arrangement, and the lead cannot delegate to itself") {
  SECTION("a delegating partner outside the arrangement") {
    const LoadedAgreement loaded = load_varied(R"(delegating = ["county"])", R"(delegating = ["district"])");
    CHECK(described(loaded) ==
          std::vector<std::string>{"test.toml:68: error: arrangement 'chc-lead' has 'district' delegating to the "
                                   "lead, but it is not one of its partners [agreement.host]"});
  }
  SECTION("the lead delegating to itself") {
    const LoadedAgreement loaded = load_varied(R"(delegating = ["county"])", R"(delegating = ["icb"])");
    CHECK(
        described(loaded) ==
        std::vector<std::string>{
            "test.toml:68: error: arrangement 'chc-lead': the lead 'icb' cannot delegate to itself [agreement.host]"});
  }
}

// ---- agreement.pool-partners ----

TEST_CASE("a pooled fund with no NHS body among its partners is refused") {
  const LoadedAgreement loaded = load_varied(R"(kind = "icb")", R"(kind = "gp-collaborative")");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:47: error: pooled fund 'pool' has no NHS body among its partners; a "
                                 "Section 75 pooled fund needs at least one NHS body and one local authority "
                                 "[agreement.pool-partners]"});
}

TEST_CASE("a pooled fund with no local authority among its partners is refused") {
  const LoadedAgreement loaded = load(varied(varied(kValid, R"(kind = "county-council")", R"(kind = "vcse")"),
                                             R"(kind = "district-council")", R"(kind = "gp-collaborative")"));
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:47: error: pooled fund 'pool' has no local authority among its partners; "
                                 "a Section 75 pooled fund needs at least one NHS body and one local authority "
                                 "[agreement.pool-partners]"});
}

// ---- agreement.board-share ----

namespace {

constexpr std::string_view kOneBoard = R"(health_and_wellbeing_boards = ["Testshire Health and Wellbeing Board"])";

// The agreement reporting to two boards, with the shares given (lines 10 onward).
LoadedAgreement two_boards(const std::string& shares) {
  return load_varied(kOneBoard,
                     "health_and_wellbeing_boards = [\"North HWB\", \"South HWB\"]\nboard_share = [\n" + shares + "]");
}

}  // namespace

TEST_CASE("two boards whose shares add up to 100% and own different schemes and partners are accepted") {
  const LoadedAgreement loaded = two_boards(
      "  { board = \"North HWB\", share = \"55%\", schemes = [\"S01\"] },\n"
      "  { board = \"South HWB\", share = \"45%\", partners = [\"district\"], schemes = [\"S02\"] },\n");
  REQUIRE(loaded.valid());
  CHECK(loaded.findings.empty());
  REQUIRE(loaded.agreement->board_shares.size() == 2);
  CHECK(loaded.agreement->board_shares[1].share == Ratio(9, 20));
  CHECK(loaded.agreement->board_shares[1].partners == std::vector<std::string>{"district"});
}

TEST_CASE("two boards' shares that do not add up to 100% are refused at the first share") {
  const LoadedAgreement loaded = two_boards(
      "  { board = \"North HWB\", share = \"55%\" },\n"
      "  { board = \"South HWB\", share = \"35%\" },\n");
  CHECK(described(loaded) ==
        std::vector<std::string>{
            "test.toml:11: error: the boards' shares add up to 90%, not 100% [agreement.board-share]"});
}

TEST_CASE("a board with no share, a share of a board not named, and a share above 100% are refused") {
  CHECK(described(two_boards("  { board = \"North HWB\", share = \"100%\" },\n")) ==
        std::vector<std::string>{"test.toml:1: error: [agreement]: the agreement reports to 2 Health and Wellbeing "
                                 "Boards, and 'South HWB' has no [[agreement.board_share]] saying what of the pool is "
                                 "its own [agreement.board-share]"});
  CHECK(the_finding(two_boards("  { board = \"North HWB\", share = \"60%\" },\n"
                               "  { board = \"South HWB\", share = \"40%\" },\n"
                               "  { board = \"East HWB\", share = \"0%\" },\n"),
                    "agreement.board-share")
            .describe() ==
        "test.toml:13: error: the share of 'East HWB': 'East HWB' is not one of health_and_wellbeing_boards "
        "[agreement.board-share]");
  CHECK(
      described(two_boards("  { board = \"North HWB\", share = \"120%\" },\n"
                           "  { board = \"South HWB\", share = \"-20%\" },\n")) ==
      std::vector<std::string>{
          "test.toml:11: error: the share of 'North HWB' is 120%; a share is from 0% to 100% [agreement.board-share]",
          "test.toml:12: error: the share of 'South HWB' is -20%; a share is from 0% to 100% [agreement.board-share]"});
}

TEST_CASE("a scheme wholly two boards' and a partner the agreement does not have are refused") {
  const LoadedAgreement loaded = two_boards(
      "  { board = \"North HWB\", share = \"50%\", schemes = [\"S01\"] },\n"
      "  { board = \"South HWB\", share = \"50%\", schemes = [\"S01\"], partners = [\"hospice\"] },\n");
  CHECK(described(loaded) ==
        std::vector<std::string>{
            "test.toml:12: error: the share of 'South HWB' names partner 'hospice', which does not exist "
            "[agreement.reference]",
            "test.toml:12: error: the share of 'South HWB' names scheme 'S01', already wholly 'North HWB''s (line 11); "
            "it can be one board's only [agreement.board-share]"});
}

TEST_CASE("one board's share, if given, is all of the pool") {
  CHECK(described(load_varied(kOneBoard, std::string(kOneBoard) +
                                             "\nboard_share = [{ board = \"Testshire Health and Wellbeing Board\", "
                                             "share = \"80%\" }]")) ==
        std::vector<std::string>{"test.toml:10: error: the agreement reports to one board, whose share is all of the "
                                 "pool: 100%, not 80% [agreement.board-share]"});
}

TEST_CASE("a board named twice is refused") {
  CHECK(the_finding(load_varied(kOneBoard, R"(health_and_wellbeing_boards = ["North HWB", "North HWB"])"),
                    "agreement.duplicate")
            .describe() ==
        "test.toml:1: error: [agreement]: the board 'North HWB' is named twice [agreement.duplicate]");
}

TEST_CASE("two boards whose names make the same file name are refused, since one pack would overwrite the other") {
  const LoadedAgreement loaded =
      load_varied(kOneBoard,
                  "health_and_wellbeing_boards = [\"North HWB\", \"NORTH  hwb!\"]\nboard_share = [\n"
                  "  { board = \"North HWB\", share = \"50%\" },\n  { board = \"NORTH  hwb!\", share = \"50%\" },\n]");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:1: error: [agreement]: the boards 'North HWB' and 'NORTH  hwb!' would both "
                                 "name their packs 'north-hwb' (a file name keeps letters and digits only): name them "
                                 "so they differ [agreement.board-share]"});
  CHECK(board_file_word("Southvale Health and Wellbeing Board") == "southvale-health-and-wellbeing-board");
  CHECK(board_file_word("../../etc/passwd") == "etc-passwd");
  CHECK(board_file_word("Ynys Môn") == "ynys-m-n");
  CHECK(board_file_word("été") == "t");
  CHECK(board_file_word("ééé") == "board");
  CHECK(board_file_word(std::string(400, 'a')).size() == kMaxBoardWordLength);
}
