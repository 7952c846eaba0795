// The board pack of the Northshire example's second quarter, from books holding April to
// September's extracts, closed, and the year's outcome metrics: the figures the pack prints,
// checked against the statement they come from and against the metrics worked by hand.
#include <algorithm>
#include <catch2/catch.hpp>

#include "northshire_books.hpp"
#include "poolbook/daemon/books/board_pack.hpp"
#include "poolbook/daemon/books/imports.hpp"
#include "poolbook/daemon/books/metrics.hpp"
#include "poolbook/daemon/books/month_close.hpp"
#include "poolbook/reports/pack/pack_layout.hpp"

using namespace poolbook;
using namespace poolbook::testing;
using ledger::Money;

namespace {

const std::string kArea = POOLBOOK_FIXTURES_DIR "/northshire/";

const reports::PackMetric& metric(const reports::BoardPack& pack, const std::string& id) {
  const auto found = std::find_if(pack.metrics.begin(), pack.metrics.end(),
                                  [&](const reports::PackMetric& line) { return line.id == id; });
  REQUIRE(found != pack.metrics.end());
  return *found;
}

}  // namespace

TEST_CASE("the second quarter's board pack holds the books' figures and the metrics worked by hand") {
  NorthshireBooks area;
  auto& books = area.as("pool.manager");
  keep_half_year(books);
  const std::string closed_head = books.store->record_head()->to_string();  // as September's close printed it
  REQUIRE(books::import_metrics(books, "", kArea + "metrics/metrics-2025-26.csv"));
  const auto q2 = *ledger::QuarterPeriod::parse("2025/26 Q2");
  auto pack = books::board_pack(books, q2, {kArea + "value-case.toml", "", "", 5});
  REQUIRE(pack);
  CHECK(pack->as_at == "2025-09-30");
  CHECK(pack->board == "Northshire Health and Wellbeing Board");
  CHECK(pack->quarter_closed);

  SECTION("spend, income and the forecast add up across their lines and tie to the journal") {
    // The example's September statement (docs/month-end.md): £49,924,447.10 spent against a
    // profile of £50,553,060.80, all £46,736,063.22 due received.
    CHECK(pack->spend_to_date == pounds("49924447.10"));
    CHECK(pack->budget_to_date == pounds("50553060.80"));
    CHECK(pack->received_to_date == pounds("46736063.22"));
    CHECK(pack->due_to_date == pounds("46736063.22"));
    Money spent;
    Money budget;
    Money outturn;
    for (const auto& scheme : pack->schemes) {
      spent += scheme.actual_to_date;
      budget += scheme.budget;
      outturn += scheme.outturn;
      CHECK(scheme.variance == scheme.actual_to_date - scheme.budget_to_date);
    }
    CHECK(spent == pack->spend_to_date);
    CHECK(budget == pack->budget);
    CHECK(outturn == pack->forecast_outturn);
    Money received;
    for (const auto& line : pack->income) received += line.received_to_date;
    CHECK(received == pack->received_to_date);
    // The months run April to September, cumulative, ending at the quarter's figures.
    REQUIRE(pack->months.size() == 6);
    CHECK(pack->months.front().month == "M01");
    CHECK(pack->months.back().actual == pack->spend_to_date);
    CHECK(pack->months.back().budget == pack->budget_to_date);
    for (std::size_t i = 1; i < pack->months.size(); ++i) CHECK(pack->months[i - 1].budget <= pack->months[i].budget);
    CHECK(pack->integrity.spend_ties);
    CHECK(pack->integrity.receipts_tie);
    CHECK(pack->integrity.chain_verified);
    CHECK_FALSE(pack->integrity.entries_rehashed);  // the balances checked against their seal instead
    CHECK(pack->integrity.statement_digest.size() == 64);
    // The chain's record of September's close anchors the pack: later records do not move it.
    CHECK(pack->integrity.close_record == closed_head);
    const auto anchor = ledger::ChainHead::parse(pack->integrity.close_record);
    REQUIRE(anchor);
    CHECK(anchor->record <= books.store->record_head()->record);
    auto corrected = books::import_metrics(books, "", kArea + "metrics/bad/metrics-2025-26-q2-bad.csv");
    REQUIRE(corrected);
    // Its one good row, falls-65 for Q2, supersedes the figure of line 11 of the year's file.
    CHECK(corrected->superseded == std::vector<std::string>{"falls-65 2025/26 Q2: 401 (" + kArea +
                                                            "metrics/metrics-2025-26.csv:11, by r.osei) becomes 401"});
    auto later = books::board_pack(books, q2, {kArea + "value-case.toml", "", "", 5});
    REQUIRE(later);
    CHECK(later->integrity.close_record == pack->integrity.close_record);
    CHECK(later->integrity.chain_head != pack->integrity.chain_head);
    CHECK(pack->data_quality.months_not_closed.empty());
    // Both BCF national conditions are met.
    REQUIRE(pack->conditions.size() == 2);
    CHECK(std::all_of(pack->conditions.begin(), pack->conditions.end(), [](const auto& c) { return c.met; }));
  }

  SECTION("each metric's status and trend follow the documented rule") {
    // nea-65, lower is better: Q2 1,702 admissions / 142,300 people x 100,000 = 1,196.06, above
    // the plan of 1,175.0: not on track; Q1 was 1,672 / 142,300 x 100,000 = 1,174.98, so worsening.
    const auto& nea = metric(*pack, "nea-65");
    REQUIRE(nea.status.actual);
    CHECK(*nea.status.actual == ledger::Ratio(1702) * 100000 / 142300);
    CHECK(nea.status.status == reports::MetricState::not_on_track);
    CHECK(nea.status.trend == reports::MetricTrend::worsening);
    REQUIRE(nea.year.size() == 2);
    CHECK(nea.year[0].status == reports::MetricState::on_track);  // 1,174.98 <= 1,190.0
    // discharge-usual, higher is better: 2,845 / 3,062 = 92.91% against 92.5%: on track,
    // improving on Q1's 2,811 / 3,040 = 92.47%.
    const auto& discharge = metric(*pack, "discharge-usual");
    CHECK(*discharge.status.actual == ledger::Ratio(2845, 3062));
    CHECK(discharge.status.status == reports::MetricState::on_track);
    CHECK(discharge.status.trend == reports::MetricTrend::improving);
    // falls-65, a count: 401 against a plan of 400: not on track (by one), worse than Q1's 398.
    const auto& falls = metric(*pack, "falls-65");
    CHECK(falls.status.status == reports::MetricState::not_on_track);
    CHECK(falls.status.trend == reports::MetricTrend::worsening);
    const auto on_track = std::count_if(pack->metrics.begin(), pack->metrics.end(), [](const auto& line) {
      return line.status.status == reports::MetricState::on_track;
    });
    CHECK(on_track == 2);  // discharge-usual and care-home-65
  }

  SECTION("the risk share's working is in the pack step by step, and its fixed lines are the exposures") {
    // At September's forecast the pool's variance takes twelve steps: NEA-65's performance
    // element pending, eight fixed lines, then the shared lines: overspent £13,127.37 (S07) +
    // £124,442.60 (S08) + £48,410.02 (S09) + £3,329.55 (S10) = £189,309.54, met by their
    // underspends elsewhere, £296,490.34 + £134,238.88 + £9,509.04 + £186,457.92 + £31,536.86
    // + £35,943.42 = £694,176.46, which leaves £694,176.46 - £189,309.54 = £504,866.92 to carry
    // forward.
    REQUIRE(pack->risk_steps.size() == 12);
    for (std::size_t i = 0; i < pack->risk_steps.size(); ++i)
      CHECK(pack->risk_steps[i].number == static_cast<int>(i) + 1);
    CHECK(pack->risk_steps[0].what == "performance");
    CHECK(pack->risk_steps[1].scheme == "S03");
    CHECK(pack->risk_steps[1].amount == pounds("-2249.86"));  // stays with the ICB, its commissioner
    CHECK(pack->risk_steps[7].scheme == "S19");
    CHECK(pack->risk_steps[7].amount == pounds("6758.22"));  // stays with Southvale District Council
    CHECK(pack->risk_steps[9].amount == pounds("189309.54"));
    CHECK(pack->risk_steps[10].amount == pounds("189309.54"));
    CHECK(pack->risk_steps[11].amount == pounds("504866.92"));
    CHECK(pack->risk_steps[11].sentence.find("carried forward") != std::string::npos);
    const auto exposure_of = [&](const std::string& partner) {
      Money total;
      for (const auto& line : pack->exposure)
        if (line.partner_id == partner) total += line.amount;
      return total;
    };
    CHECK(exposure_of("icb") == pounds("-2249.86"));
    CHECK(exposure_of("district-south") == pounds("6758.22"));
  }

  SECTION("the ROI summary is the value case's planned appraisal of the whole fund, then the realised one") {
    REQUIRE(pack->roi.size() == 2);
    // Worked in tests/unit/value_case_test.cpp: PV investment £60,144,433.70, PV benefit
    // £36,703,349.01, NPV (£23,441,084.69), £0.61 per £1.
    CHECK(pack->roi[0].basis == "planned");
    CHECK(pack->roi[0].present_investment == pounds("60144433.70"));
    CHECK(pack->roi[0].net_present_value == pounds("-23441084.69"));
    CHECK(reports::per_pound(pack->roi[0].benefit_cost_ratio) == "£0.61 per £1");
    CHECK_FALSE(pack->roi[0].tornado.empty());
    CHECK(pack->roi[1].basis == "realised to 2025/26 M06");
  }

  SECTION("laid out, every section of the issue is there, and the fourth quarter adds the self-assessment") {
    const reports::Document document = reports::pack_document(*pack);
    std::vector<std::string> ids;
    for (const auto& section : document.sections) ids.push_back(section.id);
    CHECK(ids == std::vector<std::string>{"summary", "income", "expenditure", "risk-share", "contingency", "contracts",
                                          "metrics", "roi", "governance", "disputes", "data-quality", "coming",
                                          "integrity"});
    const reports::Table* headline = document.find_table("headline-figures");
    REQUIRE(headline);
    CHECK(headline->rows[2][1].money == pounds("49924447.10"));
  }
}
