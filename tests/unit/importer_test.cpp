// Importing extracts: good rows are posted in one transaction, bad rows go to quarantine
// with their line and reason, and nothing is lost or posted twice.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "import_test_support.hpp"
#include "northshire_agreement.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/agreement/chart_of_accounts.hpp"
#include "poolbook/contracts/imports/importer.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/store/sqlite_store.hpp"

using namespace poolbook::contracts;
using namespace poolbook::ledger;
using Catch::Contains;

using poolbook::testing::balance_of;
using poolbook::testing::Books;
using poolbook::testing::kDraws;
using poolbook::testing::kReceipts;
using poolbook::testing::northshire;
using poolbook::testing::profile;

TEST_CASE("receipts post to the pool's bank and the partner's contributions") {
  Books books;
  const std::string csv =
      "Receipt Date,Receipt No,Customer,Amount,Comments\r\n"
      "15-APR-2025,R-0001,NHS NORTHSHIRE ICB,\"3,438,289.63\",ICB M01\r\n"
      "15-Apr-2025,R-0002,NORTHSHIRE COUNTY COUNCIL,3287187.50,County Q1\r\n"
      "16-May-2025,R-0003,icb,\"(1,000.00)\",refund of an overpayment\r\n";
  auto summary = import_text(northshire(), profile(kReceipts), *books.store, csv, "receipts.csv", "r.osei");
  REQUIRE(summary);
  CHECK(summary->records_read == 3);
  CHECK(summary->entries_posted == 3);
  CHECK(summary->quarantined.empty());
  CHECK(summary->total_posted.to_report() == "£6,724,477.13");
  CHECK(balance_of(*books.store, "pool/bcf-pool/bank").to_report() == "£6,724,477.13");
  CHECK(balance_of(*books.store, "pool/bcf-pool/contributions/icb").to_report() == "(£3,437,289.63)");
  const Entry first = *books.store->entry(1);
  CHECK(first.kind == EntryKind::contribution);
  CHECK(first.reference == "R-0001");
  CHECK(first.provenance.source_row == 2);
  CHECK(first.provenance.profile == "host-receipts");
  CHECK(first.provenance.actor == "r.osei");
  CHECK(first.provenance.source_digest == sha256_hex(csv));
}

TEST_CASE("a long import tells of its progress every 100,000 rows read") {
  Books books;
  std::string csv = "Receipt Date,Receipt No,Customer,Amount,Comments\n";
  for (int row = 1; row <= 250000; ++row) csv += "15-Apr-2025,R-" + std::to_string(row) + ",NHS NORTHSHIRE ICB,1.00,\n";
  std::vector<std::size_t> told;
  auto summary = import_text(northshire(), profile(kReceipts), *books.store, csv, "receipts.csv", "r.osei", false,
                             [&](std::size_t rows) { told.push_back(rows); });
  REQUIRE(summary);
  CHECK(summary->entries_posted == 250000);
  CHECK(told == std::vector<std::size_t>{100000, 200000});
  CHECK(balance_of(*books.store, "pool/bcf-pool/bank").to_report() == "£250,000.00");
}

TEST_CASE(
    "a file of more rows than one import takes is refused before any row is posted, counted as the reader counts") {
  Books books;
  std::string csv = "Receipt Date,Receipt No,Customer,Amount,Comments\r\n";
  // A stray quote first (a bad row: the reader goes on at the next line, so a count by
  // quotes alone would see one long field from here on); then rows of one field holding a
  // line ending inside its quotes; the last ones end in a lone CR; blank lines end the file.
  // Neither the quoted line endings nor the blank lines count as rows; the bad row does.
  csv += "x\"y\n";
  const std::string row = "\"a\nb\"\n";
  csv.reserve(csv.size() + row.size() * kMaxEntriesPerBatch + 16);
  for (std::size_t i = 0; i < kMaxEntriesPerBatch - 2; ++i) csv += row;
  csv += "x\ry\r\r\n\r\n";
  std::vector<std::size_t> told;
  auto refused = import_text(northshire(), profile(kReceipts), *books.store, csv, "over.csv", "r.osei", false,
                             [&](std::size_t rows) { told.push_back(rows); });
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "import.limit");
  CHECK(refused.error().file == "over.csv");
  CHECK_THAT(refused.error().message, Contains("the file has 10000001 rows, and one import takes at most 10000000"));
  CHECK(told.empty());  // not a row taken to post
  CHECK(balance_of(*books.store, "pool/bcf-pool/bank").to_report() == "£0.00");
}

TEST_CASE("draws in debit and credit columns post to schemes, a credit note reverses the direction") {
  Books books;
  const std::string csv =
      "Posting Date;Journal;Cost Centre;Debit;Credit\n"
      "2025-10-31;GL-1;CC4107;375709.54;\n"
      "2025-10-31;GL-2;CC4111;743204.17;\n"
      "2025-11-03;GL-3;CC4111;;1204.17\n";
  auto summary = import_text(northshire(), profile(kDraws), *books.store, csv, "gl.csv", "r.osei");
  REQUIRE(summary);
  CHECK(summary->entries_posted == 3);
  CHECK(balance_of(*books.store, "pool/bcf-pool/scheme/S11").to_report() == "£742,000.00");
  CHECK(balance_of(*books.store, "pool/bcf-pool/bank").to_report() == "(£1,117,709.54)");
  CHECK(books.store->entry(1)->kind == EntryKind::draw);
}

TEST_CASE("every kind of bad row goes to quarantine with its line and reason, the good rows are posted") {
  Books books;
  REQUIRE(books.store->close_period(*Period::parse("2025/26 M01"), "finance.director"));
  const std::string csv =
      "Receipt Date,Receipt No,Customer,Amount,Comments\n"
      "15-May-2025,R-1,NHS NORTHSHIRE ICB,100.00,good\n"             // 2
      "2025-05-15,R-2,NHS NORTHSHIRE ICB,100.00,iso date\n"          // 3
      "15-May-2025,R-3,NHS NORTHSHIRE ICB,\"1.234,56\",euro\n"       // 4
      "15-May-2025,R-4,NHS NORTHSHIRE ICB,1e6,exponent\n"            // 5
      "15-May-2025,R-5,NOBODY LTD,100.00,unknown\n"                  // 6
      "15-May-2025,R-1,NHS NORTHSHIRE ICB,100.00,duplicate\n"        // 7
      "15-May-2025,,NHS NORTHSHIRE ICB,100.00,no reference\n"        // 8
      "15-May-2025,R-8,NHS \"NORTH\" ICB,100.00,stray quote\n"       // 9
      "15-May-2025,R-9,NHS NORTHSHIRE ICB,0.00,zero\n"               // 10
      "15-Apr-2025,R-10,NHS NORTHSHIRE ICB,100.00,closed month\n"    // 11
      "15-May-2029,R-11,NHS NORTHSHIRE ICB,100.00,after the term\n"  // 12
      "15-May-2025,R-12,vcse,100.00,not in the pool\n"               // 13
      "16-May-2025,R-13,NHS NORTHSHIRE ICB,200.00,good\n";           // 14
  auto summary = import_text(northshire(), profile(kReceipts), *books.store, csv, "bad.csv", "r.osei");
  REQUIRE(summary);
  CHECK(summary->records_read == 13);
  CHECK(summary->entries_posted == 2);
  REQUIRE(summary->quarantined.size() == 11);
  std::vector<std::pair<long, std::string>> got;
  for (const QuarantinedRow& row : summary->quarantined) got.emplace_back(row.line, row.rule);
  CHECK(got == std::vector<std::pair<long, std::string>>{{3, "date.format"},
                                                         {4, "money.format"},
                                                         {5, "money.format"},
                                                         {6, "import.partner"},
                                                         {7, "import.duplicate-reference"},
                                                         {8, "import.reference"},
                                                         {9, "csv.format"},
                                                         {10, "import.amount"},
                                                         {11, "period.closed"},
                                                         {12, "agreement.term"},
                                                         {13, "import.partner"}});
  CHECK(summary->quarantined[1].reason ==
        "'1.234,56' is not an amount of money: a comma after the decimal point looks like European format (1.234,56), "
        "which is not accepted");
  CHECK(summary->quarantined[3].raw == "15-May-2025,R-5,NOBODY LTD,100.00,unknown");
  CHECK(summary->quarantined[10].reason == "partner vcse is not a partner of arrangement 'bcf-pool'");
  // held in the store, with the header so the row can be read again
  const auto held = books.store->quarantine(true);
  REQUIRE(held.size() == 11);
  CHECK(held[0].header == "Receipt Date,Receipt No,Customer,Amount,Comments");
  CHECK(balance_of(*books.store, "pool/bcf-pool/bank").to_report() == "£300.00");
}

TEST_CASE("a quarantined row corrected by the user is posted on retry, once") {
  Books books;
  const std::string csv =
      "Receipt Date,Receipt No,Customer,Amount,Comments\n"
      "15-May-2025,R-4,NHS NORTHSHIRE ICB,1e6,exponent\n";
  REQUIRE(import_text(northshire(), profile(kReceipts), *books.store, csv, "bad.csv", "r.osei"));
  const QuarantinedRow row = books.store->quarantine(true).front();
  auto still_bad = retry_quarantined(northshire(), profile(kReceipts), *books.store, row, "", "r.osei");
  REQUIRE_FALSE(still_bad);
  CHECK(still_bad.error().describe() ==
        "bad.csv:2: '1e6' is not an amount of money: exponent notation is not accepted [money.format]");
  auto fixed = retry_quarantined(northshire(), profile(kReceipts), *books.store, row,
                                 "15-May-2025,R-4,NHS NORTHSHIRE ICB,1000000.00,corrected", "r.osei");
  REQUIRE(fixed);
  CHECK(books.store->entry(*fixed)->provenance.source_row == 2);
  CHECK(balance_of(*books.store, "pool/bcf-pool/bank").to_report() == "£1,000,000.00");
  CHECK(books.store->quarantine(true).empty());
  const QuarantinedRow retried = books.store->quarantine(false).front();
  CHECK(retried.status == poolbook::ledger::QuarantineStatus::retried);
  CHECK(retried.resolved_by == "r.osei");
  CHECK(retried.corrected_raw == "15-May-2025,R-4,NHS NORTHSHIRE ICB,1000000.00,corrected");
  CHECK(retried.entry == std::optional<EntryId>(*fixed));
  CHECK(retried.resolution == "posted as entry " + std::to_string(*fixed));
  CHECK_FALSE(retry_quarantined(northshire(), profile(kReceipts), *books.store, retried, "", "r.osei"));
}

TEST_CASE("a bank statement's lines are memo: the pool's bank is untouched, an aligned budget has none") {
  Books books;
  const char* statement_profile = R"(
[profile]
name = "host-bank"
source = "bank-statement"
arrangement = "bcf-pool"
[format]
date_format = "dd/mm/yyyy"
[columns]
date = "Date"
amount = "Value"
reference = "Bank Reference"
)";
  const std::string csv =
      "Date,Value,Bank Reference\n"
      "15/04/2025,3438289.63,NW1\n"
      "30/04/2025,-4529410.21,NW2\n"
      "30/04/2025,-25.00,NW3\n";
  auto summary = import_text(northshire(), profile(statement_profile), *books.store, csv, "bank.csv", "r.osei");
  REQUIRE(summary);
  CHECK(summary->entries_posted == 3);
  // 3,438,289.63 - 4,529,410.21 - 25.00 = -1,091,145.58
  CHECK(balance_of(*books.store, "memo/bcf-pool/bank-statement").to_report() == "(£1,091,145.58)");
  CHECK(balance_of(*books.store, "memo/bcf-pool/contra").to_report() == "£1,091,145.58");
  CHECK(balance_of(*books.store, "pool/bcf-pool/bank").is_zero());
  CHECK(books.store->entry(1)->description == "bank-statement NW1");
  // No partner or scheme column is needed; an aligned budget, where no money moves, has no bank.
  std::string aligned = statement_profile;
  aligned.replace(aligned.find("bcf-pool"), 8, "mh-aligned");
  auto refused = import_text(northshire(), profile(aligned), *books.store, csv, "bank2.csv", "r.osei");
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error().message, Contains("imports bank-statement into an aligned budget"));
}

TEST_CASE("a file is refused whole when it is a repeat or does not fit its profile") {
  Books books;
  const std::string csv = "Receipt Date,Receipt No,Customer,Amount,Comments\n15-May-2025,R-1,icb,1.00,x\n";
  REQUIRE(import_text(northshire(), profile(kReceipts), *books.store, csv, "r.csv", "r.osei"));
  auto again = import_text(northshire(), profile(kReceipts), *books.store, csv, "r.csv", "r.osei");
  REQUIRE_FALSE(again);
  CHECK(again.error().describe() ==
        "r.csv: this file was already imported (same contents); use --force to import it again [import.duplicate]");
  // forced: the file is read again, and its rows are refused as duplicate references
  auto forced = import_text(northshire(), profile(kReceipts), *books.store, csv, "r.csv", "r.osei", true);
  REQUIRE(forced);
  CHECK(forced->entries_posted == 0);
  CHECK(forced->quarantined.front().rule == "import.duplicate-reference");
  auto wrong = import_text(northshire(), profile(kReceipts), *books.store, "Date,Amount\n1,2\n", "gl.csv", "r.osei");
  REQUIRE_FALSE(wrong);
  CHECK_THAT(wrong.error().message,
             Contains("the file has no column 'Receipt Date', which profile host-receipts reads"));
  CHECK(import_text(northshire(), profile(kReceipts), *books.store, "", "empty.csv", "r.osei").error().rule ==
        "import.empty");
  // Only a person of the agreement imports: a stranger (or a user name not mapped) is refused.
  const auto stranger = import_text(northshire(), profile(kReceipts), *books.store, csv, "s.csv", "mallory");
  REQUIRE_FALSE(stranger);
  CHECK(stranger.error().describe() ==
        "'mallory' is not a person of agreement NSH-BCF-S75, so may not import into its books [authority.actor]");
}

TEST_CASE("profiles with mistakes are refused with their lines") {
  const LoadedProfile loaded = load_import_profile_text(R"([profile]
name = "p"
source = "receipt"
arrangement = "bcf-pool"
[format]
date_format = "mm/dd/yyyy"
[columns]
date = "Date"
amount = "Amount"
debit = "Debit"
reference = "Ref"
colour = "red"
)",
                                                        "p.toml");
  REQUIRE_FALSE(loaded.profile);
  std::vector<std::string> messages;
  for (const Finding& finding : loaded.findings) messages.push_back(finding.describe());
  CHECK_THAT(messages[0], Contains("p.toml:1: error: source 'receipt' should be receipts, partner-payments"));
  CHECK_THAT(messages[1], Contains("p.toml:5: error: date_format 'mm/dd/yyyy' should be"));
  CHECK_THAT(messages[2], Contains("p.toml:12: error: [columns] has a key 'colour'"));
  CHECK_THAT(messages[3], Contains("should name either 'amount' or both 'debit' and 'credit'"));
}

TEST_CASE("a profile's header setting must be a boolean, and stated when columns are positions") {
  const LoadedProfile loaded = load_import_profile_text(R"([profile]
name = "p"
source = "gl-draws"
arrangement = "mh-aligned"
[format]
date_format = "yyyy-mm-dd"
[columns]
date = 1
reference = 2
scheme = 3
amount = 4
)",
                                                        "p.toml");
  REQUIRE_FALSE(loaded.profile);
  CHECK_THAT(loaded.findings.front().describe(), Contains("say whether the file has a header row"));
  const LoadedProfile quoted = load_import_profile_text(R"([profile]
name = "p"
source = "gl-draws"
arrangement = "mh-aligned"
[format]
header = "false"
date_format = "yyyy-mm-dd"
[columns]
date = 1
reference = 2
scheme = 3
amount = 4
)",
                                                        "p.toml");
  REQUIRE_FALSE(quoted.profile);
  CHECK(quoted.findings.front().describe() ==
        "p.toml:6: error: header should be true or false (without quotes) [profile.field]");
}

TEST_CASE("a reference posted and then reversed may be imported again, corrected") {
  Books books;
  const std::string wrong =
      "Receipt Date,Receipt No,Customer,Amount,Comments\n"
      "15-May-2025,R-7,NHS NORTHSHIRE ICB,1000.00,keyed to the wrong partner\n";
  REQUIRE(import_text(northshire(), profile(kReceipts), *books.store, wrong, "may.csv", "r.osei"));
  const std::string corrected =
      "Receipt Date,Receipt No,Customer,Amount,Comments\n"
      "15-May-2025,R-7,NORTHSHIRE COUNTY COUNCIL,1000.00,corrected\n";
  auto refused = import_text(northshire(), profile(kReceipts), *books.store, corrected, "may-2.csv", "r.osei");
  REQUIRE(refused);
  CHECK(refused->quarantined.size() == 1);
  CHECK(refused->quarantined.front().rule == "import.duplicate-reference");
  REQUIRE(books.store->reverse(1, date::year(2025) / date::May / 20, "wrong partner", "pool.manager"));
  auto again = import_text(northshire(), profile(kReceipts), *books.store, corrected, "may-2.csv", "r.osei", true);
  REQUIRE(again);
  CHECK(again->entries_posted == 1);
  CHECK(balance_of(*books.store, "pool/bcf-pool/bank").to_report() == "£1,000.00");
}

TEST_CASE("a row whose fields do not match the header goes to quarantine, unless only empty fields trail") {
  Books books;
  // Row 3's comments hold an unquoted comma: its Amount would be read from the wrong column.
  const std::string csv =
      "Receipt Date,Receipt No,Customer,Amount,Comments\n"
      "15-Apr-2025,R-0101,NHS NORTHSHIRE ICB,16602.81,ICB M01\n"
      "16-Apr-2025,R-0102,NHS NORTHSHIRE ICB,1500.00,refund, see letter,15102.81\n"
      "17-Apr-2025,R-0103,NHS NORTHSHIRE ICB,200.00\n";
  auto strict = import_text(northshire(), profile(kReceipts), *books.store, csv, "shifted.csv", "r.osei");
  REQUIRE(strict);
  CHECK(strict->entries_posted == 1);
  REQUIRE(strict->quarantined.size() == 2);
  CHECK(strict->quarantined[0].line == 3);
  CHECK(strict->quarantined[0].rule == "csv.fields");
  CHECK_THAT(strict->quarantined[0].reason, Catch::Contains("the row has 7 fields where the header has 5"));
  CHECK(strict->quarantined[1].rule == "csv.fields");  // a trailing field left off
  CHECK(balance_of(*books.store, "pool/bcf-pool/bank").to_report() == "£16,602.81");
  // A ledger that leaves off or adds empty trailing fields says so in its profile.
  std::string lenient_text = kReceipts;
  lenient_text.replace(lenient_text.find("[format]\n"), 9, "[format]\ntrailing_empty_fields = true\n");
  const std::string trailing =
      "Receipt Date,Receipt No,Customer,Amount,Comments\n"
      "18-Apr-2025,R-0201,NHS NORTHSHIRE ICB,300.00\n"
      "19-Apr-2025,R-0202,NHS NORTHSHIRE ICB,400.00,,,\n"
      "20-Apr-2025,R-0203,NHS NORTHSHIRE ICB,500.00,note,extra\n";
  auto lenient = import_text(northshire(), profile(lenient_text), *books.store, trailing, "trailing.csv", "r.osei");
  REQUIRE(lenient);
  CHECK(lenient->entries_posted == 2);
  REQUIRE(lenient->quarantined.size() == 1);
  CHECK(lenient->quarantined[0].line == 4);  // "extra" is not empty
}

TEST_CASE("a header that names a column the profile reads twice refuses the file") {
  Books books;
  const std::string csv =
      "Receipt Date,Receipt No,Customer,Amount,Amount,Comments\n"
      "15-Apr-2025,R-0301,NHS NORTHSHIRE ICB,3.00,8367792.13,ICB M01\n";
  auto refused = import_text(northshire(), profile(kReceipts), *books.store, csv, "twice.csv", "r.osei");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "import.header");
  CHECK_THAT(refused.error().message, Catch::Contains("names column 'Amount' twice (columns 4 and 5)"));
  CHECK(books.store->entries(std::nullopt, 10).empty());
}

TEST_CASE("references are compared trimmed and in capitals, so a spaced or lower-case one is still a duplicate") {
  Books books;
  const std::string first =
      "Receipt Date,Receipt No,Customer,Amount,Comments\n"
      "15-Apr-2025,AR250124,NHS NORTHSHIRE ICB,3438289.63,ICB M01\n";
  REQUIRE(import_text(northshire(), profile(kReceipts), *books.store, first, "april.csv", "r.osei"));
  const std::string again =
      "Receipt Date,Receipt No,Customer,Amount,Comments\n"
      "15-Apr-2025, AR250124,NHS NORTHSHIRE ICB,3438289.63,leading space\n"
      "15-Apr-2025,ar250124 ,NHS NORTHSHIRE ICB,3438289.63,lower case and a trailing space\n";
  auto refused = import_text(northshire(), profile(kReceipts), *books.store, again, "april-again.csv", "r.osei");
  REQUIRE(refused);
  CHECK(refused->entries_posted == 0);
  REQUIRE(refused->quarantined.size() == 2);
  for (const auto& row : refused->quarantined) CHECK(row.rule == "import.duplicate-reference");
  CHECK(balance_of(*books.store, "pool/bcf-pool/bank").to_report() == "£3,438,289.63");
  CHECK(books.store->entries(std::nullopt, 10).front().reference == "AR250124");
  // A source whose references differ only by case says so in its profile.
  std::string sensitive = kReceipts;
  sensitive.replace(sensitive.find("[format]\n"), 9, "[format]\nreference_case = \"sensitive\"\n");
  const std::string lower =
      "Receipt Date,Receipt No,Customer,Amount,Comments\n"
      "16-Apr-2025,ar250124,NHS NORTHSHIRE ICB,10.00,another receipt\n";
  auto posted = import_text(northshire(), profile(sensitive), *books.store, lower, "lower.csv", "r.osei");
  REQUIRE(posted);
  CHECK(posted->entries_posted == 1);
}

TEST_CASE("the same receipt through a copy of the profile under another name is a probable duplicate") {
  Books books;
  const std::string april =
      "Receipt Date,Receipt No,Customer,Amount,Comments\n"
      "15-Apr-2025,AR250124,NHS NORTHSHIRE ICB,3438289.63,ICB M01\n"
      "17-Apr-2025,AR250140,NORTHSHIRE COUNTY COUNCIL,1642318.00,County M01\n";
  REQUIRE(import_text(northshire(), profile(kReceipts), *books.store, april, "april.csv", "r.osei"));
  std::string copy = kReceipts;
  copy.replace(copy.find("host-receipts"), 13, "receipts-copy");
  // Another export of the same receipts (different bytes), plus one new receipt.
  const std::string reexported =
      "Receipt Date,Receipt No,Customer,Amount,Comments\n"
      "15-Apr-2025,AR250124,NHS NORTHSHIRE ICB,3438289.63,re-exported\n"
      "17-Apr-2025,AR250140,NORTHSHIRE COUNTY COUNCIL,1642318.00,re-exported\n"
      "18-Apr-2025,AR250150,NORTHSHIRE COUNTY COUNCIL,100.00,new\n";
  auto again = import_text(northshire(), profile(copy), *books.store, reexported, "april-copy.csv", "r.osei");
  REQUIRE(again);
  CHECK(again->entries_posted == 1);
  REQUIRE(again->quarantined.size() == 2);
  CHECK(again->quarantined[0].rule == "import.probable-duplicate");
  CHECK_THAT(
      again->quarantined[0].reason,
      Contains("entry 1 already posts reference AR250124 of 2025-04-15 for the same amount to the same accounts"));
  CHECK(balance_of(*books.store, "pool/bcf-pool/bank").to_report() == "£5,080,707.63");
  // Nor through a copy that reads its references case-sensitively, given them in lower case.
  std::string sensitive = copy;
  sensitive.replace(sensitive.find("receipts-copy"), 13, "receipts-copy2");
  sensitive.replace(sensitive.find("[format]\n"), 9, "[format]\nreference_case = \"sensitive\"\n");
  const std::string lower =
      "Receipt Date,Receipt No,Customer,Amount,Comments\n"
      "15-Apr-2025,ar250124,NHS NORTHSHIRE ICB,3438289.63,lower case\n";
  auto cased = import_text(northshire(), profile(sensitive), *books.store, lower, "april-lower.csv", "r.osei");
  REQUIRE(cased);
  CHECK(cased->entries_posted == 0);
  REQUIRE(cased->quarantined.size() == 1);
  CHECK(cased->quarantined[0].rule == "import.probable-duplicate");
  // The same reference for another amount or partner is not a duplicate by this rule.
  const std::string different =
      "Receipt Date,Receipt No,Customer,Amount,Comments\n"
      "15-Apr-2025,AR250124,NORTHSHIRE COUNTY COUNCIL,3438289.63,another partner\n";
  auto other = import_text(northshire(), profile(copy), *books.store, different, "other.csv", "r.osei");
  REQUIRE(other);
  CHECK(other->entries_posted == 1);
}

TEST_CASE("a row that is not UTF-8 goes to quarantine and never reaches the journal") {
  Books books;
  const std::string csv =
      "Receipt Date,Receipt No,Customer,Amount,Comments\n"
      "15-Apr-2025,R-0401,NHS NORTHSHIRE ICB,100.00,caf\xE9 (Latin-1)\n"
      "16-Apr-2025,R-0402,NHS NORTHSHIRE ICB,200.00,caf\xC3\xA9 (UTF-8)\n";
  auto imported = import_text(northshire(), profile(kReceipts), *books.store, csv, "latin1.csv", "r.osei");
  REQUIRE(imported);
  CHECK(imported->entries_posted == 1);
  REQUIRE(imported->quarantined.size() == 1);
  CHECK(imported->quarantined[0].line == 2);
  CHECK(imported->quarantined[0].rule == "csv.encoding");
  CHECK_THAT(imported->quarantined[0].reason, Contains("field 5 is not UTF-8 (at its byte 4)"));
}

TEST_CASE("a receipt above the largest amount one posting may hold is quarantined, and balances stay whole pence") {
  Books books;
  const std::string csv =
      "Receipt Date,Receipt No,Customer,Amount,Comments\n"
      "15-Apr-2025,R-0501,NHS NORTHSHIRE ICB,\"50,000,000,000,000,000.00\",absurd\n"
      "15-Apr-2025,R-0502,NHS NORTHSHIRE ICB,\"50,000,000,000,000,000.00\",absurd again\n"
      "16-Apr-2025,R-0503,NHS NORTHSHIRE ICB,0.01,a penny\n";
  auto imported = import_text(northshire(), profile(kReceipts), *books.store, csv, "absurd.csv", "r.osei");
  REQUIRE(imported);
  CHECK(imported->entries_posted == 1);
  REQUIRE(imported->quarantined.size() == 2);
  CHECK(imported->quarantined[0].rule == "money.limit");
  CHECK_THAT(imported->quarantined[0].reason,
             Contains("above the largest amount one posting may hold (£999,999,999,999.99)"));
  CHECK(balance_of(*books.store, "pool/bcf-pool/bank").to_report() == "£0.01");
  CHECK(books.store->verify().problem == "");
}

TEST_CASE("a row with a control character a terminal would act on is quarantined, tabs and line breaks are kept") {
  Books books;
  const std::string csv =
      "Receipt Date,Receipt No,Customer,Amount,Comments\n"
      "15-APR-2025,R-0001,icb,1.00,\"Evil \x1b[2J line\"\n"
      "15-APR-2025,R-0002,icb,2.00,\"over\rwritten\"\n"
      "15-APR-2025,R-0003,icb,3.00,\"C1 \xc2\x9b"
      "2K\"\n"
      "15-APR-2025,R-0004,icb,4.00,\"two\r\nlines\tand a tab\"\n";
  auto summary = import_text(northshire(), profile(kReceipts), *books.store, csv, "r.csv", "r.osei");
  REQUIRE(summary);
  CHECK(summary->entries_posted == 1);
  REQUIRE(summary->quarantined.size() == 3);
  for (const auto& row : summary->quarantined) CHECK(row.rule == "csv.control");
  CHECK_THAT(summary->quarantined[0].reason, Contains("field 5 holds a control character (at its byte 6"));
}
