#include "suggestions.hpp"

#include <map>
#include <string>
#include <vector>

#include "poolbook/ledger/text/closest.hpp"

namespace poolbook::cli {
namespace {

std::vector<std::string> subcommand_names(CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

std::vector<std::string> option_names(CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options())
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
  return names;
}

// Each subcommand's example, by its path.
const std::map<std::string, std::string>& examples() {
  static const std::map<std::string, std::string> table{
      {"calendar", "poolbook calendar 2025/26 --close-working-day 5"},
      {"split", "poolbook split 1000.00 --by county=62.5% --by icb=37.5%"},
      {"agreement check", "poolbook agreement check fixtures/northshire/agreement.toml"},
      {"agreement show", "poolbook agreement show fixtures/northshire/agreement.toml --year 2025/26"},
      {"risk-share", "poolbook risk-share --year 2025/26 --variance S07=1912400.17 --store nsh.db"},
      {"contract list", "poolbook contract list --store nsh.db"},
      {"contract payment",
       "poolbook contract payment HC-OUTCOMES --period \"2025/26 Q2\" --kpi K1=0.83 --kpi K2=0.91 --kpi K3=0.105 "
       "--kpi K4=0.78 --store nsh.db"},
      {"authority", "poolbook authority pool.manager --store nsh.db"},
      {"decide",
       "poolbook decide D-2025-015 --body njcb --on 2025-10-16 --matter \"Winter discharge capacity\" --action "
       "virement --amount 120000.00 --year 2025/26 --present d.hughes,m.clarke,s.wright,k.mensah --for "
       "d.hughes,m.clarke,s.wright --against k.mensah --store nsh.db"},
      {"decisions", "poolbook decisions --body njcb --store nsh.db"},
      {"ratify", "poolbook ratify D-2025-020 --body county-cabinet --on 2025-11-04 --store nsh.db"},
      {"virement", "poolbook virement S08 S07 120000.00 --year 2025/26 --decision D-2025-015 --store nsh.db"},
      {"authority-log", "poolbook authority-log --refused --store nsh.db"},
      {"dispute open",
       "poolbook dispute open DR-2025-01 --between county,icb --matter \"Who bears the S07 winter overspend\" "
       "--amount 120000.00 --refs S07 --on 2025-12-19 --store nsh.db"},
      {"dispute step",
       "poolbook dispute step DR-2025-01 --note \"Officers did not agree\" --on 2026-01-08 --store nsh.db"},
      {"dispute close",
       "poolbook dispute close DR-2025-01 --resolution \"Shared 62.5/37.5\" --on 2026-02-04 --store nsh.db"},
      {"dispute list", "poolbook dispute list --today 2026-01-09 --store nsh.db"},
      {"dispute show", "poolbook dispute show DR-2025-01 --store nsh.db"},
      {"init", "poolbook init --agreement fixtures/northshire/agreement.toml --store nsh.db"},
      {"import",
       "poolbook import fixtures/northshire/inbox/receipts-2025-04.csv --profile host-receipts --store nsh.db"},
      {"balance",
       "poolbook balance --account pool/bcf-pool/bank --from \"2025/26 M08\" --to \"2025/26 M08\" --store nsh.db"},
      {"journal", "poolbook journal --since 2025-10-01 --limit 20 --store nsh.db"},
      {"verify", "poolbook verify --store nsh.db --expect-head 334:95b03a1c...(the 64 hex digits printed)"},
      {"export", "poolbook export --format ledger --store nsh.db -o nsh.ledger"},
      {"period close", "poolbook period close \"2025/26 M01\" --store nsh.db"},
      {"period reopen",
       "poolbook period reopen \"2025/26 M01\" --reason \"ICB accrual posted late\" --decision D-2025-031 --store "
       "nsh.db"},
      {"quarantine list", "poolbook quarantine list --all --store nsh.db"},
      {"quarantine show", "poolbook quarantine show 3 --store nsh.db"},
      {"quarantine retry", "poolbook quarantine retry 3 --raw \"corrected,csv,row\" --store nsh.db"},
      {"quarantine dismiss", "poolbook quarantine dismiss 3 --reason \"posted by hand as #1690\" --store nsh.db"},
  };
  return table;
}

void add_examples_under(CLI::App& app, const std::string& path) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    const std::string sub_path = path.empty() ? sub->get_name() : path + " " + sub->get_name();
    if (const auto found = examples().find(sub_path); found != examples().end() && sub->get_footer().empty())
      sub->footer("Example:\n  " + found->second);
    add_examples_under(*sub, sub_path);
  }
}

}  // namespace

void add_examples(CLI::App& app) { add_examples_under(app, ""); }

void print_suggestions(CLI::App& app, int argc, char** argv, std::ostream& out) {
  CLI::App* at = &app;
  std::string path = "poolbook";
  bool expecting_subcommand = true;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.rfind("--", 0) == 0) {
      const std::string name = word.substr(0, word.find('='));
      const auto options = option_names(*at);
      if (std::find(options.begin(), options.end(), name) == options.end())
        if (const auto meant = ledger::closest(name, options)) out << path << ": did you mean '" << *meant << "'?\n";
      continue;
    }
    if (word.rfind('-', 0) == 0 || !expecting_subcommand) continue;
    const auto names = subcommand_names(*at);
    if (names.empty()) {
      expecting_subcommand = false;
      continue;
    }
    CLI::App* sub = nullptr;
    for (CLI::App* candidate : at->get_subcommands([](CLI::App*) { return true; }))
      if (candidate->get_name() == word) sub = candidate;
    if (sub != nullptr) {
      at = sub;
      path += " " + word;
      continue;
    }
    if (const auto meant = ledger::closest(word, names)) out << path << ": did you mean '" << *meant << "'?\n";
    expecting_subcommand = false;
  }
}

}  // namespace poolbook::cli
