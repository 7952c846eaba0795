// Reading finance-system extracts by RFC 4180: quoting, line endings and line numbers,
// and a malformed record reported in words while the good records around it are still read.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "poolbook/ledger/csv/csv_reader.hpp"

using namespace poolbook::ledger;
using namespace std::string_literals;

namespace {

using Fields = std::vector<std::string>;

// One thing next() gave back: a record (error empty) or a malformed record's error.
struct Outcome {
  long line = 0;
  Fields fields;
  std::string raw;
  std::string error;
};

// Everything a reader gives back for a text, in order, up to the end.
std::vector<Outcome> read_all(std::string_view text, CsvOptions options = {}) {
  CsvReader reader(text, options);
  std::vector<Outcome> outcomes;
  for (int call = 0; call < 100'000; ++call) {
    auto next = reader.next();
    if (!next) {
      CHECK(next.error().rule == "csv.format");
      CHECK(next.error().file.empty());
      outcomes.push_back({next.error().line, {}, reader.last_raw(), next.error().message});
      continue;
    }
    if (!next->has_value()) {
      CHECK_FALSE(reader.next()->has_value());  // the end stays the end
      return outcomes;
    }
    outcomes.push_back({(*next)->line, (*next)->fields, std::string((*next)->raw), {}});
  }
  FAIL("the reader did not reach the end");
  return outcomes;
}

CsvOptions with_delimiter(char delimiter) {
  CsvOptions options;
  options.delimiter = delimiter;
  return options;
}

}  // namespace

TEST_CASE("each line is a record and commas separate its fields") {
  const auto read = read_all("Cost centre,Description,Amount\nCC1204,Rent,1250.00\n");
  REQUIRE(read.size() == 2);
  CHECK(read[0].line == 1);
  CHECK(read[0].fields == Fields{"Cost centre", "Description", "Amount"});
  CHECK(read[1].line == 2);
  CHECK(read[1].fields == Fields{"CC1204", "Rent", "1250.00"});
  CHECK(read[1].raw == "CC1204,Rent,1250.00");
}

TEST_CASE("a line ending at the end of the file does not make an extra record, and its absence loses nothing") {
  CHECK(read_all("a,b\nc,d\n").size() == 2);
  CHECK(read_all("a,b\r\nc,d\r\n").size() == 2);
  const auto unterminated = read_all("a,b\nc,d");
  REQUIRE(unterminated.size() == 2);
  CHECK(unterminated[1].fields == Fields{"c", "d"});
  CHECK(unterminated[1].raw == "c,d");
  CHECK(read_all("").empty());
  CHECK(read_all("\n").empty());
}

TEST_CASE("empty lines are skipped but still counted, so line numbers match the file") {
  const auto read = read_all("a\n\nb\r\n\r\n\r\nc\n\n");
  REQUIRE(read.size() == 3);
  CHECK(read[0].line == 1);
  CHECK(read[1].line == 3);
  CHECK(read[2].line == 6);
  CHECK(read[2].fields == Fields{"c"});
}

TEST_CASE("empty fields are kept: ',,' is three empty fields and \"\" is one") {
  CHECK(read_all(",,")[0].fields == Fields{"", "", ""});
  CHECK(read_all("a,")[0].fields == Fields{"a", ""});
  CHECK(read_all(",a")[0].fields == Fields{"", "a"});
  CHECK(read_all("a,\"\",b")[0].fields == Fields{"a", "", "b"});
  // A line holding only "" is a record with one empty field, not an empty line.
  const auto quoted_empty = read_all("\"\"\nx\n");
  REQUIRE(quoted_empty.size() == 2);
  CHECK(quoted_empty[0].fields == Fields{""});
  CHECK(quoted_empty[1].line == 2);
}

TEST_CASE("spaces and tabs are kept as they are, and a line of spaces is a record") {
  CHECK(read_all(" CC1204 , Rent\t,1250.00 ")[0].fields == Fields{" CC1204 ", " Rent\t", "1250.00 "});
  const auto spaces = read_all("a\n   \nb");
  REQUIRE(spaces.size() == 3);
  CHECK(spaces[1].line == 2);
  CHECK(spaces[1].fields == Fields{"   "});
}

TEST_CASE("a UTF-8 byte order mark at the very start is skipped, and only there") {
  const std::string bom = "\xEF\xBB\xBF";  // as Excel's "CSV UTF-8" writes at the start
  const auto read = read_all(bom + "Cost centre,Amount\n" + bom + "CC1,£5\n");
  REQUIRE(read.size() == 2);
  CHECK(read[0].fields == Fields{"Cost centre", "Amount"});
  CHECK(read[0].raw == "Cost centre,Amount");
  CHECK(read[0].line == 1);
  CHECK(read[1].fields == Fields{bom + "CC1", "£5"});  // kept: it is not at the start
  CHECK(read_all(bom).empty());
}

TEST_CASE("CRLF, LF and a lone CR each end a line, and the raw text leaves the line ending out") {
  const auto read = read_all("a,1\r\nb,2\nc,3\rd,4\r\n");
  REQUIRE(read.size() == 4);
  CHECK(read[0].line == 1);
  CHECK(read[1].line == 2);
  CHECK(read[2].line == 3);
  CHECK(read[3].line == 4);
  CHECK(read[0].raw == "a,1");
  CHECK(read[2].raw == "c,3");
  CHECK(read[3].fields == Fields{"d", "4"});
  // CR then CRLF is a line ending followed by an empty line.
  const auto cr_crlf = read_all("a\r\r\nb");
  REQUIRE(cr_crlf.size() == 2);
  CHECK(cr_crlf[1].line == 3);
}

TEST_CASE("a quoted field may hold the delimiter, quotes written twice and line breaks") {
  const auto read = read_all("CC1204,\"Rent, March \"\"final\"\"\",1250.00\n\"a\r\nb\",\"c\rd\"\n\"\"\"\",\"x\"\"\"\n");
  REQUIRE(read.size() == 3);
  CHECK(read[0].fields == Fields{"CC1204", "Rent, March \"final\"", "1250.00"});
  CHECK(read[1].line == 2);
  CHECK(read[1].fields == Fields{"a\r\nb", "c\rd"});  // line breaks inside quotes are kept exactly
  CHECK(read[1].raw == "\"a\r\nb\",\"c\rd\"");
  CHECK(read[2].line == 5);  // line 2, then CRLF counted once, the lone CR once, the line ending
  CHECK(read[2].fields == Fields{"\"", "x\""});
}

TEST_CASE("a record on lines 2-3 starts on line 2, a bad record on line 4 is reported and line 5 is still read") {
  const auto read = read_all(
      "id,note,amount\n"
      "1,\"Rent for\n"
      "March\",100.00\n"
      "2,ab\"c,5.00\n"
      "3,Rates,7.50\n");
  REQUIRE(read.size() == 4);
  CHECK(read[0].line == 1);
  CHECK(read[1].line == 2);
  CHECK(read[1].fields == Fields{"1", "Rent for\nMarch", "100.00"});
  CHECK(read[1].raw == "1,\"Rent for\nMarch\",100.00");
  CHECK(read[2].line == 4);
  CHECK(read[2].error == "a quote appears inside an unquoted field (field 2)");
  CHECK(read[2].raw == "2,ab\"c,5.00");
  CHECK(read[3].line == 5);
  CHECK(read[3].fields == Fields{"3", "Rates", "7.50"});
}

TEST_CASE("the error from next() names the rule, the problem and the record's first line, the caller adds the file") {
  CsvReader reader("ok\n\"a\"x\n");
  CHECK((*reader.next())->fields == Fields{"ok"});
  auto bad = reader.next();
  REQUIRE_FALSE(bad);
  CHECK(bad.error().at("gl-2025-10.csv", bad.error().line).describe() ==
        "gl-2025-10.csv:2: there are characters after the closing quote of field 1 (a quote inside a quoted field "
        "must be written twice) [csv.format]");
  CHECK(reader.last_raw() == "\"a\"x");
  CHECK_FALSE(reader.next()->has_value());
  CHECK(reader.last_raw() == "\"a\"x");  // kept until the next error
}

TEST_CASE("semicolon, tab and pipe delimiters, as spreadsheet, SAP and Unit4 exports write them") {
  // A European-locale spreadsheet: decimal commas, so semicolons between fields.
  const auto semicolon = read_all("Kostenstelle;Betrag\n\"CC;1\";1,50\n", with_delimiter(';'));
  REQUIRE(semicolon.size() == 2);
  CHECK(semicolon[1].fields == Fields{"CC;1", "1,50"});
  const auto tab = read_all("CC1204\tRent, March\t1250.00\n\"a\tb\"\t\t\n", with_delimiter('\t'));
  REQUIRE(tab.size() == 2);
  CHECK(tab[0].fields == Fields{"CC1204", "Rent, March", "1250.00"});
  CHECK(tab[1].fields == Fields{"a\tb", "", ""});
  CHECK(read_all("a|b,c|\"d|e\"", with_delimiter('|'))[0].fields == Fields{"a", "b,c", "d|e"});
}

TEST_CASE("a quote inside an unquoted field makes the record an error, reading resumes on the next line") {
  const auto read = read_all("a,b,c\"d\ne,f\n");
  REQUIRE(read.size() == 2);
  CHECK(read[0].line == 1);
  CHECK(read[0].error == "a quote appears inside an unquoted field (field 3)");
  CHECK(read[0].raw == "a,b,c\"d");
  CHECK(read[1].fields == Fields{"e", "f"});
  // A space before an opening quote makes the field unquoted: the reader does not guess.
  CHECK(read_all("a, \"b\"")[0].error == "a quote appears inside an unquoted field (field 2)");
}

TEST_CASE("characters between a closing quote and the delimiter make the record an error") {
  const auto read = read_all("1,\"ab\"x,c\n2,\"ab\" ,c\n3,ok\n");
  REQUIRE(read.size() == 3);
  CHECK(read[0].line == 1);
  CHECK(read[0].error ==
        "there are characters after the closing quote of field 2 "
        "(a quote inside a quoted field must be written twice)");
  CHECK(read[1].line == 2);
  CHECK_THAT(read[1].error, Catch::StartsWith("there are characters after the closing quote of field 2"));
  CHECK(read[2].line == 3);
  CHECK(read[2].fields == Fields{"3", "ok"});
}

TEST_CASE("a problem on the second line of a record is reported on its first line, and reading resumes after it") {
  const auto read = read_all("1,\"Rent for\nMarch\"x,100.00\n2,Rates,7.50\n");
  REQUIRE(read.size() == 2);
  CHECK(read[0].line == 1);
  CHECK_THAT(read[0].error, Catch::StartsWith("there are characters after the closing quote of field 2"));
  CHECK(read[0].raw == "1,\"Rent for\nMarch\"x,100.00");
  CHECK(read[1].line == 3);
  CHECK(read[1].fields == Fields{"2", "Rates", "7.50"});
}

TEST_CASE("a quote never closed is reported once, on the line its record starts, and ends the reading") {
  const auto read = read_all("a,b\nc,\"open\nd,e\r\nf,g\r\n");
  REQUIRE(read.size() == 2);
  CHECK(read[0].fields == Fields{"a", "b"});
  CHECK(read[1].line == 2);
  CHECK(read[1].error == "a quoted field is not closed before the end of the file (field 2, opened on line 2)");
  CHECK(read[1].raw == "c,\"open\nd,e\r\nf,g");  // the rest of the file, for quarantine
  // The field's opening line is named when it is not the record's first.
  CHECK(read_all("x,\"a\nb\",\"c\nd")[0].error ==
        "a quoted field is not closed before the end of the file (field 3, opened on line 2)");
  CHECK(read_all("\"")[0].raw == "\"");
}

TEST_CASE("a field longer than max_field_bytes makes that record an error, and the next record is still read") {
  CsvOptions options;
  options.max_field_bytes = 5;
  const auto read = read_all(R"(abcde,x
abcdef,x
"ab
cdef",y
""""""""""
""""""""""""""
ok
)",
                             options);
  REQUIRE(read.size() == 6);
  CHECK(read[0].fields == Fields{"abcde", "x"});  // exactly at the limit
  CHECK(read[1].line == 2);
  CHECK(read[1].error == "field 1 is longer than the limit of 5 bytes");
  CHECK(read[1].raw == "abcdef,x");
  // The quoted line break is walked through, so "cdef\",y" is not read as a record of its own.
  CHECK(read[2].line == 3);
  CHECK(read[2].error == "field 1 is longer than the limit of 5 bytes");
  CHECK(read[2].raw == "\"ab\ncdef\",y");
  CHECK(read[3].line == 5);
  CHECK(read[3].fields == Fields{"\"\"\"\""});  // 4 bytes once the doubled quotes are undone
  CHECK(read[4].line == 6);
  CHECK(read[4].error == "field 1 is longer than the limit of 5 bytes");  // 6 quotes: "" six times inside quotes
  CHECK(read[5].line == 7);
  CHECK(read[5].fields == Fields{"ok"});
}

TEST_CASE("a record with more than max_fields fields is an error, and the next record is still read") {
  CsvOptions options;
  options.max_fields = 3;
  const auto read = read_all("a,b,c\na,b,c,d\n\"x\ny\",b,c,\"d\ne\"\nok\n", options);
  REQUIRE(read.size() == 4);
  CHECK(read[0].fields == Fields{"a", "b", "c"});
  CHECK(read[1].line == 2);
  CHECK(read[1].error == "the record has more than 3 fields");
  CHECK(read[1].raw == "a,b,c,d");
  CHECK(read[2].line == 3);
  CHECK(read[2].error == "the record has more than 3 fields");
  CHECK(read[2].raw == "\"x\ny\",b,c,\"d\ne\"");
  CHECK(read[3].line == 6);
  CHECK(read[3].fields == Fields{"ok"});
}

TEST_CASE("the first problem in a record is the one reported") {
  CsvOptions options;
  options.max_fields = 1;
  CHECK(read_all("a,b\"c", options)[0].error == "the record has more than 1 fields");
  CHECK(read_all("a\"b,c", options)[0].error == "a quote appears inside an unquoted field (field 1)");
}

TEST_CASE("a NUL byte makes the record an error, with a hint that the file may be UTF-16") {
  const auto read = read_all("a,b\0c,d\n\"x\0\",y\nok\n"s);
  REQUIRE(read.size() == 3);
  CHECK(read[0].line == 1);
  CHECK(read[0].error == "a NUL byte appears in field 2 (is the file saved as UTF-16, or not text at all?)");
  CHECK(read[0].raw == "a,b\0c,d"s);
  CHECK(read[1].line == 2);
  CHECK(read[1].error == "a NUL byte appears in field 1 (is the file saved as UTF-16, or not text at all?)");
  CHECK(read[2].line == 3);
  CHECK(read[2].fields == Fields{"ok"});
}

TEST_CASE("beyond max_records records the reading stops with an error, counting bad records too") {
  CsvOptions options;
  options.max_records = 3;
  const auto read = read_all("a\nb\"\n\nc\nd\ne\n", options);
  REQUIRE(read.size() == 4);
  CHECK(read[0].fields == Fields{"a"});
  CHECK(read[1].error == "a quote appears inside an unquoted field (field 1)");
  CHECK(read[2].fields == Fields{"c"});
  CHECK(read[3].line == 5);
  CHECK(read[3].error == "the file has more than 3 records, the most one import may hold; reading stopped here");
  CHECK(read[3].raw.empty());  // about the file, not a record
  // Exactly at the limit: no error.
  CHECK(read_all("a\nb\nc\n", options).size() == 3);
}

namespace {

// RFC 4180 writing: a field is quoted when it holds the delimiter, a quote or a line break,
// with its quotes doubled; a record of one empty field is quoted too, or it would be an
// empty line.
std::string written(const Fields& fields, char delimiter) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += delimiter;
    const std::string& field = fields[i];
    const bool quote =
        field.find_first_of(std::string{delimiter, '"', '\r', '\n'}) != std::string::npos || fields == Fields{""};
    if (!quote) {
      line += field;
      continue;
    }
    line += '"';
    for (char c : field) line += (c == '"') ? "\"\"" : std::string(1, c);
    line += '"';
  }
  return line;
}

// Line breaks as the reader counts them: CR, LF, and CRLF once.
long line_breaks(const std::string& text) {
  long breaks = 0;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\r' || (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))) ++breaks;
  return breaks;
}

}  // namespace

TEST_CASE("any table written with RFC 4180 quoting reads back with identical fields, lines and raw text") {
  std::mt19937 random(20250930);  // fixed: the same tables on every run
  const std::vector<std::string> pieces = {"a", "Z",  "7",      " ",        ",",     ";",           "\t",
                                           "|", "\"", "\"\"",   "\n",       "\r",    "\r\n",        "£",
                                           "é", "€",  "CC1204", "1,250.00", "-0.01", "\xEF\xBB\xBF"};
  const std::vector<char> delimiters = {',', ';', '\t', '|'};
  const std::vector<std::string> line_endings = {"\n", "\r\n", "\r"};
  const auto pick = [&](std::size_t count) { return std::uniform_int_distribution<std::size_t>(0, count - 1)(random); };

  for (int table = 0; table < 3000; ++table) {
    const char delimiter = delimiters[pick(delimiters.size())];
    const std::string& line_ending = line_endings[pick(line_endings.size())];
    const std::size_t columns = 1 + pick(8);
    std::vector<Fields> rows(1 + pick(20));
    std::string text;
    std::vector<long> lines;
    std::vector<std::string> raws;
    for (Fields& row : rows) {
      for (std::size_t column = 0; column < columns; ++column) {
        std::string field;
        for (std::size_t piece = pick(6); piece > 0; --piece) field += pieces[pick(pieces.size())];
        row.push_back(field);
      }
      // A byte order mark at the very start would be taken for one: quote the first field then.
      std::string record = written(row, delimiter);
      if (text.empty() && record.starts_with("\xEF\xBB\xBF"))
        record = "\"" + row[0] + "\"" + record.substr(row[0].size());
      lines.push_back(1 + line_breaks(text));
      raws.push_back(record);
      text += record;
      if (&row != &rows.back() || pick(2) == 0) text += line_ending;
    }
    const auto read = read_all(text, with_delimiter(delimiter));
    REQUIRE(read.size() == rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
      INFO("table " << table << ", record " << r);
      REQUIRE(read[r].error.empty());
      CHECK(read[r].fields == rows[r]);
      CHECK(read[r].line == lines[r]);
      CHECK(read[r].raw == raws[r]);
    }
  }
}

namespace {

// A streaming reader over `text`, handed over `piece` bytes at a time.
CsvReader streaming(const std::string& text, std::size_t piece, CsvOptions options = {}) {
  return CsvReader(
      [&text, piece, at = std::size_t{0}](std::span<char> buffer) mutable -> poolbook::Result<std::size_t> {
        const std::size_t n = std::min({piece, buffer.size(), text.size() - at});
        std::copy_n(text.data() + at, n, buffer.data());
        at += n;
        return n;
      },
      options);
}

}  // namespace

TEST_CASE("read a block at a time, a CRLF split between blocks is one line ending and quoted fields run on") {
  // Pieces of 3 bytes split "\r" from "\n" after "a,b" and cut the quoted field twice.
  const std::string text =
      "\xEF\xBB\xBF"
      "a,b\r\n\r\n\"x\r\ny\",z\r\nlast";
  auto reader = streaming(text, 3);
  std::vector<Fields> fields;
  std::vector<long> lines;
  for (;;) {
    auto next = reader.next();
    REQUIRE(next);
    if (!*next) break;
    fields.push_back((*next)->fields);
    lines.push_back((*next)->line);
  }
  CHECK(fields == std::vector<Fields>{{"a", "b"}, {"x\r\ny", "z"}, {"last"}});
  CHECK(lines == std::vector<long>{1, 3, 5});
}

TEST_CASE("read a block at a time, a record running past max_record_bytes ends the reading as the file's fault") {
  CsvOptions options;
  options.max_record_bytes = 1024 * 1024;  // far less than the quote
  const std::string text = "a,b\n\"never closed," + std::string(3 * 1024 * 1024, 'x') + "\nc,d\n";
  auto reader = streaming(text, 1024 * 1024, options);
  auto first = reader.next();
  REQUIRE(first);
  CHECK((*first)->fields == Fields{"a", "b"});
  auto second = reader.next();
  REQUIRE_FALSE(second);
  CHECK(second.error().rule == "csv.format");
  CHECK(second.error().line == 2);
  CHECK_THAT(second.error().message.c_str(), Catch::Contains("the record starting on line 2 runs past 1 MiB"));
  CHECK(reader.last_raw().empty());  // about the file: nothing of it is quarantined
  CHECK_FALSE(reader.next()->has_value());
}

TEST_CASE(
    "read a block at a time, a record of max_record_bytes is read and one byte more is refused, wherever the blocks "
    "fall") {
  CsvOptions options;
  options.max_record_bytes = 100;
  const std::string fits = std::string(100, 'x');
  const std::string over = std::string(101, 'y');
  for (const std::size_t piece : {1UL, 7UL, 50UL, 99UL, 100UL, 101UL, 102UL, 4096UL}) {
    INFO("pieces of " << piece << " bytes");
    const std::string text = "a\r\n" + fits + "\r\n" + over + "\r\nb\r\n";
    auto reader = streaming(text, piece, options);
    REQUIRE(reader.next());
    auto kept = reader.next();
    REQUIRE(kept);
    CHECK((*kept)->fields == Fields{fits});
    auto refused = reader.next();
    REQUIRE_FALSE(refused);
    CHECK(refused.error().line == 3);
    CHECK_THAT(refused.error().message.c_str(), Catch::Contains("runs past 100 bytes"));
    CHECK(reader.last_raw().empty());
  }
}

TEST_CASE("read a block at a time, a quote left open near the end makes the rest one bad record, as read whole") {
  const std::string text = "a,b\n\"open,c\nd,e\n";
  auto reader = streaming(text, 4);
  REQUIRE(reader.next());
  auto bad = reader.next();
  REQUIRE_FALSE(bad);
  CHECK(reader.last_raw() == "\"open,c\nd,e");
  CHECK_FALSE(reader.next()->has_value());
}

TEST_CASE("read a block at a time, an error from the source ends the reading with it") {
  CsvReader reader([](std::span<char>) -> poolbook::Result<std::size_t> {
    return poolbook::Error{"file.read", "cannot read the file: Input/output error", "gl.csv", 0};
  });
  auto next = reader.next();
  REQUIRE_FALSE(next);
  CHECK(next.error().rule == "file.read");
  CHECK(reader.last_raw().empty());
  CHECK_FALSE(reader.next()->has_value());
}
