#pragma once
// Which references of a file may occur in it more than once, found in a first reading of the
// file in memory that does not grow with it: a Bloom filter of about 10 bits a reference
// says which it has (probably) met before, and those, the true repeats and about 1% of the
// rest, are kept exactly as suspects. The import then remembers only the suspects it has
// posted, so that a second row with a reference already posted from the same file is still
// caught, and exactly: a reference that is not a suspect occurs in the file once.
//
//   RepeatFilter repeats(rows_at_most);
//   for (each row) repeats.add(reference);   // the first reading
//   repeats.may_repeat("GL-000000001");       // the import: false means it occurs once
//
// Limits: the filter takes rows_at_most * 10 bits (1.2 MiB a million rows, at most
// 256 MiB); the suspects take about 20 bytes each.

#include <cstdint>
#include <string_view>
#include <vector>

#include "poolbook/contracts/imports/internal/string_set.hpp"

namespace poolbook::contracts {

class RepeatFilter {
 public:
  explicit RepeatFilter(std::size_t rows_at_most);
  // Notes a reference read in the first reading.
  void add(std::string_view reference);
  // Whether the reference may occur more than once in the file (never false for one that does).
  [[nodiscard]] bool may_repeat(std::string_view reference) const { return suspects_.contains(reference); }
  [[nodiscard]] std::size_t suspects() const { return suspects_.size(); }

 private:
  std::vector<std::uint64_t> bits_;
  std::uint64_t bit_count_ = 0;
  ledger::StringSet suspects_;
};

}  // namespace poolbook::contracts
