#pragma once
// A CSV reader turns a finance-system extract (Oracle, SAP, Unit4, a spreadsheet saved as
// CSV) into records of text fields, by the rules of RFC 4180. A field may be wrapped in
// double quotes, and then it may hold the delimiter, line breaks and quotes written twice:
//
//   Cost centre,Description,Amount
//   CC1204,"Rent, March ""final""",1250.00
//   CC1205,"Rates for
//   April",310.50
//
// gives three records, starting on lines 1, 2 and 3; the third record's second field is
// "Rates for\nApril", so the record after it starts on line 5.
//
//   CsvReader reader(file_text);
//   while (true) {
//     auto next = reader.next();
//     if (!next) { quarantine(reader.last_raw(), next.error().at("gl.csv", next.error().line)); continue; }
//     if (!*next) break;           // the end of the file
//     use((*next)->fields);
//   }
//
// Guarantees:
//  - A record's fields are exactly the bytes between the delimiters, with the wrapping
//    quotes removed and "" turned into ". Nothing is trimmed or converted: spaces are kept,
//    and the bytes are passed on as they are (UTF-8 is expected but not checked).
//  - Lines end with CRLF, LF or a lone CR; a line break inside quotes counts as a line, so
//    every record knows the physical line it starts on. A UTF-8 byte order mark at the very
//    start of the text is skipped. Entirely empty lines are skipped (a line of spaces is a
//    record), and a line ending at the end of the text does not make an extra record.
//  - The reader is strict: a quote inside an unquoted field (ab"c), anything between a
//    closing quote and the next delimiter ("ab"x, "ab" ,), a NUL byte (often a sign of a
//    UTF-16 export), a field longer than max_field_bytes and a record with more than
//    max_fields fields each make that record an Error (rule "csv.format", line = the line
//    the record starts on, file left empty for the caller to fill in). The good records
//    around it are still read.
//  - After an Error the reader goes on with the next line. For a field that is too long
//    or a record with too many fields, the record's shape is still known, so the reader
//    first walks to the record's real end (through any quoted line breaks) without keeping
//    its bytes. For the other problems the shape is unknown past the problem, so reading
//    resumes at the line after the one where the problem was found.
//  - A quote that is never closed runs to the end of the text: it is reported once and the
//    reading ends. Beyond max_records records (good or bad) the reading also ends with an
//    Error.
//  - Memory held for one record is bounded by max_fields * max_field_bytes plus its raw
//    text; every call does work in proportion to the bytes it consumes, and every call
//    consumes at least one line, so reading always ends.
//  - Streaming (the constructor taking a ByteSource): the reader holds only a window of
//    the input, at most the current record plus one block, and gives exactly the records
//    and errors it would give on the whole text at once, except that a record whose text
//    runs past max_record_bytes (a quote never closed, far from the end) ends the reading
//    with an Error that has no raw text: the file, not a record, is at fault.
// Thread-safety: a reader is used by one thread at a time; the text it reads is not changed.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/ledger/error.hpp"

namespace poolbook::ledger {

struct CsvOptions {
  char delimiter = ',';                     // ',', ';', '\t' or '|'
  std::size_t max_field_bytes = 64 * 1024;  // a longer field is an error for that record
  std::size_t max_fields = 256;             // per record
  std::size_t max_records = 10'000'000;     // reading stops with an error beyond this
  // Streaming only: the longest record text the window holds (the whole text is all there).
  std::size_t max_record_bytes = 8 * 1024 * 1024;
};

// Where a streaming reader gets its bytes: fills the buffer from the front with the next
// bytes of the input and returns how many it wrote (0 only at the end of the input), or an
// Error that ends the reading.
using ByteSource = std::function<Result<std::size_t>(std::span<char> buffer)>;

struct CsvRecord {
  long line = 0;                    // 1-based physical line where the record starts
  std::vector<std::string> fields;  // unquoted, with "" turned into "
  std::string_view raw;             // the record's exact text, without its line ending (kept for quarantine);
                                    // a view into the text given to the reader, or (streaming)
                                    // into its window, valid until the next call
};

class CsvReader {
 public:
  // Reads `text`, the whole file's bytes, which must outlive the reader. The options must
  // name one of the four delimiters and limits of at least 1 (a programmer error otherwise).
  CsvReader(std::string_view text, CsvOptions options = {});  // NOLINT: options defaulted by design
  // Reads the input `source` gives, a block at a time, holding only a window of it.
  explicit CsvReader(ByteSource source, CsvOptions options = {});  // NOLINT: options defaulted by design

  // The next record; std::nullopt at the end, and at every call after it. A malformed
  // record returns an Error whose message names the problem and the field, e.g. "a quote
  // appears inside an unquoted field (field 3)", and the following call goes on after it.
  Result<std::optional<CsvRecord>> next();

  // The raw text of the last record returned as an Error, without its line ending, for
  // quarantine: up to the end of the line where the problem was found, the record's whole
  // text for a limit problem, or the rest of the file for an unclosed quote. Never empty
  // after a record's Error (a record starts with a byte that is not a line ending); empty
  // before any Error and after an Error about the file, not a record: the records limit, a
  // record too long for the window, or the source's own.
  [[nodiscard]] const std::string& last_raw() const { return last_raw_; }

 private:
  Status skip_blank_lines();
  // Streaming: reads the next block into the window, dropping what lies before position_.
  // False at the end of the input (or when not streaming).
  Result<bool> more_input();
  [[nodiscard]] bool may_grow() const { return source_ && !input_ended_; }

  std::string_view text_;  // the whole text, or (streaming) the window
  ByteSource source_;
  std::unique_ptr<char[]> window_;  // streaming: the bytes text_ views
  std::size_t window_capacity_ = 0;
  bool input_ended_ = false;
  bool bom_pending_ = false;  // streaming: the byte order mark is looked for at the first call
  CsvOptions options_;
  std::size_t position_ = 0;         // the byte where the next record or blank line starts
  long line_ = 1;                    // the physical line that byte is on
  std::size_t records_seen_ = 0;     // records read so far, good or bad
  std::size_t fields_expected_ = 0;  // the last good record's field count, to size the next
  bool finished_ = false;
  std::string last_raw_;
};

}  // namespace poolbook::ledger
