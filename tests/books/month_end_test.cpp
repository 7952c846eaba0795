// The month-end statement through the application layer, on books of the Northshire agreement
// holding April 2025's receipts and the deliberately bad October file.
#include "poolbook/daemon/books/month_end.hpp"
#include "poolbook/daemon/books/month_close.hpp"
#include "poolbook/daemon/books/queries.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "northshire_books.hpp"
#include "poolbook/daemon/books/decisions.hpp"
#include "poolbook/daemon/books/forecasts.hpp"
#include "poolbook/daemon/books/imports.hpp"
#include "poolbook/daemon/books/journals.hpp"

using namespace poolbook;
using namespace poolbook::testing;
using ledger::Period;

namespace {

const books::StatementException* find_exception(const books::MonthStatement& statement, const std::string& rule,
                                                const std::string& text) {
  const auto found = std::find_if(statement.exceptions.begin(), statement.exceptions.end(), [&](const auto& e) {
    return e.rule == rule && e.message.find(text) != std::string::npos;
  });
  return found == statement.exceptions.end() ? nullptr : &*found;
}

}  // namespace

TEST_CASE("the month's statement lists its exceptions first and ties to the journal") {
  NorthshireBooks area;
  const std::string inbox = POOLBOOK_FIXTURES_DIR "/northshire/inbox/";
  REQUIRE(books::import_extract(area.as("pool.manager"), "", {inbox + "receipts-2025-04.csv", "host-receipts", false}));
  auto bad = books::import_extract(area.as("pool.manager"), "",
                                   {inbox + "bad/receipts-2025-10-bad.csv", "host-receipts", false});
  REQUIRE(bad);
  auto statement = books::month_statement(area.books, *Period::parse("2025/26 M02"));
  REQUIRE(statement);
  // April's receipts (£8,367,795.13: the ICB's £3,438,289.63, the county's £3,287,187.50 and
  // North District's £1,642,318.00) are the cash received by M02 (May); October's are not.
  CHECK(statement->statement_received == *ledger::Money::parse("8367795.13"));
  CHECK(statement->journal_received == statement->statement_received);
  CHECK(statement->statement_spend.is_zero());
  // The ICB's May instalment (£3,438,289.63, 15 May) is unpaid at 31 May: 10 working days
  // (16, 19-23, 27-30 May; 26 May is a bank holiday).
  const auto* late =
      find_exception(*statement, "contribution.late", "icb owes £3,438,289.63 to bcf-pool due 2025-05-15");
  REQUIRE(late != nullptr);
  CHECK_THAT(late->message, Catch::EndsWith("10 working days overdue at 2025-05-31"));
  CHECK_FALSE(late->hard);
  // The ICB's lead-commissioning instalments were not imported either.
  CHECK(find_exception(*statement, "contribution.late", "icb owes £2,210,226.67 to chc-lead due 2025-04-15"));
  // The bad file's rows are still in quarantine.
  CHECK(find_exception(*statement, "quarantine.open", "8 row(s) of"));
  // No scheme has spent anything, so none is red, and nothing is a hard error.
  CHECK_FALSE(find_exception(*statement, "budget.red", ""));
  CHECK(std::none_of(statement->exceptions.begin(), statement->exceptions.end(), [](const auto& e) { return e.hard; }));
}

TEST_CASE("a red scheme is an exception until a carried action plan names it") {
  NorthshireBooks area;
  // £45,000.00 charged to falls prevention (S03) in April 2025, against a budget to date of
  // £40,525.00 (a twelfth of £486,300.00): £4,475.00 over, 11.04%: red.
  const std::string file = area.path + ".gl.csv";
  std::ofstream(file) << "Account,Account Name,Cost Centre,Cost Centre Name,Period,Trans Date,Voucher No,Voucher Type,"
                         "Supplier ID,Supplier Name,Ext Inv Ref,Description,Debit,Credit\n"
                         "5240,Voluntary sector contracts,CC4103,BCF Falls prevention,202501,2025-04-30,GL-1,AP,"
                         "SUP20817,Northshire Voluntary Action,NVA-1,Falls classes,45000.00,\n";
  REQUIRE(books::import_extract(area.as("pool.manager"), "", {file, "host-gl-draws", false}));
  std::filesystem::remove(file);
  auto before = books::month_statement(area.books, *Period::parse("2025/26 M01"));
  REQUIRE(before);
  const auto* red = find_exception(*before, "budget.red", "S03 (Falls prevention and strength and balance) is ");
  REQUIRE(red != nullptr);
  CHECK(red->message ==
        "S03 (Falls prevention and strength and balance) is £4,475.00 over its budget to date of £40,525.00, with no "
        "carried overspend-action-plan decision naming it for 2025/26");
  // The board carries an overspend action plan naming S03 for 2025/26: no longer an exception.
  const auto meeting = njcb_decision("D-2", 2025_y / date::May / 8, "Falls prevention recovery plan",
                                     contracts::ActionType::overspend_action_plan, "S03");
  REQUIRE(books::record_decision(area.as("finance.officer"), "", meeting));
  auto after = books::month_statement(area.books, *Period::parse("2025/26 M01"));
  REQUIRE(after);
  CHECK_FALSE(find_exception(*after, "budget.red", "S03 "));
}

TEST_CASE("closing a month posts its accruals, records its statement, locks it, and closing again changes nothing") {
  NorthshireBooks area;
  const std::string inbox = POOLBOOK_FIXTURES_DIR "/northshire/inbox/";
  REQUIRE(books::import_extract(area.as("pool.manager"), "", {inbox + "receipts-2025-04.csv", "host-receipts", false}));
  const Period april = *Period::parse("2025/26 M01");
  const Period may = *Period::parse("2025/26 M02");
  // May cannot close before April.
  auto early = books::close_month_end(area.as("pool.manager"), "", may);
  REQUIRE_FALSE(early);
  CHECK(early.error().rule == "period.order");
  // April: the bcf-pool receipts came in (ICB, county, North District); the lead-commissioning
  // instalments did not: the ICB's £2,210,226.67 (15 April) and the county's £1,554,600.00
  // (1 April) are accrued, and reversed on 1 May.
  auto closed = books::close_month_end(area.as("pool.manager"), "", april);
  REQUIRE(closed);
  CHECK_FALSE(closed->already_closed);
  REQUIRE(closed->accruals.size() == 2);
  CHECK(closed->accruals[0].partner == "icb");
  CHECK(closed->accruals[0].arrangement == "chc-lead");
  CHECK(closed->accruals[0].amount == pounds("2210226.67"));
  CHECK(closed->accruals[1].amount == pounds("1554600.00"));
  // Both late, and the two national conditions forecast below their minimums (nothing is
  // spent yet): noted, not stopping the close.
  CHECK(closed->exceptions.size() == 4);
  CHECK(area.books.store->is_closed(april));
  const auto recorded = area.books.store->setting("month-end.2025/26 M01");
  REQUIRE(recorded);
  CHECK(ledger::sha256_hex(*recorded) == closed->statement_digest);
  CHECK_THAT(*recorded, Catch::Contains("owed icb chc-lead agreed 26522720.00 due 2210226.67 received 0.00 "
                                        "outstanding 2210226.67 overpaid 0.00"));
  // The receivables stand at the accruals at April's end and at nothing once May has begun.
  const auto receivable = [&](const Period& to) {
    ledger::Money held;
    for (const auto& row : area.books.store->balances(april, to, "pool/chc-lead/receivable")) held += row.movement;
    return held;
  };
  CHECK(receivable(april) == pounds("3764826.67"));
  CHECK(receivable(may).is_zero());
  // The statement reads the same after the close: accruals are not cash.
  auto after = books::month_statement(area.books, april);
  REQUIRE(after);
  CHECK(books::statement_record(*after).find("received 0.00 outstanding 2210226.67") != std::string::npos);
  // Closing again changes nothing.
  const auto head = closed->head;
  auto again = books::close_month_end(area.as("pool.manager"), "", april);
  REQUIRE(again);
  CHECK(again->already_closed);
  CHECK(again->accruals.empty());
  CHECK(again->statement_digest == closed->statement_digest);
  CHECK(again->head.to_string() == head.to_string());
  // The books verify, accruals and all.
  CHECK(books::verify_books(area.books).ok());
}

TEST_CASE("a year of the term with no budgets still has a statement, and says why it has no risk-share exposure") {
  NorthshireBooks area;
  // 2027/28 is in the (extended) term, but the agreement gives it no budgets or contributions.
  books::JournalRequest spend{
      2027_y / date::May / 10,
      ledger::EntryKind::correction,
      "Reablement charged to the wrong year",
      "to be moved when 2027/28 is agreed",
      {{"pool/bcf-pool/scheme/S08", pounds("5000.00")}, {"pool/bcf-pool/bank", pounds("-5000.00")}},
      ""};
  REQUIRE(books::post_journal(area.as("pool.manager"), "", spend, 2027_y / date::June / 1));
  auto statement = books::month_statement(area.books, *Period::parse("2027/28 M02"));
  REQUIRE(statement);
  // S08 has spent with no budget to date: red, and an exception.
  CHECK(find_exception(*statement, "budget.red",
                       "S08 (Reablement service) is £5,000.00 over its budget to date of £0.00"));
  const auto bcf = std::find_if(statement->forecast.arrangements.begin(), statement->forecast.arrangements.end(),
                                [](const auto& a) { return a.arrangement == "bcf-pool"; });
  REQUIRE(bcf != statement->forecast.arrangements.end());
  CHECK_FALSE(bcf->exposure);
  CHECK_THAT(bcf->exposure_note, Catch::StartsWith("the risk share cannot be applied: "));
  CHECK(statement->statement_spend == statement->journal_spend);
}

TEST_CASE("a manual forecast with its reason replaces the method for its scheme, set only by whom the scheme allows") {
  NorthshireBooks area;
  const auto today = 2025_y / date::November / 5;
  const ledger::FinancialYear year(2025);
  // The pool manager sets S07's outturn by hand (action manual-forecast is hers).
  auto set = books::set_manual_forecast(
      area.as("pool.manager"), "", {"S07", year, pounds("5600000.00"), "two extra discharge teams from January", ""},
      today);
  REQUIRE(set);
  CHECK(set->set_by == "r.osei");
  // The finance officer may not; a blank reason, an unknown scheme and a negative outturn are refused.
  auto officer =
      books::set_manual_forecast(area.as("finance.officer"), "", {"S07", year, pounds("1.00"), "guess", ""}, today);
  REQUIRE_FALSE(officer);
  CHECK(officer.error().rule == "authority.decision");
  CHECK(officer.error().message ==
        "n.ahmed has no authority for a manual forecast: the scheme of delegation gives it to Pool manager, or to a "
        "board by its decision where it names one");
  CHECK(books::set_manual_forecast(area.as("pool.manager"), "", {"S07", year, pounds("1.00"), " ", ""}, today)
            .error()
            .rule == "forecast.reason");
  CHECK(books::set_manual_forecast(area.as("pool.manager"), "", {"S99", year, pounds("1.00"), "x", ""}, today)
            .error()
            .rule == "forecast.scheme");
  CHECK(books::set_manual_forecast(area.as("pool.manager"), "", {"S07", year, pounds("-1.00"), "x", ""}, today)
            .error()
            .rule == "forecast.outturn");
  // The statement forecasts S07 by hand, the others by the method asked for; S07's variance
  // is its manual outturn less its budget for the year, as for any method.
  auto statement = books::month_statement(area.books, *Period::parse("2025/26 M07"));
  REQUIRE(statement);
  const auto s07 = std::find_if(statement->forecast.schemes.begin(), statement->forecast.schemes.end(),
                                [](const auto& scheme) { return scheme.scheme == "S07"; });
  REQUIRE(s07 != statement->forecast.schemes.end());
  CHECK(s07->method == contracts::ForecastMethod::manual);
  CHECK(s07->outturn == pounds("5600000.00"));
  CHECK(s07->variance == s07->outturn - s07->budget);
  CHECK(s07->note == "set by r.osei on 2025-11-05: two extra discharge teams from January");
  const auto s08 = std::find_if(statement->forecast.schemes.begin(), statement->forecast.schemes.end(),
                                [](const auto& scheme) { return scheme.scheme == "S08"; });
  CHECK(s08->method == contracts::ForecastMethod::profile);
  // A later forecast replaces it; each is in the authority log, refusals too.
  REQUIRE(books::set_manual_forecast(area.as("pool.manager"), "",
                                     {"S07", year, pounds("5450000.00"), "one team found from January", ""}, today));
  CHECK(books::manual_forecasts(area.books, year).at("S07").outturn == pounds("5450000.00"));
  const auto log = books::authority_log(area.books);
  CHECK(std::count_if(log.begin(), log.end(), [](const auto& e) { return e.action == "manual-forecast"; }) == 6);
  CHECK(books::verify_books(area.books)
            .ok());  // In March the outturn is the year's actual spend: the manual forecast no longer stands in.
  auto march = books::month_statement(area.books, *Period::parse("2025/26 M12"));
  REQUIRE(march);
  const auto actual = std::find_if(march->forecast.schemes.begin(), march->forecast.schemes.end(),
                                   [](const auto& scheme) { return scheme.scheme == "S07"; });
  REQUIRE(actual != march->forecast.schemes.end());
  CHECK(actual->method != contracts::ForecastMethod::manual);
  CHECK(actual->outturn.is_zero());  // nothing spent in these books
}

TEST_CASE("a national condition whose schemes are forecast below its minimum is an exception") {
  NorthshireBooks area;
  // Nothing spent by October: NC2's schemes (S08, S13, S14: NHS-minimum funded, commissioned
  // by the County) have their budgets, £5,380,000.00 + £6,426,000.00 + £1,186,420.00 =
  // £12,992,420.00, but a profile forecast of nothing.
  auto statement = books::month_statement(area.books, *Period::parse("2025/26 M07"));
  REQUIRE(statement);
  REQUIRE(statement->conditions.size() == 2);
  const auto& nc2 = statement->conditions[0];
  CHECK(nc2.schemes == std::vector<std::string>{"S08", "S13", "S14"});
  CHECK(nc2.budget == pounds("12992420.00"));
  CHECK(nc2.outturn.is_zero());
  CHECK_FALSE(nc2.met);
  CHECK(find_exception(*statement, "bcf.condition",
                       "NC2 (the NHS minimum contribution to adult social care, at least £12,500,000.00 in 2025/26): "
                       "the schemes it counts (S08, S13, S14) have a budget of £12,992,420.00 and a forecast outturn "
                       "of £0.00"));
  // NC3 counts the NHS-commissioned NHS-minimum schemes: S01, S02, S03, S06, S09.
  CHECK(statement->conditions[1].schemes == std::vector<std::string>{"S01", "S02", "S03", "S06", "S09"});
}

TEST_CASE("a pool whose contributions as varied fall short of its budgets and reserve is an exception") {
  // The County's 2025/26 contribution cut by £1,000.00 in the text (the check at loading is a
  // warning under contribution_mismatch = "warning"), so the statement notes the shortfall. In
  // April, before the ICB's variation of +£250,000.00 from M07 (contribution and budget), the
  // pool needs £58,651,097.50: budgets £57,901,097.50 and the £750,000.00 reserve.
  const VariedNorthshire short_paid(std::vector<std::pair<std::string, std::string>>{
      {"contribution_mismatch = \"error\"", "contribution_mismatch = \"warning\""},
      {"amount = \"13148750.00\"", "amount = \"13147750.00\""}});
  NorthshireBooks area(short_paid.path);
  auto statement = books::month_statement(area.books, *Period::parse("2025/26 M01"));
  REQUIRE(statement);
  CHECK(find_exception(*statement, "contributions.cover",
                       "bcf-pool's contributions for 2025/26 as varied, £58,650,097.50, do not cover its schemes' "
                       "budgets and reserve, £58,651,097.50: £1,000.00 short"));
  // The example area's do.
  NorthshireBooks example;
  auto covered = books::month_statement(example.books, *Period::parse("2025/26 M01"));
  REQUIRE(covered);
  CHECK_FALSE(find_exception(*covered, "contributions.cover", ""));
}

TEST_CASE("the books' bank is checked against the bank's own statement at each month's end") {
  NorthshireBooks area;
  const std::string inbox = POOLBOOK_FIXTURES_DIR "/northshire/inbox/";
  REQUIRE(books::import_extract(area.as("pool.manager"), "", {inbox + "receipts-2025-04.csv", "host-receipts", false}));
  REQUIRE(books::import_extract(area.as("pool.manager"), "", {inbox + "gl-draws-2025-04.csv", "host-gl-draws", false}));
  const auto bank_of = [](const books::MonthStatement& statement, const std::string& arrangement) {
    const auto found = std::find_if(statement.bank.begin(), statement.bank.end(),
                                    [&](const auto& position) { return position.arrangement == arrangement; });
    REQUIRE(found != statement.bank.end());
    return *found;
  };
  SECTION("before any statement is imported, the books' bank stands alone") {
    // April's receipts £8,367,795.13 less April's draws £4,529,410.21 = £3,838,384.92.
    auto statement = books::month_statement(area.books, *Period::parse("2025/26 M01"));
    REQUIRE(statement);
    const auto bcf = bank_of(*statement, "bcf-pool");
    CHECK(bcf.books == pounds("3838384.92"));
    CHECK_FALSE(bcf.statement);
    CHECK(bcf.agrees());
    CHECK_FALSE(find_exception(*statement, "bank.balance", ""));
    // Lead commissioning holds money too; the aligned budget does not.
    CHECK(bank_of(*statement, "chc-lead").books.is_zero());
    CHECK(std::none_of(statement->bank.begin(), statement->bank.end(),
                       [](const auto& position) { return position.arrangement == "mh-aligned"; }));
  }
  SECTION("the example year's statement agrees with the books at April's end") {
    // The statement's lines to 30 April sum to £3,838,384.92, its running balance that day;
    // its later lines are not counted at April's end.
    REQUIRE(
        books::import_extract(area.as("pool.manager"), "", {inbox + "bank-statement-2025-26.csv", "host-bank", false}));
    auto statement = books::month_statement(area.books, *Period::parse("2025/26 M01"));
    REQUIRE(statement);
    const auto bcf = bank_of(*statement, "bcf-pool");
    REQUIRE(bcf.statement);
    CHECK(*bcf.statement == pounds("3838384.92"));
    CHECK(bcf.statement_to == Period::parse("2025/26 M01").value());
    CHECK_FALSE(find_exception(*statement, "bank.balance", ""));
  }
  SECTION("a bank charge the books do not have is an exception, with the difference") {
    // The bank's statement of April: the three receipts, one payment run for all of April's
    // draws, and a £25.00 charge the host has not posted.
    const auto file = std::filesystem::temp_directory_path() / ("bank-" + std::to_string(getpid()) + ".csv");
    std::ofstream(file) << "Date,Type,Description,Value,Balance,Account Name,Account Number,Bank Reference\n"
                           "15/04/2025,BAC,NHS NORTHSHIRE ICB AR250124,3438289.63,,,,NW1\n"
                           "15/04/2025,TFR,NORTHSHIRE CC GENERAL FUND AR250131,3287187.50,,,,NW2\n"
                           "17/04/2025,BAC,NORTHSHIRE NORTH DISTRICT COUNCIL AR250140,1642318.00,,,,NW3\n"
                           "30/04/2025,BAC,BACS PAYMENT RUNS APRIL,-4529410.21,,,,NW4\n"
                           "30/04/2025,CHG,SERVICE CHARGE,-25.00,,,,NW5\n";
    auto imported = books::import_extract(area.as("pool.manager"), "", {file.string(), "host-bank", false});
    std::filesystem::remove(file);
    REQUIRE(imported);
    CHECK(imported->entries_posted == 5);
    auto april = books::month_statement(area.books, *Period::parse("2025/26 M01"));
    REQUIRE(april);
    CHECK(*bank_of(*april, "bcf-pool").statement == pounds("3838359.92"));
    const auto* differs = find_exception(*april, "bank.balance", "bcf-pool's bank statement shows £3,838,359.92");
    REQUIRE(differs != nullptr);
    CHECK(differs->message ==
          "bcf-pool's bank statement shows £3,838,359.92 at 2025-04-30; the books' bank (receipts less payments) is "
          "£3,838,384.92: (£25.00) apart");
    CHECK_FALSE(differs->hard);
    // In May the books have moved on (no May extracts here, so they have not) and the statement
    // has no May lines: the message says how far the statement runs.
    auto may = books::month_statement(area.books, *Period::parse("2025/26 M02"));
    REQUIRE(may);
    CHECK(find_exception(*may, "bank.balance", "(the statement imported runs only to 2025/26 M01)"));
    // The bank's lines are memo: the pool's own accounts and the balance proof are untouched.
    CHECK(may->statement_received == pounds("8367795.13"));
    CHECK(held(area.books, "pool/bcf-pool/bank", *Period::parse("2025/26 M01"), *Period::parse("2025/26 M12")) ==
          pounds("3838384.92"));
  }
}

TEST_CASE("a quarter's last month gives the quarterly return's figures: spend and cash in the quarter and to date") {
  NorthshireBooks area;
  const std::string inbox = POOLBOOK_FIXTURES_DIR "/northshire/inbox/";
  for (const char* month : {"04", "05", "06"}) {
    REQUIRE(books::import_extract(area.as("pool.manager"), "",
                                  {inbox + "receipts-2025-" + month + ".csv", "host-receipts", false}));
    REQUIRE(books::import_extract(area.as("pool.manager"), "",
                                  {inbox + "gl-draws-2025-" + month + ".csv", "host-gl-draws", false}));
  }
  // May is not a quarter's last month.
  auto may = books::month_statement(area.books, *Period::parse("2025/26 M02"));
  REQUIRE(may);
  CHECK_FALSE(may->quarter);
  // June closes Q1. Summed from the three months' files by hand (a script over the CSVs): the
  // draws are £13,441,110.63, S07's £1,006,562.79; the receipts £15,244,374.39.
  auto june = books::month_statement(area.books, *Period::parse("2025/26 M03"));
  REQUIRE(june);
  REQUIRE(june->quarter);
  CHECK(june->quarter->quarter == "2025/26 Q1");
  CHECK(june->quarter->spent == pounds("13441110.63"));
  CHECK(june->quarter->received == pounds("15244374.39"));
  const auto s07 = std::find_if(june->quarter->schemes.begin(), june->quarter->schemes.end(),
                                [](const auto& row) { return row.scheme == "S07"; });
  REQUIRE(s07 != june->quarter->schemes.end());
  CHECK(s07->quarter == pounds("1006562.79"));
  CHECK(s07->to_date == s07->quarter);  // the first quarter is the year to date
}
