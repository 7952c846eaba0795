#pragma once
// What a streamed import's source consults on PostgreSQL while the batch's COPY holds the
// writing connection: the books as committed, through a connection of their own, asked as
// little as possible. Private to ledger/store (pg_store.cpp).
//
//   PgBooksView view(*second_connection);
//   view.reference_posted("host-receipts", "AR259001");   // mostly answered from memory

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "poolbook/ledger/store/internal/period_key.hpp"
#include "poolbook/ledger/store/internal/pg_journal.hpp"

namespace poolbook::ledger {

// The books as committed, through a connection of their own: what a streamed import's
// source consults while the batch's COPY holds the writing connection. Its first lookup of
// a reference reads every reference the journal holds into a sorted list of 64-bit hashes
// (8 bytes an entry), so that a reference the journal has in no case (nearly every row of a
// new file) is answered without asking the database; only the rest are looked up. Case is
// folded for ASCII only, so the list is used only while the reference and every reference
// in the journal are ASCII: PostgreSQL's upper() knows more letters than that.
class PgBooksView final : public BooksView {
 public:
  explicit PgBooksView(PgDatabase& db) : db_(db) {}
  // The books as they stood when the batch began (nobody else writes while it is written):
  // each month and account is asked about once.
  bool is_closed(const Period& period) override {
    const auto [known, added] = closed_.try_emplace(period_key(period), false);
    if (added) known->second = pg_is_closed(db_, period);
    return known->second;
  }
  bool account_open(const std::string& path) override {
    const auto [known, added] = open_.try_emplace(path, false);
    if (added) known->second = pg_account_open(db_, path);
    return known->second;
  }
  bool reference_posted(const std::string& profile, const std::string& reference) override {
    if (surely_absent(reference)) return false;
    return pg_reference_posted(db_, profile, reference);
  }
  std::optional<EntryId> posted_alike(const std::string& reference, date::year_month_day date,
                                      const std::vector<Posting>& postings) override {
    if (surely_absent(reference)) return std::nullopt;
    return pg_posted_alike(db_, reference, date, postings);
  }

 private:
  static bool ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  }
  // FNV-1a over the reference with ASCII letters in capitals.
  static std::uint64_t folded_hash(std::string_view reference) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (char c : reference) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
    return hash;
  }

  bool surely_absent(const std::string& reference) {
    if (!ascii(reference)) return false;
    if (!loaded_) load();
    return all_ascii_ && !std::binary_search(present_.begin(), present_.end(), folded_hash(reference));
  }

  void load() {
    loaded_ = true;
    std::int64_t after = 0;
    for (;;) {
      const PgRows rows =
          db_.must("SELECT id, reference FROM entries WHERE agreement = $1 AND id > $2 ORDER BY id LIMIT 100000",
                   {db_.agreement(), std::to_string(after)}, "reading the journal's references");
      for (int i = 0; i < rows.size(); ++i) {
        const std::string_view reference = rows.view(i, 1);
        all_ascii_ = all_ascii_ && ascii(reference);
        present_.push_back(folded_hash(reference));
        after = rows.integer(i, 0);
      }
      if (rows.size() < 100000) break;
    }
    std::sort(present_.begin(), present_.end());
    present_.erase(std::unique(present_.begin(), present_.end()), present_.end());
  }

  PgDatabase& db_;
  std::map<std::int64_t, bool> closed_;
  std::unordered_map<std::string, bool> open_;
  bool loaded_ = false;
  bool all_ascii_ = true;
  std::vector<std::uint64_t> present_;
};

}  // namespace poolbook::ledger
