#include "poolbook/contracts/terms/kpi_results.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "poolbook/contracts/terms/contract_payment.hpp"
#include "poolbook/contracts/terms/internal/results_csv.hpp"
#include "poolbook/ledger/csv/csv_reader.hpp"

namespace poolbook::contracts {
namespace {

using detail::trimmed;

constexpr std::string_view kColumns[] = {"contract", "kpi", "period", "value", "source"};

// One row checked against the agreement: the row, or why it is refused.
Result<KpiResultRow> checked_row(const Agreement& agreement, const ledger::CsvRecord& record) {
  if (record.fields.size() != std::size(kColumns))
    return make_error("kpi.fields", "the row has " + std::to_string(record.fields.size()) +
                                        " fields, not the 5 of the header (contract,kpi,period,value,source)");
  if (const std::size_t bad = detail::bad_text_field(record.fields))
    return make_error("kpi.text", "field " + std::to_string(bad) +
                                      " is not one line of UTF-8 text without control characters, so the row is "
                                      "not recorded");
  KpiResultRow row;
  row.line = record.line;
  row.contract = trimmed(record.fields[0]);
  row.kpi = trimmed(record.fields[1]);
  row.written = trimmed(record.fields[3]);
  row.source = trimmed(record.fields[4]);
  const Contract* contract = agreement.find_contract(row.contract);
  if (contract == nullptr) return make_error("kpi.contract", "the agreement has no contract '" + row.contract + "'");
  if (contract->kind != ContractKind::outcome_based)
    return make_error("kpi.contract", row.contract + " is not an outcome-based contract, so it is not paid on KPIs");
  const bool known =
      std::any_of(contract->kpis.begin(), contract->kpis.end(), [&](const Kpi& kpi) { return kpi.id == row.kpi; });
  if (!known) return make_error("kpi.kpi", row.contract + " has no KPI '" + row.kpi + "'");
  auto period = payment_period(*contract, trimmed(record.fields[2]));
  if (!period) return make_error("kpi.period", period.error().message);
  if (contract->value.find(period->year) == contract->value.end())
    return make_error("kpi.period", row.contract + " has no value for " + period->year.to_string());
  row.period = period->label;
  // A result is measured and written as a decimal or a percentage, as the format says; a
  // fraction ("1/3") or a value of more digits than a measurement has is not a result.
  if (row.written.find('/') != std::string::npos)
    return make_error("kpi.value",
                      "'" + row.written + "' is a fraction: write the result as a decimal or a percentage");
  if (row.written.size() > 24)
    return make_error(
        "kpi.value", "'" + row.written.substr(0, 24) + "...' is longer than a measured result (24 characters at most)");
  auto value = ledger::parse_ratio(row.written);
  if (!value) return make_error("kpi.value", value.error().message);
  if (*value < 0) return make_error("kpi.value", "the value '" + row.written + "' is negative");
  row.value = *value;
  if (row.source.empty()) return make_error("kpi.source", "the row does not say who measured it (source)");
  return row;
}

}  // namespace

KpiResultsRead read_kpi_results(const Agreement& agreement, std::string_view text, const std::string& file) {
  KpiResultsRead read;
  const auto refuse = [&](Error error, long line) {
    error.file = file;
    error.line = line;
    read.refused.push_back(std::move(error));
  };
  ledger::CsvOptions options;
  options.max_records = 100'000;
  ledger::CsvReader reader(text, options);
  bool header = true;
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  while (true) {
    auto next = reader.next();
    if (!next) {
      if (header) {
        refuse(next.error(), next.error().line);
        return read;
      }
      ++read.records;
      refuse(next.error(), next.error().line);
      continue;
    }
    if (!*next) break;
    const ledger::CsvRecord& record = **next;
    if (header) {
      header = false;
      if (!detail::header_is(record.fields, kColumns)) {
        refuse(make_error("kpi.header", "the header must be contract,kpi,period,value,source; nothing was read"),
               record.line);
        return read;
      }
      continue;
    }
    ++read.records;
    auto row = checked_row(agreement, record);
    if (!row) {
      refuse(row.error(), record.line);
      continue;
    }
    if (!seen.insert({row->contract, row->kpi, row->period}).second) {
      refuse(make_error("kpi.duplicate", row->contract + " " + row->kpi + " for " + row->period +
                                             " is given twice in the file; each result once"),
             record.line);
      continue;
    }
    read.rows.push_back(std::move(row).value());
  }
  if (header) refuse(make_error("kpi.header", "the file is empty: no header contract,kpi,period,value,source"), 1);
  return read;
}

}  // namespace poolbook::contracts
