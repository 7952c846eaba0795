// `poolbook split AMOUNT --by NAME=WEIGHT [--by NAME=WEIGHT ...] [--json]`
//
// Splits an amount by weights with poolbook's one allocation rule (largest remainder), and
// shows each part's exact share beside the pence it gets, so a finance officer can see why
// a penny went where it did. Weights are percentages (62.5%), fractions (5/8), decimals
// (0.625) or amounts of money (£500,000.00), as long as they are all non-negative.
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "exit_status.hpp"
#include "poolbook/ledger/money/allocation.hpp"
#include "poolbook/ledger/money/money.hpp"
#include "text_table.hpp"

namespace poolbook::cli {
namespace {

using ledger::Money;
using ledger::Ratio;

struct SplitOptions {
  std::string amount_text;
  std::vector<std::string> weights_text;  // "County=62.5%"
  bool json = false;
};

struct NamedWeight {
  std::string name;
  Ratio weight;
  bool percent = false;  // written as a percentage, e.g. 62.5%
};

// "County=62.5%" or "County=£500,000.00".
Result<NamedWeight> parse_named_weight(const std::string& text) {
  auto pair = name_value(text, "NAME=WEIGHT", "County=62.5%", "split.weight");
  if (!pair) return pair.error();
  const auto& [name, value] = *pair;
  if (auto ratio = ledger::parse_ratio(value)) return NamedWeight{name, *ratio, value.ends_with('%')};
  // £ amounts weigh in pounds, like the plain numbers beside them.
  if (auto amount = Money::parse(value)) return NamedWeight{name, Ratio(amount->pence(), 100), false};
  return make_error("split.weight", "the weight of '" + name + "' ('" + value +
                                        "') is not a percentage, fraction, decimal or amount of money");
}

// Percentages are shares of the whole: written for every part, they must make 100%, and
// they are not mixed with plain weights (which are weights, whatever they add up to).
Status percentages_whole(const std::vector<NamedWeight>& named) {
  std::size_t percents = 0;
  Ratio total = 0;
  for (const NamedWeight& part : named) {
    percents += part.percent ? 1 : 0;
    total += part.weight;
  }
  if (percents == 0) return ok_status();
  if (percents != named.size())
    return make_error("split.percent",
                      "some weights are percentages and some are not: write every part as a "
                      "percentage, or none");
  if (total != 1)
    return make_error("split.percent", "the percentages make " + ledger::format_percent(total, 4) +
                                           ", not 100%: a share that is missing or too much would be rescaled "
                                           "silently (write plain weights to split in proportion)");
  return ok_status();
}

int run_split(const SplitOptions& options) {
  auto amount = Money::parse(options.amount_text);
  if (!amount) return report_error("split", amount.error());
  std::vector<NamedWeight> named;
  std::vector<Ratio> weights;
  for (const std::string& text : options.weights_text) {
    auto weight = parse_named_weight(text);
    if (!weight) return report_error("split", weight.error());
    weights.push_back(weight->weight);
    named.push_back(std::move(weight).value());
  }
  auto parts = ledger::allocate(*amount, weights);
  if (!parts) return report_error("split", parts.error());
  if (auto whole = percentages_whole(named); !whole) return report_error("split", whole.error());
  Ratio weight_total = 0;
  for (const Ratio& weight : weights) weight_total += weight;
  ledger::MoneySum check;
  for (const Money& part : *parts) check += part;

  if (options.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t i = 0; i < named.size(); ++i)
      rows.push_back({{"name", named[i].name},
                      {"share", ledger::format_decimal(weights[i] / weight_total, 10)},
                      {"amount", (*parts)[i].to_plain()}});
    std::cout
        << nlohmann::json{{"amount", amount->to_plain()}, {"parts", rows}, {"total", check.total().to_plain()}}.dump(2)
        << '\n';
    return kDone;
  }
  std::cout << "Split of " << amount->to_report() << " by largest remainder (parts sum to the penny)\n\n";
  TextTable table({"part", "share", "exact share (£)", "allocated"},
                  {Align::left, Align::right, Align::right, Align::right});
  for (std::size_t i = 0; i < named.size(); ++i) {
    const Ratio share = weights[i] / weight_total;
    const Ratio exact_pounds = Ratio(amount->pence()) * share / 100;
    table.add_row({named[i].name, ledger::format_percent(share, 4), ledger::format_decimal(exact_pounds, 6),
                   (*parts)[i].to_report()});
  }
  table.add_rule();
  table.add_row({"total", "100%", "", check.total().to_report()});
  std::cout << table.render();
  return kDone;
}

}  // namespace

void add_split_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<SplitOptions>();
  CLI::App* command = app.add_subcommand("split", "Split an amount by weights, exactly to the penny");
  command->add_option("amount", options->amount_text, "Amount, e.g. 562400.17 or (£1,234.56)")->required();
  command->add_option("--by", options->weights_text, "NAME=WEIGHT, e.g. County=62.5% (repeat for each part)")
      ->required()
      ->allow_extra_args(false);
  command->add_flag("--json", options->json, "Print JSON");
  command->callback([options, &exit_code] { exit_code = run_split(*options); });
}

}  // namespace poolbook::cli
