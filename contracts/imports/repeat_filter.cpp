#include "poolbook/contracts/imports/internal/repeat_filter.hpp"

#include <algorithm>
#include <functional>

namespace poolbook::contracts {
namespace {

constexpr int kProbes = 7;  // with 10 bits a reference, about 1% false suspects
constexpr std::uint64_t kMaxBits = std::uint64_t{1} << 31;

// A second, independent hash from the first (splitmix64's finaliser), for double hashing.
std::uint64_t remix(std::uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

}  // namespace

RepeatFilter::RepeatFilter(std::size_t rows_at_most) {
  bit_count_ = std::clamp<std::uint64_t>(std::uint64_t{rows_at_most} * 10, 64, kMaxBits);
  bits_.assign(static_cast<std::size_t>((bit_count_ + 63) / 64), 0);
}

void RepeatFilter::add(std::string_view reference) {
  const std::uint64_t first = std::hash<std::string_view>{}(reference);
  const std::uint64_t step = remix(first) | 1;
  bool seen = true;
  for (int probe = 0; probe < kProbes; ++probe) {
    const std::uint64_t bit = (first + static_cast<std::uint64_t>(probe) * step) % bit_count_;
    std::uint64_t& word = bits_[static_cast<std::size_t>(bit / 64)];
    const std::uint64_t mask = std::uint64_t{1} << (bit % 64);
    seen &= (word & mask) != 0;
    word |= mask;
  }
  if (seen) suspects_.insert(reference);
}

}  // namespace poolbook::contracts
