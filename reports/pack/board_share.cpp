#include "poolbook/reports/pack/board_share.hpp"

#include <algorithm>

#include "poolbook/contracts/agreement/board_share.hpp"
#include "poolbook/ledger/money/allocation.hpp"
#include "poolbook/reports/render/report_files.hpp"

namespace poolbook::reports {
namespace {

using contracts::BoardItem;

// Splits each figure across every board by the item's weights and keeps this board's part.
class Splitter {
 public:
  Splitter(const contracts::Agreement& agreement, std::size_t index) : agreement_(agreement), index_(index) {}

  // This board's part of `amount`, an amount of the scheme, the partner or the pool `id`.
  Money part(Money amount, BoardItem item, std::string_view id) {
    if (!failed_.empty()) return {};
    const std::vector<ledger::Ratio> weights = contracts::board_weights(agreement_, item, id);
    auto parts = ledger::allocate(amount, weights);
    if (!parts) return fail(parts.error());
    return (*parts)[index_];
  }
  Money scheme(Money amount, std::string_view id) { return part(amount, BoardItem::scheme, id); }
  Money partner(Money amount, std::string_view id) { return part(amount, BoardItem::partner, id); }
  Money pool(Money amount) { return part(amount, BoardItem::pool, ""); }
  // This board's part of a national condition's minimum: in proportion to the boards' parts of
  // the budgets of the schemes it counts; by the boards' shares when they have no budget.
  Money counted(Money amount, const std::vector<PackScheme>& schemes, const std::vector<std::string>& counts) {
    if (!failed_.empty()) return {};
    std::vector<Money> weights(agreement_.health_and_wellbeing_boards.size());
    for (const PackScheme& scheme : schemes) {
      if (std::find(counts.begin(), counts.end(), scheme.scheme) == counts.end()) continue;
      auto parts =
          ledger::allocate(scheme.budget.abs(), contracts::board_weights(agreement_, BoardItem::scheme, scheme.scheme));
      if (!parts) return fail(parts.error());
      for (std::size_t board = 0; board < weights.size(); ++board) weights[board] += (*parts)[board];
    }
    if (std::all_of(weights.begin(), weights.end(), [](const Money& weight) { return weight.is_zero(); }))
      return pool(amount);
    auto parts = ledger::allocate(amount, weights);
    if (!parts) return fail(parts.error());
    return (*parts)[index_];
  }
  // Whether the item is any of this board's: a line with no part is left out of its pack.
  bool touches(BoardItem item, std::string_view id) const {
    return contracts::board_weights(agreement_, item, id)[index_] != 0;
  }
  [[nodiscard]] const std::string& failed() const { return failed_; }

 private:
  Money fail(const Error& error) {
    failed_ = error.message;
    return {};
  }
  const contracts::Agreement& agreement_;
  std::size_t index_;
  std::string failed_;
};

}  // namespace

std::string quarter_file_name(const std::string& stem, const BoardPack& pack) {
  return stem + "-" + period_file_word(pack.quarter.to_string()) +
         (pack.share ? "-" + contracts::board_file_word(pack.board) : std::string());
}

Result<BoardPack> board_share(const BoardPack& whole, const contracts::Agreement& agreement, std::size_t index) {
  const auto& boards = agreement.health_and_wellbeing_boards;
  if (index >= boards.size())
    return make_error("pack.board", "the agreement has " + std::to_string(boards.size()) + " board(s), not " +
                                        std::to_string(index + 1));
  Splitter split(agreement, index);
  BoardPack pack = whole;
  pack.board = boards[index];
  PackShare share;
  share.boards = boards;
  share.share = contracts::board_weights(agreement, BoardItem::pool, "")[index];
  for (const contracts::BoardShare& given : agreement.board_shares)
    if (given.board == boards[index]) {
      for (const std::string& id : given.partners) {
        const contracts::Partner* partner = agreement.find_partner(id);
        share.partners.push_back(partner != nullptr ? partner->name : id);
      }
      share.schemes = given.schemes;
    }
  share.pool_budget = whole.budget;
  share.pool_budget_to_date = whole.budget_to_date;
  share.pool_spend_to_date = whole.spend_to_date;
  share.pool_forecast_outturn = whole.forecast_outturn;
  share.pool_due_to_date = whole.due_to_date;
  share.pool_received_to_date = whole.received_to_date;

  // A national condition: the board's parts of the schemes it counts, against its part of the
  // minimum (in proportion to those schemes' budgets).
  for (PackCondition& condition : pack.conditions) {
    condition.minimum = split.counted(condition.minimum, whole.schemes, condition.schemes);
    condition.budget = condition.outturn = Money{};
    for (const PackScheme& scheme : whole.schemes)
      if (std::find(condition.schemes.begin(), condition.schemes.end(), scheme.scheme) != condition.schemes.end()) {
        condition.budget += split.scheme(scheme.budget, scheme.scheme);
        condition.outturn += split.scheme(scheme.outturn, scheme.scheme);
      }
    condition.met = condition.budget >= condition.minimum && condition.outturn >= condition.minimum;
  }

  pack.income.clear();
  pack.due_to_date = pack.received_to_date = Money{};
  for (const PackIncome& whole_line : whole.income) {
    if (!split.touches(BoardItem::partner, whole_line.partner_id)) continue;
    PackIncome line = whole_line;
    line.agreed = split.partner(line.agreed, line.partner_id);
    line.due_to_date = split.partner(line.due_to_date, line.partner_id);
    line.received_to_date = split.partner(line.received_to_date, line.partner_id);
    line.outstanding = line.received_to_date < line.due_to_date ? line.due_to_date - line.received_to_date : Money{};
    pack.due_to_date += line.due_to_date;
    pack.received_to_date += line.received_to_date;
    pack.income.push_back(std::move(line));
  }

  pack.schemes.clear();
  pack.budget = pack.budget_to_date = pack.spend_to_date = pack.forecast_outturn = Money{};
  for (const PackScheme& whole_line : whole.schemes) {
    if (!split.touches(BoardItem::scheme, whole_line.scheme)) continue;
    PackScheme line = whole_line;
    for (Money* figure : {&line.budget, &line.budget_to_date, &line.actual_to_date, &line.outturn})
      *figure = split.scheme(*figure, line.scheme);
    line.variance = line.actual_to_date - line.budget_to_date;  // as the pool's: worked, so each adds up
    line.outturn_variance = line.outturn - line.budget;
    pack.budget += line.budget;
    pack.budget_to_date += line.budget_to_date;
    pack.spend_to_date += line.actual_to_date;
    pack.forecast_outturn += line.outturn;
    pack.schemes.push_back(std::move(line));
  }

  for (PackMonth& month : pack.months) {
    month.budget = month.actual = Money{};
    std::vector<PackMonthScheme> schemes;
    for (PackMonthScheme scheme : month.schemes) {
      if (!split.touches(BoardItem::scheme, scheme.scheme)) continue;
      scheme.budget = split.scheme(scheme.budget, scheme.scheme);
      scheme.actual = split.scheme(scheme.actual, scheme.scheme);
      month.budget += scheme.budget;
      month.actual += scheme.actual;
      schemes.push_back(std::move(scheme));
    }
    month.schemes = std::move(schemes);
  }

  // The risk share is worked on the whole pool (pack.risk, pack.risk_steps and the reserves
  // stay the pool's, captioned so); what each partner would bear is the partner's, split by
  // the partner's weights.
  pack.exposure.clear();
  for (const PackExposure& whole_line : whole.exposure) {
    if (!split.touches(BoardItem::partner, whole_line.partner_id)) continue;
    PackExposure line = whole_line;
    line.amount = split.partner(line.amount, line.partner_id);
    pack.exposure.push_back(std::move(line));
  }
  pack.payments.clear();
  for (const PackPayment& whole_line : whole.payments) {
    if (!split.touches(BoardItem::scheme, whole_line.scheme)) continue;
    PackPayment line = whole_line;
    for (Money* figure : {&line.fixed, &line.at_risk, &line.earned, &line.withheld})
      *figure = split.scheme(*figure, line.scheme);
    pack.payments.push_back(std::move(line));
  }

  const auto split_return = [&](const std::vector<PackReturnLine>& lines, BoardItem item) {
    std::vector<PackReturnLine> out;
    for (PackReturnLine line : lines) {
      if (!split.touches(item, line.id)) continue;
      for (Money* figure : {&line.budget, &line.quarter, &line.to_date}) *figure = split.part(*figure, item, line.id);
      out.push_back(std::move(line));
    }
    return out;
  };
  pack.return_expenditure = split_return(whole.return_expenditure, BoardItem::scheme);
  pack.return_income = split_return(whole.return_income, BoardItem::partner);

  if (!split.failed().empty())
    return make_error("pack.board", "the pool's figures cannot be split between the boards: " + split.failed());
  pack.share = std::move(share);
  return pack;
}

}  // namespace poolbook::reports
