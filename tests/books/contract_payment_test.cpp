// Contract payments at month end through the application layer: the home care contract's
// KPI results recorded from a results file, its quarter's payment approved under the scheme
// of delegation by someone other than who recorded the results, listed as an exception until
// then, and its earned element accrued at the quarter's close.
#include "poolbook/daemon/books/contract_payments.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "northshire_books.hpp"
#include "poolbook/daemon/books/decisions.hpp"
#include "poolbook/daemon/books/month_close.hpp"
#include "poolbook/daemon/books/month_end.hpp"
#include "poolbook/daemon/books/queries.hpp"

using namespace poolbook;
using namespace poolbook::testing;
using ledger::Money;
using ledger::Period;

namespace {

const std::string kQ1 = POOLBOOK_FIXTURES_DIR "/northshire/inbox/kpi-results-2025-26-Q1.csv";
const auto kToday = 2025_y / date::July / 10;

bool has_exception(const books::MonthStatement& statement, const std::string& rule, const std::string& text) {
  return std::any_of(statement.exceptions.begin(), statement.exceptions.end(), [&](const auto& exception) {
    return exception.rule == rule && exception.message.find(text) != std::string::npos;
  });
}

}  // namespace

TEST_CASE("a quarter's payment is approved from its recorded results by another person, then accrued at its close") {
  NorthshireBooks area;
  const Period march = *Period::parse("2025/26 M03");  // June 2025, Q1's last month
  // Before any result: the quarter's payment is due at June's close and not approved.
  for (const char* month : {"2025/26 M01", "2025/26 M02"})
    REQUIRE(books::close_month_end(area.as("pool.manager"), "", *Period::parse(month)));
  auto before = books::month_statement(area.books, march);
  REQUIRE(before);
  CHECK(has_exception(*before, "contract.unapproved",
                      "HC-OUTCOMES's payment for 2025/26 Q1 was due at the close of 2025/26 M03 and is not approved "
                      "(results recorded for 0 of 4 KPIs)"));
  // Approving with no results is refused, and logged.
  auto empty = books::approve_contract_payment(area.as("pool.manager"), "", {"HC-OUTCOMES", "2025/26 Q1", ""}, kToday);
  REQUIRE_FALSE(empty);
  CHECK(empty.error().rule == "contract.results");
  CHECK_THAT(empty.error().message, Catch::Contains("no result is recorded for K1, K2, K3, K4 in 2025/26 Q1"));

  // The finance officer records the quarter's four results.
  auto imported = books::import_kpi_results(area.as("finance.officer"), "", kQ1);
  REQUIRE(imported);
  CHECK(imported->records == 4);
  REQUIRE(imported->recorded.size() == 4);
  CHECK(imported->refused.empty());
  CHECK(imported->recorded[1].kpi == "K2");
  CHECK(imported->recorded[1].value == ledger::Ratio(91, 100));  // "91%", exactly
  CHECK(imported->recorded[1].written == "91%");
  CHECK(imported->recorded[1].recorded_by == "n.ahmed");
  CHECK(imported->recorded[1].line == 3);

  // She may not approve the payment made on results she recorded.
  auto own = books::approve_contract_payment(area.as("finance.officer"), "", {"HC-OUTCOMES", "2025/26 Q1", ""}, kToday);
  REQUIRE_FALSE(own);
  CHECK(own.error().rule == "authority.maker-checker");

  // The pool manager approves it, within her £2,500,000.00. Worked from the contract:
  // £8,918,450.00 a year, 10% at risk, paid quarterly: fixed £2,006,651.25 and £222,961.25 at
  // risk. K1 0.83 on 0.80-0.85 earns 60% of its 40% (£89,184.50) = £53,510.70; K2 0.91 meets
  // 0.90, all of its 25% = £55,740.31; K3 0.105 on 0.12-0.09 earns 50% of its 20%
  // (£44,592.25) = £22,296.13; K4 0.78 reaches the 0.70 band, 50% of its 15% (£33,444.19) =
  // £16,722.10. Earned £148,269.24; withheld £74,692.01; paid £2,154,920.49.
  auto approved =
      books::approve_contract_payment(area.as("pool.manager"), "", {"HC-OUTCOMES", "2025/26 Q1", ""}, kToday);
  REQUIRE(approved);
  CHECK(approved->record.fixed == pounds("2006651.25"));
  CHECK(approved->record.earned == pounds("148269.24"));
  CHECK(approved->record.withheld == pounds("74692.01"));
  CHECK(approved->record.at_risk == pounds("222961.25"));
  CHECK(approved->record.approved_by == "r.osei");
  CHECK(approved->record.results == "K1=83/100,K2=91/100,K3=21/200,K4=39/50");
  // Once only.
  auto twice = books::approve_contract_payment(area.as("pool.manager"), "", {"HC-OUTCOMES", "2025/26 Q1", ""}, kToday);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().rule == "contract.approved");

  // June's statement no longer lists it; June's close accrues the earned £148,269.24 on S11,
  // reversed on 1 July.
  auto after = books::month_statement(area.books, march);
  REQUIRE(after);
  CHECK_FALSE(has_exception(*after, "contract.unapproved", "2025/26 Q1"));
  REQUIRE(after->payments.size() == 1);
  CHECK(after->payments[0].approved);
  auto closed = books::close_month_end(area.as("pool.manager"), "", march);
  REQUIRE(closed);
  REQUIRE(closed->payment_accruals.size() == 1);
  CHECK(closed->payment_accruals[0].amount == pounds("148269.24"));
  const Period april = *Period::parse("2025/26 M01");
  const Period july = *Period::parse("2025/26 M04");
  CHECK(held(area.books, "pool/bcf-pool/accrued-creditors", april, march) == pounds("-148269.24"));
  CHECK(held(area.books, "pool/bcf-pool/scheme/S11", march, march) == pounds("148269.24"));
  CHECK(held(area.books, "pool/bcf-pool/accrued-creditors", april, july).is_zero());
  // July's close does not accrue it again.
  auto next = books::close_month_end(area.as("pool.manager"), "", july);
  REQUIRE(next);
  CHECK(next->payment_accruals.empty());
  // The log has the refusals and the approval.
  const auto log = books::authority_log(area.books);
  const auto count = [&](bool allowed) {
    return std::count_if(log.begin(), log.end(),
                         [&](const auto& e) { return e.action == "contract-payment" && e.allowed == allowed; });
  };
  CHECK(count(true) == 1);
  CHECK(count(false) == 3);
  CHECK(books::verify_books(area.books).ok());
}

TEST_CASE("a payment beyond the approver's limit needs the board's decision") {
  const VariedNorthshire lower("action = \"contract-payment\"\nup_to = \"2500000.00\"",
                               "action = \"contract-payment\"\nup_to = \"2000000.00\"");
  NorthshireBooks area(lower.path);
  REQUIRE(books::import_kpi_results(area.as("finance.officer"), "", kQ1));
  auto beyond = books::approve_contract_payment(area.as("pool.manager"), "", {"HC-OUTCOMES", "2025/26 Q1", ""}, kToday);
  REQUIRE_FALSE(beyond);
  CHECK(beyond.error().rule == "authority.decision");
  CHECK_THAT(beyond.error().message,
             Catch::Contains("a contract payment of £2,154,920.49 needs a decision of Northshire Joint Commissioning "
                             "Board (r.osei may approve up to £2,000,000.00 alone)"));
}

TEST_CASE("a results file's bad rows are refused by line and rule, and its good rows recorded") {
  NorthshireBooks area;
  const std::string file = area.path + ".kpis.csv";
  std::ofstream(file) << "Contract, KPI ,Period,Value,Source\n"
                         "HC-OUTCOMES,K1,2025/26 Q2,0.81,Brightcare return\n"
                         "HC-OUTCOMES,K1,2025/26 Q2,0.84,Brightcare return\n"
                         "HC-OUTCOMES,K2,2025/26 Q2,-1%,ICB tracker\n"
                         "HC-OUTCOMES,K3,2027/28 Q1,0.1,Trust extract\n"
                         "HC-OUTCOMES,K4,2025/26 Q2\n"
                         "HC-OUTCOMES,K4,2025/26 Q2,\"0.8\"x,survey\n";
  auto imported = books::import_kpi_results(area.as("finance.officer"), "", file);
  REQUIRE(imported);
  CHECK(imported->records == 6);
  REQUIRE(imported->recorded.size() == 1);
  CHECK(imported->recorded[0].value == ledger::Ratio(81, 100));
  REQUIRE(imported->refused.size() == 5);
  CHECK(imported->refused[0].rule == "kpi.duplicate");
  CHECK(imported->refused[0].line == 3);
  CHECK(imported->refused[0].file == file);
  CHECK(imported->refused[1].rule == "kpi.value");
  CHECK(imported->refused[2].rule == "kpi.period");
  CHECK(imported->refused[3].rule == "kpi.fields");
  CHECK(imported->refused[4].rule == "csv.format");
  CHECK(imported->refused[4].line == 7);
  // A file whose header is not the format's is refused whole.
  std::ofstream(file) << "contract,kpi,value,period,source\nHC-OUTCOMES,K1,0.8,2025/26 Q2,x\n";
  auto header = books::import_kpi_results(area.as("finance.officer"), "", file);
  REQUIRE(header);
  CHECK(header->recorded.empty());
  REQUIRE(header->refused.size() == 1);
  CHECK(header->refused[0].rule == "kpi.header");
  // A fraction, or a figure longer than any measurement, is not a result.
  std::ofstream(file) << "contract,kpi,period,value,source\n"
                         "HC-OUTCOMES,K2,2025/26 Q2,1/3,ICB tracker\n"
                         "HC-OUTCOMES,K3,2025/26 Q2,99999999999999999999999999999999999999999,Trust extract\n";
  auto odd = books::import_kpi_results(area.as("finance.officer"), "", file);
  REQUIRE(odd);
  REQUIRE(odd->refused.size() == 2);
  CHECK(odd->refused[0].rule == "kpi.value");
  CHECK(odd->refused[0].message == "'1/3' is a fraction: write the result as a decimal or a percentage");
  CHECK(odd->refused[1].rule == "kpi.value");
  std::filesystem::remove(file);
  CHECK(area.books.governance->kpi_results().size() == 1);
}

TEST_CASE("March does not close while a payment due in the year with results recorded is unapproved") {
  NorthshireBooks area;
  for (int month = 1; month <= 11; ++month)
    REQUIRE(books::close_month_end(area.as("pool.manager"), "",
                                   Period(ledger::FinancialYear(2025), ledger::FinancialMonth(month))));
  // Q4's results are recorded; its payment is not approved. (Q1 to Q3 have no results at all:
  // noted, with nothing to compute them from.)
  REQUIRE(books::import_kpi_results(area.as("finance.officer"), "",
                                    POOLBOOK_FIXTURES_DIR "/northshire/inbox/kpi-results-2025-26-Q4.csv"));
  const Period march = *Period::parse("2025/26 M12");
  auto statement = books::month_statement(area.books, march);
  REQUIRE(statement);
  const auto q4 = std::find_if(statement->exceptions.begin(), statement->exceptions.end(), [](const auto& e) {
    return e.rule == "contract.unapproved" && e.message.find("2025/26 Q4") != std::string::npos;
  });
  REQUIRE(q4 != statement->exceptions.end());
  CHECK(q4->hard);
  CHECK_THAT(q4->message, Catch::EndsWith("; the year cannot settle without it"));
  const auto q1 = std::find_if(statement->exceptions.begin(), statement->exceptions.end(), [](const auto& e) {
    return e.rule == "contract.unapproved" && e.message.find("2025/26 Q1") != std::string::npos;
  });
  REQUIRE(q1 != statement->exceptions.end());
  CHECK_FALSE(q1->hard);
  auto refused = books::close_month_end(area.as("pool.manager"), "", march, {{"NEA-65", true}});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "close.exceptions");
  CHECK_FALSE(area.books.store->is_closed(march));
  // Approved, March closes and accrues Q4's earned £197,692.31 in 2025/26.
  REQUIRE(books::approve_contract_payment(area.as("pool.manager"), "", {"HC-OUTCOMES", "2025/26 Q4", ""},
                                          2026_y / date::April / 8));
  auto closed = books::close_month_end(area.as("pool.manager"), "", march, {{"NEA-65", true}});
  REQUIRE(closed);
  REQUIRE(closed->payment_accruals.size() == 1);
  CHECK(closed->payment_accruals[0].amount == pounds("197692.31"));
}

TEST_CASE("the same results file again is refused, and a corrected result after approval is flagged") {
  NorthshireBooks area;
  REQUIRE(books::import_kpi_results(area.as("finance.officer"), "", kQ1));
  auto again = books::import_kpi_results(area.as("finance.officer"), "", kQ1);
  REQUIRE_FALSE(again);
  CHECK(again.error().rule == "kpi.duplicate-file");
  CHECK(again.error().kind == ErrorKind::conflict);
  CHECK(area.books.governance->kpi_results().size() == 4);
  REQUIRE(books::approve_contract_payment(area.as("pool.manager"), "", {"HC-OUTCOMES", "2025/26 Q1", ""}, kToday));
  // The provider corrects K1 from 0.83 to 0.85 after the payment was approved.
  const std::string corrected = area.path + ".k1.csv";
  std::ofstream(corrected) << "contract,kpi,period,value,source\n"
                              "HC-OUTCOMES,K1,2025/26 Q1,0.85,Brightcare corrected return\n";
  REQUIRE(books::import_kpi_results(area.as("finance.officer"), "", corrected));
  std::filesystem::remove(corrected);
  auto statement = books::month_statement(area.books, *Period::parse("2025/26 M03"));
  REQUIRE(statement);
  const auto revised = std::find_if(statement->exceptions.begin(), statement->exceptions.end(),
                                    [](const auto& e) { return e.rule == "contract.revised"; });
  REQUIRE(revised != statement->exceptions.end());
  CHECK_THAT(revised->message, Catch::StartsWith("HC-OUTCOMES's payment for 2025/26 Q1 was approved by r.osei on "
                                                 "the results K1=83/100,"));
  CHECK_THAT(revised->message, Catch::Contains("; the results recorded since are K1=17/20,"));
  CHECK_FALSE(revised->hard);
}
