#pragma once
// An account is a place in the books where money is counted, named by a path in the
// domain's words: `pool/bcf-pool/bank` (the pooled fund's bank, an asset),
// `pool/bcf-pool/contributions/icb` (what the ICB has put in, income),
// `pool/bcf-pool/scheme/S07` (what scheme S07 has spent, expenditure). Its type says how
// its balance reads: assets and expenditure are normally debits (positive), income,
// liabilities and equity normally credits (negative).
//
//   Account bank{"pool/bcf-pool/bank", AccountType::asset, "BCF pool bank"};
//   check_account_path("pool/bcf-pool/bank");  // ok
//
// Accounts are opened explicitly (or from the agreement) before anything is posted to them.

#include <optional>
#include <string>
#include <string_view>

#include "poolbook/ledger/error.hpp"

namespace poolbook::ledger {

enum class AccountType { asset, liability, income, expenditure, equity };

std::string_view account_type_word(AccountType type);  // "asset"
std::optional<AccountType> account_type_from_word(std::string_view word);

inline constexpr std::size_t kMaxAccountPathBytes = 200;
inline constexpr std::size_t kMaxAccountPathSegments = 8;

struct Account {
  std::string path;
  AccountType type = AccountType::asset;
  std::string name;  // for people: "BCF pool bank"

  friend bool operator==(const Account&, const Account&) = default;
};

// A path is 1-8 segments of letters, digits, '-', '_' or '.', joined by '/', at most 200
// bytes: "pool/bcf-pool/scheme/S07". Refused with the reason otherwise.
Status check_account_path(std::string_view path);

// True if path is prefix itself or lies under it: "pool/bcf-pool/scheme/S07" is under
// "pool/bcf-pool" and "pool/bcf-pool/scheme", not under "pool/bcf".
bool account_under(std::string_view path, std::string_view prefix);

}  // namespace poolbook::ledger
