// `poolbook risk-share --year YEAR --variance SCHEME=AMOUNT ... [--performance ID=met|missed]
//                     [--agreement FILE | --store PATH] [--json]`
//
// A what-if: who bears the given variances under the agreement's risk share, with the
// working. Variances are spend minus budget for the year (an overspend positive, an
// underspend negative: -25000.00 or (25,000.00)); schemes are grouped by arrangement and
// each arrangement is shared by its own terms.
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "books.hpp"
#include "commands.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/terms/risk_share.hpp"
#include "text_table.hpp"

namespace poolbook::cli {
namespace {

using contracts::Agreement;
using contracts::VarianceAllocation;
using ledger::FinancialYear;
using ledger::Money;

struct RiskShareOptions {
  std::string agreement;
  std::string store = kDefaultStorePath;
  std::string year;
  std::vector<std::string> variances;    // "S07=812400.17"
  std::vector<std::string> performance;  // "NEA-65=missed"
  bool json = false;
};

int refuse(const Error& error) {
  std::cerr << "poolbook risk-share: " << error.describe() << '\n';
  return 2;
}

Result<std::pair<std::string, std::string>> name_value(const std::string& text, const std::string& example) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size())
    return make_error("risk-share.argument", "'" + text + "' should be written like " + example);
  return std::make_pair(text.substr(0, equals), text.substr(equals + 1));
}

nlohmann::json to_json(const VarianceAllocation& shared, const Agreement& agreement) {
  nlohmann::json partners = nlohmann::json::array();
  for (const auto& share : shared.partners) {
    const auto* partner = agreement.find_partner(share.partner);
    partners.push_back({{"partner", share.partner},
                        {"name", partner != nullptr ? partner->name : share.partner},
                        {"amount", share.amount.to_plain()}});
  }
  nlohmann::json working = nlohmann::json::array();
  for (const auto& step : shared.working) {
    nlohmann::json shares = nlohmann::json::object();
    for (const auto& share : step.shares) shares[share.partner] = share.amount.to_plain();
    working.push_back({{"step", step.what},
                       {"scheme", step.scheme},
                       {"amount", step.amount.to_plain()},
                       {"shares", shares},
                       {"text", step.sentence}});
  }
  return {{"arrangement", shared.arrangement},
          {"year", shared.year.to_string()},
          {"total_variance", shared.total_variance.to_plain()},
          {"partners", partners},
          {"reserve_used", shared.reserve_used.to_plain()},
          {"uncommitted_used", shared.uncommitted_used.to_plain()},
          {"carried_forward", shared.carried_forward.to_plain()},
          {"to_contingency", shared.to_contingency.to_plain()},
          {"held_for_decision", shared.held_for_decision.to_plain()},
          {"unallocated", shared.unallocated.to_plain()},
          {"working", working}};
}

void print(const VarianceAllocation& shared, const Agreement& agreement) {
  const auto* arrangement = agreement.find_arrangement(shared.arrangement);
  std::cout << "Risk share: " << (arrangement != nullptr ? arrangement->name : shared.arrangement) << " ("
            << shared.arrangement << "), " << shared.year.to_string() << "\n"
            << "Variance " << shared.total_variance.to_report() << " (overspend positive)\n\n";
  int number = 0;
  for (const auto& step : shared.working) std::cout << "  " << ++number << ". " << step.sentence << "\n";
  std::cout << "\n";
  TextTable table({"partner", "", "bears (receives)"}, {Align::left, Align::left, Align::right});
  Money borne;
  for (const auto& share : shared.partners) {
    const auto* partner = agreement.find_partner(share.partner);
    table.add_row({share.partner, partner != nullptr ? partner->name : "", share.amount.to_report()});
    borne += share.amount;
  }
  table.add_rule();
  table.add_row({"partners", "", borne.to_report()});
  for (const auto& [label, amount] :
       {std::pair<const char*, Money>{"met from the contingency reserve", shared.reserve_used},
        {"met by reducing uncommitted allocations", shared.uncommitted_used},
        {"underspend carried forward", -shared.carried_forward},
        {"underspend added to the contingency reserve", -shared.to_contingency},
        {"underspend held for a board decision", -shared.held_for_decision},
        {"unallocated: for the board to settle", shared.unallocated}})
    if (!amount.is_zero()) table.add_row({"", label, amount.to_report()});
  table.add_rule();
  table.add_row({"total", "", shared.total_variance.to_report()});
  std::cout << table.render();
}

int run_risk_share(const RiskShareOptions& options) {
  auto loaded = agreement_from(options.agreement, options.store);
  if (!loaded) return refuse(loaded.error());
  const Agreement& agreement = *loaded;
  auto year = FinancialYear::parse(options.year);
  if (!year) return refuse(year.error());
  // The variances, grouped by arrangement in the agreement's order.
  std::map<std::string, std::map<std::string, Money>> by_arrangement;
  for (const std::string& text : options.variances) {
    auto pair = name_value(text, "S07=812400.17");
    if (!pair) return refuse(pair.error());
    auto amount = Money::parse(pair->second);
    if (!amount) return refuse(amount.error());
    const auto* scheme = agreement.find_scheme(pair->first);
    if (scheme == nullptr)
      return refuse(make_error("risk-share.scheme", "there is no scheme '" + pair->first + "' in the agreement"));
    by_arrangement[scheme->arrangement][scheme->id] += *amount;
  }
  contracts::PerformanceResults performance;
  for (const std::string& text : options.performance) {
    auto pair = name_value(text, "NEA-65=missed");
    if (!pair) return refuse(pair.error());
    if (pair->second != "met" && pair->second != "missed")
      return refuse(make_error("risk-share.argument", "the result of " + pair->first + " should be met or missed"));
    bool known = false;
    for (const auto& terms : agreement.risk_shares)
      for (const auto& element : terms.performance) known |= element.id == pair->first && element.year == *year;
    if (!known)
      return refuse(make_error("risk-share.performance", "the agreement has no performance element '" + pair->first +
                                                             "' for " + year->to_string()));
    performance[pair->first] = pair->second == "met";
  }
  nlohmann::json all = nlohmann::json::array();
  bool first = true;
  for (const auto& arrangement : agreement.arrangements) {
    const auto found = by_arrangement.find(arrangement.id);
    if (found == by_arrangement.end()) continue;
    auto shared = contracts::allocate_variance(agreement, arrangement.id, *year, found->second, performance);
    if (!shared) return refuse(shared.error());
    if (options.json) {
      all.push_back(to_json(*shared, agreement));
      continue;
    }
    if (!first) std::cout << "\n";
    first = false;
    print(*shared, agreement);
  }
  if (options.json) std::cout << all.dump(2) << '\n';
  return 0;
}

}  // namespace

void add_risk_share_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RiskShareOptions>();
  CLI::App* command =
      app.add_subcommand("risk-share", "Who bears a year's variances under the risk share, with the working");
  command->add_option("--year", options->year, "Financial year, e.g. 2025/26")->required();
  command->add_option("--variance", options->variances, "SCHEME=AMOUNT, spend minus budget (repeat for each scheme)")
      ->required()
      ->allow_extra_args(false);
  command->add_option("--performance", options->performance, "ELEMENT=met|missed (repeat for each element)")
      ->allow_extra_args(false);
  command->add_option("--agreement", options->agreement, "The agreement file (default: the one the books follow)");
  command->add_option("--store", options->store, "The books, for their agreement")->capture_default_str();
  command->add_flag("--json", options->json, "Print JSON");
  command->callback([options, &exit_code] { exit_code = run_risk_share(*options); });
}

}  // namespace poolbook::cli
