// Contribution schedules on small agreements: the rules at their edges.
#include <catch2/catch.hpp>

#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/terms/contribution_schedule.hpp"

using namespace poolbook::contracts;
using namespace date::literals;

namespace {

// A minimal valid agreement whose contribution section the test supplies.
Agreement agreement_with(const std::string& contribution_and_variations, std::string_view budget = "1200.00") {
  const std::string text = R"(
[agreement]
id = "T"
title = "Test"
legal_basis = "s75-nhs-act-2006"
aims = ["a"]
outcomes = ["o"]
client_groups = ["older people"]
areas_served = ["Testshire"]
health_and_wellbeing_boards = ["Testshire HWB"]
start = 2025-04-01
end = 2027-03-31
variation_provisions = "cl 8"
termination_provisions = "cl 20"
dispute_procedure = "cl 24"

[[partner]]
id = "council"
name = "Testshire Council"
kind = "unitary-council"

[[partner]]
id = "icb"
name = "NHS Testshire ICB"
kind = "icb"

[[arrangement]]
id = "pool"
name = "Pool"
kind = "pooled-fund"
partners = ["council", "icb"]
host = "council"
pool_manager = "Pool manager"

[[scheme]]
id = "S1"
name = "Scheme"
type = "home-care"
arrangement = "pool"
commissioner = "council"
provider = "Provider Ltd"
funding_source = "ibcf"
share_profile = "variable"
recurrent = true
budget = { "2025/26" = ")" +
                           std::string(budget) + R"(" }
)" + contribution_and_variations;
  LoadedAgreement loaded = load_agreement_text(text, "test.toml");
  for (const Finding& finding : loaded.findings) INFO(finding.describe());
  REQUIRE(loaded.valid());
  return std::move(*loaded.agreement);
}

std::vector<std::string> schedule(const Agreement& agreement, std::optional<Date> as_at = std::nullopt) {
  auto instalments = contribution_instalments(agreement, agreement.contributions.front(), as_at);
  REQUIRE(instalments);
  std::vector<std::string> out;
  for (const DueInstalment& instalment : *instalments)
    out.push_back(instalment.period.month().to_string() + " " + poolbook::ledger::to_iso(instalment.due) + " " +
                  instalment.amount.to_plain() + (instalment.adjusting ? " adjusting" : ""));
  return out;
}

}  // namespace

TEST_CASE("a monthly schedule on a fixed day keeps weekend dates") {
  const Agreement agreement = agreement_with(R"(
[[contribution]]
partner = "council"
arrangement = "pool"
year = "2025/26"
amount = "1200.05"
schedule = "monthly"
due_day = 1
due_rule = "fixed"
)",
                                             "1200.05");
  const auto due = schedule(agreement);
  REQUIRE(due.size() == 12);
  CHECK(due[0] == "M01 2025-04-01 100.01");  // five spare pence go to the first five months
  CHECK(due[4] == "M05 2025-08-01 100.01");
  CHECK(due[5] == "M06 2025-09-01 100.00");
  CHECK(due[2] == "M03 2025-06-01 100.01");  // a Sunday, kept: the rule is fixed
}

TEST_CASE("an annual contribution varied after its only instalment gets an adjusting instalment") {
  const Agreement agreement = agreement_with(R"(
[[contribution]]
partner = "council"
arrangement = "pool"
year = "2025/26"
amount = "1000.00"
schedule = "annual"
due_day = 15
due_rule = "next-working-day"

[[contribution]]
partner = "icb"
arrangement = "pool"
year = "2025/26"
amount = "200.00"
schedule = "annual"
due_day = 15
due_rule = "next-working-day"

[[variation]]
id = "V1"
agreed_on = 2025-11-20
signed_off_by = "Board"
decision = "B-1"
effective_from = "2025/26 M09"
year = "2025/26"
change = "-150.00"
partner = "council"
arrangement = "pool"

[[variation]]
id = "V2"
agreed_on = 2025-11-20
signed_off_by = "Board"
decision = "B-1"
effective_from = "2025/26 M09"
year = "2025/26"
change = "-150.00"
scheme = "S1"
)");
  CHECK(schedule(agreement) == std::vector<std::string>{"M01 2025-04-15 1000.00", "M09 2025-12-15 -150.00 adjusting"});
  // as at a date before the variation was signed off, only the original instalment
  CHECK(schedule(agreement, 2025_y / date::November / 19) == std::vector<std::string>{"M01 2025-04-15 1000.00"});
  CHECK(contribution_amount(agreement, agreement.contributions.front()).to_plain() == "850.00");
  CHECK(contribution_total(agreement, "council", FinancialYear(2025), 2025_y / date::November / 19).to_plain() ==
        "1000.00");
}

TEST_CASE("two variations apply in the order they take effect") {
  const Agreement agreement = agreement_with(R"(
[[contribution]]
partner = "council"
arrangement = "pool"
year = "2025/26"
amount = "400.00"
schedule = "quarterly"
due_day = "last"
due_rule = "fixed"

[[contribution]]
partner = "icb"
arrangement = "pool"
year = "2025/26"
amount = "800.00"
schedule = "quarterly"
due_day = 1
due_rule = "fixed"

[[variation]]
id = "later"
agreed_on = 2025-06-01
signed_off_by = "Board"
decision = "B-2"
effective_from = "2025/26 M10"
year = "2025/26"
change = "30.00"
partner = "council"
arrangement = "pool"

[[variation]]
id = "earlier"
agreed_on = 2025-06-01
signed_off_by = "Board"
decision = "B-1"
effective_from = "2025/26 M04"
year = "2025/26"
change = "20.00"
partner = "council"
arrangement = "pool"

[[variation]]
id = "budget"
agreed_on = 2025-06-01
signed_off_by = "Board"
decision = "B-1"
effective_from = "2025/26 M04"
year = "2025/26"
change = "50.00"
scheme = "S1"
)");
  // due on the last day of each quarter's first month; 100 each; +20 from Q2 spreads over Q2-Q4 (106.67, 106.67,
  // 106.66); +30 from Q4 lands on Q4
  CHECK(schedule(agreement) == std::vector<std::string>{"M01 2025-04-30 100.00", "M04 2025-07-31 106.67",
                                                        "M07 2025-10-31 106.67", "M10 2026-01-31 136.66"});
}

TEST_CASE("a variation is judged by when instalments fall due, and an adjusting one falls due in its month") {
  // Monthly on the 28th, next working day: February's falls on Saturday 28 February 2026 and
  // is due on Monday 2 March, in M12. A variation effective from M12 re-splits it too.
  const Agreement agreement = agreement_with(R"(
[[contribution]]
partner = "council"
arrangement = "pool"
year = "2025/26"
amount = "1200.00"
schedule = "monthly"
due_day = 28
due_rule = "next-working-day"

[[variation]]
id = "V1"
agreed_on = 2025-11-20
signed_off_by = "Board"
decision = "B-1"
effective_from = "2025/26 M12"
year = "2025/26"
change = "50.00"
partner = "council"
arrangement = "pool"

[[variation]]
id = "V2"
agreed_on = 2025-11-20
signed_off_by = "Board"
decision = "B-1"
effective_from = "2025/26 M12"
year = "2025/26"
change = "50.00"
scheme = "S1"
)");
  const auto rows = schedule(agreement);
  REQUIRE(rows.size() == 12);
  CHECK(rows[9] == "M10 2026-01-28 100.00");
  // The two instalments due in March share the £200.00 left and the £50.00.
  CHECK(rows[10] == "M11 2026-03-02 125.00");
  CHECK(rows[11] == "M12 2026-03-30 125.00");
}

TEST_CASE(
    "an adjusting instalment whose day would roll into the next month falls due on its month's last working day") {
  // Annual, on the 28th: the variation effective from M11 (February 2026) comes after the
  // only instalment; 28 February 2026 is a Saturday, whose next working day is in March.
  const Agreement agreement = agreement_with(R"(
[[contribution]]
partner = "council"
arrangement = "pool"
year = "2025/26"
amount = "1200.00"
schedule = "annual"
due_day = 28
due_rule = "next-working-day"

[[variation]]
id = "V1"
agreed_on = 2026-01-20
signed_off_by = "Board"
decision = "B-1"
effective_from = "2025/26 M11"
year = "2025/26"
change = "50.00"
partner = "council"
arrangement = "pool"

[[variation]]
id = "V2"
agreed_on = 2026-01-20
signed_off_by = "Board"
decision = "B-1"
effective_from = "2025/26 M11"
year = "2025/26"
change = "50.00"
scheme = "S1"
)");
  CHECK(schedule(agreement) == std::vector<std::string>{"M01 2025-04-28 1200.00", "M11 2026-02-27 50.00 adjusting"});
}
