// Importing a file read a block at a time: references repeated within the file are still
// caught exactly, a file whose bad rows run past what quarantine takes is refused whole, and
// a file that changes while it is read posts nothing.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "import_test_support.hpp"
#include "poolbook/contracts/imports/importer.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"

using namespace poolbook::contracts;
using namespace poolbook::ledger;
using Catch::Contains;
using poolbook::testing::balance_of;
using poolbook::testing::Books;
using poolbook::testing::kReceipts;
using poolbook::testing::northshire;
using poolbook::testing::profile;

namespace {

const std::string kHeader = "Receipt Date,Receipt No,Customer,Amount,Comments\n";

std::string receipt(std::size_t number, const std::string& pounds = "1.00") {
  return "15-Apr-2025,R-" + std::to_string(number) + ",NHS NORTHSHIRE ICB," + pounds + ",\n";
}

// A file in the temporary folder, removed at the end of the test.
struct TempFile {
  std::filesystem::path path;
  explicit TempFile(const std::string& name, const std::string& text)
      : path(std::filesystem::temp_directory_path() / (std::to_string(getpid()) + "-" + name)) {
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

}  // namespace

TEST_CASE("in 200,000 rows read in blocks, each reference repeated later in the file is quarantined, and only those") {
  Books books;
  std::string csv = kHeader;
  // Every 10,007th row repeats the reference of the row 5,000 before it: 19 repeats, far
  // apart, among 200,000 references the filter must otherwise tell apart.
  std::size_t repeats = 0;
  for (std::size_t i = 1; i <= 200'000; ++i) {
    const bool repeat = i % 10'007 == 0;
    repeats += repeat ? 1 : 0;
    csv += receipt(repeat ? i - 5'000 : i);
  }
  REQUIRE(repeats == 19);
  const TempFile file("repeats.csv", csv);
  auto summary = import_file(northshire(), profile(kReceipts), *books.store, file.path, "r.osei");
  REQUIRE(summary);
  CHECK(summary->records_read == 200'000);
  CHECK(summary->entries_posted == 200'000 - 19);
  REQUIRE(summary->quarantined.size() == 19);
  CHECK(summary->quarantined.front().line == 10'008);  // the header is line 1
  CHECK(summary->quarantined.front().rule == "import.duplicate-reference");
  CHECK_THAT(summary->quarantined.front().reason, Contains("reference R-5007 was already posted"));
  CHECK(balance_of(*books.store, "pool/bcf-pool/bank").to_report() == "£199,981.00");
}

TEST_CASE("a file whose rows that cannot be posted run past 10,000 is refused whole, naming the first") {
  Books books;
  std::string csv = kHeader + receipt(1);
  for (std::size_t i = 2; i <= 10'002; ++i) csv += "15-Apr-2025,R-" + std::to_string(i) + ",NOBODY,1.00,\n";
  auto refused = import_text(northshire(), profile(kReceipts), *books.store, csv, "wrong.csv", "r.osei");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "import.quarantine-limit");
  CHECK(refused.error().file == "wrong.csv");
  CHECK_THAT(refused.error().message,
             Contains("(10000 rows, not counting duplicates of rows already posted, and 32 MiB in all, the header "
                      "kept with each row); the first is line 3: the partner 'NOBODY'"));
  CHECK_THAT(refused.error().message, Contains("[import.partner]"));
  CHECK(balance_of(*books.store, "pool/bcf-pool/bank").to_report() == "£0.00");  // not even the good row
  CHECK(books.store->quarantine(false).empty());

  // 10,000 such rows are within bounds: quarantined, with the good row posted.
  csv.resize(csv.rfind("15-Apr-2025,R-10002"));
  auto taken = import_text(northshire(), profile(kReceipts), *books.store, csv, "wrong.csv", "r.osei");
  REQUIRE(taken);
  CHECK(taken->entries_posted == 1);
  CHECK(taken->quarantined.size() == 10'000);
}

TEST_CASE(
    "a year-to-date extract imported again: its 12,000 rows already posted held back as duplicates, the new posted") {
  Books books;
  std::string csv = kHeader;
  for (std::size_t i = 1; i <= 12'000; ++i) csv += receipt(i);
  REQUIRE(import_text(northshire(), profile(kReceipts), *books.store, csv, "ytd-m01.csv", "r.osei"));
  for (std::size_t i = 12'001; i <= 12'005; ++i) csv += receipt(i);
  auto again = import_text(northshire(), profile(kReceipts), *books.store, csv, "ytd-m02.csv", "r.osei");
  REQUIRE(again);
  CHECK(again->entries_posted == 5);
  REQUIRE(again->quarantined.size() == 12'000);
  CHECK(again->quarantined.back().rule == "import.duplicate-reference");
  CHECK(balance_of(*books.store, "pool/bcf-pool/bank").to_report() == "£12,005.00");
}

TEST_CASE("a file that changes while it is imported posts nothing") {
  Books books;
  std::string csv = kHeader;
  for (std::size_t i = 1; i <= 150'000; ++i) csv += receipt(i);
  const TempFile file("changing.csv", csv);
  // At the 100,000th row of the posting reading, the last row's amount is rewritten in place.
  auto refused =
      import_file(northshire(), profile(kReceipts), *books.store, file.path, "r.osei", false, [&](std::size_t) {
        std::fstream edit(file.path, std::ios::in | std::ios::out | std::ios::binary);
        edit.seekp(static_cast<std::streamoff>(csv.size() - 5));
        edit << "9.00";
      });
  REQUIRE_FALSE(refused);
  CHECK(refused.error().rule == "import.changed");
  CHECK(refused.error().file == file.path.string());
  CHECK(balance_of(*books.store, "pool/bcf-pool/bank").to_report() == "£0.00");
  CHECK_FALSE(books.store->imported(sha256_hex(csv)));
}

TEST_CASE("what is not a regular file, or is over 1 GiB, is refused before it is read") {
  Books books;
  auto folder =
      import_file(northshire(), profile(kReceipts), *books.store, std::filesystem::temp_directory_path(), "r.osei");
  REQUIRE_FALSE(folder);
  CHECK(folder.error().rule == "file.read");
  CHECK_THAT(folder.error().message, Contains("not a regular file"));

  const TempFile sparse("sparse.csv", kHeader);
  std::filesystem::resize_file(sparse.path, kMaxImportFileBytes + 1);  // sparse: no disk used
  auto large = import_file(northshire(), profile(kReceipts), *books.store, sparse.path, "r.osei");
  REQUIRE_FALSE(large);
  CHECK(large.error().rule == "file.read");
  CHECK_THAT(large.error().message, Contains("larger than 1024 MiB"));
}
