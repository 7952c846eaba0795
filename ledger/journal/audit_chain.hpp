#pragma once
// The audit chain makes the journal tamper-evident. Each entry's hash is SHA-256 over the
// previous entry's hash and the entry's canonical content (its id, date, kind, description,
// reference, reversal link, provenance and postings, in a fixed text form). Changing any
// posted figure, or removing or reordering an entry, breaks every hash after it, and
// `poolbook verify` reports the first entry whose stored hash no longer matches.
//
//   entry.previous_hash = last.hash;          // or kGenesisHash for the first entry
//   entry.hash = chain_hash(entry);
//
// Guarantees: the canonical form is unambiguous (fields are escaped, so no two different
// entries share one) and stable across versions (it starts with a version tag).

#include <memory>
#include <string>
#include <string_view>

#include "poolbook/ledger/journal/entry.hpp"

namespace poolbook::ledger {

// The previous hash of the first entry in a journal.
inline constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

// The canonical text the hash covers.
std::string canonical_text(const Entry& entry);

// SHA-256 (lowercase hex) of previous_hash, a newline, and the canonical text.
std::string chain_hash(const Entry& entry);

// SHA-256 of arbitrary bytes, lowercase hex: the digest of an imported file.
std::string sha256_hex(std::string_view bytes);

// The same digest worked a block at a time, for a file read in blocks:
//   Sha256 digest; digest.update(block1); digest.update(block2); digest.hex();
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  // The digest of everything given so far, lowercase hex; the object is spent after it.
  std::string hex();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace poolbook::ledger
