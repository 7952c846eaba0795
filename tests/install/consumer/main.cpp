// A program outside the poolbook tree, built against the installed package.
#include <iostream>
#include <vector>

#include <poolbook/contracts/agreement/agreement_loader.hpp>
#include <poolbook/ledger/calendar/financial_calendar.hpp>
#include <poolbook/ledger/money/allocation.hpp>

int main() {
  using namespace poolbook::ledger;
  const std::vector<Ratio> shares = {Ratio(5, 8), Ratio(3, 8)};
  auto parts = allocate(*Money::parse("562400.17"), shares);
  auto period = Period::parse("2025-09");
  if (!parts || !period) return 1;
  // The agreement loader (and the TOML parser behind it) links from the installed tree too.
  const auto loaded = poolbook::contracts::load_agreement_text("[agreement", "consumer.toml");
  if (loaded.findings.empty() || loaded.findings.front().error.rule != "toml.syntax") return 1;
  std::cout << (*parts)[0].to_report() << " + " << (*parts)[1].to_report() << " = "
            << ((*parts)[0] + (*parts)[1]).to_report() << " in " << period->to_string() << '\n';
  return 0;
}
