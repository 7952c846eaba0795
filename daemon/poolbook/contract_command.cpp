// `poolbook contract list`,
// `poolbook contract approve ID --period PERIOD [--decision ID] [--store PATH]` and
// `poolbook contract payment ID --period PERIOD [--kpi K1=0.83 ...] [--cost AMOUNT]
//                            [--variance AMOUNT] [--volume N] [--agreement FILE | --store PATH] [--json]`
//
// What a provider is paid under one of the agreement's contracts, with the working: an
// outcome-based contract's fixed and earned payments for a period from its KPI results; a
// capitated budget's settlement through its corridors from the year's actual cost; an
// alliance's gain or pain share and outcome pot; an activity line's price for a volume.
// `approve` computes an outcome-based contract's payment from the KPI results recorded in
// the books (poolbook kpi import) and approves it under the scheme of delegation.
#include <iostream>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "exit_status.hpp"
#include "open_books.hpp"
#include "poolbook/daemon/books/books.hpp"
#include "poolbook/daemon/books/contract_payments.hpp"
#include "poolbook/daemon/books/terms.hpp"
#include "poolbook/ledger/calendar/london_clock.hpp"
#include "text_table.hpp"

namespace poolbook::cli {
namespace {

using contracts::Contract;
using ledger::Money;

struct ContractOptions {
  std::string agreement;
  std::string store = books::kDefaultStorePath;
  std::string id;
  std::string period;
  std::vector<std::string> kpis;  // "K1=0.83"
  std::string cost;
  std::string variance;
  std::optional<std::int64_t> volume;
  std::string decision;  // approve
  std::string actor;     // approve
  bool json = false;
};

int refuse(const char* command, const Error& error) { return report_error(command, error); }

Result<contracts::Agreement> agreement_of(const ContractOptions& options) {
  return books::agreement_from(options.agreement, options.store);
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
  if (!agreement) return refuse("contract list", agreement.error());
  TextTable table({"contract", "kind", "scheme", "provider", "name"},
                  {Align::left, Align::left, Align::left, Align::left, Align::left});
  for (const Contract& contract : agreement->contracts)
    table.add_row({contract.id, std::string(contracts::enum_word(contract.kind)), contract.scheme, contract.provider,
                   contract.name});
  std::cout << table.render();
  return kDone;
}

Result<books::PaymentRequest> payment_request(const ContractOptions& options) {
  books::PaymentRequest request{options.id, options.period, {}, std::nullopt, std::nullopt, options.volume};
  auto pairs = name_values(options.kpis, "KPI=RESULT", "K1=0.83", "contract.argument");
  if (!pairs) return pairs.error();
  for (const auto& [kpi, text] : *pairs) {
    auto value = ledger::parse_ratio(text);
    if (!value) return make_error("contract.argument", "the result of " + kpi + ": " + value.error().message);
    request.kpis.emplace(kpi, *value);
  }
  for (const auto& [text, amount] : {std::pair{&options.cost, &request.cost}, {&options.variance, &request.variance}})
    if (!text->empty()) {
      auto parsed = Money::parse(*text);
      if (!parsed) return parsed.error();
      *amount = *parsed;
    }
  return request;
}

void print_outcome(const std::string& title, const contracts::OutcomePayment& paid, const books::ContractPayment& in,
                   bool json) {
  if (json) {
    std::cout << nlohmann::json{{"contract", in.contract.id},
                                {"period", in.period.label},
                                {"fixed", paid.fixed.to_plain()},
                                {"at_risk", paid.at_risk.to_plain()},
                                {"earned", paid.earned.to_plain()},
                                {"withheld", paid.withheld.to_plain()},
                                {"paid", (paid.fixed + paid.earned).to_plain()},
                                {"kpis", kpis_json(paid.kpis)}}
                     .dump(2)
              << '\n';
    return;
  }
  print_working(title, paid.working);
  TextTable table({"", "amount"}, {Align::left, Align::right});
  table.add_row({"fixed element", paid.fixed.to_report()});
  table.add_row({"outcome element earned", paid.earned.to_report()});
  table.add_rule();
  table.add_row({"paid to the provider", (paid.fixed + paid.earned).to_report()});
  table.add_row({"outcome element withheld", paid.withheld.to_report()});
  std::cout << table.render();
}

void print_capitated(const std::string& title, const contracts::CapitatedSettlement& settled,
                     const books::ContractPayment& in, bool json) {
  if (json) {
    std::cout << nlohmann::json{{"contract", in.contract.id},
                                {"year", in.period.year.to_string()},
                                {"budget", settled.budget.to_plain()},
                                {"actual", settled.actual.to_plain()},
                                {"variance", settled.variance.to_plain()},
                                {"provider", settled.provider.to_plain()},
                                {"commissioner", settled.commissioner.to_plain()},
                                {"working", settled.working}}
                     .dump(2)
              << '\n';
    return;
  }
  print_working(title, settled.working);
}

void print_alliance(const std::string& title, const contracts::AllianceShare& shared, const books::ContractPayment& in,
                    bool json) {
  if (json) {
    std::cout << nlohmann::json{{"contract", in.contract.id},
                                {"year", in.period.year.to_string()},
                                {"variance", shared.variance.to_plain()},
                                {"members", amounts_json(shared.members)},
                                {"unallocated", shared.unallocated.to_plain()},
                                {"pot", shared.pot.to_plain()},
                                {"pot_earned", shared.pot_earned.to_plain()},
                                {"pot_shares", amounts_json(shared.pot_shares)},
                                {"kpis", kpis_json(shared.kpis)},
                                {"working", shared.working}}
                     .dump(2)
              << '\n';
    return;
  }
  print_working(title, shared.working);
  TextTable table({"member", "pain (gain)", "outcome pot"}, {Align::left, Align::right, Align::right});
  for (std::size_t i = 0; i < shared.members.size(); ++i)
    table.add_row({shared.members[i].partner, shared.members[i].amount.to_report(),
                   i < shared.pot_shares.size() ? shared.pot_shares[i].amount.to_report() : ""});
  std::cout << table.render();
}

void print_activity(const std::string& title, const contracts::ActivityPayment& paid, const books::ContractPayment& in,
                    bool json) {
  if (json) {
    std::cout << nlohmann::json{{"contract", in.contract.id},
                                {"period", in.period.label},
                                {"volume", paid.volume},
                                {"within_threshold", paid.within_threshold.to_plain()},
                                {"above_threshold", paid.above_threshold.to_plain()},
                                {"total", paid.total.to_plain()},
                                {"text", paid.sentence}}
                     .dump(2)
              << '\n';
    return;
  }
  print_working(title, {paid.sentence});
}

int run_payment(const ContractOptions& options) {
  auto agreement = agreement_of(options);
  if (!agreement) return refuse("contract payment", agreement.error());
  auto request = payment_request(options);
  if (!request) return refuse("contract payment", request.error());
  auto payment = books::contract_payment(*agreement, *request);
  if (!payment) return refuse("contract payment", payment.error());
  const std::string title = payment->contract.name + " (" + payment->contract.id + "), " + payment->period.label;
  std::visit(
      [&](const auto& paid) {
        using Paid = std::decay_t<decltype(paid)>;
        if constexpr (std::is_same_v<Paid, contracts::OutcomePayment>)
          print_outcome(title, paid, *payment, options.json);
        else if constexpr (std::is_same_v<Paid, contracts::CapitatedSettlement>)
          print_capitated(title, paid, *payment, options.json);
        else if constexpr (std::is_same_v<Paid, contracts::AllianceShare>)
          print_alliance(title, paid, *payment, options.json);
        else
          print_activity(title, paid, *payment, options.json);
      },
      payment->paid);
  return kDone;
}

int run_approve(const ContractOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return refuse("contract approve", opened.error());
  auto approved =
      books::approve_contract_payment(*opened, options.actor, {options.id, options.period, options.decision},
                                      ledger::london_date(std::chrono::system_clock::now()));
  if (!approved) return refuse("contract approve", approved.error());
  const contracts::Contract* contract = opened->agreement.find_contract(options.id);
  const auto& record = approved->record;
  print_working((contract != nullptr ? contract->name : record.contract) + " (" + record.contract + "), " +
                    record.period + ", from the results recorded in the books",
                approved->working.working);
  std::cout << "approved by " << record.approved_by
            << (record.decision.empty() ? std::string() : " under decision " + record.decision) << ": "
            << (record.fixed + record.earned).to_report() << " (fixed " << record.fixed.to_report() << ", earned "
            << record.earned.to_report() << " of " << record.at_risk.to_report() << " at risk, withheld "
            << record.withheld.to_report() << ")\n"
            << "the earned element is accrued at the close of the period's last month\n";
  return kDone;
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
  CLI::App* approve = contract->add_subcommand(
      "approve", "Approve an outcome-based contract's payment for a period, from the KPI results in the books");
  approve->add_option("id", options->id, "The contract, e.g. HC-OUTCOMES")->required();
  approve->add_option("--period", options->period, "The payment period, e.g. \"2025/26 Q2\"")->required();
  approve->add_option("--decision", options->decision, "The decision it is approved under, beyond your own limit");
  approve->add_option("--store", options->store, "The books")->capture_default_str();
  approve->add_option("--as", options->actor, kAsHelp);
  approve->footer("Example: poolbook contract approve HC-OUTCOMES --period \"2025/26 Q1\" --store nsh.db");
  approve->callback([options, &exit_code] { exit_code = run_approve(*options); });
}

}  // namespace poolbook::cli
