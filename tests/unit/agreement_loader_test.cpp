// Loading an agreement: the loader reads the TOML file that mirrors the signed document
// into the model, remembering lines, and refuses what it cannot read (toml.syntax,
// agreement.field, agreement.money, agreement.date) at the right line, in a sentence a
// finance officer can act on. Each test starts from the small valid Testshire agreement
// (testshire_agreement.hpp) and changes one thing in it.
#include <catch2/catch.hpp>
#include <string>
#include <variant>
#include <vector>

#include "poolbook/contracts/agreement/agreement_check.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/imports/import_profile.hpp"
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
                                 "format does not define; did you mean 'review_dates'? [agreement.field]"});
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
                                   "a month (write it like 2025/26 M06 or 2025-09): '2025/27' is not a financial "
                                   "year like 2025/26: the second year must be the year after the first "
                                   "[agreement.date]"});
  }
}

TEST_CASE("a TOML text too deep or too dotted for the parser is refused at its line before it is parsed") {
  std::string dotted = "# an agreement\nkey";
  for (int i = 0; i < 50'000; ++i) dotted += ".part";
  dotted += " = 1\n";
  const LoadedAgreement agreement = load_agreement_text(dotted, "dotted.toml");
  REQUIRE(agreement.findings.size() == 1);
  CHECK(agreement.findings.front().describe() ==
        "dotted.toml:2: error: a key or table header has more than 32 dotted parts, so it is not read [toml.limits]");
  std::string header = "[a";
  for (int i = 0; i < 50'000; ++i) header += ".b";
  header += "]\n";
  const LoadedProfile profile = load_import_profile_text(header, "header.toml");
  REQUIRE_FALSE(profile.profile);
  CHECK(profile.findings.front().error.rule == "toml.limits");
  const std::string nested = "x = " + std::string(50'000, '[') + std::string(50'000, ']') + "\n";
  CHECK(load_agreement_text(nested, "nested.toml").findings.front().error.message ==
        "arrays or inline tables are nested more than 32 deep, so it is not read");
  // Dots inside strings, comments and numbers are not key parts.
  std::string fine = "# ...................................................\n";
  fine += "title = \"" + std::string(100, '.') + "\"\nshare = 0.5\n";
  for (const Finding& finding : load_agreement_text(fine, "fine.toml").findings)
    CHECK(finding.error.rule != "toml.limits");
}
