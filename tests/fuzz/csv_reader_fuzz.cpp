// Feeds arbitrary bytes to CsvReader and checks what must hold for any file, however
// broken: reading ends, records come in file order, the limits hold, errors are well
// formed, and every good record survives being written out again and read back.
// How to build and run it: tests/fuzz/README.md.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/ledger/csv/csv_reader.hpp"

using poolbook::ledger::CsvOptions;
using poolbook::ledger::CsvReader;
using poolbook::ledger::CsvRecord;

namespace {

// An invariant, checked in every build (assert() would vanish under NDEBUG).
void require(bool holds, const char* invariant) {
  if (holds) return;
  std::fprintf(stderr, "csv_reader_fuzz: invariant broken: %s\n", invariant);
  std::abort();
}

// The first two bytes choose the options, so that small limits are reached often and every
// delimiter is tried; the rest is the file.
CsvOptions options_from(std::string_view& input) {
  CsvOptions options;
  if (input.size() < 2) return options;
  constexpr std::array<char, 4> kDelimiters = {',', ';', '\t', '|'};
  const auto choice = static_cast<unsigned char>(input[0]);
  const auto limits = static_cast<unsigned char>(input[1]);
  options.delimiter = kDelimiters[choice % kDelimiters.size()];
  if ((choice & 0x80U) != 0) {
    options.max_field_bytes = 1U + (limits & 0x0FU);
    options.max_fields = 1U + ((limits >> 4U) & 0x07U);
    options.max_records = 1U + (choice & 0x3FU);
  }
  input.remove_prefix(2);
  return options;
}

std::size_t line_breaks(std::string_view text) {
  std::size_t breaks = 0;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\r' || (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))) ++breaks;
  return breaks;
}

// The records written back by RFC 4180, every field quoted (so that nothing, not even a
// leading byte order mark, can be read differently).
std::string written(const std::vector<std::vector<std::string>>& records, char delimiter) {
  std::string text;
  for (const auto& fields : records) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) text += delimiter;
      text += '"';
      for (char c : fields[i]) text += (c == '"') ? std::string("\"\"") : std::string(1, c);
      text += '"';
    }
    text += "\r\n";
  }
  return text;
}

void check_record(const CsvRecord& record, const CsvOptions& options, std::size_t input_bytes) {
  require(!record.fields.empty(), "a record has at least one field");
  require(record.fields.size() <= options.max_fields, "a record has at most max_fields fields");
  for (const auto& field : record.fields)
    require(field.size() <= options.max_field_bytes, "a field has at most max_field_bytes bytes");
  require(record.raw.size() <= input_bytes, "a record's raw text is part of the input");
  require(!record.raw.empty(), "a record's raw text is not empty");
}

// Reads the input to the end, checking each outcome; returns the good records' fields.
std::vector<std::vector<std::string>> read_checked(std::string_view input, const CsvOptions& options) {
  CsvReader reader(input, options);
  const long last_line = 1 + static_cast<long>(line_breaks(input));
  const std::size_t most_calls = static_cast<std::size_t>(last_line) + 1;  // each call consumes a line
  std::vector<std::vector<std::string>> good;
  long previous_line = 0;
  std::size_t records = 0;
  for (std::size_t call = 0;; ++call) {
    require(call <= most_calls, "reading terminates: at most one call per line, then the end");
    auto next = reader.next();
    long line = 0;
    if (next) {
      if (!next->has_value()) break;
      check_record(**next, options, input.size());
      line = (*next)->line;
      good.push_back((*next)->fields);
    } else {
      require(next.error().rule == "csv.format", "an error names the rule csv.format");
      require(!next.error().message.empty(), "an error has a message");
      require(next.error().file.empty(), "the reader leaves the file name to the caller");
      require(reader.last_raw().size() <= input.size(), "the quarantined text is part of the input");
      // The importer tells a file-level error from a record's by the empty quarantine text.
      const bool about_the_file = next.error().message.starts_with("the file has more than");
      require(reader.last_raw().empty() == about_the_file, "only the records-limit error has no quarantine text");
      line = next.error().line;
    }
    require(line > previous_line, "records and errors come in file order, each on a later line");
    require(line <= last_line, "a line number is inside the file");
    previous_line = line;
    ++records;
    require(records <= options.max_records + 1, "at most max_records records, then one error");
  }
  require(!reader.next()->has_value(), "after the end, the end again");
  return good;
}

// Everything a reader gives back, in order: each record's line, fields and raw text, or an
// error's line, message and quarantine text.
using Outcomes = std::vector<std::string>;

Outcomes outcomes_of(CsvReader& reader) {
  Outcomes outcomes;
  for (;;) {
    auto next = reader.next();
    if (next && !next->has_value()) return outcomes;
    std::string told;
    if (next) {
      told = "record " + std::to_string((*next)->line) + " [" + std::string((*next)->raw) + "]";
      for (const auto& field : (*next)->fields) told += " <" + field + ">";
    } else {
      told = "error " + std::to_string(next.error().line) + " " + next.error().message + " [" + reader.last_raw() + "]";
    }
    outcomes.push_back(std::move(told));
  }
}

// The same input given to a streaming reader in pieces of 1 to `most` bytes, the sizes
// drawn from the input itself, so that every kind of boundary falls between two pieces.
Outcomes streamed_outcomes(std::string_view input, const CsvOptions& options, std::size_t most) {
  std::size_t at = 0;
  std::size_t turn = 0;
  CsvReader reader(
      [&](std::span<char> buffer) -> poolbook::Result<std::size_t> {
        const std::size_t piece =
            1 + (input.empty() ? 0 : static_cast<unsigned char>(input[turn++ % input.size()])) % most;
        const std::size_t n = std::min({piece, buffer.size(), input.size() - at});
        std::copy_n(input.data() + at, n, buffer.data());
        at += n;
        return n;
      },
      options);
  return outcomes_of(reader);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);  // NOLINT: bytes as text, by design
  const CsvOptions options = options_from(input);
  const auto good = read_checked(input, options);

  // What was read well must mean the same when written out again.
  const std::string again = written(good, options.delimiter);
  const auto reread = read_checked(again, options);
  require(reread == good, "good records written by RFC 4180 read back with the same fields");

  // Read a piece at a time, it gives exactly what it gives read whole. One input in four is
  // checked, in pieces of a size the input chooses (1 to 16 bytes, 1 to 512, or single bytes
  // for an input of up to 256 bytes), which keeps the replay's 100,000 inputs quick under the
  // sanitizers; libFuzzer's own runs check the same.
  const std::size_t choice = input.empty() ? 0 : static_cast<unsigned char>(input.back());
  if (choice % 4 == 0) {
    CsvReader whole(input, options);
    const Outcomes expected = outcomes_of(whole);
    const std::size_t most = (choice / 4) % 3 == 0 && input.size() <= 256 ? 1 : (choice / 4) % 2 == 0 ? 16 : 512;
    require(streamed_outcomes(input, options, most) == expected, "read a piece at a time, the same outcomes");
  }
  return 0;
}
