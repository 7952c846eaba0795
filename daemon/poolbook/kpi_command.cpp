// `poolbook kpi import FILE [--store PATH]` and `poolbook kpi list [--contract ID] [--store PATH]`
//
// KPI results of the agreement's outcome-based contracts, from a results file
// (docs/kpi-results-format.md): each good row is recorded in the books with its file, line,
// source and who recorded it; each bad row is listed with its file, line and rule, and the
// good rows are kept (exit 3, as an import with quarantined rows).
#include <algorithm>
#include <iostream>
#include <memory>

#include "arguments.hpp"
#include "commands.hpp"
#include "exit_status.hpp"
#include "open_books.hpp"
#include "poolbook/daemon/books/contract_payments.hpp"
#include "poolbook/ledger/money/ratio.hpp"
#include "text_table.hpp"

namespace poolbook::cli {
namespace {

struct KpiOptions {
  std::string store = books::kDefaultStorePath;
  std::string file;
  std::string contract;
  std::string actor;
};

int run_import(const KpiOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("kpi import", opened.error());
  auto imported = books::import_kpi_results(*opened, options.actor, options.file);
  if (!imported) return report_error("kpi import", imported.error());
  std::cout << imported->file << ": " << imported->records << " rows read, " << imported->recorded.size()
            << " recorded, " << imported->refused.size() << " refused (by " << imported->actor << ")\n";
  for (const Error& refused : imported->refused) std::cout << "  " << refused.describe() << "\n";
  // A file refused whole (a header that is not the format's) is bad input, as an extract
  // without its profile's columns is; bad rows beside good ones are done in part.
  const bool refused_whole = std::any_of(imported->refused.begin(), imported->refused.end(),
                                         [](const Error& refused) { return refused.rule == "kpi.header"; });
  if (refused_whole) return kBadInput;
  return imported->refused.empty() ? kDone : kDoneInPart;
}

int run_list(const KpiOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("kpi list", opened.error());
  const auto results = opened->governance->kpi_results();
  TextTable table({"contract", "kpi", "period", "value", "source", "recorded by", "from"},
                  {Align::left, Align::left, Align::left, Align::right, Align::left, Align::left, Align::left});
  std::size_t shown = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& result = results[i];
    if (!options.contract.empty() && result.contract != options.contract) continue;
    bool superseded = false;
    for (std::size_t later = i + 1; later < results.size(); ++later)
      superseded = superseded || (results[later].contract == result.contract && results[later].kpi == result.kpi &&
                                  results[later].period == result.period);
    table.add_row({result.contract, result.kpi, result.period, result.written, result.source,
                   result.recorded_by + (superseded ? " (superseded)" : ""),
                   result.file + ":" + std::to_string(result.line)});
    ++shown;
  }
  std::cout << table.render() << shown << " result(s)\n";
  return kDone;
}

}  // namespace

void add_kpi_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<KpiOptions>();
  CLI::App* kpi = app.add_subcommand("kpi", "Contracts' KPI results: import a results file, list what is recorded");
  kpi->require_subcommand(1);
  CLI::App* import = kpi->add_subcommand("import",
                                         "Record the KPI results of a results file (contract,kpi,period,"
                                         "value,source)");
  import->add_option("file", options->file, "The results file")->required();
  import->add_option("--store", options->store, "The books")->capture_default_str();
  import->add_option("--as", options->actor, kAsHelp);
  import->footer("Example: poolbook kpi import fixtures/northshire/inbox/kpi-results-2025-26-Q1.csv --store nsh.db");
  import->callback([options, &exit_code] { exit_code = run_import(*options);
});
CLI::App* list = kpi->add_subcommand("list", "The KPI results recorded, oldest first");
list->add_option("--contract", options->contract, "Only this contract's");
list->add_option("--store", options->store, "The books")->capture_default_str();
list->footer("Example: poolbook kpi list --contract HC-OUTCOMES --store nsh.db");
list->callback([options, &exit_code] { exit_code = run_list(*options); });
}  // namespace poolbook::cli

}  // namespace poolbook::cli
