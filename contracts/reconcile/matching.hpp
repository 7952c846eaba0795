#pragma once
// Two-sided matching: a partner's own record of what it paid into a pool (its payment
// extract, imported to memo/ARR/paid-by/PARTNER) against what the pool's host received from
// it (the receipts credited to pool/ARR/contributions/PARTNER), line by line, and the
// agreement of balances that follows: what one book says was paid and the other received,
// with every difference explained.
//
//   auto matched = match_payments("icb", "bcf-pool", paid, received, 3, calendar);
//   // matched->lines: each matched pair, amount difference, paid but not received, received
//   // but not remitted; matched->paid - matched->received == the sum of the explanations
//
// The rules (docs/month-end.md, "Two-sided matching"), in order:
// 1. by reference: a payment and a receipt where one's reference appears as a whole word in
//    the other's reference or description (references of four characters or more; a word
//    runs of letters, digits and - _ / .) are a pair;
// 2. by amount and date: a payment and a receipt of the same amount at most `within` working
//    days apart (either way) are a pair, the nearest in days first;
// 3. by date alone: a payment and a receipt at most `within` working days apart whose
//    amounts differ are a pair with an amount difference, the nearest in days first, then
//    the nearest in amount;
// 4. what is left is paid but not received (in the partner's book only), or received but not
//    remitted (in the host's only).
// A pair of equal amounts is matched; otherwise it is an amount difference. Every line of
// both sides is in exactly one match line, so paid - received = the sum over the lines of
// (paid - received).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/ledger/calendar/working_calendar.hpp"

namespace poolbook::contracts {

// One payment as one book holds it.
struct PaymentLine {
  Date date{};
  Money amount;  // positive: money paid in
  std::string reference;
  std::string description;
  std::int64_t entry = 0;  // the journal entry
};

enum class MatchKind { matched, amount_difference, paid_not_received, received_not_remitted };
std::string_view match_kind_word(MatchKind kind);  // "matched", "amount difference", ...

struct MatchLine {
  MatchKind kind = MatchKind::matched;
  std::optional<PaymentLine> paid;      // in the partner's book
  std::optional<PaymentLine> received;  // in the host's book
  bool by_reference = false;
  int days_apart = 0;                      // working days from payment to receipt (negative: received first)
  [[nodiscard]] Money difference() const;  // paid - received
};

struct PartnerMatch {
  std::string partner;
  std::string arrangement;
  int within = 0;                // the tolerance in working days
  std::vector<MatchLine> lines;  // pairs first, in payment date order, then the unmatched
  Money paid;                    // per the partner's book
  Money received;                // per the host's book
  Money due;                     // the contribution due for the year to date (set by the caller)
  std::size_t count(MatchKind kind) const;
};

// Refused only when a date is beyond the calendar's years.
Result<PartnerMatch> match_payments(
    const std::string& partner, const std::string& arrangement, std::vector<PaymentLine> paid,
    std::vector<PaymentLine> received, int within,
    const ledger::WorkingCalendar& calendar = ledger::WorkingCalendar::england_and_wales());

}  // namespace poolbook::contracts
