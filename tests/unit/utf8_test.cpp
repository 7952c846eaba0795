// Well-formed UTF-8, as RFC 3629 defines it: what an import accepts into the journal.
#include <catch2/catch.hpp>
#include <string>

#include "poolbook/ledger/text/utf8.hpp"

using poolbook::ledger::invalid_utf8_at;

TEST_CASE("UTF-8 is accepted whole and anything else is found at its first bad byte") {
  CHECK_FALSE(invalid_utf8_at(""));
  CHECK_FALSE(invalid_utf8_at("Northshire ICB, £1,000.00 – café €"));
  CHECK_FALSE(invalid_utf8_at("\xF0\x9F\x8F\xA5"));  // U+1F3E5 hospital, four bytes
  CHECK(invalid_utf8_at("caf\xE9") == 3u);           // Latin-1 é
  CHECK(invalid_utf8_at("ab\xC3") == 2u);            // cut short
  CHECK(invalid_utf8_at("\xC0\xAF") == 0u);          // overlong '/'
  CHECK(invalid_utf8_at("\xE0\x80\xAF") == 0u);      // overlong, three bytes
  CHECK(invalid_utf8_at("x\xED\xA0\x80") == 1u);     // a surrogate
  CHECK(invalid_utf8_at("\xF4\x90\x80\x80") == 0u);  // above U+10FFFF
  CHECK(invalid_utf8_at("\xC3\x28") == 0u);          // continuation byte missing
  CHECK(invalid_utf8_at("ok\x80") == 2u);            // a lone continuation byte
}
