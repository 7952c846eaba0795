// Exporting the journal for ledger-cli, hledger, beancount and spreadsheets.
#include "poolbook/ledger/journal/journal_export.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>

#include "poolbook/ledger/store/sqlite_store.hpp"

using namespace poolbook::ledger;
using namespace date::literals;

namespace {

std::unique_ptr<Store> books_with(const std::vector<Account>& accounts) {
  auto store = open_sqlite_store(":memory:");
  REQUIRE(store);
  REQUIRE((*store)->open_accounts(accounts));
  return std::move(store).value();
}

Entry receipt(const std::string& description, const std::string& reference) {
  Entry entry;
  entry.date = 2025_y / date::October / 15;
  entry.kind = EntryKind::contribution;
  entry.description = description;
  entry.reference = reference;
  entry.postings = {{"pool/bcf/bank", Money::from_pence(347995629)},
                    {"pool/bcf/contributions/icb", Money::from_pence(-347995629)}};
  entry.provenance.actor = "pool.manager";
  return entry;
}

const std::vector<Account> kAccounts = {{"pool/bcf/bank", AccountType::asset, "Bank"},
                                        {"pool/bcf/contributions/icb", AccountType::income, "ICB"}};

std::string exported(Store& store, ExportFormat format) {
  std::ostringstream out;
  auto written = export_journal(store, format, out);
  REQUIRE(written);
  return out.str();
}

}  // namespace

TEST_CASE("the ledger export writes each entry with exact amounts") {
  auto store = books_with(kAccounts);
  REQUIRE(store->append({receipt("ICB instalment M07", "R-0001")}));
  CHECK_THAT(exported(*store, ExportFormat::ledger),
             Catch::EndsWith("2025-10-15 * ICB instalment M07  ; entry 1, ref R-0001\n"
                             "    pool:bcf:bank    GBP 3479956.29\n"
                             "    pool:bcf:contributions:icb    GBP -3479956.29\n\n"));
  CHECK_THAT(exported(*store, ExportFormat::beancount),
             Catch::Contains("  Assets:Pool:Bcf:Bank  3479956.29 GBP\n  Income:Pool:Bcf:Contributions:Icb  "
                             "-3479956.29 GBP\n"));
}

TEST_CASE("the ledger export declares the commodity and every account before the first entry") {
  // hledger check --strict and ledger --pedantic refuse a file that uses an undeclared
  // account or commodity; the format line's sample is written as the amounts are.
  auto store = books_with(kAccounts);
  REQUIRE(store->append({receipt("ICB instalment M07", "R-0001")}));
  CHECK_THAT(exported(*store, ExportFormat::ledger), Catch::StartsWith("commodity GBP\n"
                                                                       "    format GBP 1000.00\n\n"
                                                                       "account pool:bcf:bank\n"
                                                                       "account pool:bcf:contributions:icb\n\n"
                                                                       "2025-10-15 * ICB instalment M07"));
}

TEST_CASE("every export is in date order, and entries of one day in the order they were posted") {
  // Posted as ids 1 to 4 dated 15 Oct, 2 Apr, 15 Oct, 30 Sep: written 2, 4, 1, 3, as
  // hledger check ordereddates requires (a year's files are imported source by source).
  auto store = books_with(kAccounts);
  const auto dated = [](const std::string& description, date::year_month_day day) {
    Entry entry = receipt(description, "");
    entry.date = day;
    return entry;
  };
  REQUIRE(store->append(
      {dated("first posted", 2025_y / date::October / 15), dated("second posted", 2025_y / date::April / 2),
       dated("third posted", 2025_y / date::October / 15), dated("fourth posted", 2025_y / date::September / 30)}));
  const std::string ledger = exported(*store, ExportFormat::ledger);
  const std::vector<std::size_t> written = {
      ledger.find("2025-04-02 * second posted  ; entry 2\n"), ledger.find("2025-09-30 * fourth posted  ; entry 4\n"),
      ledger.find("2025-10-15 * first posted  ; entry 1\n"), ledger.find("2025-10-15 * third posted  ; entry 3\n")};
  CHECK(std::find(written.begin(), written.end(), std::string::npos) == written.end());
  CHECK(std::is_sorted(written.begin(), written.end()));
  const std::string csv = exported(*store, ExportFormat::csv);
  const std::vector<std::size_t> rows = {csv.find("\n2,2025-04-02,"), csv.find("\n4,2025-09-30,"),
                                         csv.find("\n1,2025-10-15,"), csv.find("\n3,2025-10-15,")};
  CHECK(std::find(rows.begin(), rows.end(), std::string::npos) == rows.end());
  CHECK(std::is_sorted(rows.begin(), rows.end()));
}

TEST_CASE("the CSV export shows text that looks like a formula, and never runs it") {
  auto store = books_with(kAccounts);
  REQUIRE(store->append({receipt("=HYPERLINK(\"http://x\",\"pay\")", "+44-123"), receipt("@SUM(A1)", "-1")}));
  const std::string csv = exported(*store, ExportFormat::csv);
  CHECK_THAT(csv, Catch::StartsWith("entry,date,kind,description,reference,account,amount\n"));
  CHECK_THAT(csv, Catch::Contains("1,2025-10-15,contribution,\"'=HYPERLINK(\"\"http://x\"\",\"\"pay\"\")\",'+44-123,"
                                  "pool/bcf/bank,3479956.29\n"));
  CHECK_THAT(csv, Catch::Contains("2,2025-10-15,contribution,'@SUM(A1),'-1,pool/bcf/contributions/icb,-3479956.29\n"));
}

TEST_CASE("an export that would merge two accounts under one name is refused, before anything is written") {
  auto store = books_with({{"pool/bcf/bank", AccountType::asset, "Bank"},
                           {"pool/bcf/scheme/s_07", AccountType::expenditure, "S 07"},
                           {"pool/bcf/scheme/s-07", AccountType::expenditure, "S-07"}});
  CHECK(check_export(*store, ExportFormat::ledger));  // ledger-cli keeps them apart
  std::ostringstream out;
  auto refused = export_journal(*store, ExportFormat::beancount, out);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "export.collision");
  CHECK(refused.error().message ==
        "accounts pool/bcf/scheme/s-07 and pool/bcf/scheme/s_07 would both be written as "
        "Expenses:Pool:Bcf:Scheme:S-07, and their balances merged; export them in another format");
  CHECK(out.str().empty());
}
