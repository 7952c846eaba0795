#pragma once
// How both governance stores keep a record's fields as text (comma lists, "person=cast" votes,
// ISO dates and times), so that SQLite and PostgreSQL hold the same text, and read them back.
// Private to contracts/governance.
//
//   votes_text({{"d.hughes", VoteCast::for_}})   // "d.hughes=for"
//   stored_date("2025-10-16")                     // 2025-10-16

#include <cassert>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/contracts/governance/governance_records.hpp"
#include "poolbook/ledger/calendar/timestamp.hpp"
#include "poolbook/ledger/text/text_list.hpp"

namespace poolbook::contracts::stored {

inline std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

// "d.hughes=for,s.wright=against"
inline std::string votes_text(const std::vector<Vote>& votes) {
  std::string out;
  for (const Vote& vote : votes)
    out += (out.empty() ? "" : ",") + vote.person + "=" + std::string(vote_cast_word(vote.cast));
  return out;
}

inline std::vector<Vote> votes_from_text(const std::string& text) {
  std::vector<Vote> out;
  for (const std::string& item : ledger::split_list(text)) {
    const auto equals = item.find('=');
    const auto cast = vote_cast_from_word(equals == std::string::npos ? "" : item.substr(equals + 1));
    assert(cast && "the store keeps the votes poolbook wrote");
    out.push_back(Vote{item.substr(0, equals), cast.value_or(VoteCast::abstain)});
  }
  return out;
}

inline Date stored_date(std::string_view iso) {
  auto day = ledger::parse_iso_date(iso);
  assert(day && "the store keeps the ISO dates poolbook wrote");
  return day ? *day : Date{};
}

inline Timestamp stored_time(std::string_view iso) {
  auto at = ledger::parse_timestamp_iso(iso);
  assert(at && "the store keeps the times poolbook wrote");
  return at.value_or(Timestamp{});
}

}  // namespace poolbook::contracts::stored
