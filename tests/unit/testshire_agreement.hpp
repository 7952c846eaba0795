#pragma once
// "Testshire": a small but complete valid agreement for the tests of the agreement's checks
// (agreement_check_test.cpp, agreement_check_arrangements_test.cpp), and helpers that load it
// with one exact change and pick out what the checks found.
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/contracts/agreement/agreement_check.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"

namespace poolbook::testing {

using namespace poolbook::contracts;

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
inline const std::string kValid = R"toml([agreement]               # line 1
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

inline LoadedAgreement load(const std::string& text) { return load_agreement_text(text, "test.toml"); }

// The text with one exact piece replaced; the piece must occur exactly once, so that a test
// changes what it says it changes.
inline std::string varied(const std::string& text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  INFO("replacing: " << from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  std::string out = text;
  out.replace(at, from.size(), to);
  return out;
}

// The valid agreement with one change, loaded.
inline LoadedAgreement load_varied(std::string_view from, std::string_view to) {
  return load(varied(kValid, from, to));
}

// Every finding as printed by `poolbook agreement check`, in the order reported.
inline std::vector<std::string> described(const LoadedAgreement& loaded) {
  std::vector<std::string> out;
  for (const Finding& finding : loaded.findings) out.push_back(finding.describe());
  return out;
}

// The one finding of a rule, for changes whose knock-on effects other rules also report.
inline Finding the_finding(const LoadedAgreement& loaded, std::string_view rule) {
  std::vector<Finding> found;
  for (const Finding& finding : loaded.findings)
    if (finding.error.rule == rule) found.push_back(finding);
  INFO("findings: " << Catch::StringMaker<std::vector<std::string>>::convert(described(loaded)));
  REQUIRE(found.size() == 1);
  return found.front();
}

// S02's phasing line: 7.5% a month, and 10% from October to January.
inline constexpr std::string_view kS02Phasing =
    R"(phasing = ["7.5%", "7.5%", "7.5%", "7.5%", "7.5%", "7.5%", "10%", "10%", "10%", "10%", "7.5%", "7.5%"])";

}  // namespace poolbook::testing
