#include "year_end_output.hpp"

#include <iostream>
#include <map>

#include "text_table.hpp"

namespace poolbook::cli {
namespace {

using ledger::Money;

// What a partner's settlement means, in words: "pays the pool", "is paid by the pool".
std::string settles(const Money& amount) {
  if (amount.is_zero()) return "nothing to settle";
  return amount.is_positive() ? "pays the pool" : "is repaid by the pool";
}

// The year's income from each partner in an arrangement: cash and in kind as due for the
// year, and its settlement under the risk share.
struct PartnerIncome {
  Money contributions;
  Money settlement;
};

std::map<std::string, PartnerIncome> income_by_partner(const books::MonthStatement& statement,
                                                       const contracts::ArrangementSettlement& settled) {
  std::map<std::string, PartnerIncome> income;
  for (const auto& position : statement.owed.positions)
    if (position.arrangement == settled.arrangement) income[position.partner].contributions += position.due_to_date;
  for (const auto& partner : settled.allocation.partners) income[partner.partner].settlement += partner.amount;
  return income;
}

}  // namespace

void print_settlement(const books::MonthStatement& statement) {
  if (!statement.settlement) return;
  const auto& year = statement.settlement->year;
  std::cout << "\nYear-end settlement for " << year.to_string() << ", on the actual variances\n";
  for (const auto& settled : statement.settlement->arrangements) {
    const auto& allocation = settled.allocation;
    std::cout << "\n"
              << settled.arrangement << ": budget " << settled.budget.to_report() << ", spent "
              << settled.actual.to_report() << ", variance " << settled.variance.to_report() << "\n";
    for (std::size_t i = 0; i < allocation.working.size(); ++i)
      std::cout << "  " << (i + 1) << ". " << allocation.working[i].sentence << "\n";
    TextTable partners({"partner", "settles", ""}, {Align::left, Align::right, Align::left});
    Money shares;
    for (const auto& partner : allocation.partners) {
      partners.add_row({partner.partner, partner.amount.to_report(), settles(partner.amount)});
      shares += partner.amount;
    }
    std::cout << indented(partners.render(), "  ");
    std::cout << "  partners " << shares.to_report() << " + reserve used " << allocation.reserve_used.to_report()
              << " + uncommitted used " << allocation.uncommitted_used.to_report() << " + unallocated "
              << allocation.unallocated.to_report() << " - carried into the reserve " << settled.carried.to_report()
              << " - held for the board " << allocation.held_for_decision.to_report() << " = "
              << settled.variance.to_report() << ", the variance\n";
  }
  std::cout << "\nIncome and expenditure for " << year.to_string() << " (the annual return's figures)\n";
  for (const auto& settled : statement.settlement->arrangements) {
    TextTable table({"partner", "contributions", "settlement", "income"},
                    {Align::left, Align::right, Align::right, Align::right});
    Money contributions;
    Money settlement;
    for (const auto& [partner, income] : income_by_partner(statement, settled)) {
      table.add_row({partner, income.contributions.to_report(), income.settlement.to_report(),
                     (income.contributions + income.settlement).to_report()});
      contributions += income.contributions;
      settlement += income.settlement;
    }
    table.add_rule();
    table.add_row(
        {"total", contributions.to_report(), settlement.to_report(), (contributions + settlement).to_report()});
    const Money income = contributions + settlement;
    std::cout << settled.arrangement << "\n"
              << indented(table.render(), "  ") << "  expenditure on its schemes " << settled.actual.to_report()
              << " (by scheme: spent to date above); carried into the reserve " << settled.carried.to_report()
              << "; left in the pool " << (income - settled.actual - settled.carried).to_report() << "\n";
  }
}

nlohmann::json settlement_json(const books::MonthStatement& statement) {
  if (!statement.settlement) return nullptr;
  nlohmann::json arrangements = nlohmann::json::array();
  for (const auto& settled : statement.settlement->arrangements) {
    const auto& allocation = settled.allocation;
    nlohmann::json partners = nlohmann::json::array();
    for (const auto& [partner, income] : income_by_partner(statement, settled))
      partners.push_back({{"partner", partner},
                          {"contributions", income.contributions.to_plain()},
                          {"settlement", income.settlement.to_plain()}});
    nlohmann::json working = nlohmann::json::array();
    for (const auto& step : allocation.working) working.push_back(step.sentence);
    arrangements.push_back({{"arrangement", settled.arrangement},
                            {"budget", settled.budget.to_plain()},
                            {"actual", settled.actual.to_plain()},
                            {"variance", settled.variance.to_plain()},
                            {"reserve", settled.reserve.to_plain()},
                            {"reserve_used", allocation.reserve_used.to_plain()},
                            {"uncommitted_used", allocation.uncommitted_used.to_plain()},
                            {"carried", settled.carried.to_plain()},
                            {"held_for_decision", allocation.held_for_decision.to_plain()},
                            {"unallocated", allocation.unallocated.to_plain()},
                            {"partners", partners},
                            {"working", working}});
  }
  nlohmann::json performance = nlohmann::json::object();
  for (const auto& [element, met] : statement.performance) performance[element] = met ? "met" : "missed";
  return {
      {"year", statement.settlement->year.to_string()}, {"performance", performance}, {"arrangements", arrangements}};
}

std::string settlement_csv(const books::MonthStatement& statement) {
  std::string out;
  if (!statement.settlement) return out;
  for (const auto& settled : statement.settlement->arrangements) {
    const auto row = [&](const std::string& item, const std::string& measure, const Money& value) {
      out += "settlement," + item + "," + settled.arrangement + "," + measure + "," + value.to_plain() + "\n";
    };
    row("all", "variance", settled.variance);
    row("all", "reserve_used", settled.allocation.reserve_used);
    row("all", "carried", settled.carried);
    row("all", "unallocated", settled.allocation.unallocated);
    for (const auto& partner : settled.allocation.partners) row(partner.partner, "settles", partner.amount);
  }
  return out;
}

}  // namespace poolbook::cli
