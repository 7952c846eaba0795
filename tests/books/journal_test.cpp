// Manual journals and reversals through the application layer: with a reason, within the
// scheme of delegation (the pool manager up to £100,000.00 alone), into open months only,
// each logged.
#include "poolbook/daemon/books/journals.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "northshire_books.hpp"
#include "poolbook/daemon/books/decisions.hpp"
#include "poolbook/daemon/books/month_close.hpp"
#include "poolbook/daemon/books/periods.hpp"
#include "poolbook/daemon/books/queries.hpp"

using namespace poolbook;
using namespace poolbook::testing;
using ledger::Period;

namespace {

books::JournalRequest accrual(const char* amount) {
  return {2025_y / date::April / 30,
          ledger::EntryKind::accrual,
          "Accrued reablement invoice",
          "invoice came after the April extract",
          {{"pool/bcf-pool/scheme/S08", pounds(amount)}, {"pool/bcf-pool/bank", -pounds(amount)}},
          ""};
}

const auto kToday = 2026_y / date::January / 5;

}  // namespace

TEST_CASE("a manual journal is posted with its reason, within the poster's authority, and can be reversed once") {
  NorthshireBooks area;
  auto posted = books::post_journal(area.as("pool.manager"), "", accrual("12000.00"), kToday);
  REQUIRE(posted);
  auto entry = area.books.store->entry(*posted);
  REQUIRE(entry);
  CHECK(entry->kind == ledger::EntryKind::accrual);
  CHECK(entry->description == "Accrued reablement invoice (invoice came after the April extract)");
  CHECK(entry->provenance.actor == "r.osei");
  // Beyond £100,000.00 the pool manager needs the board: refused, and logged.
  auto beyond = books::post_journal(area.as("pool.manager"), "", accrual("100000.01"), kToday);
  REQUIRE_FALSE(beyond);
  CHECK(beyond.error().rule == "authority.decision");
  // No reason, or a kind that is not an accrual or a correction, is refused.
  auto reasonless = accrual("1.00");
  reasonless.reason = " ";
  CHECK(books::post_journal(area.as("pool.manager"), "", reasonless, kToday).error().rule == "journal.reason");
  auto drawn = accrual("1.00");
  drawn.kind = ledger::EntryKind::draw;
  CHECK(books::post_journal(area.as("pool.manager"), "", drawn, kToday).error().rule == "journal.kind");
  // Reversed once, on 1 May; a second reversal is refused.
  auto reversed =
      books::reverse_entry(area.as("pool.manager"), "", {*posted, 2025_y / date::May / 1, "paid", ""}, kToday);
  REQUIRE(reversed);
  auto twice =
      books::reverse_entry(area.as("pool.manager"), "", {*posted, 2025_y / date::May / 2, "again", ""}, kToday);
  REQUIRE_FALSE(twice);
  // Once April is closed, nothing more is posted into it.
  REQUIRE(books::close_month(area.as("pool.manager"), "", *Period::parse("2025/26 M01")));
  auto closed = books::post_journal(area.as("pool.manager"), "", accrual("5.00"), kToday);
  REQUIRE_FALSE(closed);
  CHECK(closed.error().rule == "period.closed");
  // Every attempt is in the authority log: two allowed, two refused for authority or a closed month.
  const auto log = books::authority_log(area.books);
  CHECK(std::count_if(log.begin(), log.end(),
                      [](const auto& e) { return e.action == "manual-journal" && e.allowed; }) == 2);
  CHECK(std::count_if(log.begin(), log.end(),
                      [](const auto& e) { return e.action == "manual-journal" && !e.allowed; }) >= 1);
  CHECK(books::verify_books(area.books).ok());
}

TEST_CASE("journals stay in one arrangement and the term, reversals come after, decisions are spent, refusals logged") {
  NorthshireBooks area;
  auto& books = area.as("pool.manager");
  // Between two pools: refused. To a memo account (another party's record, as imported): refused.
  auto across = accrual("1.00");
  across.postings = {{"pool/bcf-pool/bank", pounds("1.00")}, {"pool/chc-lead/bank", pounds("-1.00")}};
  auto moved = books::post_journal(books, "", across, kToday);
  REQUIRE_FALSE(moved);
  CHECK(moved.error().rule == "journal.scope");
  across.postings = {{"memo/bcf-pool/contra", pounds("1.00")}, {"pool/bcf-pool/bank", pounds("-1.00")}};
  CHECK(books::post_journal(books, "", across, kToday).error().rule == "journal.memo");
  across.postings = {{"memo/bcf-pool/paid-by/county", pounds("0.45")}, {"memo/bcf-pool/contra", pounds("-0.45")}};
  auto memo = books::post_journal(books, "", across, kToday);
  REQUIRE_FALSE(memo);
  CHECK(memo.error().message ==
        "memo/bcf-pool/paid-by/county is a memo account: it holds another party's record as imported, so no manual "
        "journal posts to it (reverse the imported entry and import it again)");
  // Outside the term (2025/26 M01 to 2027/28 M12): refused.
  auto late = accrual("1.00");
  late.date = 2030_y / date::May / 15;
  CHECK(books::post_journal(books, "", late, kToday).error().rule == "period.term");
  // A reversal is not dated before what it reverses.
  auto posted = books::post_journal(books, "", accrual("10.00"), kToday);
  REQUIRE(posted);
  auto backdated = books::reverse_entry(books, "", {*posted, 2025_y / date::April / 1, "wrong", ""}, kToday);
  REQUIRE_FALSE(backdated);
  CHECK(backdated.error().rule == "journal.date");
  // A board decision for £150,000.00 of journals is spent by what is posted under it.
  books::DecisionRequest meeting;
  meeting.id = "J-1";
  meeting.body = "njcb";
  meeting.on = 2025_y / date::May / 1;
  meeting.matter = "Year-end accruals";
  meeting.action = contracts::ActionType::manual_journal;
  meeting.amount = pounds("150000.00");
  meeting.year = ledger::FinancialYear(2025);
  meeting.present = {"d.hughes", "m.clarke", "s.wright", "k.mensah"};
  meeting.in_favour = meeting.present;
  REQUIRE(books::record_decision(area.as("finance.officer"), "", meeting));
  auto first = accrual("120000.00");
  first.decision = "J-1";
  REQUIRE(books::post_journal(area.as("pool.manager"), "", first, kToday));
  auto second = accrual("30000.01");
  second.decision = "J-1";
  auto beyond = books::post_journal(area.as("pool.manager"), "", second, kToday);
  REQUIRE_FALSE(beyond);
  CHECK(beyond.error().rule == "authority.used");
  // Every refusal above is in the authority log.
  const auto log = books::authority_log(area.books);
  CHECK(std::count_if(log.begin(), log.end(),
                      [](const auto& e) { return e.action == "manual-journal" && !e.allowed; }) == 6);
}

TEST_CASE("a month reopens only after the months after it") {
  NorthshireBooks area;
  REQUIRE(books::close_month(area.as("pool.manager"), "", *Period::parse("2025/26 M01")));
  REQUIRE(books::close_month(area.as("pool.manager"), "", *Period::parse("2025/26 M02")));
  auto early =
      books::reopen_month(area.as("pool.manager"), "", {*Period::parse("2025/26 M01"), "late accrual", ""}, kToday);
  REQUIRE_FALSE(early);
  CHECK(early.error().rule == "period.order");
  CHECK(early.error().message ==
        "2025/26 M01 cannot reopen while 2025/26 M02 is closed: reopen the later months first, latest first");
  CHECK(area.books.store->is_closed(*Period::parse("2025/26 M01")));
}

TEST_CASE("a journal split below the limit is judged as one: parts in the same month debiting the same account") {
  NorthshireBooks area;
  auto& books = area.as("pool.manager");
  auto part = [](const char* amount, date::year_month_day on) {
    auto request = accrual(amount);
    request.date = on;
    request.postings = {{"pool/bcf-pool/scheme/S07", pounds(amount)},
                        {"pool/bcf-pool/accrued-creditors", -pounds(amount)}};
    return request;
  };
  // £99,999.99 + £0.01 = £100,000.00, the pool manager's limit: allowed.
  REQUIRE(books::post_journal(books, "", part("99999.99", 2025_y / date::October / 31), kToday));
  REQUIRE(books::post_journal(books, "", part("0.01", 2025_y / date::October / 30), kToday));
  // A third part, £0.01 more, makes £100,000.01: refused, naming the amount judged.
  auto third = books::post_journal(books, "", part("0.01", 2025_y / date::October / 1), kToday);
  REQUIRE_FALSE(third);
  CHECK(third.error().rule == "authority.decision");
  CHECK_THAT(third.error().message, Catch::StartsWith("a manual journal of £100,000.01 needs a decision"));
  // Another month, or another account debited, is another journal.
  CHECK(books::post_journal(books, "", part("99999.99", 2025_y / date::November / 3), kToday));
  auto other = part("50000.00", 2025_y / date::October / 31);
  other.postings = {{"pool/bcf-pool/scheme/S08", pounds("50000.00")},
                    {"pool/bcf-pool/accrued-creditors", pounds("-50000.00")}};
  CHECK(books::post_journal(books, "", other, kToday));
  // A reversal of one of the parts is judged on its own (the original's debits).
  const auto log = books::authority_log(area.books);
  CHECK(std::count_if(log.begin(), log.end(),
                      [](const auto& e) { return e.action == "manual-journal" && e.allowed; }) == 4);
}

TEST_CASE("an entry a close posted is not reversed by hand: the month is reopened and closed again") {
  NorthshireBooks area;
  auto& books = area.as("pool.manager");
  auto closed = books::close_month_end(books, "", *Period::parse("2025/26 M01"));
  REQUIRE(closed);
  REQUIRE_FALSE(closed->accruals.empty());  // April's instalments, unpaid in these empty books, are accrued
  const auto accrued = closed->accruals.front().entry;
  auto reversed = books::reverse_entry(books, "", {accrued, 2025_y / date::May / 2, "undo the accrual", ""}, kToday);
  REQUIRE_FALSE(reversed);
  CHECK(reversed.error().rule == "journal.close-entry");
  CHECK(reversed.error().message ==
        "entry " + std::to_string(accrued) +
            " was posted by the close of 2025/26 M01: a close's accruals and settlements change only by reopening the "
            "month and closing it again");
}

TEST_CASE("a reversal by hand is judged with the month's other journals that debit the same account") {
  NorthshireBooks area;
  auto& books = area.as("pool.manager");
  auto journal = [](const char* debit, const char* credit) {
    auto request = accrual("60000.00");
    request.postings = {{debit, pounds("60000.00")}, {credit, pounds("-60000.00")}};
    return request;
  };
  // Dr S08 £60,000.00 (entry A), then Dr accrued-creditors £60,000.00: each alone within £100,000.00.
  auto first =
      books::post_journal(books, "", journal("pool/bcf-pool/scheme/S08", "pool/bcf-pool/accrued-creditors"), kToday);
  REQUIRE(first);
  REQUIRE(
      books::post_journal(books, "", journal("pool/bcf-pool/accrued-creditors", "pool/bcf-pool/scheme/S08"), kToday));
  // Reversing A debits accrued-creditors £60,000.00 again in April: £120,000.00 judged together.
  auto reversed = books::reverse_entry(books, "", {*first, 2025_y / date::April / 30, "posted twice", ""}, kToday);
  REQUIRE_FALSE(reversed);
  CHECK(reversed.error().rule == "authority.decision");
  CHECK_THAT(reversed.error().message, Catch::StartsWith("a manual journal of £120,000.00 needs a decision"));
}
