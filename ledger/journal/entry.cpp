#include "poolbook/ledger/journal/entry.hpp"

#include <array>

#include "poolbook/ledger/journal/account.hpp"

namespace poolbook::ledger {
namespace {

constexpr std::array<std::pair<EntryKind, std::string_view>, 8> kKindWords = {{
    {EntryKind::contribution, "contribution"},
    {EntryKind::draw, "draw"},
    {EntryKind::accrual, "accrual"},
    {EntryKind::reversal, "reversal"},
    {EntryKind::variation, "variation"},
    {EntryKind::settlement, "settlement"},
    {EntryKind::opening_balance, "opening-balance"},
    {EntryKind::correction, "correction"},
}};

Error entry_error(const Entry& entry, const std::string& reason) {
  return make_error("entry.invalid", "the entry '" + entry.description + "' dated " +
                                         (entry.date.ok() ? to_iso(entry.date) : std::string("(no date)")) +
                                         " cannot be posted: " + reason);
}

}  // namespace

std::string_view entry_kind_word(EntryKind kind) {
  for (const auto& [value, word] : kKindWords)
    if (value == kind) return word;
  return "draw";
}

std::optional<EntryKind> entry_kind_from_word(std::string_view word) {
  for (const auto& [value, known] : kKindWords)
    if (known == word) return value;
  return std::nullopt;
}

Status check_entry(const Entry& entry) {
  if (!entry.date.ok()) return entry_error(entry, "it has no valid date");
  if (entry.description.size() > kMaxDescriptionBytes)
    return entry_error(entry, "its description is longer than 1000 characters");
  if (entry.provenance.actor.empty()) return entry_error(entry, "it does not say who is posting it");
  if (entry.postings.size() < 2) return entry_error(entry, "an entry needs at least two postings");
  if (entry.postings.size() > kMaxPostingsPerEntry) return entry_error(entry, "it has more than 1000 postings");
  MoneySum sum;
  for (const Posting& posting : entry.postings) {
    if (auto path = check_account_path(posting.account); !path) return entry_error(entry, path.error().message);
    if (posting.amount.is_zero()) return entry_error(entry, "its posting to " + posting.account + " is zero");
    if (posting.amount.abs() > kLargestAmount)
      return make_error("money.limit", "the entry '" + entry.description + "' posts " + posting.amount.to_report() +
                                           " to " + posting.account +
                                           ", above the largest amount one posting may hold (" +
                                           kLargestAmount.to_report() + ")");
    sum += posting.amount;
  }
  const Money difference = sum.total();
  if (!difference.is_zero())
    return make_error("entry.unbalanced",
                      "the entry '" + entry.description + "' dated " + to_iso(entry.date) + " does not balance: its " +
                          (difference.is_positive() ? "debits exceed its credits" : "credits exceed its debits") +
                          " by " + difference.abs().to_report());
  return ok_status();
}

Entry reversal_of(const Entry& original, date::year_month_day date, std::string description, Provenance provenance) {
  Entry mirror;
  mirror.date = date;
  mirror.kind = EntryKind::reversal;
  mirror.description = std::move(description);
  mirror.reference = original.reference;
  mirror.reverses = original.id;
  mirror.provenance = std::move(provenance);
  for (const Posting& posting : original.postings) mirror.postings.push_back(Posting{posting.account, -posting.amount});
  return mirror;
}

}  // namespace poolbook::ledger
