#pragma once
// Reading a KPI results file: what each KPI of an outcome-based contract measured for a
// payment period, and who measured it. The format (docs/kpi-results-format.md) is a CSV
// file with the header `contract,kpi,period,value,source`:
//
//   contract,kpi,period,value,source
//   HC-OUTCOMES,K1,2025/26 Q1,0.83,Brightcare quarterly outcomes return
//   HC-OUTCOMES,K2,2025/26 Q1,91%,ICB discharge tracker
//
//   auto read = read_kpi_results(agreement, text, "kpi-results.csv");
//   // read.rows: the good rows; read.refused: each bad row, with file, line and rule
//
// The rules, each a refusal of its row alone (the good rows around it are kept):
// - the header is those five columns, in that order (else the whole file: kpi.header);
// - `contract` is an outcome-based contract of the agreement (kpi.contract), `kpi` one of
//   its KPIs (kpi.kpi), `period` one of its payment periods in a year it has a value for, as
//   `poolbook contract payment` takes it (kpi.period);
// - `value` is a decimal or a percentage, not negative (kpi.value); `source` is not blank
//   (kpi.source);
// - a contract, KPI and period appear once in a file (kpi.duplicate); a malformed CSV
//   record is csv.format.

#include <string>
#include <string_view>
#include <vector>

#include "poolbook/contracts/agreement/agreement.hpp"

namespace poolbook::contracts {

struct KpiResultRow {
  std::string contract;
  std::string kpi;
  std::string period;  // the standard form: "2025/26 Q1"
  Ratio value;
  std::string written;  // as the file wrote it
  std::string source;
  long line = 0;
};

struct KpiResultsRead {
  std::vector<KpiResultRow> rows;
  std::vector<Error> refused;  // with file and line
  std::size_t records = 0;     // rows read, good and bad (not the header)
};

KpiResultsRead read_kpi_results(const Agreement& agreement, std::string_view text, const std::string& file);

}  // namespace poolbook::contracts
