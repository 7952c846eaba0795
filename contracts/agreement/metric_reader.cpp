// The agreement's outcome metrics ([[metric]], with [[metric.plan]] and
// [[metric.population]]): read, then checked (docs/agreement-format.md, "Outcome metrics").
#include <map>
#include <set>

#include "poolbook/contracts/agreement/agreement_check.hpp"
#include "poolbook/contracts/agreement/internal/agreement_reader.hpp"

namespace poolbook::contracts {
namespace detail {

void read_metrics(TomlReader& reader, const toml::table& root, Agreement& agreement) {
  for (const toml::table* table : reader.tables(root, "metric")) {
    Metric metric;
    metric.line = line_of(*table);
    metric.id = reader.text(*table, "id", "a metric", metric.line);
    const std::string where = "metric '" + metric.id + "'";
    reader.only_keys(
        *table, {"id", "name", "national", "unit", "direction", "baseline", "baseline_period", "plan", "population"},
        where);
    metric.name = reader.text(*table, "name", where, metric.line);
    metric.national = reader.flag(*table, "national", where, false);
    metric.unit = reader.choice(*table, "unit", where, metric.line, MetricUnit::count);
    metric.direction = reader.choice(*table, "direction", where, metric.line, KpiDirection::lower);
    metric.baseline = reader.ratio_field(*table, "baseline", where, metric.line, false);
    metric.baseline_period = reader.text(*table, "baseline_period", where, metric.line, metric.baseline.has_value());
    for (const toml::table* row : reader.tables(*table, "plan")) {
      MetricPlan plan;
      plan.line = line_of(*row);
      const std::string what = where + ": a plan row";
      reader.only_keys(*row, {"quarter", "value"}, what);
      const std::string quarter = reader.text(*row, "quarter", what, plan.line);
      if (auto parsed = ledger::QuarterPeriod::parse(quarter))
        plan.quarter = *parsed;
      else if (!quarter.empty())
        reader.report("agreement.date", plan.line, what + ": 'quarter' " + parsed.error().message);
      plan.value = reader.ratio_field(*row, "value", what, plan.line, true).value_or(Ratio{});
      metric.plan.push_back(std::move(plan));
    }
    for (const toml::table* row : reader.tables(*table, "population")) {
      MetricPopulation population;
      population.line = line_of(*row);
      const std::string what = where + ": a population row";
      reader.only_keys(*row, {"year", "people"}, what);
      population.year = reader.year(*row, "year", what, population.line).value_or(FinancialYear(0));
      if (const toml::node* people = reader.required(*row, "people", what, population.line))
        population.people = reader.whole_number(*people, what + ": 'people'", 1).value_or(0);
      metric.population.push_back(population);
    }
    agreement.metrics.push_back(std::move(metric));
  }
}

}  // namespace detail

// A metric: a unique id and a name; plan quarters once each, in the term; values not
// negative, and a percentage at most 100%; a rate per 100,000 has the population of each
// year it plans for.
std::vector<Finding> check_metrics(const Agreement& agreement) {
  std::vector<Finding> findings;
  const auto report = [&](std::string rule, long line, std::string message) {
    findings.push_back(Finding{Severity::error, Error{std::move(rule), std::move(message), agreement.file, line}});
  };
  std::map<std::string, long> seen;
  for (const Metric& metric : agreement.metrics) {
    const std::string what = "metric '" + metric.id + "'";
    if (auto [first, added] = seen.emplace(metric.id, metric.line); !added)
      report("agreement.duplicate", metric.line,
             what + " is declared twice (first at line " + std::to_string(first->second) + ")");
    const auto check_value = [&](const Ratio& value, long line, const std::string& which) {
      if (value < 0) report("agreement.metric", line, what + ": the " + which + " cannot be negative");
      if (metric.unit == MetricUnit::percent && value > 1)
        report("agreement.metric", line,
               what + ": the " + which + " is " + ledger::format_percent(value) + ", above 100%");
    };
    if (metric.baseline) check_value(*metric.baseline, metric.line, "baseline");
    std::set<ledger::QuarterPeriod> quarters;
    const auto years = agreement.years();
    for (const MetricPlan& plan : metric.plan) {
      if (plan.quarter.year().start_year() == 0) continue;
      if (!quarters.insert(plan.quarter).second)
        report("agreement.duplicate", plan.line, what + " plans " + plan.quarter.to_string() + " twice");
      if (std::find(years.begin(), years.end(), plan.quarter.year()) == years.end())
        report("agreement.term", plan.line,
               what + " plans " + plan.quarter.to_string() + ", outside the term of the agreement");
      check_value(plan.value, plan.line, "plan for " + plan.quarter.to_string());
      if (metric.unit == MetricUnit::per_100000 && !metric.population_in(plan.quarter.year()))
        report("agreement.metric", plan.line,
               what + " is a rate per 100,000 but gives no population for " + plan.quarter.year().to_string() +
                   " ([[metric.population]] year and people)");
    }
  }
  return findings;
}

}  // namespace poolbook::contracts
