// `poolbook match MONTH [--partner PARTNER] [--store PATH] [--json]`
//
// Two-sided matching for the year to MONTH: each partner's own payment extract against the
// pool's receipts from it, line by line (matched, amount difference, paid but not received,
// received but not remitted), and the agreement of balances: what the partner's book says it
// paid, what the pool's says it received, and the difference explained line by line.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "exit_status.hpp"
#include "open_books.hpp"
#include "poolbook/daemon/books/payment_matching.hpp"
#include "poolbook/ledger/calendar/date_format.hpp"
#include "text_table.hpp"

namespace poolbook::cli {
namespace {

using contracts::MatchKind;
using ledger::Money;

struct MatchOptions {
  std::string store = books::kDefaultStorePath;
  std::string period;
  std::string partner;
  bool json = false;
};

// The explanation of the difference between the two books, by kind of line.
Money explained(const contracts::PartnerMatch& match, MatchKind kind) {
  Money total;
  for (const auto& line : match.lines)
    if (line.kind == kind) total += line.difference();
  return total;
}

void print_text(const books::BooksMatch& matched) {
  std::cout << "Two-sided matching, " << matched.period.year().to_string() << " M01 to " << matched.period.to_string()
            << ", within " << matched.within << " working days\n";
  if (matched.partners.empty()) std::cout << "\nno partner has a payment extract in the books for the year\n";
  for (const auto& match : matched.partners) {
    std::cout << "\n"
              << match.partner << " to " << match.arrangement << ": " << match.count(MatchKind::matched) << " matched, "
              << match.count(MatchKind::amount_difference) << " amount difference(s), "
              << match.count(MatchKind::paid_not_received) << " paid but not received, "
              << match.count(MatchKind::received_not_remitted) << " received but not remitted\n";
    TextTable table(
        {"paid on", "partner's ref", "paid", "received on", "pool's ref", "received", "days", "status"},
        {Align::left, Align::left, Align::right, Align::left, Align::left, Align::right, Align::right, Align::left});
    for (const auto& line : match.lines)
      table.add_row(
          {line.paid ? ledger::to_iso(line.paid->date) : "", line.paid ? line.paid->reference : "",
           line.paid ? line.paid->amount.to_report() : "", line.received ? ledger::to_iso(line.received->date) : "",
           line.received ? line.received->reference : "", line.received ? line.received->amount.to_report() : "",
           line.paid && line.received ? std::to_string(line.days_apart) : "",
           std::string(contracts::match_kind_word(line.kind)) + (line.by_reference ? " (by reference)" : "")});
    std::cout << indented(table.render(), "  ");
    std::cout << "  Agreement of balances at " << ledger::to_iso(matched.period.last_day())
              << ": due for the year to date " << match.due.to_report() << "\n"
              << "    the pool's receivable from " << match.partner << " " << (match.due - match.received).to_report()
              << " (received " << match.received.to_report() << ")\n"
              << "    " << match.partner << "'s payable to the pool, by its own ledger "
              << (match.due - match.paid).to_report() << " (paid " << match.paid.to_report() << ")\n"
              << "    they differ by " << (match.paid - match.received).to_report() << ": amount differences "
              << explained(match, MatchKind::amount_difference).to_report() << " + paid but not received "
              << explained(match, MatchKind::paid_not_received).to_report() << " + received but not remitted "
              << explained(match, MatchKind::received_not_remitted).to_report() << " = "
              << (match.paid - match.received).to_report() << "\n";
  }
}

nlohmann::json line_json(const std::optional<contracts::PaymentLine>& line) {
  if (!line) return nullptr;
  return {{"date", ledger::to_iso(line->date)},
          {"amount", line->amount.to_plain()},
          {"reference", line->reference},
          {"description", line->description},
          {"entry", line->entry}};
}

nlohmann::json to_json(const books::BooksMatch& matched) {
  nlohmann::json partners = nlohmann::json::array();
  for (const auto& match : matched.partners) {
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& line : match.lines)
      lines.push_back({{"status", std::string(contracts::match_kind_word(line.kind))},
                       {"by_reference", line.by_reference},
                       {"days_apart", line.days_apart},
                       {"difference", line.difference().to_plain()},
                       {"paid", line_json(line.paid)},
                       {"received", line_json(line.received)}});
    partners.push_back({{"partner", match.partner},
                        {"arrangement", match.arrangement},
                        {"paid", match.paid.to_plain()},
                        {"received", match.received.to_plain()},
                        {"difference", (match.paid - match.received).to_plain()},
                        {"due", match.due.to_plain()},
                        {"receivable", (match.due - match.received).to_plain()},
                        {"payable", (match.due - match.paid).to_plain()},
                        {"lines", lines}});
  }
  return {{"period", matched.period.to_string()}, {"within_working_days", matched.within}, {"partners", partners}};
}

int run_match(const MatchOptions& options) {
  auto period = ledger::Period::parse(options.period);
  if (!period) return report_error("match", period.error());
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("match", opened.error());
  auto matched = books::match_partner_payments(*opened, *period, options.partner);
  if (!matched) return report_error("match", matched.error());
  if (options.json)
    std::cout << to_json(*matched).dump(2) << '\n';
  else
    print_text(*matched);
  return kDone;
}

}  // namespace

void add_match_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<MatchOptions>();
  CLI::App* match = app.add_subcommand(
      "match", "Match partners' own payment extracts against the pool's receipts, and agree the balances");
  match->add_option("month", options->period, "The year to this month, e.g. \"2025/26 M12\"")->required();
  match->add_option("--partner", options->partner, "Only this partner (default: each with a payment extract)");
  match->add_option("--store", options->store, "The books")->capture_default_str();
  match->add_flag("--json", options->json, "Print JSON");
  match->footer("Example: poolbook match \"2025/26 M12\" --store nsh.db");
  match->callback([options, &exit_code] { exit_code = run_match(*options); });
}

}  // namespace poolbook::cli
