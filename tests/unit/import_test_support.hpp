#pragma once
// What the import tests share: books in a temporary file with the Northshire chart of
// accounts opened, the profiles they import through, and an account's balance for the year.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "northshire_agreement.hpp"
#include "poolbook/contracts/agreement/chart_of_accounts.hpp"
#include "poolbook/contracts/imports/import_profile.hpp"
#include "poolbook/ledger/store/sqlite_store.hpp"

namespace poolbook::testing {

using namespace poolbook::contracts;
using namespace poolbook::ledger;

struct Books {
  std::filesystem::path path;
  std::unique_ptr<Store> store;
  Books() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("poolbook-import-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".db");
    store = std::move(open_sqlite_store(path)).value();
    for (const Account& account : chart_of_accounts(northshire())) REQUIRE(store->open_account(account));
  }
  ~Books() {
    store.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  }
};

inline ImportProfile profile(const std::string& text) {
  LoadedProfile loaded = load_import_profile_text(text, "profile.toml");
  for (const Finding& finding : loaded.findings) INFO(finding.describe());
  REQUIRE(loaded.profile);
  return *loaded.profile;
}

inline const char* kReceipts = R"(
[profile]
name = "host-receipts"
source = "receipts"
arrangement = "bcf-pool"
[format]
date_format = "dd-mon-yyyy"
[columns]
date = "Receipt Date"
amount = "Amount"
partner = "Customer"
reference = "Receipt No"
description = "Comments"
[partners]
"NHS NORTHSHIRE ICB" = "icb"
"NORTHSHIRE COUNTY COUNCIL" = "county"
)";

inline const char* kDraws = R"(
[profile]
name = "host-gl-draws"
source = "gl-draws"
arrangement = "bcf-pool"
[format]
delimiter = ";"
date_format = "yyyy-mm-dd"
[columns]
date = "Posting Date"
debit = "Debit"
credit = "Credit"
scheme = "Cost Centre"
reference = "Journal"
[schemes]
"CC4107" = "S07"
"CC4111" = "S11"
)";

inline Money balance_of(Store& store, const std::string& account) {
  Money total;
  for (const BalanceRow& row : store.balances(*Period::parse("2025/26 M01"), *Period::parse("2025/26 M12"), account))
    total += row.movement;
  return total;
}

}  // namespace poolbook::testing
