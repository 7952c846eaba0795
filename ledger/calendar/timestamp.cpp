#include "poolbook/ledger/calendar/timestamp.hpp"

#include <sstream>

#include <date/date.h>

namespace poolbook::ledger {

Timestamp timestamp_now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

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
