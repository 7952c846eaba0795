#include "poolbook/ledger/calendar/timestamp.hpp"

#include <atomic>
#include <cstdint>
#include <limits>
#include <sstream>

#include <date/date.h>

namespace poolbook::ledger {

namespace {
// Seconds since the epoch of the fixed clock; kUnfixed when the system's clock is read.
constexpr std::int64_t kUnfixed = std::numeric_limits<std::int64_t>::min();
std::atomic<std::int64_t> fixed_seconds{kUnfixed};
}  // namespace

Timestamp timestamp_now() {
  if (const std::int64_t fixed = fixed_seconds.load(); fixed != kUnfixed) return Timestamp(std::chrono::seconds(fixed));
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

void fix_clock(std::optional<Timestamp> at) {
  fixed_seconds.store(at ? static_cast<std::int64_t>(at->time_since_epoch().count()) : kUnfixed);
}

std::string timestamp_iso(Timestamp at) { return date::format("%Y-%m-%dT%H:%M:%SZ", at); }

std::optional<Timestamp> parse_timestamp_iso(std::string_view text) {
  if (text.size() != 20 || text.back() != 'Z') return std::nullopt;
  std::istringstream in{std::string(text)};
  Timestamp at;
  in >> date::parse("%Y-%m-%dT%H:%M:%SZ", at);
  if (in.fail()) return std::nullopt;
  return at;
}

}  // namespace poolbook::ledger
