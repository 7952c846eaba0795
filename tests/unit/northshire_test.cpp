// The example area, Northshire: its agreement loads clean and its figures are the ones the
// later issues reconcile and report. Every number here is in fixtures/northshire/README.md.
#include <catch2/catch.hpp>

#include "northshire_agreement.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/terms/budget_phasing.hpp"
#include "poolbook/contracts/terms/contribution_schedule.hpp"

using namespace poolbook::contracts;
using namespace poolbook::testing;
using namespace date::literals;
using poolbook::ledger::FinancialMonth;

namespace {

std::string total_of(std::string_view partner, int year, std::optional<Date> as_at = std::nullopt) {
  return contribution_total(northshire(), partner, FinancialYear(year), as_at).to_report();
}

std::string arrangement_contributions(std::string_view arrangement, int year) {
  Money total;
  for (const Contribution& contribution : northshire().contributions)
    if (contribution.arrangement == arrangement && contribution.year == FinancialYear(year))
      total += contribution_amount(northshire(), contribution);
  return total.to_report();
}

std::string arrangement_budgets(std::string_view arrangement, int year) {
  Money total;
  for (const Scheme& scheme : northshire().schemes)
    if (scheme.arrangement == arrangement) total += budget_annual(northshire(), scheme, FinancialYear(year));
  return total.to_report();
}

std::vector<std::string> instalment_amounts(std::string_view partner, std::string_view arrangement, int year,
                                            std::optional<Date> as_at = std::nullopt) {
  std::vector<std::string> out;
  for (const Contribution& contribution : northshire().contributions) {
    if (contribution.partner != partner || contribution.arrangement != arrangement ||
        contribution.year != FinancialYear(year))
      continue;
    auto instalments = contribution_instalments(northshire(), contribution, as_at);
    REQUIRE(instalments);
    for (const DueInstalment& instalment : *instalments)
      out.push_back(poolbook::ledger::to_iso(instalment.due) + " " + instalment.amount.to_report());
  }
  return out;
}

}  // namespace

TEST_CASE("the Northshire agreement loads with no findings") {
  const LoadedAgreement loaded = load_agreement(POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml");
  CHECK(loaded.findings.empty());
  const Agreement& agreement = *loaded.agreement;
  CHECK(agreement.id == "NSH-BCF-S75");
  CHECK(agreement.partners.size() == 7);
  CHECK(agreement.arrangements.size() == 3);
  CHECK(agreement.schemes.size() == 27);
  CHECK(agreement.variations.size() == 4);
  CHECK(agreement.effective_end() == 2028_y / date::March / 31);
  CHECK(agreement.years() == std::vector<FinancialYear>{FinancialYear(2025), FinancialYear(2026), FinancialYear(2027)});
}

TEST_CASE("Northshire's contributions by partner, as agreed and as varied") {
  const Date before_variations = 2025_y / date::September / 17;
  CHECK(total_of("icb", 2025, before_variations) == "£77,393,145.50");
  CHECK(total_of("icb", 2025) == "£77,643,145.50");  // V-2025-01 agreed 2025-09-18
  CHECK(total_of("icb", 2025, 2025_y / date::September / 18) == "£77,643,145.50");
  CHECK(total_of("county", 2025) == "£22,782,355.00");
  CHECK(total_of("county", 2026, 2026_y / date::June / 24) == "£23,470,406.30");
  CHECK(total_of("county", 2026) == "£23,385,406.30");  // V-2026-01: -£85,000.00
  CHECK(total_of("district-north", 2025) == "£1,642,318.00");
  CHECK(total_of("district-south", 2026) == "£2,187,954.00");
  CHECK(total_of("community-trust", 2026) == "£422,502.40");
  CHECK(total_of("acute-trust", 2025) == "£0.00");
}

TEST_CASE("each Northshire arrangement balances, to the penny") {
  // bcf-pool: contributions = the 20 scheme budgets + the contingency reserve
  CHECK(arrangement_contributions("bcf-pool", 2025) == "£58,901,097.50");
  CHECK(arrangement_budgets("bcf-pool", 2025) == "£58,151,097.50");
  CHECK(northshire().find_arrangement("bcf-pool")->reserve_for(FinancialYear(2025)).to_report() == "£750,000.00");
  CHECK(arrangement_contributions("bcf-pool", 2026) == "£60,152,923.14");
  CHECK(arrangement_budgets("bcf-pool", 2026) == "£59,377,923.14");
  CHECK(northshire().find_arrangement("bcf-pool")->reserve_for(FinancialYear(2026)).to_report() == "£775,000.00");
  CHECK(arrangement_contributions("mh-aligned", 2026) == "£13,305,049.05");
  CHECK(arrangement_budgets("mh-aligned", 2026) == "£13,305,049.05");
  CHECK(arrangement_contributions("chc-lead", 2025) == "£32,741,120.00");
  CHECK(arrangement_budgets("chc-lead", 2025) == "£32,741,120.00");
}

TEST_CASE("the ICB's monthly instalments split £41,259,475.50 to the penny and absorb a variation") {
  // 6 x £3,438,289.63 + 6 x £3,438,289.62; due on the 15th or the next working day
  const auto agreed = instalment_amounts("icb", "bcf-pool", 2025, 2025_y / date::September / 1);
  REQUIRE(agreed.size() == 12);
  CHECK(agreed[0] == "2025-04-15 £3,438,289.63");
  CHECK(agreed[2] == "2025-06-16 £3,438,289.63");  // 15 June 2025 is a Sunday
  CHECK(agreed[6] == "2025-10-15 £3,438,289.62");
  CHECK(agreed[7] == "2025-11-17 £3,438,289.62");  // 15 November 2025 is a Saturday
  CHECK(agreed[11] == "2026-03-16 £3,438,289.62");
  // V-2025-01 (+£250,000.00 from M07): M01-M06 stand, £20,879,737.72 re-split over M07-M12
  const auto varied = instalment_amounts("icb", "bcf-pool", 2025);
  CHECK(varied[5] == "2025-09-15 £3,438,289.63");
  CHECK(varied[6] == "2025-10-15 £3,479,956.29");
  CHECK(varied[9] == "2026-01-15 £3,479,956.29");
  CHECK(varied[10] == "2026-02-16 £3,479,956.28");
  CHECK(varied[11] == "2026-03-16 £3,479,956.28");
}

TEST_CASE("quarterly, annual, dated and in-kind schedules fall due on the agreed days") {
  CHECK(instalment_amounts("county", "chc-lead", 2025) ==
        std::vector<std::string>{"2025-04-01 £1,554,600.00", "2025-07-01 £1,554,600.00", "2025-10-01 £1,554,600.00",
                                 "2026-01-02 £1,554,600.00"});  // 1 January 2026 is New Year's Day
  CHECK(instalment_amounts("county", "bcf-pool", 2026) ==
        std::vector<std::string>{"2026-04-15 £3,385,803.13", "2026-07-15 £3,385,803.13", "2026-10-15 £3,385,803.12",
                                 "2027-01-15 £3,385,803.12"});
  CHECK(instalment_amounts("district-north", "bcf-pool", 2025) == std::vector<std::string>{"2025-04-15 £1,642,318.00"});
  CHECK(instalment_amounts("district-south", "bcf-pool", 2025) ==
        std::vector<std::string>{"2025-06-30 £1,312,772.40", "2025-12-15 £875,181.60"});
  const auto in_kind = instalment_amounts("community-trust", "bcf-pool", 2025);
  REQUIRE(in_kind.size() == 12);
  CHECK(in_kind[3] == "2025-07-31 £34,383.34");
  CHECK(in_kind[4] == "2025-08-31 £34,383.33");                  // the last day, fixed, though a Sunday
  CHECK(in_kind[10] == "2026-02-28 £34,383.33");                 // February's last day
  CHECK(instalment_amounts("icb", "mh-aligned", 2025).empty());  // aligned: no money moves
}

TEST_CASE("all of a partner's instalments for a year come in due order and sum to its contributions") {
  auto due = instalments_due(northshire(), "icb", FinancialYear(2025));
  REQUIRE(due);
  CHECK(due->size() == 24);  // bcf-pool and chc-lead monthly; mh-aligned has none
  CHECK(std::is_sorted(due->begin(), due->end(), [](const auto& a, const auto& b) { return a.due < b.due; }));
  Money total;
  for (const DueInstalment& instalment : *due) total += instalment.amount;
  CHECK(total.to_report() == "£68,032,195.50");  // £41,509,475.50 + £26,522,720.00
}

TEST_CASE("S07's winter-weighted budget and its variation are phased by weight") {
  const Scheme& s07 = *northshire().find_scheme("S07");
  const auto agreed = budget_phased_months(northshire(), s07, FinancialYear(2025), 2025_y / date::September / 1);
  CHECK(agreed[0].to_report() == "£337,248.00");  // 0.08 of £4,215,600.00
  CHECK(agreed[8].to_report() == "£393,456.00");  // 28/300 of it
  const auto varied = budget_phased_months(northshire(), s07, FinancialYear(2025));
  CHECK(varied[5].to_report() == "£337,248.00");  // before M07: unchanged
  CHECK(varied[6].to_report() == "£375,709.54");  // + £38,461.54
  CHECK(varied[8].to_report() == "£438,327.80");  // + £44,871.80
  CHECK(varied[9].to_report() == "£438,327.79");
  CHECK(varied[11].to_report() == "£375,709.54");
  Money total;
  for (const Money& month : varied) total += month;
  CHECK(total.to_report() == "£4,465,600.00");
  CHECK(budget_phased(northshire(), s07, FinancialYear(2025), FinancialMonth(9)).to_report() == "£438,327.80");
}

TEST_CASE("a decrease on a flat budget comes off the months from its effective month") {
  const Scheme& s23 = *northshire().find_scheme("S23");
  const auto months = budget_phased_months(northshire(), s23, FinancialYear(2026));
  CHECK(months[2].to_report() == "£196,900.80");  // M03, before V-2026-02
  CHECK(months[3].to_report() == "£187,456.35");  // M04: -£9,444.45
  CHECK(months[7].to_report() == "£187,456.36");  // M08: -£9,444.44
  CHECK(budget_annual(northshire(), s23, FinancialYear(2026)).to_report() == "£2,277,809.60");
  // seasonal S12: nothing in the summer, a sixth a month from October
  const auto winter = budget_phased_months(northshire(), *northshire().find_scheme("S12"), FinancialYear(2025));
  CHECK(winter[5].is_zero());
  CHECK(winter[6].to_report() == "£208,333.34");
  CHECK(winter[11].to_report() == "£208,333.33");
}
