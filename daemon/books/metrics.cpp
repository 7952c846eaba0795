#include "poolbook/daemon/books/metrics.hpp"

#include <algorithm>

#include "poolbook/contracts/terms/metric_results.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/text/text_file.hpp"

namespace poolbook::books {
namespace {

constexpr std::uintmax_t kMaxMetricsFileBytes = 16 * 1024 * 1024;

// A figure as the metrics status shows it: a percentage as one, anything else to one place.
std::string shown(const contracts::Agreement& agreement, const contracts::MetricResultRecord& figure) {
  const contracts::Metric* metric = agreement.find_metric(figure.metric);
  return metric != nullptr && metric->unit == contracts::MetricUnit::percent ? ledger::format_percent(figure.value, 2)
                                                                             : ledger::format_decimal(figure.value, 2);
}

}  // namespace

Result<MetricImport> import_metrics(Books& books, const std::string& as, const std::string& path) {
  auto actor = known_actor(books, as, "metrics", "record outcome metrics");
  if (!actor) return actor.error();
  auto text = ledger::read_text_file(path, kMaxMetricsFileBytes, "the metrics file");
  if (!text) return text.error();
  auto read = contracts::read_metric_results(books.agreement, *text, path);
  MetricImport imported{path, (*actor)->id, read.records, {}, std::move(read.refused), {}};
  const std::string digest = ledger::sha256_hex(*text);
  // The same bytes again would record every figure a second time: refused, as a ledger
  // extract imported twice is. A corrected file differs, and its figures supersede.
  std::vector<contracts::MetricRefusalRecord> refusals;
  for (std::size_t i = 0; i < imported.refused.size(); ++i) {
    const Error& refused = imported.refused[i];
    refusals.push_back(contracts::MetricRefusalRecord{
        0, path, refused.line, refused.rule, refused.message, read.raw[i], digest, (*actor)->id, {}});
  }
  for (const auto& row : read.rows)
    imported.recorded.push_back(contracts::MetricResultRecord{0,
                                                              row.metric,
                                                              row.quarter.to_string(),
                                                              row.numerator,
                                                              row.denominator,
                                                              row.value,
                                                              row.source,
                                                              path,
                                                              row.line,
                                                              digest,
                                                              (*actor)->id,
                                                              {}});
  std::optional<Error> refused;
  auto written = books.db->write([&]() -> Status {
    for (const auto& earlier : books.governance->metric_results())
      if (earlier.file_digest == digest)
        return *(refused = conflict("metric.duplicate-file",
                                    path + ": this metrics file was already recorded (same contents, by " +
                                        earlier.recorded_by + "); a corrected file supersedes its figures"));
    for (const auto& earlier : books.governance->metric_refusals())
      if (earlier.file_digest == digest)
        return *(refused = conflict("metric.duplicate-file",
                                    path + ": this metrics file was already read (same contents, by " +
                                        earlier.recorded_by + "); correct its refused rows and import it again"));
    if (imported.recorded.empty() && refusals.empty()) return ok_status();
    const auto earlier = books.governance->metric_results();
    for (const auto& figure : imported.recorded) {
      const auto last = std::find_if(earlier.rbegin(), earlier.rend(), [&](const auto& before) {
        return before.metric == figure.metric && before.period == figure.period;
      });
      if (last != earlier.rend())
        imported.superseded.push_back(figure.metric + " " + figure.period + ": " + shown(books.agreement, *last) +
                                      " (" + last->file + ":" + std::to_string(last->line) + ", by " +
                                      last->recorded_by + ") becomes " + shown(books.agreement, figure));
    }
    return books.governance->record_metric_import(imported.recorded, refusals);
  });
  if (!written) return written.error();
  return imported;
}

MetricFigures metric_figures(Books& books, const ledger::QuarterPeriod& to) {
  MetricFigures figures;
  for (auto& result : books.governance->metric_results()) {
    auto quarter = ledger::QuarterPeriod::parse(result.period);
    if (!quarter || to < *quarter) continue;
    figures[result.metric].insert_or_assign(*quarter, std::move(result));
  }
  return figures;
}

std::map<ledger::QuarterPeriod, ledger::Ratio> metric_values(const MetricFigures& figures, const std::string& metric) {
  std::map<ledger::QuarterPeriod, ledger::Ratio> values;
  if (auto found = figures.find(metric); found != figures.end())
    for (const auto& [quarter, record] : found->second) values.emplace(quarter, record.value);
  return values;
}

}  // namespace poolbook::books
