#pragma once
// An import's input, read in passes from its start: the first reading works out the file's
// digest and how many records it can hold, before any row is read as a row; later readings
// feed the CSV reader. A file is read a block at a time and never held whole, so an import's
// memory does not grow with the file. Private to contracts/imports.
//
//   auto input = ImportInput::of_file("inbox/gl-2025-10.csv", kMaxImportFileBytes);
//   auto look = first_look(*input);             // digest, records at most
//   CsvReader reader(input->open(&digest));     // a reading that hashes what it reads
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

// What the first reading finds: the digest of the bytes, and the most records they can hold
// (lines that are not blank, a line ending inside quotes counting as part of its field:
// never fewer than the records a reader finds).
struct FirstLook {
  std::string digest;
  std::size_t records_at_most = 0;
};
Result<FirstLook> first_look(const ImportInput& input);

}  // namespace poolbook::contracts
