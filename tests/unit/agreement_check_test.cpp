// Checking an agreement: the loader reads the TOML file that mirrors the signed document and
// every check rule in docs/agreement-format.md reports its problems at the right line, in a
// sentence a finance officer can act on. Each test starts from one small valid agreement
// (testshire_agreement.hpp) and changes one thing in it. This file: the loader, the file's
// syntax and fields, money, dates, duplicates, references and the term; the rules on
// arrangements and their money are in agreement_check_arrangements_test.cpp.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "poolbook/contracts/agreement/agreement_check.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "testshire_agreement.hpp"

using namespace poolbook::contracts;
using namespace poolbook::testing;
using namespace date::literals;

// ---- the valid agreement and the loader ----

TEST_CASE("a complete agreement whose money balances loads with no findings at all") {
  const LoadedAgreement loaded = load(kValid);
  CHECK(loaded.valid());
  CHECK(loaded.findings.empty());
  CHECK(described(loaded).empty());
}

TEST_CASE("the Northshire example agreement loads with no findings") {
  const LoadedAgreement loaded = load_agreement(POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml");
  CHECK(loaded.valid());
  CHECK(described(loaded).empty());
}

TEST_CASE("the loader reads the agreement's term, partners and arrangements, remembering their lines") {
  const LoadedAgreement loaded = load(kValid);
  REQUIRE(loaded.valid());
  const Agreement& agreement = *loaded.agreement;
  CHECK(agreement.file == "test.toml");
  CHECK(agreement.id == "TST-S75");
  CHECK(agreement.legal_basis == LegalBasis::s75_nhs_act_2006);
  CHECK(agreement.client_groups == std::vector<std::string>{"Older people (aged 65 and over)", "Unpaid carers"});
  CHECK(agreement.start == 2025_y / date::April / 1);
  CHECK(agreement.end == 2026_y / date::March / 31);
  CHECK(agreement.review_dates == std::vector<Date>{2025_y / date::October / 16, 2026_y / date::September / 17});
  REQUIRE(agreement.extensions.size() == 1);
  CHECK(agreement.extensions[0].decision == "HWB-2025-09");
  CHECK(agreement.extensions[0].line == 18);
  // The extension carries the term, and its financial years, on to 31 March 2027.
  CHECK(agreement.effective_end() == 2027_y / date::March / 31);
  CHECK(agreement.years() == std::vector<FinancialYear>{FinancialYear(2025), FinancialYear(2026)});
  CHECK(agreement.contribution_mismatch == MismatchPolicy::error);

  REQUIRE(agreement.partners.size() == 4);
  CHECK(agreement.find_partner("county")->kind == PartnerKind::county_council);
  CHECK(agreement.find_partner("district")->line == 29);
  CHECK(is_nhs_body(agreement.find_partner("icb")->kind));
  CHECK(is_local_authority(agreement.find_partner("district")->kind));
  CHECK_FALSE(is_local_authority(agreement.find_partner("trust")->kind));

  const Arrangement* pool = agreement.find_arrangement("pool");
  REQUIRE(pool != nullptr);
  CHECK(pool->kind == ArrangementKind::pooled_fund);
  CHECK(pool->line == 47);
  CHECK(pool->host == "county");
  CHECK(pool->partners == std::vector<std::string>{"county", "icb", "district"});
  REQUIRE(pool->reserves.size() == 1);
  CHECK(pool->reserves[0].line == 57);
  CHECK(pool->reserve_for(FinancialYear(2025)).to_report() == "£76,250.00");
  CHECK(pool->reserve_for(FinancialYear(2026)).is_zero());
  const Arrangement* lead = agreement.find_arrangement("chc-lead");
  REQUIRE(lead != nullptr);
  CHECK(lead->kind == ArrangementKind::lead_commissioning);
  CHECK(lead->lead == "icb");
  CHECK(lead->delegating == std::vector<std::string>{"county"});
  CHECK(agreement.find_arrangement("mh-aligned")->kind == ArrangementKind::aligned_budget);
}

TEST_CASE("the loader reads schemes, their phasing and budgets, and each contribution's schedule") {
  const LoadedAgreement loaded = load(kValid);
  REQUIRE(loaded.valid());
  const Agreement& agreement = *loaded.agreement;

  const Scheme* s01 = agreement.find_scheme("S01");
  REQUIRE(s01 != nullptr);
  CHECK(s01->line == 77);
  CHECK(s01->phasing.flat);
  CHECK(s01->phasing.weight(1) == Ratio(1, 12));
  CHECK(s01->budget_annual.at(FinancialYear(2025)) == Money::from_pence(123'650'000));
  CHECK(s01->budget_lines.at(FinancialYear(2025)) == 88);
  const Scheme* s02 = agreement.find_scheme("S02");
  REQUIRE(s02 != nullptr);
  CHECK_FALSE(s02->phasing.flat);
  CHECK(s02->phasing.weight(1) == Ratio(3, 40));
  CHECK(s02->phasing.weight(7) == Ratio(1, 10));
  CHECK_FALSE(s02->recurrent);
  CHECK(s02->share_profile == ShareProfile::fixed);

  REQUIRE(agreement.contributions.size() == 8);
  const Contribution& icb_cash = agreement.contributions[0];
  CHECK(icb_cash.line == 142);
  CHECK(icb_cash.schedule == ScheduleKind::monthly);
  CHECK(icb_cash.due_day == 15);
  CHECK(icb_cash.due_rule == DueRule::next_working_day);
  CHECK(icb_cash.amount.to_report() == "£1,150,000.00");
  const Contribution& icb_in_kind = agreement.contributions[1];
  CHECK(icb_in_kind.form == ContributionForm::in_kind);
  CHECK(icb_in_kind.schedule == ScheduleKind::annual);
  CHECK(icb_in_kind.due_rule == DueRule::fixed);
  const Contribution& county = agreement.contributions[2];
  CHECK(county.schedule == ScheduleKind::quarterly);
  CHECK(county.due_day_last);
  CHECK_FALSE(county.due_day.has_value());
  const Contribution& district = agreement.contributions[3];
  CHECK(district.schedule == ScheduleKind::dates);
  REQUIRE(district.instalments.size() == 2);
  CHECK(district.instalments[0].due == 2025_y / date::June / 30);
  CHECK(district.instalments[0].amount.to_report() == "£180,000.00");
  CHECK(district.instalments[1].line == 184);
  const Contribution& aligned = agreement.contributions[4];
  CHECK(aligned.schedule == ScheduleKind::none);
  CHECK_FALSE(aligned.due_day.has_value());
}

TEST_CASE("the loader reads variations and which contribution or scheme budget each one changes") {
  const LoadedAgreement loaded = load(kValid);
  REQUIRE(loaded.valid());
  const Agreement& agreement = *loaded.agreement;
  REQUIRE(agreement.variations.size() == 2);
  const Variation& to_contribution = agreement.variations[0];
  CHECK(to_contribution.id == "V-2025-01");
  CHECK(to_contribution.line == 224);
  CHECK(to_contribution.agreed_on == 2025_y / date::September / 18);
  CHECK(to_contribution.effective_from.to_string() == "2025/26 M07");
  CHECK(to_contribution.year == FinancialYear(2025));
  CHECK(to_contribution.change.to_report() == "£20,000.00");
  const auto* contribution = std::get_if<ContributionTarget>(&to_contribution.target);
  REQUIRE(contribution != nullptr);
  CHECK(contribution->partner == "county");
  CHECK(contribution->arrangement == "chc-lead");
  CHECK(contribution->form == ContributionForm::cash);
  const auto* budget = std::get_if<BudgetTarget>(&agreement.variations[1].target);
  REQUIRE(budget != nullptr);
  CHECK(budget->scheme == "S05");
}

TEST_CASE("a file that cannot be read is refused without an agreement") {
  const LoadedAgreement loaded = load_agreement(POOLBOOK_FIXTURES_DIR "/no-such-area/agreement.toml");
  CHECK_FALSE(loaded.valid());
  CHECK_FALSE(loaded.agreement.has_value());
  REQUIRE(loaded.findings.size() == 1);
  CHECK(loaded.findings[0].error.rule == "file.read");
  CHECK_THAT(loaded.findings[0].error.message, Catch::StartsWith("cannot read the agreement: "));
}

// ---- toml.syntax ----

TEST_CASE("a file that is not TOML is refused at the line of the mistake, with no agreement") {
  const LoadedAgreement loaded =
      load_varied(R"(title = "Testshire Section 75)", R"(title = Testshire Section 75 Partnership")");
  CHECK_FALSE(loaded.valid());
  CHECK_FALSE(loaded.agreement.has_value());
  REQUIRE(loaded.findings.size() == 1);
  const Finding& finding = loaded.findings[0];
  CHECK(finding.severity == Severity::error);
  CHECK(finding.error.rule == "toml.syntax");
  CHECK(finding.error.file == "test.toml");
  CHECK(finding.error.line == 3);
  CHECK_THAT(finding.describe(), Catch::StartsWith("test.toml:3: error: ") && Catch::EndsWith(" [toml.syntax]"));
}

// ---- agreement.field ----

TEST_CASE("a missing required key is reported at the table that lacks it") {
  const LoadedAgreement loaded =
      load_varied(R"x(title = "Testshire Section 75 Partnership Agreement (2025-2027)")x", "# the title was lost");
  CHECK_FALSE(loaded.valid());
  REQUIRE(loaded.findings.size() == 1);
  CHECK(loaded.findings[0].error.rule == "agreement.field");
  CHECK(loaded.findings[0].error.line == 1);
  CHECK(loaded.findings[0].describe() == "test.toml:1: error: [agreement] has no 'title' [agreement.field]");
}

TEST_CASE("a pooled fund must name its host") {
  const LoadedAgreement loaded = load_varied(R"(host = "county")", "# host to be agreed");
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:47: error: arrangement 'pool' has no 'host' [agreement.field]"});
}

TEST_CASE("an unknown key, such as a typo, is reported rather than silently dropping a term") {
  const LoadedAgreement loaded = load_varied("review_dates = [", "review_date = [");
  CHECK_FALSE(loaded.valid());
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:12: error: [agreement] has a key 'review_date' that the agreement "
                                 "format does not define [agreement.field]"});
}

TEST_CASE("a value of the wrong type is reported") {
  SECTION("a flag written as text") {
    const LoadedAgreement loaded = load_varied("recurrent = false", R"(recurrent = "no")");
    CHECK(described(loaded) ==
          std::vector<std::string>{"test.toml:99: error: scheme S02: 'recurrent' should be true or false "
                                   "[agreement.field]"});
  }
  SECTION("a list written as a single text") {
    const LoadedAgreement loaded = load_varied(R"(aims = ["Help people live independently at home for longer"])",
                                               R"(aims = "Help people live independently at home for longer")");
    CHECK(described(loaded) ==
          std::vector<std::string>{"test.toml:5: error: [agreement]: 'aims' should be a list of text, e.g. "
                                   "[\"...\"] [agreement.field]"});
  }
  SECTION("an identifier written as a number") {
    const LoadedAgreement loaded = load_varied(R"(id = "TST-S75")", "id = 75");
    CHECK(described(loaded) ==
          std::vector<std::string>{"test.toml:2: error: [agreement]: 'id' should be text in quotes [agreement.field]"});
  }
}

TEST_CASE("an unknown enumerated word is reported with the words allowed") {
  SECTION("an arrangement kind") {
    const LoadedAgreement loaded = load_varied(R"(kind = "pooled-fund")", R"(kind = "pooled-funds")");
    CHECK(described(loaded) ==
          std::vector<std::string>{"test.toml:50: error: arrangement 'pool': 'kind' is 'pooled-funds', which is not "
                                   "one of: pooled-fund, aligned-budget, lead-commissioning, integrated-provision "
                                   "[agreement.field]"});
  }
  SECTION("a contribution's schedule") {
    const LoadedAgreement loaded = load_varied(R"(schedule = "annual")", R"(schedule = "yearly")");
    CHECK(described(loaded) ==
          std::vector<std::string>{"test.toml:158: error: the contribution of icb to pool for 2025/26: 'schedule' is "
                                   "'yearly', which is not one of: monthly, quarterly, annual, dates, none "
                                   "[agreement.field]"});
  }
}

// ---- agreement.money ----
// A money field that cannot be read leaves its amount out, so the balance checks report a
// knock-on difference too; these tests look at the money finding itself.

TEST_CASE("money written as a TOML float is refused: a float cannot hold pence exactly") {
  const LoadedAgreement loaded = load_varied(R"(amount = "76250.00")", "amount = 76250.00");
  CHECK_FALSE(loaded.valid());
  const Finding finding = the_finding(loaded, "agreement.money");
  CHECK(finding.error.line == 59);
  CHECK(finding.describe() ==
        "test.toml:59: error: arrangement 'pool' reserve: 'amount' is written as a number; write money as a decimal "
        "string such as \"1250000.00\" [agreement.money]");
}

TEST_CASE("money written as a TOML integer is refused: it could be pounds or pence") {
  const LoadedAgreement loaded =
      load_varied(R"(budget = { "2025/26" = "905000.00" })", R"(budget = { "2025/26" = 905000 })");
  CHECK_FALSE(loaded.valid());
  CHECK(the_finding(loaded, "agreement.money").describe() ==
        "test.toml:140: error: scheme S05: budget for 2025/26 is written as a number; write money as a decimal "
        "string such as \"1250000.00\" [agreement.money]");
}

TEST_CASE("money that does not parse, such as the European 1.234,56, is refused with the reason") {
  const LoadedAgreement loaded = load_varied(R"(amount = "180000.00")", R"(amount = "1.234,56")");
  CHECK_FALSE(loaded.valid());
  const Finding finding = the_finding(loaded, "agreement.money");
  CHECK(finding.error.line == 182);
  CHECK(finding.describe() ==
        "test.toml:182: error: the contribution of district to pool for 2025/26 instalment: 'amount': '1.234,56' is "
        "not an amount of money: a comma after the decimal point looks like European format (1.234,56), which is "
        "not accepted [agreement.money]");
}

// ---- agreement.date ----

TEST_CASE("a date in quotes is refused: dates are TOML dates") {
  const LoadedAgreement loaded = load_varied("start = 2025-04-01", R"(start = "2025-04-01")");
  CHECK_FALSE(loaded.valid());
  CHECK(described(loaded) ==
        std::vector<std::string>{"test.toml:10: error: [agreement]: 'start' should be a date written like 2025-04-01 "
                                 "(without quotes) [agreement.date]"});
}

TEST_CASE("a financial year whose halves do not follow on, such as 2025/27, is refused") {
  SECTION("as a contingency reserve's year") {
    const LoadedAgreement loaded =
        load_varied("year = \"2025/26\"\namount = \"76250.00\"", "year = \"2025/27\"\namount = \"76250.00\"");
    CHECK_FALSE(loaded.valid());
    CHECK(the_finding(loaded, "agreement.date").describe() ==
          "test.toml:58: error: arrangement 'pool' reserve: '2025/27' is not a financial year (write it like "
          "2025/26): the second year must be the year after the first [agreement.date]");
  }
  SECTION("in a variation's effective month") {
    const LoadedAgreement loaded = load_varied(
        "effective_from = \"2025/26 M07\"\nyear = \"2025/26\"\nchange = "
        "\"20000.00\"\nscheme",
        "effective_from = \"2025/27 M07\"\nyear = \"2025/26\"\nchange = "
        "\"20000.00\"\nscheme");
    CHECK(described(loaded) ==
          std::vector<std::string>{"test.toml:240: error: variation V-2025-02: 'effective_from' '2025/27 M07' is not "
                                   "a financial year (write it like 2025/26): the second year must be the year "
                                   "after the first [agreement.date]"});
  }
}

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
