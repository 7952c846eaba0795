// How the PostgreSQL journal is written and read: entries go in by COPY in PostgreSQL's
// binary format (the postings as two arrays, the accounts' ids and their pence), and come
// back from the arrays' text.
#include <catch2/catch.hpp>

#include "poolbook/ledger/store/internal/pg_journal.hpp"

using namespace poolbook::ledger;

namespace {

// Bytes as written in the tests: hex pairs.
std::string bytes_of(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

}  // namespace

TEST_CASE("a binary COPY of the journal opens with PostgreSQL's signature and closes with -1") {
  std::string out;
  append_pg_copy_header(out);
  CHECK(out == bytes_of("5047434f50590aff0d0a00"
                        "00000000"
                        "00000000"));
  out.clear();
  append_pg_copy_trailer(out);
  CHECK(out == bytes_of("ffff"));
}

TEST_CASE("an entry is a binary COPY row of the journal's 14 columns, its postings two arrays") {
  PreparedEntry prepared;
  prepared.entry.id = 7;
  prepared.entry.date = date::year{2025} / 10 / 1;  // 9,405 days after 2000-01-01
  prepared.entry.kind = EntryKind::draw;
  prepared.entry.description = "d";
  prepared.entry.reference = "R";
  prepared.entry.provenance.source_row = 9;
  prepared.entry.previous_hash = std::string(64, '0');
  prepared.entry.hash = std::string(62, 'f') + "0a";
  prepared.period = 202507;
  prepared.source = 3;
  prepared.entry.postings = {{"pool/p/scheme/S1", Money::from_pence(1692678)},
                             {"pool/p/bank", Money::from_pence(-1692678)}};
  prepared.account_ids = {70, 1};
  std::string out;
  append_pg_copy_entry(out, "nsh", prepared);
  const std::string expected = bytes_of(
      "000e"  // 14 columns
      "00000003"
      "6e7368"  // agreement 'nsh'
      "00000008"
      "0000000000000007"  // id 7
      "00000004"
      "000024bd"  // entry_date: 9,405 days
      "00000004"
      "0003170b"  // period 202507
      "00000004"
      "64726177"  // kind 'draw'
      "00000001"
      "64"  // description 'd'
      "00000001"
      "52"        // reference 'R'
      "ffffffff"  // reverses NULL
      "00000008"
      "0000000000000003"  // source 3
      "00000008"
      "0000000000000009"  // source_row 9
      "0000002c"
      "00000001"
      "00000000"
      "00000014"  // accounts: 44 bytes, 1 dimension, no NULLs, int8
      "00000002"
      "00000001"  //   2 from 1
      "00000008"
      "0000000000000046"
      "00000008"
      "0000000000000001"  // 70, 1
      "0000002c"
      "00000001"
      "00000000"
      "00000014"
      "00000002"
      "00000001"  // amounts
      "00000008"
      "000000000019d406"
      "00000008"
      "ffffffffffe62bfa"  // 1692678, -1692678
      "00000020"
      "0000000000000000000000000000000000000000000000000000000000000000"
      "00000020"
      "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff0a");
  CHECK(out == expected);
}

TEST_CASE("postings come back from PostgreSQL's arrays as account and pence pairs") {
  const auto read = pg_postings_of("{70,1}", "{1692678,-1692678}");
  REQUIRE(read.has_value());
  CHECK(*read == std::vector<std::pair<std::int64_t, std::int64_t>>{{70, 1692678}, {1, -1692678}});
  CHECK(pg_postings_of("{}", "{}")->empty());
  CHECK_FALSE(pg_postings_of("{1,2}", "{5}"));                        // of different lengths
  CHECK_FALSE(pg_postings_of("{1,NULL}", "{5,-5}"));                  // a NULL
  CHECK_FALSE(pg_postings_of("{{1,2}}", "{{5,-5}}"));                 // two dimensions
  CHECK_FALSE(pg_postings_of("[0:1]={1,2}", "{5,-5}"));               // bounds other than from 1
  CHECK_FALSE(pg_postings_of("{1,2", "{5,-5}"));                      // not closed
  CHECK_FALSE(pg_postings_of("{1,,2}", "{5,0,-5}"));                  // an empty element
  CHECK_FALSE(pg_postings_of("{1,2,}", "{5,-5,}"));                   // a trailing comma
  CHECK_FALSE(pg_postings_of("{99999999999999999999,1}", "{5,-5}"));  // beyond 64 bits
}
