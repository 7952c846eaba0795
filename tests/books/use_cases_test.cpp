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

#include "poolbook/daemon/books/adoption.hpp"
#include "poolbook/daemon/books/decisions.hpp"
#include "poolbook/daemon/books/imports.hpp"
#include "poolbook/daemon/books/periods.hpp"
#include "poolbook/daemon/books/queries.hpp"
#include "poolbook/daemon/books/terms.hpp"
#include "poolbook/daemon/poolbook/exit_status.hpp"

using namespace poolbook;
using namespace date::literals;
using ledger::FinancialYear;
using ledger::Money;
using ledger::Period;

namespace {

const std::string kNorthshire = POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml";

// Adopting `agreement` into the books at `store`, as the operating-system account `account`.
books::AdoptionRequest adoption(const std::string& agreement, const std::string& store, const std::string& account,
                                const std::string& as = "") {
  books::AdoptionRequest request;
  request.agreement_file = agreement;
  request.store_path = store;
  request.account = account;
  request.as = as;
  request.today = 2026_y / date::January / 5;
  return request;
}

// Books of the Northshire agreement, created by its pool manager (the operating-system account
// pool.manager), removed when the test ends.
struct NorthshireBooks {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("poolbook-books-" + std::to_string(getpid()) + "-" + std::to_string(++count) + ".db"))
                         .string();
  books::Books books;

  NorthshireBooks() {
    auto adopted = books::adopt_agreement(adoption(kNorthshire, path, "pool.manager"));
    REQUIRE(adopted);
    REQUIRE(adopted->created);
    CHECK(adopted->actor == "r.osei");
    CHECK(adopted->accounts_open == 78);
    auto opened = books::open_books(path);
    REQUIRE(opened);
    books = std::move(opened).value();
  }
  // The books as the operating-system account `account` acts on them (the programs take it
  // from the operating system; only code in the same process can say otherwise).
  books::Books& as(const std::string& account) {
    books.account = account;
    return books;
  }
  NorthshireBooks(const NorthshireBooks&) = delete;
  NorthshireBooks& operator=(const NorthshireBooks&) = delete;
  ~NorthshireBooks() {
    books = {};
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
  static inline int count = 0;
};

Money pounds(const char* text) { return *Money::parse(text); }

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
  REQUIRE(books::close_month(area.as("pool.manager"), "", april));
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

namespace {

// The Northshire agreement with `from` replaced by `to`, in a scratch file removed at the end.
struct VariedNorthshire {
  VariedNorthshire(const std::string& from, const std::string& to) {
    std::ifstream in(kNorthshire, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(path, std::ios::binary) << text;
  }
  VariedNorthshire(const VariedNorthshire&) = delete;
  VariedNorthshire& operator=(const VariedNorthshire&) = delete;
  ~VariedNorthshire() { std::filesystem::remove(path); }
  std::string path =
      (std::filesystem::temp_directory_path() / ("poolbook-varied-" + std::to_string(getpid()) + ".toml")).string();
};

// The HWB's meeting of 12 November 2026: everyone present votes for.
books::DecisionRequest hwb_meeting(const std::string& id) {
  books::DecisionRequest meeting;
  meeting.id = id;
  meeting.body = "hwb";
  meeting.on = 2026_y / date::November / 12;
  meeting.matter = "Raise the pool manager's virement limit";
  meeting.action = contracts::ActionType::agreement_variation;
  meeting.year = FinancialYear(2026);
  meeting.present = {"c.ellis", "a.patel", "s.wright", "l.bennett", "p.ford", "j.kaur"};
  meeting.in_favour = meeting.present;
  return meeting;
}

}  // namespace

TEST_CASE("a variation of who may do what is adopted only under the HWB's carried, ratified decision") {
  NorthshireBooks area;
  // The pool manager raises her own virement limit from £50,000.00 to £400,000.00.
  const VariedNorthshire raised("up_to = \"50000.00\"\nbody = \"pool-manager\"",
                                "up_to = \"400000.00\"\nbody = \"pool-manager\"");
  auto today = 2026_y / date::December / 1;
  auto request = adoption(raised.path, area.path, "pool.manager");
  request.today = today;
  auto alone = books::adopt_agreement(request);
  REQUIRE_FALSE(alone);
  CHECK(alone.error().rule == "authority.decision");
  CHECK_THAT(alone.error().message,
             Catch::Contains("delegation added: virement up to £400,000.00 by pool-manager") &&
                 Catch::Contains("delegation removed: virement up to £50,000.00 by pool-manager"));
  // Still the old limit: £400,000.00 alone is refused.
  auto moved = books::move_budget(area.as("pool.manager"), "",
                                  {"S08", "S07", pounds("400000.00"), FinancialYear(2025), ""}, today);
  REQUIRE_FALSE(moved);
  // The HWB carries it; the clerk records it; every partner's governing body ratifies.
  REQUIRE(books::record_decision(area.as("finance.officer"), "", hwb_meeting("HWB-2026-09")));
  request.decision = "HWB-2026-09";
  auto unratified = books::adopt_agreement(request);
  REQUIRE_FALSE(unratified);
  CHECK(unratified.error().rule == "authority.ratification");
  // Only the governing body's clerk records its ratification.
  auto by_manager = books::ratify(area.as("pool.manager"), "", {"HWB-2026-09", "county-cabinet", today, ""}, today);
  REQUIRE_FALSE(by_manager);
  CHECK(by_manager.error().rule == "authority.clerk");
  for (const char* body : {"county-cabinet", "icb-board", "north-cabinet", "southvale-cabinet", "acute-board",
                           "community-board", "vcse-trustees"})
    REQUIRE(
        books::ratify(area.as("finance.officer"), "", {"HWB-2026-09", body, 2026_y / date::November / 20, ""}, today));
  // The clerk who recorded it may not adopt under it; the pool manager may, once.
  auto clerk = request;
  clerk.account = "finance.officer";
  auto by_clerk = books::adopt_agreement(clerk);
  REQUIRE_FALSE(by_clerk);
  CHECK(by_clerk.error().rule == "authority.maker-checker");
  auto adopted = books::adopt_agreement(request);
  REQUIRE(adopted);
  CHECK(adopted->varied);
  REQUIRE(adopted->changes.size() == 2);
  const auto log = books::authority_log(area.books);
  const auto found = std::find_if(
      log.begin(), log.end(), [](const auto& event) { return event.action == "agreement-variation" && event.allowed; });
  REQUIRE(found != log.end());
  CHECK(found->decision == "HWB-2026-09");
  CHECK_THAT(found->reason, Catch::Contains("in place of SHA-256 ") && Catch::Contains(raised.path + " (SHA-256 "));
  // The decision is spent: the next variation of governance needs another.
  const VariedNorthshire again("up_to = \"50000.00\"\nbody = \"pool-manager\"",
                               "up_to = \"450000.00\"\nbody = \"pool-manager\"");
  auto second = adoption(again.path, area.path, "pool.manager");
  second.today = today;
  second.decision = "HWB-2026-09";
  auto reused = books::adopt_agreement(second);
  REQUIRE_FALSE(reused);
  CHECK(reused.error().rule == "authority.used");
}

TEST_CASE("a variation of figures alone is adopted without a decision") {
  NorthshireBooks area;
  const VariedNorthshire retitled("title = \"Northshire", "title = \"Varied Northshire");
  auto adopted = books::adopt_agreement(adoption(retitled.path, area.path, "pool.manager"));
  REQUIRE(adopted);
  CHECK(adopted->varied);
  CHECK(adopted->changes.empty());
}

TEST_CASE("budget leaves a ring-fenced line only as the scheme of delegation says who may") {
  NorthshireBooks area;
  const auto today = 2026_y / date::January / 5;
  // £100.00 off the Disabled Facilities Grant is not the pool manager's, however small.
  auto off =
      books::move_budget(area.as("pool.manager"), "", {"S18", "S08", pounds("100.00"), FinancialYear(2025), ""}, today);
  REQUIRE_FALSE(off);
  CHECK(off.error().rule == "authority.decision");
  CHECK(off.error().message ==
        "S18 is ring-fenced (Disabled Facilities Grant): a virement off a ring-fenced line of £100.00 needs a decision "
        "of Northshire Health and Wellbeing Board, ratified by every partner: cite it with --decision");
  // Onto a ring-fenced line is an ordinary virement, within her limit.
  REQUIRE(books::move_budget(area.as("pool.manager"), "", {"S08", "S18", pounds("100.00"), FinancialYear(2025), ""},
                             today));
  // An agreement whose scheme of delegation names no one for it: nobody may.
  const VariedNorthshire unnamed("[[delegation]]\naction = \"ring-fenced-virement\"\nbody = \"hwb\"\nreserved = true\n",
                                 "");
  NorthshireBooks other;
  REQUIRE(books::adopt_agreement(adoption(unnamed.path, other.path + ".2", "pool.manager")));
  auto opened = books::open_books(other.path + ".2");
  REQUIRE(opened);
  opened->account = "pool.manager";
  auto nobody = books::move_budget(*opened, "", {"S13", "S08", pounds("1.00"), FinancialYear(2025), ""}, today);
  REQUIRE_FALSE(nobody);
  CHECK(nobody.error().rule == "authority.delegation");
  CHECK_THAT(nobody.error().message,
             Catch::StartsWith("S13 is ring-fenced (NHS minimum contribution to adult social care: Care Act duties): "
                               "the scheme of delegation gives no one authority for virement off a ring-fenced line"));
  *opened = {};
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(other.path + ".2" + suffix);
}
