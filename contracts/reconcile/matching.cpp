#include "poolbook/contracts/reconcile/matching.hpp"

#include <algorithm>

namespace poolbook::contracts {
namespace {

constexpr std::size_t kShortestReference = 4;

// A character of a reference: letters, digits and the joiners references use.
bool reference_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '/' || c == '.';
}

// Whether `reference` is a whole word of `text`: "AR250291" in "Q3 AR250291 late", not "2025"
// in "SDC-PAY-2025-01" or in "2025/26".
bool whole_word_in(const std::string& reference, const std::string& text) {
  for (auto at = text.find(reference); at != std::string::npos; at = text.find(reference, at + 1)) {
    const auto end = at + reference.size();
    const bool starts = at == 0 || !reference_char(text[at - 1]);
    const bool ends = end == text.size() || !reference_char(text[end]) ||
                      (text[end] == '.' && (end + 1 == text.size() || !reference_char(text[end + 1])));
    if (starts && ends) return true;
  }
  return false;
}

bool names(const PaymentLine& one, const PaymentLine& other) {
  const std::string& reference = one.reference;
  if (reference.size() < kShortestReference) return false;
  return whole_word_in(reference, other.reference) || whole_word_in(reference, other.description);
}

// Working days from `from` to `to`, negative when `to` comes first.
Result<int> signed_days(const ledger::WorkingCalendar& calendar, Date from, Date to) {
  if (from <= to) return calendar.working_days_between(from, to);
  auto back = calendar.working_days_between(to, from);
  if (!back) return back;
  return -*back;
}

}  // namespace

std::string_view match_kind_word(MatchKind kind) {
  switch (kind) {
    case MatchKind::matched:
      return "matched";
    case MatchKind::amount_difference:
      return "amount difference";
    case MatchKind::paid_not_received:
      return "paid but not received";
    case MatchKind::received_not_remitted:
      return "received but not remitted";
  }
  return "matched";
}

Money MatchLine::difference() const {
  return (paid ? paid->amount : Money{}) - (received ? received->amount : Money{});
}

std::size_t PartnerMatch::count(MatchKind kind) const {
  return static_cast<std::size_t>(
      std::count_if(lines.begin(), lines.end(), [&](const MatchLine& line) { return line.kind == kind; }));
}

Result<PartnerMatch> match_payments(const std::string& partner, const std::string& arrangement,
                                    std::vector<PaymentLine> paid, std::vector<PaymentLine> received, int within,
                                    const ledger::WorkingCalendar& calendar) {
  const auto by_date = [](const PaymentLine& a, const PaymentLine& b) {
    return a.date != b.date ? a.date < b.date : a.entry < b.entry;
  };
  std::sort(paid.begin(), paid.end(), by_date);
  std::sort(received.begin(), received.end(), by_date);
  PartnerMatch match{partner, arrangement, within, {}, {}, {}, {}};
  for (const PaymentLine& line : paid) match.paid += line.amount;
  for (const PaymentLine& line : received) match.received += line.amount;
  std::vector<bool> paid_used(paid.size(), false);
  std::vector<bool> received_used(received.size(), false);
  const auto pair = [&](std::size_t p, std::size_t r, bool by_reference) -> Status {
    auto days = signed_days(calendar, paid[p].date, received[r].date);
    if (!days) return days.error();
    paid_used[p] = received_used[r] = true;
    match.lines.push_back(
        MatchLine{paid[p].amount == received[r].amount ? MatchKind::matched : MatchKind::amount_difference, paid[p],
                  received[r], by_reference, *days});
    return ok_status();
  };
  // 1. by reference
  for (std::size_t p = 0; p < paid.size(); ++p)
    for (std::size_t r = 0; r < received.size() && !paid_used[p]; ++r)
      if (!received_used[r] && (names(paid[p], received[r]) || names(received[r], paid[p])))
        if (auto paired = pair(p, r, true); !paired) return paired.error();
  // 2 and 3: within the tolerance, the same amount first, then any amount; of the candidate
  // pairs, the nearest in days first, then the nearest in amount, then the earliest payment.
  for (const bool same_amount : {true, false}) {
    struct Candidate {
      int apart;
      Money gap;
      std::size_t p;
      std::size_t r;
    };
    std::vector<Candidate> candidates;
    for (std::size_t p = 0; p < paid.size(); ++p) {
      if (paid_used[p]) continue;
      for (std::size_t r = 0; r < received.size(); ++r) {
        if (received_used[r] || (same_amount && received[r].amount != paid[p].amount)) continue;
        auto days = signed_days(calendar, paid[p].date, received[r].date);
        if (!days) return days.error();
        if (std::abs(*days) <= within)
          candidates.push_back({std::abs(*days), (paid[p].amount - received[r].amount).abs(), p, r});
      }
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
      if (a.apart != b.apart) return a.apart < b.apart;
      if (a.gap != b.gap) return a.gap < b.gap;
      return a.p != b.p ? a.p < b.p : a.r < b.r;
    });
    for (const Candidate& candidate : candidates)
      if (!paid_used[candidate.p] && !received_used[candidate.r])
        if (auto paired = pair(candidate.p, candidate.r, false); !paired) return paired.error();
  }
  std::stable_sort(match.lines.begin(), match.lines.end(),
                   [&](const MatchLine& a, const MatchLine& b) { return by_date(*a.paid, *b.paid); });
  // 4. what is left
  for (std::size_t p = 0; p < paid.size(); ++p)
    if (!paid_used[p]) match.lines.push_back(MatchLine{MatchKind::paid_not_received, paid[p], std::nullopt, false, 0});
  for (std::size_t r = 0; r < received.size(); ++r)
    if (!received_used[r])
      match.lines.push_back(MatchLine{MatchKind::received_not_remitted, std::nullopt, received[r], false, 0});
  return match;
}

}  // namespace poolbook::contracts
