#include "bank_output.hpp"

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
         {"agrees", position.agrees()}});
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

}  // namespace poolbook::cli
