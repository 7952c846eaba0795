#pragma once
// An import's input, read in passes from its start: a quick count of its lines, then
// readings that feed the CSV reader, each hashing what it reads. A file is read a block at a time and never held whole,
// so an import's memory does not grow with the file. Private to contracts/imports.
//
//   auto input = ImportInput::of_file("inbox/gl-2025-10.csv", kMaxImportFileBytes);
//   auto most = lines_at_most(*input);          // a bound on its records
//   HashedReading reading(*input, digest);
//   CsvReader reader(reading.source());         // a reading that hashes what it reads
//
// Guarantees: every reading starts at the first byte; a file that grows past the limit while
// it is read is refused (file.read); a reading given a Sha256 hashes exactly the bytes it
// hands on, so a file that changed between readings is caught by comparing digests.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "poolbook/ledger/csv/csv_reader.hpp"
#include "poolbook/ledger/error.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"

namespace poolbook::contracts {

class ImportInput {
 public:
  // The input is the text, which must outlive every reading.
  static ImportInput of_text(std::string_view text);
  // The input is the file, opened now (readings use this one opening, whatever happens to the
  // name); refused (file.read, naming it) if it cannot be opened, is not a regular file or is
  // larger than max_bytes.
  static Result<ImportInput> of_file(const std::filesystem::path& file, std::uintmax_t max_bytes);

  // A reading from the first byte; with `digest`, every byte handed on is also hashed into it.
  [[nodiscard]] ledger::ByteSource open(ledger::Sha256* digest = nullptr) const;

 private:
  struct OpenFile;
  std::string_view text_;
  std::shared_ptr<OpenFile> file_;
};

// A reading that hashes what it reads into `digest`, handed to a CSV reader by `source()`;
// drain() reads what the CSV reader left unread, so that the digest covers the whole input
// however the reading ended.
class HashedReading {
 public:
  HashedReading(const ImportInput& input, ledger::Sha256& digest)
      : source_(std::make_shared<ledger::ByteSource>(input.open(&digest))) {}
  [[nodiscard]] ledger::ByteSource source() const {
    return [shared = source_](std::span<char> buffer) { return (*shared)(buffer); };
  }
  // Reads to the end; an Error if the input cannot be read.
  Status drain() const;

 private:
  std::shared_ptr<ledger::ByteSource> source_;
};

// The most records the input can hold: its lines that are not blank, whatever their quotes
// (a record starts on a line of its own), counting a lone CR as the end of a line as the
// reader does. A bound, read fast, for sizing what a reading keeps per record.
Result<std::size_t> lines_at_most(const ImportInput& input);

}  // namespace poolbook::contracts
