// Checking an agreement: the loader reads the TOML file that mirrors the signed document and
// every check rule in docs/agreement-format.md reports its problems at the right line, in a
// sentence a finance officer can act on. Each test starts from one small valid agreement and
// changes one thing in it.
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

using namespace poolbook::contracts;
using namespace date::literals;

namespace {

// A small but complete Section 75 agreement for "Testshire": a county council, a district
// council, an ICB and an NHS trust; a pooled fund with a contingency reserve, an aligned
// budget and a lead commissioning arrangement; five schemes; contributions on every kind of
// schedule; one balanced pair of variations. The term is one year, extended by a second.
// Line numbers matter to the tests, so each table notes its line.
//
// The money balances:
//   pool 2025/26:       S01 1,236,500.00 + S02 587,250.00 + reserve 76,250.00 = 1,900,000.00
//                       = icb 1,150,000.00 cash + 48,600.00 in kind + county 401,400.00
//                         + district 300,000.00 (180,000.00 in June, 120,000.00 in December)
//   mh-aligned 2025/26: icb 312,400.00 = S03; county 148,250.50 = S04
//   chc-lead 2025/26:   icb 700,000.00 + county 205,000.00 + V-2025-01 20,000.00
//                       = S05 905,000.00 + V-2025-02 20,000.00
const std::string kValid = R"toml([agreement]               # line 1
id = "TST-S75"
title = "Testshire Section 75 Partnership Agreement (2025-2027)"
legal_basis = "s75-nhs-act-2006"
aims = ["Help people live independently at home for longer"]
outcomes = ["Fewer emergency admissions for people aged 65 and over"]
client_groups = ["Older people (aged 65 and over)", "Unpaid carers"]
areas_served = ["Testshire County Council area"]
health_and_wellbeing_boards = ["Testshire Health and Wellbeing Board"]
start = 2025-04-01
end = 2026-03-31
review_dates = [2025-10-16, 2026-09-17]
variation_provisions = "Clause 6 (Variation)"
termination_provisions = "Clause 22 (Termination)"
dispute_procedure = "Clause 25 (Dispute resolution)"
contribution_mismatch = "error"

[[agreement.extension]]   # line 18
granted_on = 2025-12-11
decision = "HWB-2025-09"
new_end = 2027-03-31

[[partner]]               # line 23
id = "county"
name = "Testshire County Council"
kind = "county-council"
roles = ["host", "commissioner"]

[[partner]]               # line 29
id = "district"
name = "Testvale District Council"
kind = "district-council"
roles = ["housing authority"]

[[partner]]               # line 35
id = "icb"
name = "NHS Testshire Integrated Care Board"
kind = "icb"
roles = ["commissioner", "lead commissioner"]

[[partner]]               # line 41
id = "trust"
name = "Testshire Community Health NHS Trust"
kind = "nhs-trust"
roles = ["provider"]

[[arrangement]]           # line 47
id = "pool"
name = "Testshire Better Care Fund pooled fund"
kind = "pooled-fund"
partners = ["county", "icb", "district"]
host = "county"
pool_manager = "Head of Integrated Commissioning"
nhs_functions = ["Community health services", "Intermediate care and reablement"]
health_related_functions = ["Care and support under the Care Act 2014", "Disabled facilities grants"]

[[arrangement.reserve]]   # line 57
year = "2025/26"
amount = "76250.00"

[[arrangement]]           # line 61
id = "mh-aligned"
name = "Adult mental health aligned budgets"
kind = "aligned-budget"
partners = ["county", "icb"]
nhs_functions = ["Community mental health services for adults"]

[[arrangement]]           # line 68
id = "chc-lead"
name = "Continuing healthcare lead commissioning"
kind = "lead-commissioning"
partners = ["icb", "county"]
lead = "icb"
delegating = ["county"]
nhs_functions = ["NHS continuing healthcare"]

[[scheme]]                # line 77
id = "S01"
name = "Urgent community response"
type = "community-based-schemes"
arrangement = "pool"
commissioner = "icb"
provider = "trust"
funding_source = "nhs-minimum"
share_profile = "variable"
recurrent = true
phasing = "flat"
budget = { "2025/26" = "1236500.00" }

[[scheme]]                # line 90
id = "S02"
name = "Winter home care capacity"
type = "home-care"
arrangement = "pool"
commissioner = "county"
provider = "Testshire Home Support Ltd"
funding_source = "discharge"
share_profile = "fixed"
recurrent = false
phasing = ["7.5%", "7.5%", "7.5%", "7.5%", "7.5%", "7.5%", "10%", "10%", "10%", "10%", "7.5%", "7.5%"]
budget = { "2025/26" = "587250.00" }

[[scheme]]                # line 103
id = "S03"
name = "Community mental health teams"
type = "community-based-schemes"
arrangement = "mh-aligned"
commissioner = "icb"
provider = "trust"
funding_source = "additional-nhs"
share_profile = "fixed"
recurrent = true
phasing = "flat"
budget = { "2025/26" = "312400.00" }

[[scheme]]                # line 116
id = "S04"
name = "Mental health supported accommodation"
type = "housing-related-schemes"
arrangement = "mh-aligned"
commissioner = "county"
provider = "Testshire Housing Association"
funding_source = "additional-la"
share_profile = "fixed"
recurrent = true
phasing = "flat"
budget = { "2025/26" = "148250.50" }

[[scheme]]                # line 129
id = "S05"
name = "Continuing healthcare and joint-funded placements"
type = "residential-placements"
arrangement = "chc-lead"
commissioner = "icb"
provider = "Testshire care home framework providers"
funding_source = "other"
share_profile = "variable"
recurrent = true
phasing = "flat"
budget = { "2025/26" = "905000.00" }

[[contribution]]          # line 142
partner = "icb"
arrangement = "pool"
year = "2025/26"
amount = "1150000.00"
form = "cash"
schedule = "monthly"
due_day = 15
due_rule = "next-working-day"

[[contribution]]          # line 152
partner = "icb"
arrangement = "pool"
year = "2025/26"
amount = "48600.00"
form = "in-kind"
schedule = "annual"
due_day = 1
due_rule = "fixed"

[[contribution]]          # line 162
partner = "county"
arrangement = "pool"
year = "2025/26"
amount = "401400.00"
form = "cash"
schedule = "quarterly"
due_day = "last"
due_rule = "fixed"

[[contribution]]          # line 172
partner = "district"
arrangement = "pool"
year = "2025/26"
amount = "300000.00"
form = "cash"
schedule = "dates"

[[contribution.instalment]] # line 180
due = 2025-06-30
amount = "180000.00"

[[contribution.instalment]] # line 184
due = 2025-12-15
amount = "120000.00"

[[contribution]]          # line 188
partner = "icb"
arrangement = "mh-aligned"
year = "2025/26"
amount = "312400.00"
form = "cash"
schedule = "none"

[[contribution]]          # line 196
partner = "county"
arrangement = "mh-aligned"
year = "2025/26"
amount = "148250.50"
form = "cash"
schedule = "none"

[[contribution]]          # line 204
partner = "icb"
arrangement = "chc-lead"
year = "2025/26"
amount = "700000.00"
form = "cash"
schedule = "monthly"
due_day = 15
due_rule = "next-working-day"

[[contribution]]          # line 214
partner = "county"
arrangement = "chc-lead"
year = "2025/26"
amount = "205000.00"
form = "cash"
schedule = "quarterly"
due_day = 1
due_rule = "next-working-day"

[[variation]]             # line 224
id = "V-2025-01"
agreed_on = 2025-09-18
signed_off_by = "Testshire Joint Commissioning Board"
decision = "TJCB-2025-14"
effective_from = "2025/26 M07"
year = "2025/26"
change = "20000.00"
partner = "county"
arrangement = "chc-lead"

[[variation]]             # line 235
id = "V-2025-02"
agreed_on = 2025-09-18
signed_off_by = "Testshire Joint Commissioning Board"
decision = "TJCB-2025-14"
effective_from = "2025/26 M07"
year = "2025/26"
change = "20000.00"
scheme = "S05"

[[dispute_step]]          # line 245
level = "officers"
name = "Testshire officers meet"
working_days = 10

[[dispute_step]]
level = "mediation"
name = "Testshire mediation"
working_days = 30
)toml";

LoadedAgreement load(const std::string& text) { return load_agreement_text(text, "test.toml"); }

// The text with one exact piece replaced; the piece must occur exactly once, so that a test
// changes what it says it changes.
std::string varied(const std::string& text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  INFO("replacing: " << from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  std::string out = text;
  out.replace(at, from.size(), to);
  return out;
}

// The valid agreement with one change, loaded.
LoadedAgreement load_varied(std::string_view from, std::string_view to) { return load(varied(kValid, from, to)); }

// Every finding as printed by `poolbook agreement check`, in the order reported.
std::vector<std::string> described(const LoadedAgreement& loaded) {
  std::vector<std::string> out;
  for (const Finding& finding : loaded.findings) out.push_back(finding.describe());
  return out;
}

// The one finding of a rule, for changes whose knock-on effects other rules also report.
Finding the_finding(const LoadedAgreement& loaded, std::string_view rule) {
  std::vector<Finding> found;
  for (const Finding& finding : loaded.findings)
    if (finding.error.rule == rule) found.push_back(finding);
  INFO("findings: " << Catch::StringMaker<std::vector<std::string>>::convert(described(loaded)));
  REQUIRE(found.size() == 1);
  return found.front();
}

// S02's phasing line: 7.5% a month, and 10% from October to January.
constexpr std::string_view kS02Phasing =
    R"(phasing = ["7.5%", "7.5%", "7.5%", "7.5%", "7.5%", "7.5%", "10%", "10%", "10%", "10%", "7.5%", "7.5%"])";

}  // namespace

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
