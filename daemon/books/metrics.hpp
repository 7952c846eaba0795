#pragma once
// Outcome metrics in the books: a metrics file's figures recorded (its bad rows kept in the
// metrics' quarantine with why), and the figures standing for each quarter.
//
//   auto imported = books::import_metrics(books, "", "metrics-2025-26.csv");
//   auto standing = books::metric_figures(books, *QuarterPeriod::parse("2025/26 Q2"));
//
// The rules (docs/metrics-format.md): anyone the agreement maps to a person may record
// figures; each is kept with its file, line, source and who recorded it; the same file twice
// is refused (metric.duplicate-file), a corrected file's figures supersede the earlier ones
// for the same metric and quarter. Refused rows are recorded too, so the board pack's data
// quality section counts them.

#include <map>
#include <string>
#include <vector>

#include "poolbook/contracts/governance/governance_records.hpp"
#include "poolbook/daemon/books/books.hpp"

namespace poolbook::books {

struct MetricImport {
  std::string file;
  std::string actor;
  std::size_t records = 0;  // rows read, good and bad
  std::vector<contracts::MetricResultRecord> recorded;
  std::vector<Error> refused;  // each with file, line and rule
  // The figures a recorded row supersedes: "nea-65 2025/26 Q2: 1196.1 (metrics-2025-26.csv:8,
  // by n.ahmed) becomes 1190.0"
  std::vector<std::string> superseded;
};

// Records the good rows of a metrics file and its refused rows, all in one transaction.
Result<MetricImport> import_metrics(Books& books, const std::string& as, const std::string& path);

// The latest recorded figure of each metric for each quarter up to and including `to`:
// metric id -> quarter -> figure.
using MetricFigures = std::map<std::string, std::map<ledger::QuarterPeriod, contracts::MetricResultRecord>>;
MetricFigures metric_figures(Books& books, const ledger::QuarterPeriod& to);

// One metric's figures by quarter, as reports::metric_status takes them (none: empty).
std::map<ledger::QuarterPeriod, ledger::Ratio> metric_values(const MetricFigures& figures, const std::string& metric);

}  // namespace poolbook::books
