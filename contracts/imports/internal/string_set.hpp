#pragma once
// A set of strings kept compactly, for remembering a million references while one file is
// imported: the bytes live in 1 MiB blocks, and an open-addressing table holds 8 bytes per
// slot (a block offset and part of the hash). About 20 bytes per short string, against
// some 80 for std::set<std::string>; exact (strings are compared, not only hashed).
//
//   StringSet seen;
//   seen.insert("GL-000000001");   // true: it was new
//   seen.insert("GL-000000001");   // false
//   seen.contains("GL-000000002"); // false
//
// Limits: up to 4 GiB of string bytes in all; a string of 1 MiB or more is kept apart.

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace poolbook::ledger {

class StringSet {
 public:
  // Adds text; true if it was not already there.
  bool insert(std::string_view text);
  [[nodiscard]] bool contains(std::string_view text) const;
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint32_t offset_plus_one = 0;  // 0: empty
    std::uint32_t hash = 0;             // the hash's low bits, to skip most comparisons
  };
  static constexpr std::uint32_t kBlockBits = 20;
  static constexpr std::size_t kBlockBytes = std::size_t{1} << kBlockBits;

  [[nodiscard]] std::string_view at(std::uint32_t offset) const;
  [[nodiscard]] std::size_t find_slot(std::string_view text, std::uint64_t hash) const;  // the match or an empty slot
  std::uint32_t store(std::string_view text);
  void grow();

  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t used_in_last_block_ = kBlockBytes;
  std::vector<Slot> slots_;
  std::set<std::string, std::less<>> long_strings_;
  std::size_t size_ = 0;
};

}  // namespace poolbook::ledger
