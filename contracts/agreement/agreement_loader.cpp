#include "poolbook/contracts/agreement/agreement_loader.hpp"

#include <set>

#include <toml++/toml.h>

#include "poolbook/contracts/agreement/internal/agreement_reader.hpp"

#include "poolbook/contracts/agreement/agreement_check.hpp"

namespace poolbook::contracts {
namespace {

using ledger::FinancialYear;

using detail::line_of;
using detail::TomlReader;

void read_header(TomlReader& reader, const toml::table& root, Agreement& agreement) {
  const toml::table* header = root["agreement"].as_table();
  if (header == nullptr) {
    reader.report("agreement.field", 1, "the file has no [agreement] table");
    return;
  }
  const long line = line_of(*header);
  const std::string where = "[agreement]";
  agreement.line = line;
  reader.only_keys(
      *header,
      {"id", "title", "legal_basis", "aims", "outcomes", "client_groups", "areas_served", "health_and_wellbeing_boards",
       "start", "end", "review_dates", "extension", "variation_provisions", "termination_provisions",
       "dispute_procedure", "contribution_mismatch", "monitoring", "board_share"},
      where);
  agreement.id = reader.text(*header, "id", where, line);
  agreement.title = reader.text(*header, "title", where, line);
  agreement.legal_basis = reader.choice(*header, "legal_basis", where, line, LegalBasis::s75_nhs_act_2006);
  agreement.aims = reader.texts(*header, "aims", where, line);
  agreement.outcomes = reader.texts(*header, "outcomes", where, line);
  agreement.client_groups = reader.texts(*header, "client_groups", where, line);
  agreement.areas_served = reader.texts(*header, "areas_served", where, line);
  agreement.health_and_wellbeing_boards = reader.texts(*header, "health_and_wellbeing_boards", where, line);
  detail::read_board_shares(reader, *header, agreement);
  agreement.start = reader.date_field(*header, "start", where, line);
  agreement.end = reader.date_field(*header, "end", where, line);
  if (const toml::node* reviews = header->get("review_dates")) {
    if (const auto* array = reviews->as_array()) {
      for (const toml::node& item : *array)
        if (auto day = reader.date_value(item, "[agreement]: each of 'review_dates'"))
          agreement.review_dates.push_back(*day);
    } else {
      reader.report("agreement.date", line_of(*reviews), "[agreement]: 'review_dates' should be a list of dates");
    }
  }
  agreement.variation_provisions = reader.text(*header, "variation_provisions", where, line);
  agreement.termination_provisions = reader.text(*header, "termination_provisions", where, line);
  agreement.dispute_procedure = reader.text(*header, "dispute_procedure", where, line);
  agreement.contribution_mismatch =
      reader.choice(*header, "contribution_mismatch", where, line, MismatchPolicy::error, false);
  if (const toml::node* node = header->get("monitoring")) {
    const std::string monitoring_where = "[agreement.monitoring]";
    if (const toml::table* table = node->as_table()) {
      const long monitoring_line = line_of(*table);
      reader.only_keys(*table, {"amber", "red", "late_after", "match_within"}, monitoring_where);
      for (const auto& [key, field] : {std::pair<const char*, int*>{"late_after", &agreement.monitoring.late_after},
                                       {"match_within", &agreement.monitoring.match_within}})
        if (const toml::node* given = table->get(key)) {
          const auto* days = given->as_integer();
          if (days == nullptr || days->get() < 0 || days->get() > kMaxLateAfterWorkingDays)
            reader.report("agreement.monitoring", line_of(*given),
                          monitoring_where + ": '" + key + "' is a whole number of working days from 0 to " +
                              std::to_string(kMaxLateAfterWorkingDays));
          else
            *field = static_cast<int>(days->get());
        }
      agreement.monitoring.line = monitoring_line;
      if (auto amber = reader.ratio_field(*table, "amber", monitoring_where, monitoring_line, false))
        agreement.monitoring.amber = *amber;
      if (auto red = reader.ratio_field(*table, "red", monitoring_where, monitoring_line, false))
        agreement.monitoring.red = *red;
    } else {
      reader.report("agreement.field", line_of(*node),
                    "[agreement]: 'monitoring' should be a table: [agreement.monitoring] amber = \"2%\", red = \"5%\"");
    }
  }
  for (const toml::table* table : reader.tables(*header, "extension")) {
    const long extension_line = line_of(*table);
    const std::string extension_where = "extension";
    reader.only_keys(*table, {"granted_on", "decision", "new_end"}, extension_where);
    agreement.extensions.push_back(Extension{reader.date_field(*table, "granted_on", extension_where, extension_line),
                                             reader.text(*table, "decision", extension_where, extension_line),
                                             reader.date_field(*table, "new_end", extension_where, extension_line),
                                             extension_line});
  }
}

void read_partners(TomlReader& reader, const toml::table& root, Agreement& agreement) {
  for (const toml::table* table : reader.tables(root, "partner")) {
    Partner partner;
    partner.line = line_of(*table);
    partner.id = reader.text(*table, "id", "a partner", partner.line);
    const std::string where = "partner '" + partner.id + "'";
    reader.only_keys(*table, {"id", "name", "kind", "roles"}, where);
    partner.name = reader.text(*table, "name", where, partner.line);
    partner.kind = reader.choice(*table, "kind", where, partner.line, PartnerKind::county_council);
    partner.roles = reader.texts(*table, "roles", where, partner.line, false);
    agreement.partners.push_back(std::move(partner));
  }
  if (agreement.partners.empty()) reader.report("agreement.field", 1, "the agreement has no [[partner]]");
}

void read_arrangements(TomlReader& reader, const toml::table& root, Agreement& agreement) {
  for (const toml::table* table : reader.tables(root, "arrangement")) {
    Arrangement arrangement;
    arrangement.line = line_of(*table);
    arrangement.id = reader.text(*table, "id", "an arrangement", arrangement.line);
    const std::string where = "arrangement '" + arrangement.id + "'";
    reader.only_keys(*table,
                     {"id", "name", "kind", "partners", "host", "pool_manager", "lead", "delegating", "nhs_functions",
                      "health_related_functions", "reserve"},
                     where);
    arrangement.name = reader.text(*table, "name", where, arrangement.line);
    arrangement.kind = reader.choice(*table, "kind", where, arrangement.line, ArrangementKind::pooled_fund);
    arrangement.partners = reader.texts(*table, "partners", where, arrangement.line);
    const bool pooled = arrangement.kind == ArrangementKind::pooled_fund;
    const bool led = arrangement.kind == ArrangementKind::lead_commissioning ||
                     arrangement.kind == ArrangementKind::integrated_provision;
    arrangement.host = reader.text(*table, "host", where, arrangement.line, pooled);
    arrangement.pool_manager = reader.text(*table, "pool_manager", where, arrangement.line, pooled);
    arrangement.lead = reader.text(*table, "lead", where, arrangement.line, led);
    arrangement.delegating = reader.texts(*table, "delegating", where, arrangement.line,
                                          arrangement.kind == ArrangementKind::lead_commissioning);
    arrangement.nhs_functions =
        reader.texts(*table, "nhs_functions", where, arrangement.line, false, &arrangement.nhs_function_lines);
    arrangement.health_related_functions = reader.texts(*table, "health_related_functions", where, arrangement.line,
                                                        false, &arrangement.health_related_function_lines);
    for (const toml::table* reserve_table : reader.tables(*table, "reserve")) {
      const long line = line_of(*reserve_table);
      const std::string reserve_where = where + " reserve";
      reader.only_keys(*reserve_table, {"year", "amount"}, reserve_where);
      auto year = reader.year(*reserve_table, "year", reserve_where, line);
      auto amount = reader.money(*reserve_table, "amount", reserve_where, line);
      if (amount && amount->is_negative())
        reader.report("agreement.money", line, reserve_where + ": a contingency reserve cannot be negative");
      if (year && amount) arrangement.reserves.push_back(Reserve{*year, *amount, line});
      if (!pooled)
        reader.report("agreement.field", line,
                      where + " is not a pooled fund, so it cannot hold a contingency reserve");
    }
    agreement.arrangements.push_back(std::move(arrangement));
  }
  if (agreement.arrangements.empty()) reader.report("agreement.field", 1, "the agreement has no [[arrangement]]");
}

Phasing read_phasing(TomlReader& reader, const toml::table& table, const std::string& where) {
  Phasing phasing;
  const toml::node* node = table.get("phasing");
  if (node == nullptr) return phasing;  // flat by default
  if (const auto* word = node->as_string()) {
    if (word->get() != "flat")
      reader.report("agreement.phasing", line_of(*node),
                    where + ": phasing is '" + word->get() + "'; write \"flat\" or a list of twelve weights");
    return phasing;
  }
  const auto* array = node->as_array();
  if (array == nullptr || array->size() != 12) {
    reader.report("agreement.phasing", line_of(*node),
                  where + ": phasing should be \"flat\" or a list of twelve weights, April (M01) to March (M12)");
    return phasing;
  }
  phasing.flat = false;
  bool all_read = true;
  for (std::size_t i = 0; i < 12; ++i) {
    auto weight =
        reader.ratio(*array->get(i), where + ": phasing weight M" + (i < 9 ? "0" : "") + std::to_string(i + 1));
    if (weight)
      phasing.weights[i] = *weight;
    else
      all_read = false;
  }
  // An unreadable weight is already reported; the sum cannot be judged without it, and a
  // stand-in weight would only add a second, misleading finding about the total.
  return all_read ? phasing : Phasing{};
}

void read_schemes(TomlReader& reader, const toml::table& root, Agreement& agreement) {
  for (const toml::table* table : reader.tables(root, "scheme")) {
    Scheme scheme;
    scheme.line = line_of(*table);
    scheme.id = reader.text(*table, "id", "a scheme", scheme.line);
    const std::string where = "scheme " + scheme.id;
    reader.only_keys(*table,
                     {"id", "name", "type", "arrangement", "commissioner", "provider", "funding_source",
                      "share_profile", "recurrent", "phasing", "budget", "ring_fence"},
                     where);
    scheme.name = reader.text(*table, "name", where, scheme.line);
    scheme.type = reader.choice(*table, "type", where, scheme.line, SchemeType::other);
    scheme.arrangement = reader.text(*table, "arrangement", where, scheme.line);
    scheme.commissioner = reader.text(*table, "commissioner", where, scheme.line);
    scheme.provider = reader.text(*table, "provider", where, scheme.line);
    scheme.funding_source = reader.choice(*table, "funding_source", where, scheme.line, FundingSource::other);
    scheme.share_profile = reader.choice(*table, "share_profile", where, scheme.line, ShareProfile::variable);
    scheme.ring_fence = reader.text(*table, "ring_fence", where, scheme.line, false);
    if (reader.required(*table, "recurrent", where, scheme.line) != nullptr)
      scheme.recurrent = reader.flag(*table, "recurrent", where, scheme.recurrent);
    scheme.phasing = read_phasing(reader, *table, where);
    reader.by_year(*table, "budget", where, scheme.line, true, "{ \"2025/26\" = \"2400000.00\" }",
                   [&](FinancialYear year, const toml::node& value, const std::string& what) {
                     if (auto amount = reader.money(value, what)) {
                       scheme.budget_annual[year] = *amount;
                       scheme.budget_lines[year] = line_of(value);
                     }
                   });
    agreement.schemes.push_back(std::move(scheme));
  }
}

void read_due_day(TomlReader& reader, const toml::table& table, const std::string& where, Contribution& contribution) {
  const toml::node* node = table.get("due_day");
  const bool needs_day = contribution.schedule == ScheduleKind::monthly ||
                         contribution.schedule == ScheduleKind::quarterly ||
                         contribution.schedule == ScheduleKind::annual;
  if (node == nullptr) {
    if (needs_day)
      reader.report("agreement.schedule", contribution.line,
                    where + " has a " + std::string(enum_word(contribution.schedule)) +
                        " schedule but no 'due_day' (1 to 28, or \"last\")");
    return;
  }
  if (const auto* number = node->as_integer(); number != nullptr && number->get() >= 1 && number->get() <= 28) {
    contribution.due_day = static_cast<int>(number->get());
  } else if (const auto* word = node->as_string(); word != nullptr && word->get() == "last") {
    contribution.due_day_last = true;
  } else {
    reader.report("agreement.schedule", line_of(*node),
                  where + ": 'due_day' should be a day of the month from 1 to 28, or \"last\"");
  }
}

void read_contributions(TomlReader& reader, const toml::table& root, Agreement& agreement) {
  for (const toml::table* table : reader.tables(root, "contribution")) {
    Contribution contribution;
    contribution.line = line_of(*table);
    contribution.partner = reader.text(*table, "partner", "a contribution", contribution.line);
    contribution.arrangement = reader.text(*table, "arrangement", "a contribution", contribution.line);
    const auto year = reader.year(*table, "year", "a contribution", contribution.line);
    contribution.year = year.value_or(FinancialYear(0));
    const std::string where = "the contribution of " + contribution.partner + " to " + contribution.arrangement +
                              (year ? " for " + year->to_string() : std::string{});
    reader.only_keys(*table,
                     {"partner", "arrangement", "year", "amount", "form", "schedule", "due_day", "due_rule",
                      "instalment", "funds", "evidence"},
                     where);
    contribution.amount = reader.money(*table, "amount", where, contribution.line).value_or(Money{});
    contribution.form = reader.choice(*table, "form", where, contribution.line, ContributionForm::cash, false);
    contribution.schedule = reader.choice(*table, "schedule", where, contribution.line, ScheduleKind::monthly);
    read_due_day(reader, *table, where, contribution);
    contribution.due_rule = reader.choice(*table, "due_rule", where, contribution.line, DueRule::fixed, false);
    contribution.funds = reader.text(*table, "funds", where, contribution.line, false);
    contribution.evidence = reader.text(*table, "evidence", where, contribution.line, false);
    for (const toml::table* instalment : reader.tables(*table, "instalment")) {
      const long line = line_of(*instalment);
      reader.only_keys(*instalment, {"due", "amount"}, where + " instalment");
      const Date due = reader.date_field(*instalment, "due", where + " instalment", line);
      auto amount = reader.money(*instalment, "amount", where + " instalment", line);
      contribution.instalments.push_back(Instalment{due, amount.value_or(Money{}), line});
    }
    agreement.contributions.push_back(std::move(contribution));
  }
}

void read_national_conditions(TomlReader& reader, const toml::table& root, Agreement& agreement) {
  for (const toml::table* table : reader.tables(root, "national_condition")) {
    NationalCondition condition;
    condition.line = line_of(*table);
    condition.id = reader.text(*table, "id", "a national condition", condition.line);
    const std::string where = "national condition '" + condition.id + "'";
    reader.only_keys(*table, {"id", "kind", "arrangement", "year", "minimum"}, where);
    condition.kind = reader.choice(*table, "kind", where, condition.line, ConditionKind::nhs_social_care);
    condition.arrangement = reader.text(*table, "arrangement", where, condition.line);
    condition.year = reader.year(*table, "year", where, condition.line).value_or(FinancialYear(0));
    condition.minimum = reader.money(*table, "minimum", where, condition.line).value_or(Money{});
    agreement.national_conditions.push_back(std::move(condition));
  }
}

void read_variations(TomlReader& reader, const toml::table& root, Agreement& agreement) {
  for (const toml::table* table : reader.tables(root, "variation")) {
    Variation variation;
    variation.line = line_of(*table);
    variation.id = reader.text(*table, "id", "a variation", variation.line);
    const std::string where = "variation " + variation.id;
    reader.only_keys(*table,
                     {"id", "agreed_on", "signed_off_by", "decision", "effective_from", "year", "change", "partner",
                      "arrangement", "form", "scheme"},
                     where);
    variation.agreed_on = reader.date_field(*table, "agreed_on", where, variation.line);
    variation.signed_off_by = reader.text(*table, "signed_off_by", where, variation.line);
    variation.decision = reader.text(*table, "decision", where, variation.line);
    variation.year = reader.year(*table, "year", where, variation.line).value_or(FinancialYear(0));
    const std::string effective = reader.text(*table, "effective_from", where, variation.line);
    if (!effective.empty()) {
      if (auto period = Period::parse(effective))
        variation.effective_from = *period;
      else
        reader.report("agreement.date", line_of(*table->get("effective_from")),
                      where + ": 'effective_from' " + period.error().message);
    }
    variation.change = reader.money(*table, "change", where, variation.line).value_or(Money{});
    const bool to_contribution = table->contains("partner") || table->contains("arrangement");
    const bool to_budget = table->contains("scheme");
    if (to_contribution == to_budget) {
      reader.report("agreement.variation", variation.line,
                    where +
                        " should change either a contribution (partner and arrangement) or a scheme's budget "
                        "(scheme), not " +
                        (to_budget ? "both" : "neither"));
    }
    if (to_budget)
      variation.target = BudgetTarget{reader.text(*table, "scheme", where, variation.line)};
    else if (to_contribution)  // with neither target, the finding above says all there is to say
      variation.target =
          ContributionTarget{reader.text(*table, "partner", where, variation.line),
                             reader.text(*table, "arrangement", where, variation.line),
                             reader.choice(*table, "form", where, variation.line, ContributionForm::cash, false)};
    agreement.variations.push_back(std::move(variation));
  }
}

}  // namespace

LoadedAgreement load_agreement_text(std::string_view text, const std::string& file_name) {
  LoadedAgreement loaded;
  const std::optional<toml::table> parsed = detail::parse_toml(text, file_name, loaded.findings);
  if (!parsed) return loaded;
  const toml::table& root = *parsed;
  TomlReader reader = detail::agreement_reader(file_name);
  Agreement agreement;
  agreement.file = file_name;
  reader.only_keys(root,
                   {"agreement", "partner", "arrangement", "scheme", "contribution", "variation", "risk_share",
                    "contract", "person", "body", "delegation", "dispute_step", "national_condition", "metric"},
                   "the file");
  read_header(reader, root, agreement);
  read_partners(reader, root, agreement);
  read_arrangements(reader, root, agreement);
  read_schemes(reader, root, agreement);
  read_contributions(reader, root, agreement);
  read_variations(reader, root, agreement);
  read_national_conditions(reader, root, agreement);
  detail::read_risk_shares(reader, root, agreement);
  detail::read_contracts(reader, root, agreement);
  detail::read_governance(reader, root, agreement);
  detail::read_metrics(reader, root, agreement);
  loaded.findings = reader.take_findings();
  for (Finding& finding : check_agreement(agreement)) loaded.findings.push_back(std::move(finding));
  std::stable_sort(loaded.findings.begin(), loaded.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.error.line < b.error.line; });
  loaded.agreement = std::move(agreement);
  return loaded;
}

LoadedAgreement load_agreement(const std::filesystem::path& file) {
  return detail::load_toml_file<LoadedAgreement>(file, kMaxAgreementFileBytes, "the agreement", load_agreement_text);
}

}  // namespace poolbook::contracts
