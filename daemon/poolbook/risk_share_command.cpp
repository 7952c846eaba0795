// `poolbook risk-share --year YEAR [--variance SCHEME=AMOUNT ...] [--month MONTH]
//                     [--forecast METHOD] [--performance ID=met|missed]
//                     [--agreement FILE | --store PATH] [--json]`
//
// Who bears a year's variances under the agreement's risk share, with the working. Without
// --variance, the variances are the books' forecast outturn less budget at a month of the
// year (the month-end statement's, docs/month-end.md); with it, a what-if on the variances
// typed. Variances are spend minus budget for the year (an overspend positive, an underspend
// negative: -25000.00 or (25,000.00)); schemes are grouped by arrangement and each
// arrangement is shared by its own terms.
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "exit_status.hpp"
#include "poolbook/daemon/books/books.hpp"
#include "poolbook/daemon/books/month_end.hpp"
#include "poolbook/daemon/books/terms.hpp"
#include "poolbook/ledger/calendar/london_clock.hpp"
#include "text_table.hpp"

namespace poolbook::cli {
namespace {

using contracts::Agreement;
using contracts::VarianceAllocation;
using ledger::FinancialYear;
using ledger::Money;

struct RiskShareOptions {
  std::string agreement;
  std::string store = books::kDefaultStorePath;
  std::string year;
  std::vector<std::string> variances;    // "S07=812400.17"
  std::vector<std::string> performance;  // "NEA-65=missed"
  std::string month;                     // without --variance: the month of the books' forecast
  std::string forecast = "profile";
  bool json = false;
};

int refuse(const Error& error) { return report_error("risk-share", error); }

// Why an element moved nothing, and how to give its result: the same words in text and JSON.
std::string pending_reason(const contracts::PendingElement& pending) {
  std::string redirected;
  for (const std::string& scheme : pending.redirect_to) redirected += (redirected.empty() ? "" : " / ") + scheme;
  return pending.id + ": no result given (--performance " + pending.id + "=met|missed), so its " +
         pending.amount.to_report() + " stays pending: left in " + pending.scheme +
         "'s budget as if met, not redirected to " + redirected;
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
  nlohmann::json pending = nlohmann::json::array();
  for (const auto& element : shared.pending_performance)
    pending.push_back({{"element", element.id},
                       {"metric", element.metric},
                       {"scheme", element.scheme},
                       {"amount", element.amount.to_plain()},
                       {"redirect_to", element.redirect_to},
                       {"reason", pending_reason(element)}});
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
          {"pending_performance", pending},
          {"working", working}};
}

void print(const VarianceAllocation& shared, const Agreement& agreement) {
  const auto* arrangement = agreement.find_arrangement(shared.arrangement);
  std::cout << "Risk share: " << (arrangement != nullptr ? arrangement->name : shared.arrangement) << " ("
            << shared.arrangement << "), " << shared.year.to_string() << "\n"
            << "Variance " << shared.total_variance.to_report() << " (overspend positive)\n";
  for (const auto& element : shared.pending_performance) std::cout << pending_reason(element) << "\n";
  std::cout << "\n";
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

Result<books::RiskShareRequest> risk_share_request(const RiskShareOptions& options) {
  auto year = FinancialYear::parse(options.year);
  if (!year) return year.error();
  books::RiskShareRequest request{*year, {}, {}};
  for (const std::string& text : options.variances) {
    auto pair = name_value(text, "SCHEME=AMOUNT", "S07=812400.17", "risk-share.argument");
    if (!pair) return pair.error();
    auto amount = Money::parse(pair->second);
    if (!amount) return amount.error();
    request.variances.emplace_back(pair->first, *amount);
  }
  auto performance = performance_given(options.performance, "risk-share.argument");
  if (!performance) return performance.error();
  request.performance = std::move(performance).value();
  return request;
}

// The month whose forecast stands for the year: the one asked for, else the year's last month
// once the year has ended, else the month we are in.
Result<ledger::Period> forecast_month(const RiskShareOptions& options, FinancialYear year) {
  if (!options.month.empty()) {
    auto month = ledger::Period::parse(options.month);
    if (!month) return month.error();
    if (month->year() != year)
      return make_error("risk-share.month", month->to_string() + " is not a month of " + year.to_string());
    return *month;
  }
  const auto today = ledger::london_date(std::chrono::system_clock::now());
  if (today > year.last_day()) return ledger::Period(year, ledger::FinancialMonth(12));
  if (today < year.first_day())
    return refusal("risk-share.month", year.to_string() +
                                           " has not begun, so the books have no spend to forecast "
                                           "from: give the variances with --variance");
  return ledger::Period::containing(today);
}

// The variances the books forecast for the year at a month, for the arrangements with
// risk-share terms.
Status variances_from_books(const RiskShareOptions& options, books::RiskShareRequest& request) {
  auto month = forecast_month(options, request.year);
  if (!month) return month.error();
  auto method = contracts::parse_forecast_method(options.forecast);
  if (!method) return method.error();
  auto opened = books::open_books(options.store);
  if (!opened) return opened.error();
  auto statement = books::month_statement(*opened, *month, *method);
  if (!statement) return statement.error();
  for (const auto& scheme : statement->forecast.schemes)
    if (opened->agreement.find_risk_share(scheme.arrangement) != nullptr)
      request.variances.emplace_back(scheme.scheme, scheme.variance);
  std::cerr << "variances from the books: forecast outturn by " << contracts::forecast_method_word(*method) << " at "
            << month->to_string() << " less budget (poolbook reconcile \"" << month->to_string()
            << "\" shows each scheme's)\n";
  return ok_status();
}

int run_risk_share(const RiskShareOptions& options) {
  auto loaded = books::agreement_from(options.agreement, options.store);
  if (!loaded) return refuse(loaded.error());
  auto request = risk_share_request(options);
  if (!request) return refuse(request.error());
  if (options.variances.empty()) {
    if (!options.agreement.empty())
      return refuse(make_error("risk-share.argument",
                               "with --agreement alone there are no books to take variances from: give them with "
                               "--variance SCHEME=AMOUNT, or name the books with --store"));
    if (auto taken = variances_from_books(options, *request); !taken) return refuse(taken.error());
  }
  auto shared = books::share_variances(*loaded, *request);
  if (!shared) return refuse(shared.error());
  if (options.json) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& allocation : *shared) all.push_back(to_json(allocation, *loaded));
    std::cout << all.dump(2) << '\n';
    return kDone;
  }
  bool first = true;
  for (const auto& allocation : *shared) {
    if (!first) std::cout << "\n";
    first = false;
    print(allocation, *loaded);
  }
  return kDone;
}

}  // namespace

void add_risk_share_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RiskShareOptions>();
  CLI::App* command =
      app.add_subcommand("risk-share", "Who bears a year's variances under the risk share, with the working");
  command->add_option("--year", options->year, "Financial year, e.g. 2025/26")->required();
  command
      ->add_option("--variance", options->variances,
                   "SCHEME=AMOUNT, spend minus budget (repeat for each scheme); without it, the books' forecast")
      ->allow_extra_args(false);
  command->add_option("--month", options->month,
                      "Without --variance: the month of the books' forecast (default: M12 of a year that has "
                      "ended, else this month)");
  command->add_option("--forecast", options->forecast, "Without --variance: profile, run-rate or last-year")
      ->capture_default_str();
  command->add_option("--performance", options->performance, "ELEMENT=met|missed (repeat for each element)")
      ->allow_extra_args(false);
  command->add_option("--agreement", options->agreement, "The agreement file (default: the one the books follow)");
  command->add_option("--store", options->store, "The books, for their agreement")->capture_default_str();
  command->add_flag("--json", options->json, "Print JSON");
  command->callback([options, &exit_code] { exit_code = run_risk_share(*options); });
}

}  // namespace poolbook::cli
