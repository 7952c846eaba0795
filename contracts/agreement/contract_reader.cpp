// Reads the [[contract]] tables of an agreement (docs/agreement-format.md, "Contracts").
#include "poolbook/contracts/agreement/internal/agreement_reader.hpp"

namespace poolbook::contracts::detail {
namespace {

// A term the KPI's curve does not use changes no payment; it is named, so that nobody reads
// the agreement as paying on it.
void report_unused_terms(TomlReader& reader, const toml::table& table, const std::string& where, PaymentCurve curve) {
  const std::string curve_word(enum_word(curve));
  const auto unused = [&](std::string_view key, const std::string& why) {
    if (const toml::node* node = table.get(key))
      reader.report("contract.kpi", line_of(*node),
                    where + " is " + curve_word + ", so its '" + std::string(key) + "' is not used: " + why,
                    Severity::warning);
  };
  if (curve == PaymentCurve::banded) {
    unused("target", "it pays by its bands (the highest band reached)");
    unused("threshold", "it pays by its bands (the highest band reached)");
  }
  if (curve == PaymentCurve::all_or_nothing) unused("threshold", "it pays all at its target, else nothing");
}

Kpi read_kpi(TomlReader& reader, const toml::table& table, const std::string& contract_where) {
  Kpi kpi;
  kpi.line = line_of(table);
  kpi.id = reader.text(table, "id", contract_where + " KPI", kpi.line);
  const std::string where = contract_where + " KPI " + kpi.id;
  reader.only_keys(table,
                   {"id", "name", "weight", "direction", "baseline", "threshold", "target", "curve", "measured", "band",
                    "collar", "cap"},
                   where);
  kpi.name = reader.text(table, "name", where, kpi.line);
  if (auto read = reader.ratio_field(table, "weight", where, kpi.line, true)) kpi.weight = *read;
  kpi.direction = reader.choice(table, "direction", where, kpi.line, KpiDirection::higher);
  kpi.baseline = reader.ratio_field(table, "baseline", where, kpi.line, false);
  kpi.curve = reader.choice(table, "curve", where, kpi.line, PaymentCurve::linear);
  const bool banded = kpi.curve == PaymentCurve::banded;
  const bool linear = kpi.curve == PaymentCurve::linear;
  // A banded KPI pays by its bands alone, so it needs no target; only a linear curve needs
  // its own threshold (an all-or-nothing one pays at its target).
  if (auto read = reader.ratio_field(table, "target", where, kpi.line, !banded)) kpi.target = *read;
  kpi.threshold = kpi.target;
  if (auto read = reader.ratio_field(table, "threshold", where, kpi.line, linear)) kpi.threshold = *read;
  report_unused_terms(reader, table, where, kpi.curve);
  kpi.measured = reader.choice(table, "measured", where, kpi.line, PaymentSchedule::quarterly);
  if (auto read = reader.ratio_field(table, "collar", where, kpi.line, false)) kpi.collar = *read;
  if (auto read = reader.ratio_field(table, "cap", where, kpi.line, false)) kpi.cap = *read;
  for (const toml::table* band_table : reader.tables(table, "band")) {
    const long line = line_of(*band_table);
    reader.only_keys(*band_table, {"reaches", "pays"}, where + " band");
    auto reaches = reader.ratio_field(*band_table, "reaches", where + " band", line, true);
    auto pays = reader.ratio_field(*band_table, "pays", where + " band", line, true);
    if (reaches && pays) kpi.bands.push_back(KpiBand{*reaches, *pays, line});
  }
  if (banded && kpi.bands.empty()) reader.report("contract.kpi", kpi.line, where + " is banded but has no [[band]]");
  if (!banded && !kpi.bands.empty())
    reader.report("contract.kpi", kpi.bands.front().line,
                  where + " is " + std::string(enum_word(kpi.curve)) +
                      ", so its [[band]] tables are not used: only a banded KPI pays by bands",
                  Severity::warning);
  return kpi;
}

}  // namespace

void read_contracts(TomlReader& reader, const toml::table& root, Agreement& agreement) {
  for (const toml::table* table : reader.tables(root, "contract")) {
    Contract contract;
    contract.line = line_of(*table);
    contract.id = reader.text(*table, "id", "a contract", contract.line);
    const std::string where = "contract " + contract.id;
    reader.only_keys(*table,
                     {"id", "name", "kind", "arrangement", "scheme", "provider", "schedule", "value", "at_risk", "kpi",
                      "rate_per_head", "population", "corridor", "member", "outcome_pot", "unit_price",
                      "volume_threshold", "marginal_price"},
                     where);
    contract.name = reader.text(*table, "name", where, contract.line);
    contract.kind = reader.choice(*table, "kind", where, contract.line, ContractKind::outcome_based);
    contract.arrangement = reader.text(*table, "arrangement", where, contract.line);
    contract.scheme = reader.text(*table, "scheme", where, contract.line, false);
    contract.provider = reader.text(*table, "provider", where, contract.line, contract.kind != ContractKind::alliance);
    contract.schedule = reader.choice(*table, "schedule", where, contract.line, PaymentSchedule::quarterly, false);
    const bool outcome = contract.kind == ContractKind::outcome_based;
    const bool capitated = contract.kind == ContractKind::capitated;
    const bool alliance = contract.kind == ContractKind::alliance;
    const bool activity = contract.kind == ContractKind::activity;
    contract.value = reader.money_by_year(*table, "value", where, contract.line, outcome);
    if (auto read = reader.ratio_field(*table, "at_risk", where, contract.line, outcome)) contract.at_risk = *read;
    for (const toml::table* kpi : reader.tables(*table, "kpi")) contract.kpis.push_back(read_kpi(reader, *kpi, where));
    contract.rate_per_head = reader.money_by_year(*table, "rate_per_head", where, contract.line, capitated);
    reader.by_year(*table, "population", where, contract.line, capitated, "{ \"2025/26\" = 61250 }",
                   [&](FinancialYear year, const toml::node& value, const std::string& what) {
                     if (auto heads = reader.whole_number(value, what, 1)) contract.population[year] = *heads;
                   });
    for (const toml::table* corridor_table : reader.tables(*table, "corridor")) {
      Corridor corridor;
      corridor.line = line_of(*corridor_table);
      reader.only_keys(*corridor_table, {"upto", "provider_share"}, where + " corridor");
      corridor.upto = reader.ratio_field(*corridor_table, "upto", where + " corridor", corridor.line, false);
      if (auto read = reader.ratio_field(*corridor_table, "provider_share", where + " corridor", corridor.line, true))
        corridor.provider_share = *read;
      contract.corridors.push_back(std::move(corridor));
    }
    for (const toml::table* member_table : reader.tables(*table, "member")) {
      AllianceMember member;
      member.line = line_of(*member_table);
      member.id = reader.text(*member_table, "id", where + " member", member.line);
      const std::string member_where = where + " member " + member.id;
      reader.only_keys(*member_table, {"id", "name", "contract_value", "share", "pain_cap"}, member_where);
      member.name = reader.text(*member_table, "name", member_where, member.line);
      member.contract_value = reader.money_by_year(*member_table, "contract_value", member_where, member.line, true);
      if (auto read = reader.ratio_field(*member_table, "share", member_where, member.line, true)) member.share = *read;
      if (member_table->contains("pain_cap"))
        member.pain_cap = reader.money(*member_table, "pain_cap", member_where, member.line);
      contract.members.push_back(std::move(member));
    }
    contract.outcome_pot = reader.money_by_year(*table, "outcome_pot", where, contract.line, false);
    if (activity) {
      contract.unit_price = reader.money(*table, "unit_price", where, contract.line).value_or(Money{});
      contract.marginal_price = reader.money(*table, "marginal_price", where, contract.line).value_or(Money{});
      if (const toml::node* threshold = reader.required(*table, "volume_threshold", where, contract.line))
        contract.volume_threshold = reader.whole_number(*threshold, where + ": 'volume_threshold'", 0).value_or(0);
    }
    if (!outcome && !alliance && !contract.kpis.empty())
      reader.report("contract.kpi", contract.kpis.front().line,
                    where + " is " + std::string(enum_label(contract.kind)) + ", which is not paid on KPIs");
    agreement.contracts.push_back(std::move(contract));
  }
}

}  // namespace poolbook::contracts::detail
