// The application layer as a second program would call it (poolbookd will): no command line,
// only the use cases of daemon/books on real books of the Northshire agreement. Each takes the
// books, who says they act and typed arguments, checks authority, writes in one transaction,
// logs, and returns data or an Error whose kind a program answers in one place.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "northshire_books.hpp"
#include "poolbook/daemon/books/adoption.hpp"
#include "poolbook/daemon/books/decisions.hpp"
#include "poolbook/daemon/books/imports.hpp"
#include "poolbook/daemon/books/month_close.hpp"
#include "poolbook/daemon/books/periods.hpp"
#include "poolbook/daemon/books/queries.hpp"
#include "poolbook/daemon/books/terms.hpp"
#include "poolbook/daemon/poolbook/exit_status.hpp"

using namespace poolbook;
using namespace poolbook::testing;
using namespace date::literals;
using ledger::FinancialYear;
using ledger::Money;
using ledger::Period;

namespace {

// The joint commissioning board's meeting of 16 October 2025: three for, one against.
books::DecisionRequest njcb_meeting(const std::string& id, contracts::ActionType action, Money amount,
                                    const std::string& refs) {
  books::DecisionRequest meeting;
  meeting.id = id;
  meeting.body = "njcb";
  meeting.on = 2025_y / date::October / 16;
  meeting.matter = "Winter discharge capacity";
  meeting.action = action;
  meeting.amount = amount;
  meeting.year = FinancialYear(2025);
  meeting.refs = refs;
  meeting.present = {"d.hughes", "m.clarke", "s.wright", "k.mensah"};
  meeting.in_favour = {"d.hughes", "m.clarke", "s.wright"};
  meeting.against = {"k.mensah"};
  return meeting;
}

}  // namespace

TEST_CASE("a stranger changes nothing through any use case, and each refusal is logged") {
  NorthshireBooks area;
  const Period april = *Period::parse("2025/26 M01");
  auto closed = books::close_month(area.as("mallory"), "", april);
  REQUIRE_FALSE(closed);
  CHECK(closed.error().kind == ErrorKind::refused);
  CHECK(closed.error().rule == "authority.actor");
  auto moved = books::move_budget(area.as("mallory"), "", {"S08", "S07", pounds("100.00"), FinancialYear(2025), ""},
                                  2026_y / date::January / 5);
  REQUIRE_FALSE(moved);
  CHECK(moved.error().kind == ErrorKind::refused);
  const auto log = books::authority_log(area.books);
  REQUIRE(log.size() == 2);
  CHECK(log[0].actor == "mallory");
  CHECK(log[0].action == "period-close");
  CHECK_FALSE(log[0].allowed);
  CHECK(log[1].action == "virement");
  // April is still open: the pool manager closes it.
  auto by_manager = books::close_month(area.as("pool.manager"), "", april);
  REQUIRE(by_manager);
  CHECK(by_manager->actor == "r.osei");
}

TEST_CASE("an operating-system account acts only as the persons the agreement maps it to") {
  NorthshireBooks area;
  const Period april = *Period::parse("2025/26 M01");
  // The pool manager's account cannot close a month as the finance officer, by id or account.
  for (const char* other : {"n.ahmed", "finance.officer"}) {
    auto claimed = books::close_month(area.as("pool.manager"), other, april);
    REQUIRE_FALSE(claimed);
    CHECK(claimed.error().rule == "authority.identity");
    CHECK(claimed.error().message ==
          "the operating-system account 'pool.manager' acts for r.osei only, so it may not act as n.ahmed (Nadia "
          "Ahmed); each person acts from an account the agreement maps to them");
  }
  // Naming a person without an account does not help an unmapped account either.
  auto root = books::close_month(area.as("root"), "r.osei", april);
  REQUIRE_FALSE(root);
  CHECK(root.error().rule == "authority.actor");
  const auto log = books::authority_log(area.books);
  REQUIRE(log.size() == 3);
  CHECK(log[0].actor == "pool.manager as n.ahmed");
  CHECK(log[1].actor == "pool.manager as finance.officer");
  CHECK(log[2].actor == "root as r.osei");
  CHECK_FALSE(log[2].allowed);
  // Choosing its own person is fine, by id or by account name.
  auto own = books::close_month(area.as("pool.manager"), "r.osei", april);
  REQUIRE(own);
  CHECK(own->actor == "r.osei");
  // New books are made only from a mapped account.
  const std::string other = area.path + ".other";
  auto stranger = books::adopt_agreement(adoption(kNorthshire, other, "mallory", "r.osei"));
  REQUIRE_FALSE(stranger);
  CHECK(stranger.error().rule == "authority.actor");
  CHECK_FALSE(std::filesystem::exists(other));
}

TEST_CASE("months close in order and only within the agreement's term") {
  NorthshireBooks area;
  // Northshire's term runs from 1 April 2025 (2025/26 M01) to 31 March 2028 as extended.
  auto before_term = books::close_month(area.as("pool.manager"), "", *Period::parse("2024/25 M12"));
  REQUIRE_FALSE(before_term);
  CHECK(before_term.error().rule == "period.term");
  CHECK(before_term.error().kind == ErrorKind::refused);
  auto after_term = books::close_month(area.as("pool.manager"), "", *Period::parse("2028/29 M01"));
  REQUIRE_FALSE(after_term);
  CHECK(after_term.error().rule == "period.term");
  auto may = books::close_month(area.as("pool.manager"), "", *Period::parse("2025/26 M02"));
  REQUIRE_FALSE(may);
  CHECK(may.error().rule == "period.order");
  CHECK_THAT(may.error().message, Catch::Contains("2025/26 M02 cannot close before 2025/26 M01"));
  REQUIRE(books::close_month(area.as("pool.manager"), "", *Period::parse("2025/26 M01")));
  REQUIRE(books::close_month(area.as("pool.manager"), "", *Period::parse("2025/26 M02")));
  auto twice = books::close_month(area.as("pool.manager"), "", *Period::parse("2025/26 M02"));
  REQUIRE_FALSE(twice);
  CHECK(twice.error().rule == "period.closed");
}

TEST_CASE("a virement beyond the pool manager's £50,000.00 needs the board's carried decision, used once") {
  NorthshireBooks area;
  const auto today = 2026_y / date::January / 5;
  const books::VirementRequest move{"S08", "S07", pounds("120000.00"), FinancialYear(2025), ""};
  auto alone = books::move_budget(area.as("pool.manager"), "", move, today);
  REQUIRE_FALSE(alone);
  CHECK(alone.error().rule == "authority.decision");
  CHECK(alone.error().kind == ErrorKind::refused);
  // The finance officer records the meeting; the outcome comes from the votes (3 for, 1 against).
  auto recorded =
      books::record_decision(area.as("finance.officer"), "",
                             njcb_meeting("D-2025-015", contracts::ActionType::virement, pounds("120000.00"), ""));
  REQUIRE(recorded);
  CHECK(recorded->record.outcome == contracts::Outcome::carried);
  CHECK(recorded->record.recorded_by == "n.ahmed");  // the OS user finance.officer is Nadia Ahmed
  auto under = books::move_budget(area.as("pool.manager"), "",
                                  {"S08", "S07", pounds("120000.00"), FinancialYear(2025), "D-2025-015"}, today);
  REQUIRE(under);
  CHECK(under->id == 1);
  // The decision's £120,000.00 is spent: a second move under it is refused.
  auto again = books::move_budget(area.as("pool.manager"), "",
                                  {"S08", "S07", pounds("0.01"), FinancialYear(2025), "D-2025-015"}, today);
  REQUIRE_FALSE(again);
  CHECK(again.error().rule == "authority.used");
  const auto decisions = books::decisions(area.books, {"njcb", std::nullopt});
  REQUIRE(decisions.size() == 1);
  CHECK(decisions[0].used == pounds("120000.00"));
}

TEST_CASE("a virement is for a year of the term with a month still open") {
  NorthshireBooks area;
  const auto today = 2026_y / date::January / 5;
  auto outside =
      books::move_budget(area.as("pool.manager"), "", {"S08", "S07", pounds("100.00"), FinancialYear(2024), ""}, today);
  REQUIRE_FALSE(outside);
  CHECK(outside.error().rule == "virement.year");
  for (int month = 1; month <= 11; ++month)
    REQUIRE(
        books::close_month(area.as("pool.manager"), "", Period(FinancialYear(2025), ledger::FinancialMonth(month))));
  // March is still open: £100.00 within the pool manager's own authority moves.
  REQUIRE(books::move_budget(area.as("pool.manager"), "", {"S08", "S07", pounds("100.00"), FinancialYear(2025), ""},
                             today));
  REQUIRE(books::close_month(area.as("pool.manager"), "", *Period::parse("2025/26 M12")));
  auto closed =
      books::move_budget(area.as("pool.manager"), "", {"S08", "S07", pounds("100.00"), FinancialYear(2025), ""}, today);
  REQUIRE_FALSE(closed);
  CHECK(closed.error().rule == "virement.closed-year");
  CHECK(closed.error().kind == ErrorKind::refused);
}

TEST_CASE("a board's decisions are recorded by its clerk or chair, and acted on by someone else") {
  NorthshireBooks area;
  const auto today = 2026_y / date::January / 5;
  // The pool manager may not minute a board decision herself (the NJCB's clerk is n.ahmed).
  auto minuted =
      books::record_decision(area.as("pool.manager"), "",
                             njcb_meeting("D-2025-040", contracts::ActionType::virement, pounds("200000.00"), ""));
  REQUIRE_FALSE(minuted);
  CHECK(minuted.error().rule == "authority.clerk");
  CHECK(minuted.error().kind == ErrorKind::refused);
  CHECK_THAT(minuted.error().message, Catch::Contains("(its clerks: n.ahmed)"));
  // The clerk records it; the clerk may not then act under it (maker and checker)...
  REQUIRE(books::record_decision(area.as("finance.officer"), "",
                                 njcb_meeting("D-2025-041", contracts::ActionType::virement, pounds("200000.00"), "")));
  auto own = books::move_budget(area.as("finance.officer"), "",
                                {"S08", "S07", pounds("200000.00"), FinancialYear(2025), "D-2025-041"}, today);
  REQUIRE_FALSE(own);
  CHECK(own.error().rule == "authority.maker-checker");
  // ...but the pool manager may.
  CHECK(books::move_budget(area.as("pool.manager"), "",
                           {"S08", "S07", pounds("200000.00"), FinancialYear(2025), "D-2025-041"}, today));
  int refused_clerk = 0, refused_maker = 0;
  for (const auto& event : books::authority_log(area.books)) {
    if (event.allowed) continue;
    if (event.reason.find("may not record its decisions") != std::string::npos) ++refused_clerk;
    if (event.reason.find("may not also act under it") != std::string::npos) ++refused_maker;
  }
  CHECK(refused_clerk == 1);
  CHECK(refused_maker == 1);
}

TEST_CASE("minutes that claim another outcome are refused with the working, and nothing is recorded") {
  NorthshireBooks area;
  auto meeting = njcb_meeting("D-2025-016", contracts::ActionType::virement, pounds("60000.00"), "");
  meeting.minuted_outcome = "failed";
  auto refused = books::record_decision(area.as("finance.officer"), "", meeting);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "decision.outcome");
  CHECK(refused.error().kind == ErrorKind::bad_input);
  CHECK_FALSE(refused.error().details.empty());
  CHECK(books::decisions(area.books, {}).empty());
}

TEST_CASE("a closed month reopens only under a board decision naming it, once") {
  NorthshireBooks area;
  const Period april = *Period::parse("2025/26 M01");
  const auto today = 2025_y / date::December / 1;
  REQUIRE(books::close_month(area.as("pool.manager"), "", april));
  auto alone = books::reopen_month(area.as("pool.manager"), "", {april, "late accrual", ""}, today);
  REQUIRE_FALSE(alone);
  CHECK(alone.error().kind == ErrorKind::refused);
  auto unknown = books::reopen_month(area.as("pool.manager"), "", {april, "late accrual", "D-NONE"}, today);
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().rule == "authority.decision");
  REQUIRE(books::record_decision(
      area.as("finance.officer"), "",
      njcb_meeting("D-2025-031", contracts::ActionType::period_reopening, Money{}, "2025/26 M01")));
  auto reopened = books::reopen_month(area.as("pool.manager"), "", {april, "late accrual", "D-2025-031"}, today);
  REQUIRE(reopened);
  CHECK(reopened->actor == "r.osei");
  // The lead commissioning pool's April receipts arrive while April is open again: closing it
  // again adjusts the two accruals they pay (to nothing due), and the others stand.
  REQUIRE(books::import_extract(
      area.as("pool.manager"), "",
      {POOLBOOK_FIXTURES_DIR "/northshire/inbox/chc-receipts-2025-04.csv", "chc-receipts", false}));
  auto reclosed = books::close_month_end(area.as("pool.manager"), "", april);
  REQUIRE(reclosed);
  REQUIRE(reclosed->accruals.size() == 2);
  for (const auto& accrual : reclosed->accruals) {
    CHECK(accrual.arrangement == "chc-lead");
    CHECK(accrual.adjustment);
    CHECK(accrual.amount.is_negative());
    CHECK(accrual.accrued.is_zero());
    CHECK_THAT(area.books.store->entry(accrual.entry)->description,
               Catch::StartsWith("Adjustment of the contribution accrued from "));
  }
  CHECK(reclosed->accruals_standing > 0);
  auto twice = books::reopen_month(area.as("pool.manager"), "", {april, "again", "D-2025-031"}, today);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().rule == "authority.used");
  // Three refusals and one reopening are in the authority log.
  int refused = 0, allowed = 0;
  for (const auto& event : books::authority_log(area.books))
    if (event.action == "period-reopening") ++(event.allowed ? allowed : refused);
  CHECK(refused == 3);
  CHECK(allowed == 1);
}

TEST_CASE("an import posts by its profile, and the same bytes again are a conflict") {
  NorthshireBooks area;
  const std::string april = POOLBOOK_FIXTURES_DIR "/northshire/inbox/receipts-2025-04.csv";
  auto imported = books::import_extract(area.as("pool.manager"), "", {april, "host-receipts", false});
  REQUIRE(imported);
  CHECK(imported->records_read == 3);
  CHECK(imported->entries_posted == 3);
  CHECK(imported->total_posted == pounds("8367795.13"));
  auto again = books::import_extract(area.as("pool.manager"), "", {april, "host-receipts", false});
  REQUIRE_FALSE(again);
  CHECK(again.error().kind == ErrorKind::conflict);
  CHECK(again.error().rule == "import.duplicate");
  CHECK(books::verify_books(area.books).ok());
  auto missing = books::import_extract(area.as("pool.manager"), "", {april, "no-such-profile", false});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == ErrorKind::not_found);
}

TEST_CASE("a contract payment and a risk share are worked out from typed figures") {
  auto agreement = books::agreement_from(kNorthshire, "");
  REQUIRE(agreement);
  // HC-OUTCOMES, 2025/26 Q2: fixed £2,006,651.25 plus £148,269.24 earned of £222,961.25 at risk.
  contracts::KpiResults kpis{{"K1", ledger::Ratio(83, 100)},
                             {"K2", ledger::Ratio(91, 100)},
                             {"K3", ledger::Ratio(105, 1000)},
                             {"K4", ledger::Ratio(78, 100)}};
  auto paid = books::contract_payment(*agreement, {"HC-OUTCOMES", "2025/26 Q2", kpis, {}, {}, {}});
  REQUIRE(paid);
  const auto& outcome = std::get<contracts::OutcomePayment>(paid->paid);
  CHECK(outcome.fixed == pounds("2006651.25"));
  CHECK(outcome.earned == pounds("148269.24"));
  CHECK(outcome.withheld == pounds("74692.01"));
  auto unknown = books::contract_payment(*agreement, {"NO-SUCH", "2025/26", {}, {}, {}, {}});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().kind == ErrorKind::not_found);
  // S18's own terms: £180,000.00 over; district-north bears at most £100,000.00 of its share.
  auto shared = books::share_variances(*agreement, {FinancialYear(2025), {{"S18", pounds("180000.00")}}, {}});
  REQUIRE(shared);
  REQUIRE(shared->size() == 1);
  CHECK((*shared)[0].total_variance == pounds("180000.00"));
  Money borne;
  for (const auto& share : (*shared)[0].partners) borne += share.amount;
  CHECK(borne == pounds("180000.00"));
}

TEST_CASE("each kind of error has one exit status, the README's table") {
  using cli::exit_status;
  CHECK(exit_status(ErrorKind::refused) == 1);
  CHECK(exit_status(ErrorKind::bad_input) == 2);
  CHECK(exit_status(ErrorKind::not_found) == 4);
  CHECK(exit_status(ErrorKind::conflict) == 5);
  CHECK(exit_status(ErrorKind::internal) == 6);
  CHECK(cli::kDoneInPart == 3);
}

TEST_CASE("a month is closed only by whom the scheme of delegation allows, and each close is logged") {
  NorthshireBooks area;
  const Period april = *Period::parse("2025/26 M01");
  // p.ford (a district's director of housing) is a person of the agreement, not its pool manager.
  auto refused = books::close_month_end(area.as("north.housing"), "", april);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "authority.decision");
  CHECK(refused.error().message ==
        "p.ford has no authority for a close of a month: the scheme of delegation gives it to Pool manager, or to a "
        "board by its decision where it names one");
  CHECK_FALSE(area.books.store->is_closed(april));
  auto closed = books::close_month_end(area.as("pool.manager"), "", april);
  REQUIRE(closed);
  const auto log = books::authority_log(area.books);
  CHECK(std::count_if(log.begin(), log.end(), [](const auto& e) { return e.action == "period-close" && !e.allowed; }) ==
        1);
  const auto allowed =
      std::find_if(log.begin(), log.end(), [](const auto& e) { return e.action == "period-close" && e.allowed; });
  REQUIRE(allowed != log.end());
  CHECK(allowed->actor == "r.osei");
  CHECK(allowed->reason == "closed 2025/26 M01 (statement SHA-256 " + closed->statement_digest + ")");
}

TEST_CASE("an agreement with no period-close row lets whoever may post a manual journal alone close") {
  const VariedNorthshire no_row(std::vector<std::pair<std::string, std::string>>{
      {"[[delegation]]\naction = \"period-close\"\nbody = \"pool-manager\"\n", ""}});
  NorthshireBooks area(no_row.path);
  const Period april = *Period::parse("2025/26 M01");
  auto refused = books::close_month_end(area.as("north.housing"), "", april);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message ==
        "p.ford has no authority to close a month: the scheme of delegation has no period-close row, so closing falls "
        "to those who may post a manual journal alone");
  CHECK(books::close_month_end(area.as("pool.manager"), "", april));
}

TEST_CASE("books left half-built under this process's own id (a daemon restarted as process 1) are built afresh") {
  // A build that was complete when its process was killed, and whose process id is now ours.
  testing::NorthshireBooks finished;
  const std::string store = finished.path + "-fresh.db";
  const std::string leftover = store + ".init-" + std::to_string(getpid());
  std::filesystem::copy_file(finished.path, leftover);
  auto adopted = books::adopt_agreement(testing::adoption(testing::kNorthshire, store, "pool.manager"));
  REQUIRE(adopted);
  CHECK(adopted->created);
  CHECK(adopted->accounts_open == 99);
  CHECK_FALSE(std::filesystem::exists(leftover));
  auto built = books::open_books(store);
  REQUIRE(built);
  // Exactly the records of books made once: none of the leftover's adoption written again.
  CHECK(built->store->record_head()->record == finished.books.store->record_head()->record);
  built = Error{};
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(store + suffix);
}
