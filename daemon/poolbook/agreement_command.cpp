// `poolbook agreement check FILE` and `poolbook agreement show FILE [--year 2025/26] [--json]`
//
// check: loads the agreement and prints every problem (FILE:LINE: error: ... [rule]);
//        exit 0 when valid (warnings allowed), 1 when not, 2 when the file cannot be read.
// show:  what was agreed for a year: partners, arrangements, schemes with budgets as varied,
//        contributions and every instalment with its due date.
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "exit_status.hpp"
#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/terms/budget_phasing.hpp"
#include "poolbook/contracts/terms/contribution_schedule.hpp"
#include "poolbook/daemon/books/books.hpp"
#include "poolbook/ledger/calendar/london_clock.hpp"
#include "text_table.hpp"

namespace poolbook::cli {
namespace {

using contracts::Agreement;
using contracts::enum_label;
using contracts::enum_word;
using ledger::FinancialYear;
using ledger::Money;
using ledger::to_iso;

struct AgreementOptions {
  std::string file;
  std::string year_text;
  bool json = false;
};

std::string join(const std::vector<std::string>& items, const std::string& separator = ", ") {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

int run_check(const AgreementOptions& options) {
  const contracts::LoadedAgreement loaded = contracts::load_agreement(options.file);
  std::size_t errors = 0;
  std::size_t warnings = 0;
  for (const contracts::Finding& finding : loaded.findings) {
    std::cout << finding.describe() << '\n';
    (finding.severity == contracts::Severity::error ? errors : warnings) += 1;
  }
  if (!loaded.agreement) return kBadInput;
  const Agreement& agreement = *loaded.agreement;
  if (errors > 0) {
    std::cout << options.file << ": invalid: " << errors << " error(s), " << warnings << " warning(s)\n";
    return kRefused;
  }
  std::cout << options.file << ": valid: agreement " << agreement.id << ", " << agreement.partners.size()
            << " partners, " << agreement.arrangements.size() << " arrangements, " << agreement.schemes.size()
            << " schemes, " << agreement.contributions.size() << " contributions, " << agreement.variations.size()
            << " variations, " << agreement.risk_shares.size() << " risk share(s), " << agreement.contracts.size()
            << " contract(s), " << agreement.dispute_ladder.size() << " dispute step(s); " << warnings
            << " warning(s)\n";
  return kDone;
}

// The year to show: as asked, else the one containing today if the term covers it, else the first.
Result<FinancialYear> chosen_year(const Agreement& agreement, const std::string& year_text) {
  if (!year_text.empty()) return FinancialYear::parse(year_text);
  const auto years = agreement.years();
  const FinancialYear today = FinancialYear::containing(ledger::london_date(std::chrono::system_clock::now()));
  if (std::find(years.begin(), years.end(), today) != years.end()) return today;
  return years.empty() ? today : years.front();
}

void print_header(const Agreement& agreement, FinancialYear year) {
  std::cout << agreement.id << ": " << agreement.title << "\n";
  std::cout << "Legal basis: " << enum_label(agreement.legal_basis) << "\n";
  std::cout << "Term: " << to_iso(agreement.start) << " to " << to_iso(agreement.end);
  for (const contracts::Extension& extension : agreement.extensions)
    std::cout << ", extended to " << to_iso(extension.new_end) << " (" << extension.decision << ", granted "
              << to_iso(extension.granted_on) << ")";
  std::cout << "\nReports to: " << join(agreement.health_and_wellbeing_boards) << "\n";
  for (const contracts::BoardShare& share : agreement.board_shares) {
    std::cout << "  " << share.board << ": " << ledger::format_percent(share.share) << " of what is shared";
    if (!share.schemes.empty()) std::cout << "; wholly its own: schemes " << join(share.schemes);
    if (!share.partners.empty()) std::cout << "; partners " << join(share.partners);
    std::cout << "\n";
  }
  std::vector<std::string> reviews;
  for (const auto& review : agreement.review_dates) reviews.push_back(to_iso(review));
  if (!reviews.empty()) std::cout << "Review dates: " << join(reviews) << "\n";
  std::cout << "Figures for " << year.to_string() << ", with every variation signed off\n";
}

void print_partners_and_arrangements(const Agreement& agreement, FinancialYear year) {
  TextTable partners({"partner", "name", "kind", "roles"}, {Align::left, Align::left, Align::left, Align::left});
  for (const auto& partner : agreement.partners)
    partners.add_row({partner.id, partner.name, std::string(enum_label(partner.kind)), join(partner.roles)});
  std::cout << "\nPartners\n" << partners.render();

  TextTable arrangements({"arrangement", "kind", "host or lead", "partners", "reserve"},
                         {Align::left, Align::left, Align::left, Align::left, Align::right});
  for (const auto& arrangement : agreement.arrangements)
    arrangements.add_row({arrangement.id, std::string(enum_label(arrangement.kind)),
                          arrangement.host.empty() ? arrangement.lead : arrangement.host, join(arrangement.partners),
                          arrangement.reserve_for(year).to_report()});
  std::cout << "\nArrangements\n" << arrangements.render();
}

void print_schemes(const Agreement& agreement, FinancialYear year) {
  TextTable schemes({"scheme", "name", "arrangement", "commissioner", "funding", "share", "budget"},
                    {Align::left, Align::left, Align::left, Align::left, Align::left, Align::left, Align::right});
  ledger::MoneySum total;
  for (const auto& scheme : agreement.schemes) {
    if (!scheme.budget_annual.contains(year)) continue;
    const Money budget = contracts::budget_annual(agreement, scheme, year);
    total += budget;
    schemes.add_row({scheme.id, scheme.name, scheme.arrangement, scheme.commissioner,
                     std::string(enum_word(scheme.funding_source)), std::string(enum_word(scheme.share_profile)),
                     budget.to_report()});
  }
  schemes.add_rule();
  schemes.add_row({"total", "", "", "", "", "", total.total().to_report()});
  std::cout << "\nSchemes: budgets for " << year.to_string() << "\n" << schemes.render();
}

int print_contributions(const Agreement& agreement, FinancialYear year) {
  TextTable contributions(
      {"partner", "arrangement", "form", "schedule", "agreed", "varied", "annual"},
      {Align::left, Align::left, Align::left, Align::left, Align::right, Align::right, Align::right});
  TextTable instalments({"due", "partner", "arrangement", "month", "amount"},
                        {Align::left, Align::left, Align::left, Align::left, Align::right});
  ledger::MoneySum total;
  for (const auto& contribution : agreement.contributions) {
    if (contribution.year != year) continue;
    const Money annual = contracts::contribution_amount(agreement, contribution);
    total += annual;
    contributions.add_row({contribution.partner, contribution.arrangement, std::string(enum_word(contribution.form)),
                           std::string(enum_word(contribution.schedule)), contribution.amount.to_report(),
                           (annual - contribution.amount).to_report(), annual.to_report()});
  }
  contributions.add_rule();
  contributions.add_row({"total", "", "", "", "", "", total.total().to_report()});
  std::cout << "\nContributions for " << year.to_string() << "\n" << contributions.render();

  std::vector<contracts::DueInstalment> all;
  for (const auto& partner : agreement.partners) {
    auto due = contracts::instalments_due(agreement, partner.id, year);
    if (!due) return report_error("agreement show", due.error());
    all.insert(all.end(), due->begin(), due->end());
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.due < b.due; });
  ledger::MoneySum due_total;
  for (const auto& instalment : all) {
    due_total += instalment.amount;
    instalments.add_row({to_iso(instalment.due), instalment.partner, instalment.arrangement,
                         instalment.period.to_string() + (instalment.adjusting ? " (adjusting)" : ""),
                         instalment.amount.to_report()});
  }
  instalments.add_rule();
  instalments.add_row({"total", "", "", "", due_total.total().to_report()});
  std::cout << "\nInstalments due in " << year.to_string() << "\n" << instalments.render();
  return kDone;
}

Result<nlohmann::json> agreement_json(const Agreement& agreement, FinancialYear year) {
  nlohmann::json out = {{"id", agreement.id},
                        {"title", agreement.title},
                        {"legal_basis", enum_word(agreement.legal_basis)},
                        {"start", to_iso(agreement.start)},
                        {"end", to_iso(agreement.end)},
                        {"effective_end", to_iso(agreement.effective_end())},
                        {"year", year.to_string()}};
  for (const auto& partner : agreement.partners)
    out["partners"].push_back({{"id", partner.id}, {"name", partner.name}, {"kind", enum_word(partner.kind)}});
  for (const auto& arrangement : agreement.arrangements)
    out["arrangements"].push_back({{"id", arrangement.id},
                                   {"kind", enum_word(arrangement.kind)},
                                   {"reserve", arrangement.reserve_for(year).to_plain()}});
  for (const auto& scheme : agreement.schemes) {
    if (!scheme.budget_annual.contains(year)) continue;
    const auto months = contracts::budget_phased_months(agreement, scheme, year);
    nlohmann::json phased = nlohmann::json::array();
    for (const Money& month : months) phased.push_back(month.to_plain());
    out["schemes"].push_back({{"id", scheme.id},
                              {"name", scheme.name},
                              {"type", enum_word(scheme.type)},
                              {"arrangement", scheme.arrangement},
                              {"commissioner", scheme.commissioner},
                              {"provider", scheme.provider},
                              {"funding_source", enum_word(scheme.funding_source)},
                              {"share_profile", enum_word(scheme.share_profile)},
                              {"recurrent", scheme.recurrent},
                              {"budget_agreed", scheme.budget_annual.at(year).to_plain()},
                              {"budget", contracts::budget_annual(agreement, scheme, year).to_plain()},
                              {"budget_phased", phased}});
  }
  for (const auto& contribution : agreement.contributions) {
    if (contribution.year != year) continue;
    auto instalments = contracts::contribution_instalments(agreement, contribution);
    if (!instalments) return instalments.error();
    nlohmann::json due = nlohmann::json::array();
    for (const auto& instalment : *instalments)
      due.push_back({{"due", to_iso(instalment.due)},
                     {"period", instalment.period.to_string()},
                     {"amount", instalment.amount.to_plain()},
                     {"adjusting", instalment.adjusting}});
    out["contributions"].push_back({{"partner", contribution.partner},
                                    {"arrangement", contribution.arrangement},
                                    {"form", enum_word(contribution.form)},
                                    {"schedule", enum_word(contribution.schedule)},
                                    {"amount_agreed", contribution.amount.to_plain()},
                                    {"amount", contracts::contribution_amount(agreement, contribution).to_plain()},
                                    {"instalments", due}});
  }
  return out;
}

int run_show(const AgreementOptions& options) {
  auto loaded = books::valid_agreement(options.file, "run `poolbook agreement check " + options.file + "`");
  if (!loaded) return report_error("agreement show", loaded.error());
  const Agreement& agreement = *loaded;
  auto year = chosen_year(agreement, options.year_text);
  if (!year) return report_error("agreement show", year.error());
  if (options.json) {
    auto json = agreement_json(agreement, *year);
    if (!json) return report_error("agreement show", json.error());
    std::cout << json->dump(2) << '\n';
    return kDone;
  }
  print_header(agreement, *year);
  print_partners_and_arrangements(agreement, *year);
  print_schemes(agreement, *year);
  return print_contributions(agreement, *year);
}

}  // namespace

void add_agreement_command(CLI::App& app, int& exit_code) {
  CLI::App* agreement = app.add_subcommand("agreement", "Check or show a partnership agreement file");
  agreement->require_subcommand(1);

  auto check_options = std::make_shared<AgreementOptions>();
  CLI::App* check = agreement->add_subcommand("check", "Check an agreement and print every problem");
  check->add_option("file", check_options->file, "agreement.toml")->required();
  check->callback([check_options, &exit_code] { exit_code = run_check(*check_options); });

  auto show_options = std::make_shared<AgreementOptions>();
  CLI::App* show = agreement->add_subcommand("show", "Show what was agreed for a financial year");
  show->add_option("file", show_options->file, "agreement.toml")->required();
  show->add_option("--year", show_options->year_text, "Financial year, e.g. 2025/26");
  show->add_flag("--json", show_options->json, "Print JSON");
  show->callback([show_options, &exit_code] { exit_code = run_show(*show_options); });
}

}  // namespace poolbook::cli
