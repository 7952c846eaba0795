#include "poolbook/contracts/imports/internal/string_set.hpp"

#include <cassert>
#include <cstring>
#include <functional>
#include <stdexcept>

namespace poolbook::ledger {
namespace {

std::uint64_t hash_of(std::string_view text) { return std::hash<std::string_view>{}(text); }

}  // namespace

bool StringSet::insert(std::string_view text) {
  if (text.size() + sizeof(std::uint32_t) > kBlockBytes) {
    const bool added = long_strings_.emplace(text).second;
    size_ += added ? 1 : 0;
    return added;
  }
  if ((size_ + 1) * 2 > slots_.size()) grow();  // at most half full, so probes stay short
  const std::uint64_t hash = hash_of(text);
  const std::size_t slot = find_slot(text, hash);
  if (slots_[slot].offset_plus_one != 0) return false;
  slots_[slot] = Slot{store(text) + 1, static_cast<std::uint32_t>(hash)};
  ++size_;
  return true;
}

bool StringSet::contains(std::string_view text) const {
  if (text.size() + sizeof(std::uint32_t) > kBlockBytes) return long_strings_.find(text) != long_strings_.end();
  if (slots_.empty()) return false;
  return slots_[find_slot(text, hash_of(text))].offset_plus_one != 0;
}

std::string_view StringSet::at(std::uint32_t offset) const {
  const char* start = blocks_[offset >> kBlockBits].get() + (offset & (kBlockBytes - 1));
  std::uint32_t length = 0;
  std::memcpy(&length, start, sizeof length);
  return {start + sizeof length, length};
}

std::size_t StringSet::find_slot(std::string_view text, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = static_cast<std::size_t>(hash) & mask;; slot = (slot + 1) & mask) {
    const Slot& candidate = slots_[slot];
    if (candidate.offset_plus_one == 0) return slot;
    if (candidate.hash == static_cast<std::uint32_t>(hash) && at(candidate.offset_plus_one - 1) == text) return slot;
  }
}

std::uint32_t StringSet::store(std::string_view text) {
  const std::size_t needed = sizeof(std::uint32_t) + text.size();
  if (used_in_last_block_ + needed > kBlockBytes) {
    // Offsets are 32 bits: 4096 blocks of 1 MiB (the last offset is kept free for "empty").
    if (blocks_.size() >= (std::size_t{1} << (32 - kBlockBits)) - 1)
      throw std::length_error("a StringSet holds at most 4 GiB of strings");
    blocks_.push_back(std::make_unique<char[]>(kBlockBytes));
    used_in_last_block_ = 0;
  }
  char* start = blocks_.back().get() + used_in_last_block_;
  const auto length = static_cast<std::uint32_t>(text.size());
  std::memcpy(start, &length, sizeof length);
  std::memcpy(start + sizeof length, text.data(), text.size());
  const auto offset = static_cast<std::uint32_t>(((blocks_.size() - 1) << kBlockBits) + used_in_last_block_);
  used_in_last_block_ += needed;
  return offset;
}

void StringSet::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.offset_plus_one == 0) continue;
    // The table never reaches 2^32 slots, so the hash's low 32 bits place the string.
    std::size_t target = slot.hash & mask;
    while (slots_[target].offset_plus_one != 0) target = (target + 1) & mask;
    slots_[target] = slot;
  }
}

}  // namespace poolbook::ledger
