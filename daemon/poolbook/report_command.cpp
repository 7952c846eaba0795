// `poolbook report pack|return|statement|roi` and `poolbook metrics import|status`
//
// The board accountability pack for a quarter, the BCF quarterly return's figures, the
// monthly finance statement and the ROI report, each written to a folder in the formats asked for (xlsx, html, csv,
// json); and the outcome metrics: a metrics file recorded, and where each metric stands at a quarter's end.
#include <algorithm>
#include <iostream>
#include <memory>

#include "arguments.hpp"
#include "commands.hpp"
#include "exit_status.hpp"
#include "open_books.hpp"
#include "poolbook/daemon/books/board_pack.hpp"
#include "poolbook/daemon/books/metrics.hpp"
#include "poolbook/daemon/books/periods.hpp"
#include "poolbook/daemon/books/roi_report.hpp"
#include "poolbook/reports/pack/board_share.hpp"
#include "poolbook/reports/pack/pack_layout.hpp"
#include "poolbook/reports/render/report_files.hpp"
#include "text_table.hpp"

namespace poolbook::cli {
namespace {

struct ReportOptions {
  std::string store = books::kDefaultStorePath;
  std::string quarter;
  std::string month;
  std::string formats = "xlsx,html,csv,json";
  std::string out = ".";
  std::string value_case;
  std::string self_assessment;
  std::string board;
  std::vector<std::string> schemes;
  bool realised = false;
  std::string file;
  std::string actor;
};

int written(const std::string& command, const reports::Document& document, const ReportOptions& options,
            const std::string& name) {
  auto formats = reports::parse_formats(options.formats);
  if (!formats) return report_error(command, formats.error());
  auto files = reports::write_report(document, options.out, name, *formats);
  if (!files) return report_error(command, files.error());
  std::cout << document.subtitle << " (as at " << document.as_at << "): " << files->size() << " file(s)\n";
  for (const std::string& file : *files)
    if (file.find("-csv/") == std::string::npos) std::cout << "  " << file << "\n";
  const auto csv = std::count_if(files->begin(), files->end(),
                                 [](const std::string& file) { return file.find("-csv/") != std::string::npos; });
  if (csv > 0)
    std::cout << "  " << (std::filesystem::path(options.out) / (name + "-csv")).string() << "/ (" << csv
              << " CSV tables)\n";
  return kDone;
}

// The quarter's pack (or return) for each board asked for: the one given, or every board of
// an agreement that reports to several, each file named by its board.
int for_each_board(const std::string& command, const ReportOptions& options, const std::string& stem,
                   reports::Document (*layout)(const reports::BoardPack&)) {
  auto quarter = ledger::QuarterPeriod::parse(options.quarter);
  if (!quarter) return report_error(command, quarter.error());
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error(command, opened.error());
  auto packs = books::board_packs(*opened, *quarter, {options.value_case, options.self_assessment, options.board, 5});
  if (!packs) return report_error(command, packs.error());
  for (const reports::BoardPack& pack : *packs) {
    if (int written_status = written(command, layout(pack), options, reports::quarter_file_name(stem, pack));
        written_status != kDone)
      return written_status;
  }
  return kDone;
}

int run_pack(const ReportOptions& options) {
  return for_each_board("report pack", options, "board-pack", reports::pack_document);
}

int run_return(const ReportOptions& options) {
  return for_each_board("report return", options, "bcf-return", reports::return_document);
}

int run_statement(const ReportOptions& options) {
  auto month = ledger::Period::parse(options.month);
  if (!month) return report_error("report statement", month.error());
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("report statement", opened.error());
  auto pack = books::statement_pack(*opened, *month);
  if (!pack) return report_error("report statement", pack.error());
  return written("report statement", reports::statement_document(*pack), options,
                 "statement-" + reports::period_file_word(month->to_string()));
}

int run_roi(const ReportOptions& options) {
  std::optional<ledger::QuarterPeriod> to;
  if (!options.quarter.empty()) {
    auto quarter = ledger::QuarterPeriod::parse(options.quarter);
    if (!quarter) return report_error("report roi", quarter.error());
    to = *quarter;
  }
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("report roi", opened.error());
  std::vector<std::string> schemes;
  for (const std::string& scheme : options.schemes)
    if (std::find(schemes.begin(), schemes.end(), scheme) == schemes.end()) schemes.push_back(scheme);
  auto appraisals = books::roi_appraisals(*opened, {options.value_case, schemes, options.realised, to, true});
  if (!appraisals) return report_error("report roi", appraisals.error());
  TextTable table({"scope", "basis", "PV investment", "PV benefit", "NPV", "per £1", "payback"},
                  {Align::left, Align::left, Align::right, Align::right, Align::right, Align::right, Align::left});
  for (const reports::PackRoi& roi : *appraisals)
    table.add_row({roi.scope, roi.basis, roi.present_investment.to_report(), roi.present_benefit.to_report(),
                   roi.net_present_value.to_report(), reports::per_pound(roi.benefit_cost_ratio),
                   roi.payback_year ? "year " + std::to_string(*roi.payback_year) : "not within the appraisal"});
  std::cout << table.render();
  std::string scope = schemes.empty() ? std::string("fund") : std::string();
  for (const std::string& scheme : schemes) scope += (scope.empty() ? "" : "-") + reports::period_file_word(scheme);
  const reports::Document document =
      reports::roi_document(opened->agreement.title, "Return on investment: " + appraisals->front().scope,
                            appraisals->back().as_at, *appraisals);
  return written("report roi", document, options, "roi-" + scope);
}

int run_metrics_import(const ReportOptions& options) {
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("metrics import", opened.error());
  auto imported = books::import_metrics(*opened, options.actor, options.file);
  if (!imported) return report_error("metrics import", imported.error());
  std::cout << imported->file << ": " << imported->records << " rows read, " << imported->recorded.size()
            << " recorded, " << imported->refused.size() << " refused (by " << imported->actor << ")\n";
  for (const Error& refused : imported->refused) std::cout << "  " << refused.describe() << "\n";
  for (const std::string& superseded : imported->superseded) std::cout << "  supersedes " << superseded << "\n";
  const bool refused_whole = std::any_of(imported->refused.begin(), imported->refused.end(),
                                         [](const Error& refused) { return refused.rule == "metric.header"; });
  if (refused_whole) return kBadInput;
  return imported->refused.empty() ? kDone : kDoneInPart;
}

int run_metrics_status(const ReportOptions& options) {
  auto quarter = ledger::QuarterPeriod::parse(options.quarter);
  if (!quarter) return report_error("metrics status", quarter.error());
  auto opened = open_books_noting(options.store);
  if (!opened) return report_error("metrics status", opened.error());
  if (auto in_term = books::within_term(*opened, quarter->last_period(), quarter->to_string()); !in_term)
    return report_error("metrics status", in_term.error());
  const books::MetricFigures figures = books::metric_figures(*opened, *quarter);
  TextTable table({"metric", "unit", "baseline", "plan", "actual", "status", "trend"},
                  {Align::left, Align::left, Align::right, Align::right, Align::right, Align::left, Align::left});
  std::size_t on_track = 0;
  for (const contracts::Metric& metric : opened->agreement.metrics) {
    const reports::MetricStatus status =
        reports::metric_status(metric, books::metric_values(figures, metric.id), *quarter);
    const bool percent = metric.unit == contracts::MetricUnit::percent;
    const auto shown = [&](const std::optional<ledger::Ratio>& value) -> std::string {
      if (!value) return "-";
      return percent ? ledger::format_percent(*value, 1) : ledger::format_decimal(*value, 1);
    };
    if (status.status == reports::MetricState::on_track) ++on_track;
    table.add_row({metric.id, std::string(contracts::enum_label(metric.unit)), shown(metric.baseline),
                   shown(status.plan), shown(status.actual), std::string(reports::metric_state_words(status.status)),
                   std::string(reports::metric_trend_word(status.trend))});
  }
  std::cout << "Outcome metrics, " << quarter->to_string() << "\n"
            << table.render() << on_track << " of " << opened->agreement.metrics.size() << " on track\n";
  return kDone;
}

}  // namespace

void add_report_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ReportOptions>();
  CLI::App* report = app.add_subcommand("report",
                                        "The board pack, the monthly finance statement and the ROI report, "
                                        "as XLSX, HTML, CSV and JSON");
  report->require_subcommand(1);
  const auto common = [&](CLI::App* command) {
    command->add_option("--format", options->formats, "Formats, comma-separated: xlsx,html,csv,json")
        ->capture_default_str();
    command->add_option("--out", options->out, "The folder to write into (made if missing)")->capture_default_str();
    command->add_option("--store", options->store, "The books")->capture_default_str();
  };
  CLI::App* pack = report->add_subcommand("pack", "The quarter's board accountability pack for the HWB");
  pack->add_option("--quarter", options->quarter, "The quarter, e.g. \"2025/26 Q2\"")->required();
  pack->add_option("--value-case", options->value_case, "The value case, for the ROI summary");
  pack->add_option("--self-assessment", options->self_assessment,
                   "The 15 best-practice actions' ratings (action,rating,note), for the Q4 pack");
  pack->add_option("--board", options->board,
                   "The Health and Wellbeing Board (every board's pack by default, each its share of the pool)");
  common(pack);
  pack->footer(
      "Example: poolbook report pack --quarter \"2025/26 Q2\" --value-case value-case.toml --out packs "
      "--store nsh.db");
  pack->callback([options, &exit_code] { exit_code = run_pack(*options); });
  CLI::App* quarterly = report->add_subcommand(
      "return", "The BCF quarterly return's figures: income and expenditure by scheme, and the metrics");
  quarterly->add_option("--quarter", options->quarter, "The quarter, e.g. \"2025/26 Q2\"")->required();
  quarterly->add_option("--board", options->board, "The Health and Wellbeing Board (every board's by default)");
  common(quarterly);
  quarterly->footer("Example: poolbook report return --quarter \"2025/26 Q2\" --format csv --out packs --store nsh.db");
  quarterly->callback([options, &exit_code] { exit_code = run_return(*options); });
  CLI::App* statement = report->add_subcommand("statement", "The monthly finance statement, rendered");
  statement->add_option("--month", options->month, "The month, e.g. \"2025/26 M07\"")->required();
  common(statement);
  statement->footer(
      "Example: poolbook report statement --month \"2025/26 M07\" --format html --out packs --store nsh.db");
  statement->callback([options, &exit_code] { exit_code = run_statement(*options); });
  CLI::App* roi = report->add_subcommand("roi", "The return on investment of a scheme, a group or the whole fund");
  roi->add_option("--value-case", options->value_case, "The value case file")->required();
  roi->add_option("--scheme", options->schemes, "A scheme (repeat for a group); the whole fund when none");
  roi->add_flag("--realised", options->realised, "Also the realised appraisal, from the books and the metrics");
  roi->add_option("--quarter", options->quarter, "Realised to this quarter's end (the latest closed month's if not)");
  common(roi);
  roi->footer("Example: poolbook report roi --value-case value-case.toml --scheme S03 --realised --store nsh.db");
  roi->callback([options, &exit_code] { exit_code = run_roi(*options); });

  CLI::App* metrics = app.add_subcommand("metrics", "Outcome metrics: record a metrics file, see where each stands");
  metrics->require_subcommand(1);
  CLI::App* import = metrics->add_subcommand(
      "import", "Record a metrics file (period,metric,numerator,denominator,value,source); bad rows are quarantined");
  import->add_option("file", options->file, "The metrics file")->required();
  import->add_option("--store", options->store, "The books")->capture_default_str();
  import->add_option("--as", options->actor, kAsHelp);
  import->footer("Example: poolbook metrics import fixtures/northshire/metrics/metrics-2025-26.csv --store nsh.db");
  import->callback([options, &exit_code] { exit_code = run_metrics_import(*options);
});
CLI::App* status = metrics->add_subcommand("status", "Each metric against its plan at a quarter's end, with the trend");
status->add_option("--quarter", options->quarter, "The quarter, e.g. \"2025/26 Q2\"")->required();
status->add_option("--store", options->store, "The books")->capture_default_str();
status->footer("Example: poolbook metrics status --quarter \"2025/26 Q2\" --store nsh.db");
status->callback([options, &exit_code] { exit_code = run_metrics_status(*options); });
}  // namespace poolbook::cli

}  // namespace poolbook::cli
