// Reads the [[risk_share]] tables of an agreement (docs/agreement-format.md, "Risk share").
#include <algorithm>
#include <tuple>

#include "poolbook/contracts/agreement/internal/agreement_reader.hpp"

namespace poolbook::contracts::detail {
namespace {

// Partner shares written as an inline table, { county = "62.5%", icb = "37.5%" }, kept in
// the order they are written (a TOML table itself has no order).
std::vector<PartnerShare> read_shares(TomlReader& reader, const toml::table& table, const std::string& where) {
  std::vector<PartnerShare> out;
  const toml::node* node = table.get("shares");
  if (node == nullptr) return out;
  const auto* shares = node->as_table();
  if (shares == nullptr) {
    reader.report("agreement.field", line_of(*node),
                  where + ": 'shares' should be a table of partners, e.g. { county = \"60%\", icb = \"40%\" }");
    return out;
  }
  std::vector<std::tuple<long, long, PartnerShare>> placed;
  for (const auto& [partner, value] : *shares) {
    auto share = reader.ratio(value, where + ": the share of " + std::string(partner.str()));
    if (!share) continue;
    placed.emplace_back(line_of(value), static_cast<long>(value.source().begin.column),
                        PartnerShare{std::string(partner.str()), *share, line_of(value)});
  }
  std::sort(placed.begin(), placed.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
  });
  for (auto& [line, column, share] : placed) out.push_back(std::move(share));
  return out;
}

std::vector<Cap> read_caps(TomlReader& reader, const toml::table& table, const std::string& where) {
  std::vector<Cap> out;
  for (const toml::table* cap_table : reader.tables(table, "cap")) {
    Cap cap;
    cap.line = line_of(*cap_table);
    const std::string cap_where = where + " cap";
    reader.only_keys(*cap_table, {"partner", "max", "fallback"}, cap_where);
    cap.partner = reader.text(*cap_table, "partner", cap_where, cap.line);
    cap.max = reader.money(*cap_table, "max", cap_where, cap.line).value_or(Money{});
    if (cap_table->contains("fallback")) cap.fallback = reader.text(*cap_table, "fallback", cap_where, cap.line);
    out.push_back(std::move(cap));
  }
  return out;
}

// The keys of a sharing rule, read from the table that holds them (the risk_share table
// itself, a scheme's terms, or a band).
SharingRule read_rule(TomlReader& reader, const toml::table& table, const std::string& where, long line, bool must) {
  SharingRule rule;
  rule.line = line;
  rule.kind = reader.choice(table, "sharing", where, line, SharingKind::proportional, must);
  rule.shares = read_shares(reader, table, where);
  rule.caps = read_caps(reader, table, where);
  for (const toml::table* band_table : reader.tables(table, "band")) {
    Band band;
    band.line = line_of(*band_table);
    const std::string band_where = where + " band";
    reader.only_keys(*band_table, {"amount", "sharing", "shares"}, band_where);
    if (band_table->contains("amount")) band.amount = reader.money(*band_table, "amount", band_where, band.line);
    band.sharing = reader.choice(*band_table, "sharing", band_where, band.line, SharingKind::proportional);
    band.shares = read_shares(reader, *band_table, band_where);
    rule.bands.push_back(std::move(band));
  }
  return rule;
}

PerformanceElement read_performance(TomlReader& reader, const toml::table& table, const std::string& where) {
  PerformanceElement element;
  element.line = line_of(table);
  element.id = reader.text(table, "id", where + " performance element", element.line);
  const std::string element_where = where + " performance element " + element.id;
  reader.only_keys(table, {"id", "metric", "year", "amount", "scheme", "redirect_to"}, element_where);
  element.metric = reader.text(table, "metric", element_where, element.line);
  element.year = reader.year(table, "year", element_where, element.line).value_or(FinancialYear(0));
  element.amount = reader.money(table, "amount", element_where, element.line).value_or(Money{});
  element.scheme = reader.text(table, "scheme", element_where, element.line);
  element.redirect_to = reader.texts(table, "redirect_to", element_where, element.line);
  return element;
}

}  // namespace

void read_risk_shares(TomlReader& reader, const toml::table& root, Agreement& agreement) {
  for (const toml::table* table : reader.tables(root, "risk_share")) {
    RiskShareTerms terms;
    terms.line = line_of(*table);
    terms.arrangement = reader.text(*table, "arrangement", "a risk_share", terms.line);
    const std::string where = "the risk share of " + terms.arrangement;
    reader.only_keys(*table,
                     {"arrangement", "overspend_order", "uncommitted", "sharing", "shares", "band", "cap", "underspend",
                      "underspend_applies_to", "scheme", "performance"},
                     where);
    if (table->contains("overspend_order")) {
      std::vector<long> lines;
      const auto words = reader.texts(*table, "overspend_order", where, terms.line, true, &lines);
      terms.overspend_order.clear();
      for (std::size_t i = 0; i < words.size(); ++i) {
        if (auto remedy = enum_from_word<OverspendRemedy>(words[i]))
          terms.overspend_order.push_back(*remedy);
        else
          reader.report("agreement.field", lines[i],
                        where + ": 'overspend_order' has '" + words[i] +
                            "', which is not one of: " + enum_words_list<OverspendRemedy>());
      }
    }
    terms.uncommitted = reader.money_by_year(*table, "uncommitted", where, terms.line, false);
    terms.sharing = read_rule(reader, *table, where, terms.line, false);
    terms.underspend =
        reader.choice(*table, "underspend", where, terms.line, UnderspendTreatment::carry_forward, false);
    terms.underspend_scope =
        reader.choice(*table, "underspend_applies_to", where, terms.line, UnderspendScope::all, false);
    for (const toml::table* scheme_table : reader.tables(*table, "scheme")) {
      SchemeRiskShare scheme;
      scheme.line = line_of(*scheme_table);
      scheme.scheme = reader.text(*scheme_table, "scheme", where + " scheme", scheme.line);
      const std::string scheme_where = where + " for scheme " + scheme.scheme;
      reader.only_keys(*scheme_table, {"scheme", "sharing", "shares", "band", "cap"}, scheme_where);
      scheme.rule = read_rule(reader, *scheme_table, scheme_where, scheme.line, true);
      terms.schemes.push_back(std::move(scheme));
    }
    for (const toml::table* element : reader.tables(*table, "performance"))
      terms.performance.push_back(read_performance(reader, *element, where));
    agreement.risk_shares.push_back(std::move(terms));
  }
}

}  // namespace poolbook::contracts::detail
