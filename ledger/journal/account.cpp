#include "poolbook/ledger/journal/account.hpp"

#include <array>

namespace poolbook::ledger {
namespace {

constexpr std::array<std::pair<AccountType, std::string_view>, 5> kTypeWords = {{
    {AccountType::asset, "asset"},
    {AccountType::liability, "liability"},
    {AccountType::income, "income"},
    {AccountType::expenditure, "expenditure"},
    {AccountType::equity, "equity"},
}};

bool path_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

}  // namespace

std::string_view account_type_word(AccountType type) {
  for (const auto& [value, word] : kTypeWords)
    if (value == type) return word;
  return "asset";
}

std::optional<AccountType> account_type_from_word(std::string_view word) {
  for (const auto& [value, known] : kTypeWords)
    if (known == word) return value;
  return std::nullopt;
}

Status check_account_path(std::string_view path) {
  const auto refuse = [&](const std::string& reason) {
    return make_error("account.path", "'" + std::string(path) + "' is not an account path: " + reason);
  };
  if (path.empty()) return refuse("it is empty");
  if (path.size() > kMaxAccountPathBytes) return refuse("it is longer than 200 characters");
  std::size_t segments = 1;
  std::size_t segment_length = 0;
  for (char c : path) {
    if (c == '/') {
      if (segment_length == 0) return refuse("it has an empty segment");
      ++segments;
      segment_length = 0;
    } else if (path_character(c)) {
      ++segment_length;
    } else {
      return refuse(std::string("the character '") + c + "' is not allowed (letters, digits, '-', '_', '.')");
    }
  }
  if (segment_length == 0) return refuse("it ends with '/'");
  if (segments > kMaxAccountPathSegments) return refuse("it has more than 8 segments");
  return ok_status();
}

bool account_under(std::string_view path, std::string_view prefix) {
  if (prefix.empty()) return true;
  if (!path.starts_with(prefix)) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/';
}

}  // namespace poolbook::ledger
