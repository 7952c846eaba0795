#include "poolbook/contracts/terms/metric_results.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <utility>

#include "poolbook/contracts/terms/internal/results_csv.hpp"
#include "poolbook/ledger/csv/csv_reader.hpp"

namespace poolbook::contracts {
namespace {

using detail::trimmed;

constexpr std::string_view kColumns[] = {"period", "metric", "numerator", "denominator", "value", "source"};
constexpr std::size_t kMaxDigits = 12;  // a count of people or events: under a million million

// A whole number of at most 12 digits, not negative; none for a blank field.
Result<std::optional<std::int64_t>> whole(const std::string& text, const std::string& column) {
  if (text.empty()) return std::optional<std::int64_t>{};
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc{} || end != text.data() + text.size() || text.size() > kMaxDigits || number < 0)
    return make_error("metric.value",
                      "the " + column + " '" + text.substr(0, 24) + "' is not a whole number of at most 12 digits");
  return std::optional<std::int64_t>{number};
}

Result<MetricResultRow> checked_row(const Agreement& agreement, const ledger::CsvRecord& record) {
  if (record.fields.size() != std::size(kColumns))
    return make_error("metric.fields", "the row has " + std::to_string(record.fields.size()) +
                                           " fields, not the 6 of the header "
                                           "(period,metric,numerator,denominator,value,source)");
  if (const std::size_t bad = detail::bad_text_field(record.fields))
    return make_error("metric.text", "field " + std::to_string(bad) +
                                         " is not one line of UTF-8 text without control characters, so the row is "
                                         "not recorded");
  MetricResultRow row;
  row.line = record.line;
  row.raw = std::string(record.raw);
  const std::string period = trimmed(record.fields[0]);
  row.metric = trimmed(record.fields[1]);
  row.source = trimmed(record.fields[5]);
  auto quarter = ledger::QuarterPeriod::parse(period);
  if (!quarter) return make_error("metric.period", "'" + period + "' is not a quarter such as 2025/26 Q1");
  const auto years = agreement.years();
  if (std::find(years.begin(), years.end(), quarter->year()) == years.end())
    return make_error("metric.period", period + " is outside the term of the agreement");
  row.quarter = *quarter;
  const Metric* metric = agreement.find_metric(row.metric);
  if (metric == nullptr) return make_error("metric.metric", "the agreement has no metric '" + row.metric + "'");
  auto numerator = whole(trimmed(record.fields[2]), "numerator");
  if (!numerator) return numerator.error();
  auto denominator = whole(trimmed(record.fields[3]), "denominator");
  if (!denominator) return denominator.error();
  const std::string written = trimmed(record.fields[4]);
  const bool rate = metric->unit == MetricUnit::per_100000 || metric->unit == MetricUnit::percent;
  if (*numerator && !written.empty())
    return make_error("metric.value", "the row gives both a numerator and a value: give one");
  if (*denominator && !*numerator) return make_error("metric.value", "the row gives a denominator without a numerator");
  if (*numerator) {
    if (!rate)
      return make_error("metric.value", metric->id + " is a " + std::string(enum_label(metric->unit)) +
                                            ": give its value, not a numerator");
    row.numerator = *numerator;
    row.denominator = *denominator;
    if (!row.denominator && metric->unit == MetricUnit::per_100000)
      row.denominator = metric->population_in(row.quarter.year());
    if (!row.denominator)
      return make_error("metric.value", "the row has no denominator, and the agreement gives no population for " +
                                            metric->id + " in " + row.quarter.year().to_string());
    if (*row.denominator == 0) return make_error("metric.value", "the denominator is 0");
    row.value = Ratio(*row.numerator, *row.denominator);
    if (metric->unit == MetricUnit::per_100000) row.value *= 100000;
  } else {
    if (written.empty()) return make_error("metric.value", "the row gives neither a numerator nor a value");
    if (metric->unit == MetricUnit::per_100000)
      return make_error("metric.value", metric->id +
                                            " is a rate per 100,000: give the numerator (and the denominator, or "
                                            "leave it blank for the agreement's population), not the rate");
    if (metric->unit == MetricUnit::percent && written.back() != '%')
      return make_error("metric.value", metric->id + " is a percentage: write '" + written.substr(0, 24) +
                                            "' with its % sign (82.4%), or give the numerator and denominator");
    if (written.find('/') != std::string::npos || written.size() > 24)
      return make_error("metric.value", "'" + written.substr(0, 24) + "' is not a decimal or a percentage");
    if (written.back() == '%' && metric->unit != MetricUnit::percent)
      return make_error("metric.value", metric->id + " is not a percentage, so '" + written + "' is not its value");
    auto value = ledger::parse_ratio(written);
    if (!value) return make_error("metric.value", value.error().message);
    row.value = *value;
  }
  if (row.value < 0) return make_error("metric.value", "the value is negative");
  if (metric->unit == MetricUnit::percent && row.value > 1)
    return make_error("metric.value", "the percentage is " + ledger::format_percent(row.value) + ", above 100%");
  if (row.source.empty()) return make_error("metric.source", "the row does not say where the figure is from (source)");
  return row;
}

}  // namespace

MetricResultsRead read_metric_results(const Agreement& agreement, std::string_view text, const std::string& file) {
  MetricResultsRead read;
  const auto refuse = [&](Error error, long line, std::string_view raw) {
    error.file = file;
    error.line = line;
    read.refused.push_back(std::move(error));
    read.raw.emplace_back(raw);
  };
  ledger::CsvOptions options;
  options.max_records = 100'000;
  ledger::CsvReader reader(text, options);
  bool header = true;
  std::set<std::pair<std::string, ledger::QuarterPeriod>> seen;
  while (true) {
    auto next = reader.next();
    if (!next) {
      if (!header) ++read.records;
      refuse(next.error(), next.error().line, {});
      if (header) return read;
      continue;
    }
    if (!*next) break;
    const ledger::CsvRecord& record = **next;
    if (header) {
      header = false;
      if (!detail::header_is(record.fields, kColumns)) {
        refuse(make_error("metric.header",
                          "the header must be period,metric,numerator,denominator,value,source; nothing was read"),
               record.line, record.raw);
        return read;
      }
      continue;
    }
    ++read.records;
    auto row = checked_row(agreement, record);
    if (!row) {
      refuse(row.error(), record.line, record.raw);
      continue;
    }
    if (!seen.insert({row->metric, row->quarter}).second) {
      refuse(make_error("metric.duplicate",
                        row->metric + " for " + row->quarter.to_string() + " is given twice in the file; each once"),
             record.line, record.raw);
      continue;
    }
    read.rows.push_back(std::move(row).value());
  }
  if (header)
    refuse(make_error("metric.header", "the file is empty: no header period,metric,numerator,denominator,value,source"),
           1, {});
  return read;
}

}  // namespace poolbook::contracts
