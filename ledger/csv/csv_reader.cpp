#include "poolbook/ledger/csv/csv_reader.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstring>
#include <memory>
#include <utility>

namespace poolbook::ledger {
namespace {

constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

bool is_line_end(char c) { return c == '\r' || c == '\n'; }

std::size_t byte_index(char c) { return static_cast<unsigned char>(c); }

// The bytes that end a run of plain field text. Scanning runs of plain bytes and appending
// each run once, rather than byte by byte, is what makes large extracts fast to read.
using StopTable = std::array<bool, 256>;

constexpr StopTable stop_table(char extra_stop) {
  StopTable stops{};
  stops['"'] = true;
  stops['\r'] = true;
  stops['\n'] = true;
  stops['\0'] = true;
  stops[static_cast<unsigned char>(extra_stop)] = true;
  return stops;
}

constexpr StopTable kQuotedStops = stop_table('"');

// The first stop byte at or after `from`, or the end of the text. Kept apart, with locals
// only, so that the compiler holds the position in a register: this loop is the reader's cost.
std::size_t find_stop(std::string_view text, std::size_t from, const StopTable& stops) {
  std::size_t at = from;
  const std::size_t size = text.size();
  while (at < size && !stops[byte_index(text[at])]) ++at;
  return at;
}

const StopTable& unquoted_stops(char delimiter) {
  static constexpr StopTable kComma = stop_table(',');
  static constexpr StopTable kSemicolon = stop_table(';');
  static constexpr StopTable kTab = stop_table('\t');
  static constexpr StopTable kPipe = stop_table('|');
  switch (delimiter) {
    case ',':
      return kComma;
    case ';':
      return kSemicolon;
    case '\t':
      return kTab;
    default:
      assert(delimiter == '|');
      return kPipe;
  }
}

// Walks one record, from its first byte to the start of the line after it, by the RFC 4180
// rules, and says what it found. The first problem found is the one reported, except that
// an unclosed quote is always reported, because it is why the rest of the file is not read.
class RecordScanner {
 public:
  RecordScanner(std::string_view text, const CsvOptions& options, std::size_t position, long line)
      : text_(text), options_(options), stops_(unquoted_stops(options.delimiter)), position_(position), line_(line) {}

  // Reads the fields into `fields` until the record ends; after a problem, stops keeping them.
  void scan(std::vector<std::string>& fields);

  [[nodiscard]] std::size_t next_position() const { return position_; }
  [[nodiscard]] long next_line() const { return line_; }
  [[nodiscard]] std::size_t content_end() const { return content_end_; }
  [[nodiscard]] const std::optional<std::string>& problem() const { return problem_; }
  [[nodiscard]] bool unclosed_quote() const { return unclosed_quote_; }

 private:
  // How a field ended: at a delimiter (another field follows), at the record's line ending
  // or the end of the text, or at a problem after which the record's shape is unknown.
  enum class FieldEnd { delimiter, record_end, lost };

  FieldEnd scan_unquoted(std::string* field);
  FieldEnd scan_quoted(std::string* field);
  FieldEnd after_closing_quote();
  void keep(std::string*& field, std::string_view bytes);
  void report(std::string message);
  void report_unclosed_quote(long opened_line);
  void take_line_end();
  void skip_rest_of_line();
  [[nodiscard]] std::string field_name() const { return "field " + std::to_string(field_number_); }

  std::string_view text_;
  const CsvOptions& options_;
  const StopTable& stops_;
  std::size_t position_;
  long line_;
  std::size_t content_end_ = 0;
  std::size_t field_number_ = 0;
  std::optional<std::string> problem_;
  bool unclosed_quote_ = false;
};

void RecordScanner::scan(std::vector<std::string>& fields) {
  FieldEnd end = FieldEnd::delimiter;
  while (end == FieldEnd::delimiter) {
    ++field_number_;
    if (field_number_ == options_.max_fields + 1)
      report("the record has more than " + std::to_string(options_.max_fields) + " fields");
    // Once the record is known to be bad its bytes are not kept: only its end is looked for.
    std::string* field = problem_ ? nullptr : &fields.emplace_back();
    const bool quoted = position_ < text_.size() && text_[position_] == '"';
    end = quoted ? scan_quoted(field) : scan_unquoted(field);
  }
  if (end == FieldEnd::record_end) {
    content_end_ = position_;
    take_line_end();
  } else if (!unclosed_quote_) {
    skip_rest_of_line();
  }
}

RecordScanner::FieldEnd RecordScanner::scan_unquoted(std::string* field) {
  const std::size_t start = position_;
  position_ = find_stop(text_, position_, stops_);
  keep(field, text_.substr(start, position_ - start));
  if (position_ == text_.size() || is_line_end(text_[position_])) return FieldEnd::record_end;
  const char stop = text_[position_];
  if (stop == options_.delimiter) {
    ++position_;
    return FieldEnd::delimiter;
  }
  if (stop == '"') {
    report("a quote appears inside an unquoted field (" + field_name() + ")");
  } else {
    assert(stop == '\0');
    report("a NUL byte appears in " + field_name() + " (is the file saved as UTF-16, or not text at all?)");
  }
  return FieldEnd::lost;
}

RecordScanner::FieldEnd RecordScanner::scan_quoted(std::string* field) {
  const long opened_line = line_;
  ++position_;  // the opening quote
  while (true) {
    const std::size_t start = position_;
    position_ = find_stop(text_, position_, kQuotedStops);
    keep(field, text_.substr(start, position_ - start));
    if (position_ == text_.size()) {
      report_unclosed_quote(opened_line);
      return FieldEnd::lost;
    }
    const char stop = text_[position_];
    if (stop == '\0') {
      report("a NUL byte appears in " + field_name() + " (is the file saved as UTF-16, or not text at all?)");
      return FieldEnd::lost;
    }
    if (is_line_end(stop)) {
      // CRLF is one line break; the byte before is never outside the text (it is at least
      // the opening quote).
      if (stop == '\r' || text_[position_ - 1] != '\r') ++line_;
      keep(field, text_.substr(position_, 1));
      ++position_;
      continue;
    }
    const bool doubled = position_ + 1 < text_.size() && text_[position_ + 1] == '"';
    if (!doubled) {
      ++position_;  // the closing quote
      return after_closing_quote();
    }
    keep(field, text_.substr(position_, 1));
    position_ += 2;
  }
}

RecordScanner::FieldEnd RecordScanner::after_closing_quote() {
  if (position_ == text_.size() || is_line_end(text_[position_])) return FieldEnd::record_end;
  if (text_[position_] == options_.delimiter) {
    ++position_;
    return FieldEnd::delimiter;
  }
  report("there are characters after the closing quote of " + field_name() +
         " (a quote inside a quoted field must be written twice)");
  return FieldEnd::lost;
}

// Adds bytes to the field being read, unless the record is already bad or the field would
// grow past its limit (then the record becomes bad and nothing more of it is kept).
void RecordScanner::keep(std::string*& field, std::string_view bytes) {
  if (field == nullptr || bytes.empty()) return;
  if (field->size() + bytes.size() > options_.max_field_bytes) {
    report(field_name() + " is longer than the limit of " + std::to_string(options_.max_field_bytes) + " bytes");
    field = nullptr;
    return;
  }
  field->append(bytes);
}

void RecordScanner::report(std::string message) {
  if (!problem_) problem_ = std::move(message);
}

void RecordScanner::report_unclosed_quote(long opened_line) {
  problem_ = "a quoted field is not closed before the end of the file (" + field_name() + ", opened on line " +
             std::to_string(opened_line) + ")";
  unclosed_quote_ = true;
  // The raw text is the rest of the file, without a final line ending like every raw text.
  content_end_ = text_.size();
  if (content_end_ > 0 && text_[content_end_ - 1] == '\n') --content_end_;
  if (content_end_ > 0 && text_[content_end_ - 1] == '\r') --content_end_;
}

// Steps over one line ending (CRLF, LF or a lone CR), if there is one.
void RecordScanner::take_line_end() {
  if (position_ == text_.size()) return;
  assert(is_line_end(text_[position_]));
  if (text_[position_] == '\r' && position_ + 1 < text_.size() && text_[position_ + 1] == '\n') ++position_;
  ++position_;
  ++line_;
}

void RecordScanner::skip_rest_of_line() {
  while (position_ < text_.size() && !is_line_end(text_[position_])) ++position_;
  content_end_ = position_;
  take_line_end();
}

Error format_error(std::string message, long line) { return Error{"csv.format", std::move(message), {}, line}; }

}  // namespace

namespace {

constexpr std::size_t kBlockBytes = 1024 * 1024;  // what a streaming reader reads at a time

Error record_too_long(long line, std::size_t most) {
  const std::string limit =
      most % (1024 * 1024) == 0 ? std::to_string(most / (1024 * 1024)) + " MiB" : std::to_string(most) + " bytes";
  return format_error("the record starting on line " + std::to_string(line) + " runs past " + limit +
                          " without ending (a quote never closed? or not a CSV file at all?), so "
                          "the file cannot be read past it",
                      line);
}

void check_options(const CsvOptions& options) {
  assert(options.delimiter == ',' || options.delimiter == ';' || options.delimiter == '\t' || options.delimiter == '|');
  assert(options.max_field_bytes >= 1 && options.max_fields >= 1 && options.max_records >= 1 &&
         options.max_record_bytes >= 1);
  (void)options;
}

}  // namespace

CsvReader::CsvReader(std::string_view text, CsvOptions options) : text_(text), options_(options) {
  check_options(options_);
  if (text_.starts_with(kUtf8ByteOrderMark)) position_ = kUtf8ByteOrderMark.size();
}

CsvReader::CsvReader(ByteSource source, CsvOptions options) : source_(std::move(source)), options_(options) {
  check_options(options_);
  bom_pending_ = true;
}

Result<bool> CsvReader::more_input() {
  if (!may_grow()) return false;
  std::size_t used = text_.size();
  if (position_ > 0) {  // what was read before the current record is never looked at again
    std::memmove(window_.get(), window_.get() + position_, used - position_);
    used -= position_;
    position_ = 0;
  }
  if (used > options_.max_record_bytes + 2) {  // the record, and room for its CRLF
    finished_ = true;
    last_raw_.clear();
    return record_too_long(line_, options_.max_record_bytes);
  }
  if (window_capacity_ - used < kBlockBytes / 2) {  // room for at least half a block more
    const std::size_t capacity = used + kBlockBytes;
    auto larger = std::make_unique_for_overwrite<char[]>(capacity);
    if (used > 0) std::memcpy(larger.get(), window_.get(), used);
    window_ = std::move(larger);
    window_capacity_ = capacity;
  }
  auto read = source_(std::span<char>(window_.get() + used, window_capacity_ - used));
  if (!read) {
    text_ = std::string_view(window_.get(), used);
    finished_ = true;
    last_raw_.clear();
    return read.error();
  }
  assert(*read <= window_capacity_ - used);
  text_ = std::string_view(window_.get(), used + *read);
  if (*read == 0) input_ended_ = true;
  return *read > 0;
}

Status CsvReader::skip_blank_lines() {
  for (;;) {
    while (position_ < text_.size() && is_line_end(text_[position_])) {
      // A CR at the window's end may be the first half of a CRLF: read on before deciding.
      if (text_[position_] == '\r' && position_ + 1 == text_.size() && may_grow()) break;
      const bool crlf = text_[position_] == '\r' && position_ + 1 < text_.size() && text_[position_ + 1] == '\n';
      position_ += crlf ? 2 : 1;
      ++line_;
    }
    const bool need_more = position_ == text_.size() || (text_[position_] == '\r' && position_ + 1 == text_.size());
    if (!need_more || !may_grow()) return ok_status();
    auto more = more_input();
    if (!more) return more.error();
  }
}

Result<std::optional<CsvRecord>> CsvReader::next() {
  if (finished_) return std::optional<CsvRecord>{};
  if (bom_pending_) {
    bom_pending_ = false;
    while (text_.size() < kUtf8ByteOrderMark.size() && may_grow()) {
      auto more = more_input();
      if (!more) return more.error();
    }
    if (text_.starts_with(kUtf8ByteOrderMark)) position_ = kUtf8ByteOrderMark.size();
  }
  if (auto skipped = skip_blank_lines(); !skipped) {
    finished_ = true;
    last_raw_.clear();
    return skipped.error();
  }
  if (position_ == text_.size()) {
    finished_ = true;
    return std::optional<CsvRecord>{};
  }
  if (records_seen_ == options_.max_records) {
    // A bound on one import, so that a runaway or wrong file cannot fill memory downstream.
    finished_ = true;
    last_raw_.clear();
    return format_error("the file has more than " + std::to_string(options_.max_records) +
                            " records, the most one import may hold; reading stopped here",
                        line_);
  }
  ++records_seen_;

  CsvRecord record;
  record.line = line_;
  for (;;) {
    record.fields.clear();
    record.fields.reserve(std::min(fields_expected_, options_.max_fields));
    RecordScanner scanner(text_, options_, position_, line_);
    scanner.scan(record.fields);
    // A scan that reached the window's end may have been cut short by it: read on, scan again.
    if (scanner.next_position() == text_.size() && may_grow()) {
      auto more = more_input();
      if (!more) return more.error();
      continue;
    }
    record.raw = text_.substr(position_, scanner.content_end() - position_);
    if (source_ && record.raw.size() > options_.max_record_bytes) {  // the same limit wherever the blocks fall
      finished_ = true;
      last_raw_.clear();
      return record_too_long(record.line, options_.max_record_bytes);
    }
    // Every call consumes at least one byte and one line (or the rest of the text), so reading ends.
    assert(scanner.next_position() > position_);
    assert(scanner.next_line() > line_ || scanner.next_position() == text_.size());
    position_ = scanner.next_position();
    line_ = scanner.next_line();
    if (scanner.problem()) {
      if (scanner.unclosed_quote()) finished_ = true;
      last_raw_.assign(record.raw);
      return format_error(*scanner.problem(), record.line);
    }
    break;
  }
  assert(!record.fields.empty() && record.fields.size() <= options_.max_fields);
  fields_expected_ = record.fields.size();
  return std::optional<CsvRecord>(std::move(record));
}

}  // namespace poolbook::ledger
