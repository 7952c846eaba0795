// `poolbook contract list` and
// `poolbook contract payment ID --period PERIOD [--kpi K1=0.83 ...] [--cost AMOUNT]
//                            [--variance AMOUNT] [--volume N] [--agreement FILE | --store PATH] [--json]`
//
// What a provider is paid under one of the agreement's contracts, with the working: an
// outcome-based contract's fixed and earned payments for a period from its KPI results; a
// capitated budget's settlement through its corridors from the year's actual cost; an
// alliance's gain or pain share and outcome pot; an activity line's price for a volume.
#include <iostream>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "books.hpp"
#include "commands.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/terms/contract_payment.hpp"
#include "text_table.hpp"

namespace poolbook::cli {
namespace {

using contracts::Contract;
using contracts::ContractKind;
using ledger::Money;
using ledger::Ratio;

struct ContractOptions {
  std::string agreement;
  std::string store = kDefaultStorePath;
  std::string id;
  std::string period;
  std::vector<std::string> kpis;  // "K1=0.83"
  std::string cost;
  std::string variance;
  std::optional<std::int64_t> volume;
  bool json = false;
};

int refuse(const Error& error) {
  std::cerr << "poolbook contract: " << error.describe() << '\n';
  return 2;
}

Result<contracts::Agreement> agreement_of(const ContractOptions& options) {
  return agreement_from(options.agreement, options.store);
}

nlohmann::json kpis_json(const std::vector<contracts::KpiEarning>& kpis) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& kpi : kpis)
    out.push_back({{"kpi", kpi.kpi},
                   {"result", ledger::format_decimal(kpi.result, 6)},
                   {"available", kpi.available.to_plain()},
                   {"earned_share", ledger::format_decimal(kpi.earned_share, 6)},
                   {"earned", kpi.earned.to_plain()},
                   {"text", kpi.sentence}});
  return out;
}

nlohmann::json amounts_json(const std::vector<contracts::PartnerAmount>& amounts) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& share : amounts) out[share.partner] = share.amount.to_plain();
  return out;
}

void print_working(const std::string& title, const std::vector<std::string>& working) {
  std::cout << title << "\n\n";
  int number = 0;
  for (const std::string& line : working) std::cout << "  " << ++number << ". " << line << "\n";
  std::cout << "\n";
}

int run_list(const ContractOptions& options) {
  auto agreement = agreement_of(options);
  if (!agreement) return refuse(agreement.error());
  TextTable table({"contract", "kind", "scheme", "provider", "name"},
                  {Align::left, Align::left, Align::left, Align::left, Align::left});
  for (const Contract& contract : agreement->contracts)
    table.add_row({contract.id, std::string(contracts::enum_word(contract.kind)), contract.scheme, contract.provider,
                   contract.name});
  std::cout << table.render();
  return 0;
}

Result<contracts::KpiResults> kpi_results(const ContractOptions& options) {
  contracts::KpiResults results;
  for (const std::string& text : options.kpis) {
    const auto equals = text.find('=');
    if (equals == std::string::npos || equals == 0)
      return make_error("contract.argument", "'" + text + "' should be written like K1=0.83");
    auto value = ledger::parse_ratio(text.substr(equals + 1));
    if (!value)
      return make_error("contract.argument", "the result of " + text.substr(0, equals) + ": " + value.error().message);
    if (!results.emplace(text.substr(0, equals), *value).second)
      return make_error("contract.argument", "the result of " + text.substr(0, equals) + " is given twice");
  }
  return results;
}

int run_payment(const ContractOptions& options) {
  auto agreement = agreement_of(options);
  if (!agreement) return refuse(agreement.error());
  const Contract* contract = agreement->find_contract(options.id);
  if (contract == nullptr)
    return refuse(make_error("contract.unknown", "there is no contract '" + options.id + "' in the agreement"));
  auto period = contracts::payment_period(*contract, options.period);
  if (!period) return refuse(period.error());
  auto results = kpi_results(options);
  if (!results) return refuse(results.error());
  if (!results->empty() && contract->kpis.empty())
    return refuse(
        make_error("contract.argument", "contract " + contract->id + " is not paid on KPIs: leave out --kpi"));
  const std::string title = contract->name + " (" + contract->id + "), " + period->label;
  switch (contract->kind) {
    case ContractKind::outcome_based: {
      auto paid = contracts::outcome_payment(*contract, *period, *results);
      if (!paid) return refuse(paid.error());
      if (options.json) {
        std::cout << nlohmann::json{{"contract", contract->id},
                                    {"period", period->label},
                                    {"fixed", paid->fixed.to_plain()},
                                    {"at_risk", paid->at_risk.to_plain()},
                                    {"earned", paid->earned.to_plain()},
                                    {"withheld", paid->withheld.to_plain()},
                                    {"paid", (paid->fixed + paid->earned).to_plain()},
                                    {"kpis", kpis_json(paid->kpis)}}
                         .dump(2)
                  << '\n';
        return 0;
      }
      print_working(title, paid->working);
      TextTable table({"", "amount"}, {Align::left, Align::right});
      table.add_row({"fixed element", paid->fixed.to_report()});
      table.add_row({"outcome element earned", paid->earned.to_report()});
      table.add_rule();
      table.add_row({"paid to the provider", (paid->fixed + paid->earned).to_report()});
      table.add_row({"outcome element withheld", paid->withheld.to_report()});
      std::cout << table.render();
      return 0;
    }
    case ContractKind::capitated: {
      if (options.cost.empty())
        return refuse(make_error("contract.argument", "a capitated contract is settled on the year's cost: --cost"));
      auto cost = Money::parse(options.cost);
      if (!cost) return refuse(cost.error());
      auto settled = contracts::capitated_settlement(*contract, *period, *cost);
      if (!settled) return refuse(settled.error());
      if (options.json) {
        std::cout << nlohmann::json{{"contract", contract->id},
                                    {"year", period->year.to_string()},
                                    {"budget", settled->budget.to_plain()},
                                    {"actual", settled->actual.to_plain()},
                                    {"variance", settled->variance.to_plain()},
                                    {"provider", settled->provider.to_plain()},
                                    {"commissioner", settled->commissioner.to_plain()},
                                    {"working", settled->working}}
                         .dump(2)
                  << '\n';
        return 0;
      }
      print_working(title, settled->working);
      return 0;
    }
    case ContractKind::alliance: {
      if (options.variance.empty())
        return refuse(make_error("contract.argument", "an alliance shares its variance: --variance AMOUNT"));
      auto variance = Money::parse(options.variance);
      if (!variance) return refuse(variance.error());
      auto shared = contracts::alliance_share(*contract, period->year, *variance, *results);
      if (!shared) return refuse(shared.error());
      if (options.json) {
        std::cout << nlohmann::json{{"contract", contract->id},
                                    {"year", period->year.to_string()},
                                    {"variance", shared->variance.to_plain()},
                                    {"members", amounts_json(shared->members)},
                                    {"unallocated", shared->unallocated.to_plain()},
                                    {"pot", shared->pot.to_plain()},
                                    {"pot_earned", shared->pot_earned.to_plain()},
                                    {"pot_shares", amounts_json(shared->pot_shares)},
                                    {"kpis", kpis_json(shared->kpis)},
                                    {"working", shared->working}}
                         .dump(2)
                  << '\n';
        return 0;
      }
      print_working(title, shared->working);
      TextTable table({"member", "pain (gain)", "outcome pot"}, {Align::left, Align::right, Align::right});
      for (std::size_t i = 0; i < shared->members.size(); ++i)
        table.add_row({shared->members[i].partner, shared->members[i].amount.to_report(),
                       i < shared->pot_shares.size() ? shared->pot_shares[i].amount.to_report() : ""});
      std::cout << table.render();
      return 0;
    }
    case ContractKind::activity: {
      if (!options.volume)
        return refuse(make_error("contract.argument", "an activity contract is paid on a volume: --volume N"));
      auto paid = contracts::activity_payment(*contract, *options.volume);
      if (!paid) return refuse(paid.error());
      if (options.json) {
        std::cout << nlohmann::json{{"contract", contract->id},
                                    {"period", period->label},
                                    {"volume", paid->volume},
                                    {"within_threshold", paid->within_threshold.to_plain()},
                                    {"above_threshold", paid->above_threshold.to_plain()},
                                    {"total", paid->total.to_plain()},
                                    {"text", paid->sentence}}
                         .dump(2)
                  << '\n';
        return 0;
      }
      print_working(title, {paid->sentence});
      return 0;
    }
  }
  return 2;
}

}  // namespace

void add_contract_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ContractOptions>();
  CLI::App* contract = app.add_subcommand("contract", "The agreement's contracts and what their providers are paid");
  contract->require_subcommand(1);
  const auto common = [&](CLI::App* command) {
    command->add_option("--agreement", options->agreement, "The agreement file (default: the one the books follow)");
    command->add_option("--store", options->store, "The books, for their agreement")->capture_default_str();
  };
  CLI::App* list = contract->add_subcommand("list", "The contracts in the agreement");
  common(list);
  list->callback([options, &exit_code] { exit_code = run_list(*options); });
  CLI::App* payment = contract->add_subcommand("payment", "What a contract pays for a period, with the working");
  payment->add_option("id", options->id, "The contract, e.g. HC-OUTCOMES")->required();
  payment->add_option("--period", options->period, "2025/26, 2025/26 Q2 or 2025/26 M06, by the contract's schedule")
      ->required();
  payment->add_option("--kpi", options->kpis, "KPI=RESULT, e.g. K1=0.83 (repeat for each KPI)")
      ->allow_extra_args(false);
  payment->add_option("--cost", options->cost, "Capitated: the period's actual cost");
  payment->add_option("--variance", options->variance, "Alliance: its variance (overspend positive)");
  payment->add_option("--volume", options->volume, "Activity: the volume delivered in the period");
  payment->add_flag("--json", options->json, "Print JSON");
  common(payment);
  payment->callback([options, &exit_code] { exit_code = run_payment(*options); });
}

}  // namespace poolbook::cli
