// An agreement that reports to two Health and Wellbeing Boards: each board's pack is its
// share of the pool. The Northshire agreement varied to report to the Northshire board and
// a Southvale board, 60% / 40%, with district-south's contributions and schemes S03 and S11
// wholly Southvale's and S01 wholly Northshire's; its books hold April to September, closed.
// The two boards' packs add up to the pool's, line by line, to the penny.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>

#include "northshire_books.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/agreement/board_share.hpp"
#include "poolbook/daemon/books/board_pack.hpp"
#include "poolbook/daemon/books/imports.hpp"
#include "poolbook/daemon/books/month_close.hpp"
#include "poolbook/reports/pack/board_share.hpp"
#include "poolbook/reports/pack/pack_layout.hpp"

using namespace poolbook;
using namespace poolbook::testing;
using ledger::Money;

namespace {

const std::string kArea = POOLBOOK_FIXTURES_DIR "/northshire/";
const std::string kNorth = "Northshire Health and Wellbeing Board";
const std::string kSouth = "Southvale Health and Wellbeing Board";

VariedNorthshire two_boards() {
  return VariedNorthshire({{"health_and_wellbeing_boards = [\"Northshire Health and Wellbeing Board\"]",
                            "health_and_wellbeing_boards = [\"" + kNorth + "\", \"" + kSouth + "\"]"},
                           {"[[agreement.extension]]", "[[agreement.board_share]]\nboard = \"" + kNorth +
                                                           "\"\nshare = \"60%\"\nschemes = [\"S01\"]\n\n"
                                                           "[[agreement.board_share]]\nboard = \"" +
                                                           kSouth +
                                                           "\"\nshare = \"40%\"\npartners = [\"district-south\"]\n"
                                                           "schemes = [\"S03\", \"S11\"]\n\n[[agreement.extension]]"}});
}

template <typename Line, typename Key, typename Figure>
Money sum_of(const std::vector<Line>& lines, Key key, const std::string& wanted, Figure figure) {
  Money total;
  for (const Line& line : lines)
    if (key(line) == wanted) total += figure(line);
  return total;
}

}  // namespace

TEST_CASE("each of two boards' packs is its share of the pool, and the two add up to the pool's") {
  const VariedNorthshire varied = two_boards();
  NorthshireBooks area(varied.path);
  auto& books = area.as("pool.manager");
  keep_half_year(books);
  const auto q2 = *ledger::QuarterPeriod::parse("2025/26 Q2");
  auto north = books::board_pack(books, q2, {"", "", kNorth, 5});
  auto south = books::board_pack(books, q2, {"", "", kSouth, 5});
  REQUIRE(north);
  REQUIRE(south);
  CHECK(north->board == kNorth);
  CHECK(south->board == kSouth);
  REQUIRE(north->share);
  REQUIRE(south->share);
  CHECK(north->share->share == ledger::Ratio(3, 5));
  CHECK(south->share->partners == std::vector<std::string>{"Southvale District Council"});

  // The pool's figures, as the single-board pack of the same books would give them (the
  // example's September statement: £49,924,447.10 spent of a £50,553,060.80 profile,
  // £46,736,063.22 received).
  const reports::PackShare& pool = *north->share;
  CHECK(pool.pool_spend_to_date == pounds("49924447.10"));
  CHECK(pool.pool_budget_to_date == pounds("50553060.80"));
  CHECK(pool.pool_received_to_date == pounds("46736063.22"));
  CHECK(south->share->pool_spend_to_date == pool.pool_spend_to_date);

  SECTION("the totals add up to the pool's and each is the sum of its pack's lines") {
    CHECK(north->spend_to_date + south->spend_to_date == pool.pool_spend_to_date);
    CHECK(north->budget_to_date + south->budget_to_date == pool.pool_budget_to_date);
    CHECK(north->budget + south->budget == pool.pool_budget);
    CHECK(north->forecast_outturn + south->forecast_outturn == pool.pool_forecast_outturn);
    CHECK(north->received_to_date + south->received_to_date == pool.pool_received_to_date);
    CHECK(north->due_to_date + south->due_to_date == pool.pool_due_to_date);
    for (const auto* pack : {&*north, &*south}) {
      Money spent;
      for (const auto& scheme : pack->schemes) {
        spent += scheme.actual_to_date;
        CHECK(scheme.variance == scheme.actual_to_date - scheme.budget_to_date);
        CHECK(scheme.outturn_variance == scheme.outturn - scheme.budget);
      }
      CHECK(spent == pack->spend_to_date);
      Money received;
      for (const auto& line : pack->income) received += line.received_to_date;
      CHECK(received == pack->received_to_date);
      // A national condition counts the board's parts of the schemes it counts.
      for (const auto& condition : pack->conditions) {
        Money counted;
        for (const auto& scheme : pack->schemes)
          if (std::find(condition.schemes.begin(), condition.schemes.end(), scheme.scheme) != condition.schemes.end())
            counted += scheme.budget;
        CHECK(condition.budget == counted);
        CHECK(condition.met == (condition.budget >= condition.minimum && condition.outturn >= condition.minimum));
      }
      // The months' spend is the board's too: the last month's is the spend to date.
      REQUIRE(pack->months.size() == 6);
      CHECK(pack->months.back().actual == pack->spend_to_date);
      CHECK(pack->months.back().budget == pack->budget_to_date);
    }
  }

  SECTION("a scheme wholly one board's is in its pack whole and not in the other's") {
    const auto has = [](const reports::BoardPack& pack, const std::string& scheme) {
      return std::any_of(pack.schemes.begin(), pack.schemes.end(), [&](const auto& l) { return l.scheme == scheme; });
    };
    CHECK(has(*north, "S01"));
    CHECK_FALSE(has(*south, "S01"));
    CHECK(has(*south, "S03"));
    CHECK_FALSE(has(*north, "S03"));
    CHECK(has(*north, "S02"));
    CHECK(has(*south, "S02"));
    // District-south's contributions are Southvale's alone.
    const auto partner_in = [](const reports::BoardPack& pack, const std::string& id) {
      return std::any_of(pack.income.begin(), pack.income.end(), [&](const auto& l) { return l.partner_id == id; });
    };
    CHECK(partner_in(*south, "district-south"));
    CHECK_FALSE(partner_in(*north, "district-south"));
  }

  SECTION("a shared scheme is split 60/40 to the penny, and every line adds up to the pool's") {
    // Against the pool's own figures: the whole S02 line, from the single-board layout's
    // source (the same books with the boards' split undone).
    contracts::Agreement one = books.agreement;
    one.health_and_wellbeing_boards = {kNorth};
    one.board_shares.clear();
    std::swap(books.agreement, one);
    auto whole = books::board_pack(books, q2, {"", "", kNorth, 5});
    std::swap(books.agreement, one);
    REQUIRE(whole);
    CHECK_FALSE(whole->share);
    CHECK(whole->spend_to_date == pool.pool_spend_to_date);
    for (const auto& line : whole->schemes) {
      const auto key = [](const reports::PackScheme& l) { return l.scheme; };
      const auto spent = [](const reports::PackScheme& l) { return l.actual_to_date; };
      const auto budget = [](const reports::PackScheme& l) { return l.budget; };
      INFO(line.scheme);
      const Money north_spent = sum_of(north->schemes, key, line.scheme, spent);
      CHECK(north_spent + sum_of(south->schemes, key, line.scheme, spent) == line.actual_to_date);
      CHECK(sum_of(north->schemes, key, line.scheme, budget) + sum_of(south->schemes, key, line.scheme, budget) ==
            line.budget);
      if (line.scheme != "S01" && line.scheme != "S03" && line.scheme != "S11") {
        // Within a penny of 60%: |5 x north - 3 x whole| < 5p.
        const Money gap = north_spent * 5 - line.actual_to_date * 3;
        CHECK(gap.abs() < pounds("0.05"));
      }
    }
    for (const auto& line : whole->income) {
      const auto key = [](const reports::PackIncome& l) { return l.partner_id + "/" + l.arrangement + "/" + l.form; };
      const auto received = [](const reports::PackIncome& l) { return l.received_to_date; };
      INFO(key(line));
      CHECK(sum_of(north->income, key, key(line), received) + sum_of(south->income, key, key(line), received) ==
            line.received_to_date);
    }
    for (const auto& line : whole->return_expenditure) {
      const auto key = [](const reports::PackReturnLine& l) { return l.id; };
      const auto quarter = [](const reports::PackReturnLine& l) { return l.quarter; };
      CHECK(sum_of(north->return_expenditure, key, line.id, quarter) +
                sum_of(south->return_expenditure, key, line.id, quarter) ==
            line.quarter);
    }
    for (std::size_t month = 0; month < whole->months.size(); ++month) {
      CHECK(north->months[month].actual + south->months[month].actual == whole->months[month].actual);
      CHECK(north->months[month].budget + south->months[month].budget == whole->months[month].budget);
    }
    // The risk share is worked on the whole pool: its working and the reserves are the pool's
    // in each board's pack.
    REQUIRE(north->risk.size() == whole->risk.size());
    for (std::size_t line = 0; line < whole->risk.size(); ++line) {
      CHECK(north->risk[line].variance == whole->risk[line].variance);
      CHECK(south->risk[line].reserve_used == whole->risk[line].reserve_used);
    }
    CHECK(south->risk_steps.size() == whole->risk_steps.size());
    REQUIRE(north->reserves.size() == whole->reserves.size());
    for (std::size_t line = 0; line < whole->reserves.size(); ++line)
      CHECK(north->reserves[line].reserve == whole->reserves[line].reserve);
    for (std::size_t condition = 0; condition < whole->conditions.size(); ++condition) {
      CHECK(north->conditions[condition].minimum + south->conditions[condition].minimum ==
            whole->conditions[condition].minimum);
      CHECK(north->conditions[condition].budget + south->conditions[condition].budget ==
            whole->conditions[condition].budget);
      CHECK(north->conditions[condition].outturn + south->conditions[condition].outturn ==
            whole->conditions[condition].outturn);
    }
    // What is the agreement's appears whole in each: the metrics, the decisions, the integrity.
    CHECK(north->metrics.size() == whole->metrics.size());
    CHECK(north->decisions.size() == whole->decisions.size());
    CHECK(north->integrity.journal_spend == whole->integrity.journal_spend);
  }

  SECTION("the pack says whose share it is, and a board the agreement does not have is refused") {
    const reports::Document document = reports::pack_document(*south);
    bool said = false;
    for (const auto& section : document.sections)
      for (const auto& paragraph : section.paragraphs)
        said = said || paragraph.find("This pack shows the " + kSouth + "'s share of the pool") != std::string::npos;
    CHECK(said);
    auto refused = books::board_pack(books, q2, {"", "", "Eastmoor Health and Wellbeing Board", 5});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().rule == "pack.board");
  }
}

TEST_CASE("each board's weight: a scheme or partner wholly one board's, or the boards' shares") {
  const VariedNorthshire varied = two_boards();
  const auto loaded = contracts::load_agreement(varied.path);
  REQUIRE(loaded.valid());
  const auto& agreement = *loaded.agreement;
  using contracts::BoardItem;
  CHECK(contracts::board_weights(agreement, BoardItem::scheme, "S01") ==
        std::vector<ledger::Ratio>{ledger::Ratio(1), ledger::Ratio(0)});
  CHECK(contracts::board_weights(agreement, BoardItem::scheme, "S11") ==
        std::vector<ledger::Ratio>{ledger::Ratio(0), ledger::Ratio(1)});
  CHECK(contracts::board_weights(agreement, BoardItem::scheme, "S02") ==
        std::vector<ledger::Ratio>{ledger::Ratio(3, 5), ledger::Ratio(2, 5)});
  CHECK(contracts::board_weights(agreement, BoardItem::partner, "district-south") ==
        std::vector<ledger::Ratio>{ledger::Ratio(0), ledger::Ratio(1)});
  CHECK(contracts::board_weights(agreement, BoardItem::partner, "icb") ==
        std::vector<ledger::Ratio>{ledger::Ratio(3, 5), ledger::Ratio(2, 5)});
  // A scheme named S01 is not a partner named S01.
  CHECK(contracts::board_weights(agreement, BoardItem::partner, "S01") ==
        std::vector<ledger::Ratio>{ledger::Ratio(3, 5), ledger::Ratio(2, 5)});
}
