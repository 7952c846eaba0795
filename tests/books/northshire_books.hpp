#pragma once
// Scratch books of the Northshire agreement for the application layer's tests, and scratch
// variations of its text.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "poolbook/daemon/books/adoption.hpp"
#include "poolbook/daemon/books/books.hpp"
#include "poolbook/daemon/books/decisions.hpp"
#include "poolbook/daemon/books/imports.hpp"
#include "poolbook/daemon/books/month_close.hpp"
#include "poolbook/ledger/money/money.hpp"

namespace poolbook::testing {

using namespace date::literals;

inline const std::string kNorthshire = POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml";

// Adopting `agreement` into the books at `store`, as the operating-system account `account`.
inline books::AdoptionRequest adoption(const std::string& agreement, const std::string& store,
                                       const std::string& account, const std::string& as = "") {
  books::AdoptionRequest request;
  request.agreement_file = agreement;
  request.store_path = store;
  request.account = account;
  request.as = as;
  request.today = 2026_y / date::January / 5;
  return request;
}

// Books of the Northshire agreement, created by its pool manager (the operating-system account
// pool.manager), removed when the test ends.
struct NorthshireBooks {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("poolbook-books-" + std::to_string(getpid()) + "-" + std::to_string(++count) + ".db"))
                         .string();
  books::Books books;

  // The Northshire agreement's books, or those of a variation of it (VariedNorthshire).
  explicit NorthshireBooks(const std::string& agreement = kNorthshire) {
    auto adopted = books::adopt_agreement(adoption(agreement, path, "pool.manager"));
    REQUIRE(adopted);
    REQUIRE(adopted->created);
    CHECK(adopted->actor == "r.osei");
    CHECK(adopted->accounts_open == 99);
    auto opened = books::open_books(path);
    REQUIRE(opened);
    books = std::move(opened).value();
  }
  // The books as the operating-system account `account` acts on them (the programs take it
  // from the operating system; only code in the same process can say otherwise).
  books::Books& as(const std::string& account) {
    books.account = account;
    return books;
  }
  NorthshireBooks(const NorthshireBooks&) = delete;
  NorthshireBooks& operator=(const NorthshireBooks&) = delete;
  ~NorthshireBooks() {
    books = {};
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
  static inline int count = 0;
};

inline ledger::Money pounds(const char* text) { return *ledger::Money::parse(text); }

// What an account's movements add up to from `from` to `to`, by the maintained balances.
inline ledger::Money held(books::Books& books, const std::string& path, const ledger::Period& from,
                          const ledger::Period& to) {
  ledger::Money total;
  for (const auto& row : books.store->balances(from, to, path))
    if (row.account == path) total += row.movement;
  return total;
}

// A decision of the joint commissioning board for 2025/26, its four voting members present
// and all in favour (so carried), to be recorded by its clerk.
inline books::DecisionRequest njcb_decision(std::string id, date::year_month_day on, std::string matter,
                                            contracts::ActionType action, std::string refs) {
  books::DecisionRequest meeting;
  meeting.id = std::move(id);
  meeting.body = "njcb";
  meeting.on = on;
  meeting.matter = std::move(matter);
  meeting.action = action;
  meeting.year = ledger::FinancialYear(2025);
  meeting.refs = std::move(refs);
  meeting.present = {"d.hughes", "m.clarke", "s.wright", "k.mensah"};
  meeting.in_favour = meeting.present;
  return meeting;
}

// April to September of the example's year: each extract of those months imported by its
// profile (from the example area's profiles/, so that a varied agreement elsewhere reads
// them too), then each month closed.
inline void keep_half_year(books::Books& books) {
  const std::string area = POOLBOOK_FIXTURES_DIR "/northshire/";
  const std::vector<std::pair<std::string, std::string>> extracts{
      {"receipts", "host-receipts"},     {"icb-payments", "icb-payments"}, {"gl-draws", "host-gl-draws"},
      {"invoices", "provider-invoices"}, {"chc-receipts", "chc-receipts"}, {"chc-gl-draws", "chc-gl-draws"},
      {"mh-gl-draws", "mh-gl-draws"}};
  for (int month = 4; month <= 9; ++month)
    for (const auto& [prefix, profile] : extracts) {
      const std::string file = area + "inbox/" + prefix + "-2025-0" + std::to_string(month) + ".csv";
      auto imported = books::import_extract(books, "", {file, area + "profiles/" + profile + ".toml", false});
      INFO(file << ": " << (imported ? std::string() : imported.error().describe()));
      REQUIRE(imported);
    }
  for (int month = 1; month <= 6; ++month)
    REQUIRE(
        books::close_month_end(books, "", ledger::Period(ledger::FinancialYear(2025), ledger::FinancialMonth(month))));
}

// The Northshire agreement with `from` replaced by `to`, in a scratch file removed at the end.
struct VariedNorthshire {
  VariedNorthshire(const std::string& from, const std::string& to) : VariedNorthshire({{from, to}}) {}
  // Each `from` replaced by its `to`, in order.
  explicit VariedNorthshire(const std::vector<std::pair<std::string, std::string>>& replacements) {
    std::ifstream in(kNorthshire, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const auto& [from, to] : replacements) {
      const auto at = text.find(from);
      REQUIRE(at != std::string::npos);
      text.replace(at, from.size(), to);
    }
    std::ofstream(path, std::ios::binary) << text;
  }
  VariedNorthshire(const VariedNorthshire&) = delete;
  VariedNorthshire& operator=(const VariedNorthshire&) = delete;
  ~VariedNorthshire() { std::filesystem::remove(path); }
  std::string path = (std::filesystem::temp_directory_path() /
                      ("poolbook-varied-" + std::to_string(getpid()) + "-" + std::to_string(++count) + ".toml"))
                         .string();
  static inline int count = 0;
};

}  // namespace poolbook::testing
