#include "statement_sections.hpp"

#include <iostream>

#include "poolbook/ledger/calendar/date_format.hpp"
#include "text_table.hpp"

namespace poolbook::cli {

void print_bank(const books::MonthStatement& statement) {
  if (statement.bank.empty()) return;
  std::cout << "\nBank at " << ledger::to_iso(statement.period.last_day()) << "\n";
  TextTable table({"arrangement", "books (receipts less payments)", "bank statement", "difference", "statement to"},
                  {Align::left, Align::right, Align::right, Align::right, Align::left});
  for (const auto& position : statement.bank)
    table.add_row({position.arrangement, position.books.to_report(),
                   position.statement ? position.statement->to_report() : "not imported",
                   position.statement ? (*position.statement - position.books).to_report() : "",
                   position.statement_to ? position.statement_to->to_string() : ""});
  std::cout << table.render();
}

nlohmann::json bank_json(const books::MonthStatement& statement) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& position : statement.bank)
    out.push_back(
        {{"arrangement", position.arrangement},
         {"books", position.books.to_plain()},
         {"statement", position.statement ? nlohmann::json(position.statement->to_plain()) : nullptr},
         {"difference",
          position.statement ? nlohmann::json((*position.statement - position.books).to_plain()) : nullptr},
         {"statement_to", position.statement_to ? nlohmann::json(position.statement_to->to_string()) : nullptr},
         {"agrees", position.statement ? nlohmann::json(position.agrees()) : nullptr}});
  return out;
}

std::string bank_csv(const books::MonthStatement& statement) {
  std::string out;
  for (const auto& position : statement.bank) {
    out += "bank,cash," + position.arrangement + ",books," + position.books.to_plain() + "\n";
    if (!position.statement) continue;
    out += "bank,cash," + position.arrangement + ",statement," + position.statement->to_plain() + "\n";
    out +=
        "bank,cash," + position.arrangement + ",difference," + (*position.statement - position.books).to_plain() + "\n";
  }
  return out;
}

void print_quarter(const books::MonthStatement& statement) {
  if (!statement.quarter) return;
  const auto& figures = *statement.quarter;
  std::cout << "\nQuarterly return figures for " << figures.quarter << "\n";
  TextTable schemes({"scheme", "arrangement", "budget", "spent in quarter", "spent to date"},
                    {Align::left, Align::left, Align::right, Align::right, Align::right});
  for (const auto& row : figures.schemes)
    schemes.add_row(
        {row.scheme, row.arrangement, row.budget.to_report(), row.quarter.to_report(), row.to_date.to_report()});
  schemes.add_rule();
  schemes.add_row({"total", "", "", figures.spent.to_report(), ""});
  std::cout << schemes.render();
  TextTable income({"partner", "arrangement", "received in quarter", "received to date"},
                   {Align::left, Align::left, Align::right, Align::right});
  for (const auto& row : figures.income)
    income.add_row({row.partner, row.arrangement, row.quarter.to_report(), row.to_date.to_report()});
  income.add_rule();
  income.add_row({"total", "", figures.received.to_report(), ""});
  std::cout << income.render();
}

nlohmann::json quarter_json(const books::MonthStatement& statement) {
  if (!statement.quarter) return nullptr;
  const auto& figures = *statement.quarter;
  nlohmann::json schemes = nlohmann::json::array();
  for (const auto& row : figures.schemes)
    schemes.push_back({{"scheme", row.scheme},
                       {"arrangement", row.arrangement},
                       {"budget", row.budget.to_plain()},
                       {"quarter", row.quarter.to_plain()},
                       {"to_date", row.to_date.to_plain()}});
  nlohmann::json income = nlohmann::json::array();
  for (const auto& row : figures.income)
    income.push_back({{"partner", row.partner},
                      {"arrangement", row.arrangement},
                      {"quarter", row.quarter.to_plain()},
                      {"to_date", row.to_date.to_plain()}});
  return {{"quarter", figures.quarter},
          {"schemes", schemes},
          {"income", income},
          {"spent", figures.spent.to_plain()},
          {"received", figures.received.to_plain()}};
}

std::string quarter_csv(const books::MonthStatement& statement) {
  if (!statement.quarter) return {};
  std::string out;
  for (const auto& row : statement.quarter->schemes) {
    out += "quarter-spend," + row.scheme + "," + row.arrangement + ",quarter," + row.quarter.to_plain() + "\n";
    out += "quarter-spend," + row.scheme + "," + row.arrangement + ",to_date," + row.to_date.to_plain() + "\n";
  }
  for (const auto& row : statement.quarter->income) {
    out += "quarter-income," + row.partner + "," + row.arrangement + ",quarter," + row.quarter.to_plain() + "\n";
    out += "quarter-income," + row.partner + "," + row.arrangement + ",to_date," + row.to_date.to_plain() + "\n";
  }
  return out;
}

}  // namespace poolbook::cli
