#pragma once
// Reading an outcome metrics file: what each of the agreement's metrics measured in a quarter.
// The format (docs/metrics-format.md) is a CSV file with the header
// `period,metric,numerator,denominator,value,source`:
//
//   period,metric,numerator,denominator,value,source
//   2025/26 Q1,nea-65,1702,142300,,SUS monthly extract
//   2025/26 Q1,discharge-usual,2811,3040,,ICB discharge tracker
//   2025/26 Q1,falls-65,,,398,Public health falls audit
//
//   auto read = read_metric_results(agreement, text, "metrics-2025-26.csv");
//   // read.rows: the good rows; read.refused: each bad row, with file, line and rule
//
// A rate per 100,000 is numerator / denominator x 100,000 (the denominator may be left blank:
// the agreement's population for the year is used), never given as a value; a percentage is
// numerator / denominator, or a value written with its % sign ("92.4%"); a count, days or a
// score is the value. The rules, each a
// refusal of its row alone (the good rows around it are kept):
// - the header is those six columns, in that order (else the whole file: metric.header);
// - `period` is a quarter of the agreement's term, "2025/26 Q1" (metric.period); `metric` one
//   of the agreement's metrics (metric.metric);
// - numerator and denominator are whole numbers, not negative, the denominator above zero;
//   a value is a decimal (or a percentage, for a percentage), not negative; a row gives a
//   numerator or a value as its unit needs, not both (metric.value); a percentage is at most
//   100% (metric.value);
// - `source` is not blank (metric.source); each field one line of text without control
//   characters (metric.text);
// - a metric and period appear once in a file (metric.duplicate); a malformed CSV record is
//   csv.format.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"

namespace poolbook::contracts {

struct MetricResultRow {
  std::string metric;
  ledger::QuarterPeriod quarter{FinancialYear(0), ledger::Quarter(1)};
  std::optional<std::int64_t> numerator;
  std::optional<std::int64_t> denominator;  // as the file gave it, or the agreement's population
  Ratio value;                              // in the metric's unit (a percentage as a fraction)
  std::string source;
  long line = 0;
  std::string raw;  // the record as the file wrote it, for quarantine
};

struct MetricResultsRead {
  std::vector<MetricResultRow> rows;
  std::vector<Error> refused;    // with file and line
  std::vector<std::string> raw;  // the refused records as written, one per refusal ("" for the header)
  std::size_t records = 0;       // rows read, good and bad (not the header)
};

MetricResultsRead read_metric_results(const Agreement& agreement, std::string_view text, const std::string& file);

}  // namespace poolbook::contracts
