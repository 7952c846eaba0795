#pragma once
// An entry is one event in the pool's books, in double entry: a contribution received
// (debit the bank, credit the partner's contributions), a draw paid (debit the scheme,
// credit the bank), an accrual, a reversal of an earlier entry. Its postings sum to zero:
// what leaves one account arrives in another. Each entry carries its provenance (which
// file and row it came from, by which import profile, who posted it and when), so an
// auditor can trace every figure back to its source.
//
//   2025-10-15 contribution  "ICB instalment M07"
//       pool/bcf-pool/bank                   £3,479,956.29
//       pool/bcf-pool/contributions/icb     (£3,479,956.29)
//
//   Entry entry{.date = 2025_y/October/15, .kind = EntryKind::contribution, ...};
//   check_entry(entry);  // refuses an entry whose postings do not balance
//
// Entries are never changed or deleted once posted: a mistake is put right by a reversal
// (the mirror entry, linked to the one it reverses) and a new entry.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/ledger/calendar/financial_calendar.hpp"
#include "poolbook/ledger/error.hpp"
#include "poolbook/ledger/money/money.hpp"

namespace poolbook::ledger {

using EntryId = std::int64_t;

enum class EntryKind { contribution, draw, accrual, reversal, variation, settlement, opening_balance, correction };

std::string_view entry_kind_word(EntryKind kind);  // "opening-balance"
std::optional<EntryKind> entry_kind_from_word(std::string_view word);

inline constexpr std::size_t kMaxPostingsPerEntry = 1000;
inline constexpr std::size_t kMaxDescriptionBytes = 1000;

struct Posting {
  std::string account;  // an account path
  Money amount;         // positive is a debit, negative a credit

  friend bool operator==(const Posting&, const Posting&) = default;
};

// Where an entry came from.
struct Provenance {
  std::string source_digest;  // SHA-256 of the imported file, empty if keyed by hand
  long source_row = 0;        // the line in that file
  std::string profile;        // the import profile used
  std::string actor;          // who posted it (a person in the agreement, or a system user)
  std::string recorded_at;    // when, UTC, ISO 8601: "2025-10-16T06:00:00Z"

  friend bool operator==(const Provenance&, const Provenance&) = default;
};

struct Entry {
  EntryId id = 0;  // assigned by the store, in posting order
  date::year_month_day date{};
  EntryKind kind = EntryKind::draw;
  std::string description;
  std::string reference;  // the source's reference (invoice or receipt number); may be empty
  std::optional<EntryId> reverses;
  std::vector<Posting> postings;
  Provenance provenance;
  std::string previous_hash;  // the hash of the entry before it in the chain
  std::string hash;           // over this entry's canonical content and previous_hash

  [[nodiscard]] Period period() const { return Period::containing(date); }
  friend bool operator==(const Entry&, const Entry&) = default;
};

// Refuses an entry that could not be posted: fewer than two postings, postings that do not
// sum to zero (naming the difference), a zero posting, a malformed account path, an
// impossible date, an over-long description, too many postings, a missing actor.
Status check_entry(const Entry& entry);

// The mirror of an entry: every posting negated, kind `reversal`, linked to the original.
Entry reversal_of(const Entry& original, date::year_month_day date, std::string description, Provenance provenance);

}  // namespace poolbook::ledger
