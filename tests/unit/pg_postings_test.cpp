// How the PostgreSQL journal keeps postings: two arrays, the accounts' ids and their pence,
// written as COPY fields from the store's postings text and read back from the arrays' text.
#include <catch2/catch.hpp>

#include "poolbook/ledger/store/internal/pg_journal.hpp"

using poolbook::ledger::pg_postings_fields;
using poolbook::ledger::pg_postings_of;

TEST_CASE("postings go to PostgreSQL as two arrays, a COPY field each, in their order") {
  CHECK(pg_postings_fields("[[70,1692678],[1,-1692678]]") == "{70,1}\t{1692678,-1692678}");
  CHECK(pg_postings_fields("[[3,60],[4,40],[1,-100]]") == "{3,4,1}\t{60,40,-100}");
  CHECK(pg_postings_fields("[[1,9223372036854775807],[2,-9223372036854775808]]") ==
        "{1,2}\t{9223372036854775807,-9223372036854775808}");
  // Text not of the store's shape gives no postings: the database refuses the entry.
  CHECK(pg_postings_fields("[[1,5],") == "{}\t{}");
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
  CHECK_FALSE(pg_postings_of("{1,,2}", "{5,-5,0}"));                  // an empty element
  CHECK_FALSE(pg_postings_of("{1,2,}", "{5,-5,0}"));                  // a trailing comma
  CHECK_FALSE(pg_postings_of("{99999999999999999999,1}", "{5,-5}"));  // beyond 64 bits
}
