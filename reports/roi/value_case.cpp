#include "poolbook/reports/roi/value_case.hpp"

#include <algorithm>
#include <initializer_list>
#include <utility>

#include <toml++/toml.h>

#include "poolbook/ledger/text/closest.hpp"
#include "poolbook/ledger/text/text_file.hpp"

namespace poolbook::reports {

using contracts::Finding;
using contracts::Severity;

namespace {

constexpr int kLastYear = 200;     // appraise() refuses a benefit that runs beyond it
constexpr int kMaxKeyParts = 32;   // toml++ recurses once a part of a dotted key
constexpr int kPercentPlaces = 2;  // "62.5%"

long line_of(const toml::node& node) { return static_cast<long>(node.source().begin.line); }

// The line of a key's value, or `fallback` (its table's) when the key is absent.
long line_at(const toml::table& table, std::string_view key, long fallback) {
  const toml::node* node = table.get(key);
  return node == nullptr ? fallback : line_of(*node);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The first line holding a dotted key or table header of more than kMaxKeyParts parts, or 0.
// toml++ recurses once a part, so such a line could exhaust the stack: it is refused before
// parsing. Dots in strings, in comments and between digits (1.5) are not parts.
long line_beyond_key_parts(std::string_view text) {
  enum class In { code, comment, basic, literal, multiline_basic, multiline_literal };
  In in = In::code;
  long line = 1;
  int dots = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto at = [&](std::string_view what) { return text.substr(i, what.size()) == what; };
    // A multi-line string may end in up to two quotes of its own before its closing three.
    const auto close = [&](char quote) {
      i += 2;
      for (int extra = 0; extra < 2 && i + 1 < text.size() && text[i + 1] == quote; ++extra) ++i;
      in = In::code;
    };
    if (c == '\n') {
      ++line;
      dots = 0;
      if (in == In::comment || in == In::basic || in == In::literal) in = In::code;
    } else if (in == In::comment) {
      continue;
    } else if (in == In::basic || in == In::multiline_basic) {
      if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n')
        ++i;
      else if (in == In::basic && c == '"')
        in = In::code;
      else if (in == In::multiline_basic && at("\"\"\""))
        close('"');
    } else if (in == In::literal || in == In::multiline_literal) {
      if (in == In::literal && c == '\'')
        in = In::code;
      else if (in == In::multiline_literal && at("'''"))
        close('\'');
    } else if (c == '#') {
      in = In::comment;
    } else if (at("\"\"\"") || at("'''")) {
      in = c == '"' ? In::multiline_basic : In::multiline_literal;
      i += 2;
    } else if (c == '"' || c == '\'') {
      in = c == '"' ? In::basic : In::literal;
    } else if (c == '.' && !(i > 0 && is_digit(text[i - 1]) && i + 1 < text.size() && is_digit(text[i + 1]))) {
      if (++dots >= kMaxKeyParts) return line;
    }
  }
  return 0;
}

std::optional<Beneficiary> beneficiary_from_word(std::string_view word) {
  for (Beneficiary beneficiary :
       {Beneficiary::acute_nhs, Beneficiary::community_nhs, Beneficiary::social_care, Beneficiary::other})
    if (beneficiary_word(beneficiary) == word) return beneficiary;
  return std::nullopt;
}

// "; did you mean 'S07'?" when a known word is close to the one written.
std::string suggestion(std::string_view written, const std::vector<std::string>& known) {
  const auto meant = ledger::closest(written, known);
  return meant ? "; did you mean '" + *meant + "'?" : std::string();
}

// What a number read from the file must be: a share (0% to 100%), a rate (0% to 100%) or an
// amount of activity (not negative, not a percentage).
enum class Number { share, rate, activity };

// Reads the value case's TOML into the model, recording a finding for every problem instead
// of stopping at the first, so one load shows them all.
class Reader {
 public:
  explicit Reader(std::string file_name) : file_(std::move(file_name)) {}

  void report(std::string rule, long line, std::string message, Severity severity = Severity::error) {
    findings_.push_back(Finding{severity, Error{std::move(rule), std::move(message), file_, line}});
  }
  void field(long line, std::string message) { report("value-case.field", line, std::move(message)); }
  std::vector<Finding> take_findings() { return std::move(findings_); }

  // A key the format does not define is reported: a typo must not drop a term.
  void only_keys(const toml::table& table, std::initializer_list<std::string_view> allowed, const std::string& where) {
    const std::vector<std::string> keys(allowed.begin(), allowed.end());
    for (const auto& [key, value] : table) {
      if (std::find(keys.begin(), keys.end(), key.str()) != keys.end()) continue;
      field(line_of(value), where + " has a key '" + std::string(key.str()) +
                                "' that the value case format does not define" + suggestion(key.str(), keys));
    }
  }

  const toml::node* get(const toml::table& table, std::string_view key, const std::string& where, long where_line,
                        bool must) {
    const toml::node* node = table.get(key);
    if (node == nullptr && must) field(where_line, where + " has no '" + std::string(key) + "'");
    return node;
  }

  std::string text(const toml::table& table, std::string_view key, const std::string& where, long where_line,
                   bool must = true) {
    const toml::node* node = get(table, key, where, where_line, must);
    if (node == nullptr) return {};
    const auto* value = node->as_string();
    const std::string what = where + ": '" + std::string(key) + "'";
    if (value == nullptr) {
      field(line_of(*node), what + " should be text in quotes");
      return {};
    }
    if (value->get().empty()) field(line_of(*node), what + " is empty");
    return value->get();
  }

  // The text of a value written in quotes, such as "20%" or "480"; a bare number is refused
  // (a floating-point one would not be exact, and money and shares are always quoted).
  std::optional<std::string> quoted(const toml::node& node, const std::string& what, std::string_view example) {
    if (const auto* value = node.as_string()) return value->get();
    const char* written = node.is_floating_point() ? " is written as a floating-point number, which is not exact"
                          : node.is_integer()      ? " is written as a bare number"
                                                   : " is not text in quotes";
    field(line_of(node), what + written + "; write it in quotes, such as \"" + std::string(example) + "\"");
    return std::nullopt;
  }

  std::optional<Ratio> number(const toml::table& table, std::string_view key, const std::string& where, long where_line,
                              bool must, Number kind) {
    const toml::node* node = get(table, key, where, where_line, must);
    if (node == nullptr) return std::nullopt;
    const std::string what = where + ": '" + std::string(key) + "'";
    const auto written = quoted(*node, what, kind == Number::activity ? "480" : "20%");
    if (!written) return std::nullopt;
    const auto refuse = [&](const std::string& why) {
      field(line_of(*node), what + why);
      return std::optional<Ratio>();
    };
    if (kind == Number::activity && written->find('%') != std::string::npos)
      return refuse(" is '" + *written + "': activity is a number of events a year, such as \"480\"");
    auto parsed = ledger::parse_ratio(*written);
    if (!parsed) return refuse(": " + parsed.error().message);
    if (*parsed < 0) return refuse(" is " + *written + ", below zero");
    if (kind != Number::activity && *parsed > 1)
      return refuse(" is " + ledger::format_percent(*parsed, kPercentPlaces) +
                    (kind == Number::share ? "; a share is from 0% to 100%" : "; a rate is from 0% to 100% a year"));
    return *parsed;
  }

  std::optional<Money> money(const toml::table& table, std::string_view key, const std::string& where,
                             long where_line) {
    const toml::node* node = get(table, key, where, where_line, true);
    if (node == nullptr) return std::nullopt;
    const std::string what = where + ": '" + std::string(key) + "'";
    const auto written = quoted(*node, what, "2250.00");
    if (!written) return std::nullopt;
    auto parsed = Money::parse(*written);
    if (parsed && !parsed->is_negative() && *parsed <= ledger::kLargestAmount) return *parsed;
    field(line_of(*node), what + (!parsed ? ": " + parsed.error().message
                                          : " is " + parsed->to_report() + ": a unit cost is from £0.00 to " +
                                                ledger::kLargestAmount.to_report()));
    return std::nullopt;
  }

  std::optional<bool> flag(const toml::table& table, std::string_view key, const std::string& where, long where_line) {
    const toml::node* node = get(table, key, where, where_line, true);
    if (node == nullptr) return std::nullopt;
    if (const auto* value = node->as_boolean()) return value->get();
    field(line_of(*node), where + ": '" + std::string(key) + "' should be true or false");
    return std::nullopt;
  }

  // A whole number from `minimum` to kLastYear.
  std::optional<int> whole(const toml::table& table, std::string_view key, const std::string& where, long where_line,
                           bool must, int minimum) {
    const toml::node* node = get(table, key, where, where_line, must);
    if (node == nullptr) return std::nullopt;
    const auto* value = node->as_integer();
    if (value == nullptr || value->get() < minimum || value->get() > kLastYear) {
      field(line_of(*node), where + ": '" + std::string(key) + "' should be a whole number from " +
                                std::to_string(minimum) + " to " + std::to_string(kLastYear) + ", without quotes");
      return std::nullopt;
    }
    return static_cast<int>(value->get());
  }

  // An array of tables such as [[benefit]], at most `most` of them.
  std::vector<const toml::table*> tables(const toml::table& parent, std::string_view key, std::size_t most) {
    std::vector<const toml::table*> out;
    const toml::node* node = parent.get(key);
    if (node == nullptr) return out;
    const auto* array = node->as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
      field(line_of(*node), "'" + std::string(key) + "' should be written as [[" + std::string(key) + "]] tables");
      return out;
    }
    for (const toml::node& item : *array) {
      if (out.size() == most) {
        field(line_of(item), "there are more than " + std::to_string(most) + " [[" + std::string(key) +
                                 "]] tables here; poolbook reads at most " + std::to_string(most));
        break;
      }
      out.push_back(item.as_table());
    }
    return out;
  }

 private:
  std::string file_;
  std::vector<Finding> findings_;
};

void read_appraisal(Reader& reader, const toml::table& root, ValueCase& value_case) {
  const toml::node* node = root.get("appraisal");
  const toml::table* table = node == nullptr ? nullptr : node->as_table();
  if (table == nullptr) {
    reader.field(node == nullptr ? 1 : line_of(*node),
                 "the value case has no [appraisal] table: its name, first year and adjustments");
    return;
  }
  const std::string where = "[appraisal]";
  const long line = value_case.line = line_of(*table);
  reader.only_keys(*table,
                   {"name", "first_year", "discount_rate", "long_discount_rate", "long_rate_from", "deadweight",
                    "attribution", "displacement", "optimism_bias", "sensitivity"},
                   where);
  value_case.name = reader.text(*table, "name", where, line);
  if (const std::string year = reader.text(*table, "first_year", where, line); !year.empty()) {
    if (auto parsed = FinancialYear::parse(year))
      value_case.first_year = *parsed;
    else
      reader.field(line_of(*table->get("first_year")), where + ": 'first_year' " + parsed.error().message);
  }
  Adjustments& adjustments = value_case.adjustments;
  const auto share = [&](std::string_view key, bool must, Ratio& into) {
    if (auto value = reader.number(*table, key, where, line, must, Number::share)) into = *value;
  };
  share("deadweight", true, adjustments.deadweight);
  share("attribution", true, adjustments.attribution);
  share("displacement", false, adjustments.displacement);
  share("optimism_bias", true, adjustments.optimism_bias);
  share("sensitivity", false, value_case.sensitivity);
  if (auto rate = reader.number(*table, "discount_rate", where, line, false, Number::rate))
    value_case.discount_rate = *rate;
  if (auto rate = reader.number(*table, "long_discount_rate", where, line, false, Number::rate))
    value_case.long_discount_rate = *rate;
  value_case.long_rate_from =
      reader.whole(*table, "long_rate_from", where, line, false, 1).value_or(value_case.long_rate_from);
}

// The benefit's metric is one of the agreement's, in a unit that counts events.
void check_metric(Reader& reader, const ValueBenefit& benefit, long line, const contracts::Agreement& agreement,
                  const std::string& where) {
  const contracts::Metric* metric = agreement.find_metric(benefit.metric);
  if (metric == nullptr) {
    std::vector<std::string> known;
    for (const contracts::Metric& each : agreement.metrics) known.push_back(each.id);
    reader.report("value-case.reference", line,
                  where + " is realised by metric '" + benefit.metric + "', which the agreement does not have" +
                      suggestion(benefit.metric, known));
  } else if (metric->unit == contracts::MetricUnit::days || metric->unit == contracts::MetricUnit::score) {
    reader.report("value-case.reference", line,
                  where + " is realised by metric '" + benefit.metric + "', which is measured in " +
                      std::string(contracts::enum_word(metric->unit)) +
                      ": a change in it is not a number of events, so it cannot be turned into activity");
  }
}

ValueBenefit read_benefit(Reader& reader, const toml::table& table, const contracts::Agreement& agreement) {
  ValueBenefit benefit;
  benefit.line = line_of(table);
  benefit.id = reader.text(table, "id", "a [[benefit]]", benefit.line);
  const std::string where = "benefit '" + benefit.id + "'";
  reader.only_keys(table,
                   {"id", "name", "beneficiary", "cashable", "activity", "unit_cost", "first_year", "years",
                    "persistence", "decay", "metric"},
                   where);
  BenefitStream& stream = benefit.stream;
  stream.name = reader.text(table, "name", where, benefit.line);
  if (const std::string word = reader.text(table, "beneficiary", where, benefit.line); !word.empty()) {
    if (auto beneficiary = beneficiary_from_word(word))
      stream.beneficiary = *beneficiary;
    else
      reader.field(line_of(*table.get("beneficiary")),
                   where + ": 'beneficiary' is '" + word +
                       "', which is not one of: acute-nhs, community-nhs, social-care, other");
  }
  stream.cashable = reader.flag(table, "cashable", where, benefit.line).value_or(true);
  stream.activity = reader.number(table, "activity", where, benefit.line, true, Number::activity).value_or(Ratio(0));
  stream.unit_cost = reader.money(table, "unit_cost", where, benefit.line).value_or(Money{});
  stream.first_year = reader.whole(table, "first_year", where, benefit.line, false, 0).value_or(0);
  stream.years = reader.whole(table, "years", where, benefit.line, true, 1).value_or(1);
  stream.persistence = reader.whole(table, "persistence", where, benefit.line, false, 0).value_or(0);
  stream.decay = reader.number(table, "decay", where, benefit.line, false, Number::share).value_or(Ratio(0));
  if (const int last = stream.first_year + stream.years + stream.persistence - 1; last >= kLastYear)
    reader.field(benefit.line, where + " runs to year " + std::to_string(last) + ", beyond year " +
                                   std::to_string(kLastYear - 1) + ", the appraisal's last");
  benefit.metric = reader.text(table, "metric", where, benefit.line, false);
  if (!benefit.metric.empty()) check_metric(reader, benefit, line_at(table, "metric", benefit.line), agreement, where);
  return benefit;
}

void read_benefits(Reader& reader, const toml::table& root, const contracts::Agreement& agreement,
                   ValueCase& value_case) {
  for (const toml::table* table : reader.tables(root, "benefit", kMaxValueCaseBenefits)) {
    ValueBenefit benefit = read_benefit(reader, *table, agreement);
    if (const ValueBenefit* first = value_case.find_benefit(benefit.id); first != nullptr && !benefit.id.empty())
      reader.field(
          line_at(*table, "id", benefit.line),
          "benefit '" + benefit.id + "' is declared twice (first at line " + std::to_string(first->line) + ")");
    value_case.benefits.push_back(std::move(benefit));
  }
}

void read_shares(Reader& reader, const toml::table& table, const ValueCase& value_case, Intervention& intervention,
                 const std::string& where) {
  std::vector<std::string> known;
  for (const ValueBenefit& benefit : value_case.benefits) known.push_back(benefit.id);
  for (const toml::table* row : reader.tables(table, "benefit", kMaxValueCaseBenefits)) {
    MapShare share;
    const long row_line = line_of(*row);
    share.line = line_at(*row, "share", row_line);
    const long benefit_line = line_at(*row, "benefit", row_line);
    const std::string what = where + ": a share";
    reader.only_keys(*row, {"benefit", "share"}, what);
    share.benefit = reader.text(*row, "benefit", what, row_line);
    share.share = reader.number(*row, "share", what, row_line, true, Number::share).value_or(Ratio(0));
    if (!share.benefit.empty() && value_case.find_benefit(share.benefit) == nullptr)
      reader.report("value-case.reference", benefit_line,
                    where + " is given a share of benefit '" + share.benefit +
                        "', which the value case does not declare as a [[benefit]]" + suggestion(share.benefit, known));
    for (const MapShare& earlier : intervention.shares)
      if (!share.benefit.empty() && earlier.benefit == share.benefit)
        reader.field(benefit_line, where + " is given a share of benefit '" + share.benefit +
                                       "' twice (first at line " + std::to_string(earlier.line) + ")");
    intervention.shares.push_back(std::move(share));
  }
  if (intervention.shares.empty()) reader.field(intervention.line, where + " gives no [[intervention.benefit]] shares");
}

void read_interventions(Reader& reader, const toml::table& root, const contracts::Agreement& agreement,
                        ValueCase& value_case) {
  std::vector<std::string> schemes;
  for (const contracts::Scheme& scheme : agreement.schemes) schemes.push_back(scheme.id);
  for (const toml::table* table : reader.tables(root, "intervention", kMaxValueCaseInterventions)) {
    Intervention intervention;
    intervention.line = line_of(*table);
    intervention.scheme = reader.text(*table, "scheme", "an [[intervention]]", intervention.line);
    const std::string where = "the intervention of scheme " + intervention.scheme;
    const long scheme_line = line_at(*table, "scheme", intervention.line);
    reader.only_keys(*table, {"scheme", "benefit"}, where);
    if (!intervention.scheme.empty() && agreement.find_scheme(intervention.scheme) == nullptr)
      reader.report("value-case.reference", scheme_line,
                    "scheme " + intervention.scheme + " is not a scheme of the agreement" +
                        suggestion(intervention.scheme, schemes));
    if (const Intervention* first = value_case.find_intervention(intervention.scheme);
        first != nullptr && !intervention.scheme.empty())
      reader.field(scheme_line, "scheme " + intervention.scheme + " is mapped twice (first at line " +
                                    std::to_string(first->line) + "): give all its shares in one [[intervention]]");
    read_shares(reader, *table, value_case, intervention, where);
    value_case.interventions.push_back(std::move(intervention));
  }
}

// The key rule of the map: the schemes together deliver at most all of a benefit. Reported at
// the share that takes the benefit over 100%, with every scheme's share of it.
void check_shares(Reader& reader, const ValueCase& value_case) {
  for (const ValueBenefit& benefit : value_case.benefits) {
    Ratio total;
    long over_at = 0;
    std::string listed;
    for (const Intervention& intervention : value_case.interventions)
      for (const MapShare& share : intervention.shares) {
        if (share.benefit != benefit.id) continue;
        total += share.share;
        if (over_at == 0 && total > 1) over_at = share.line;
        listed += (listed.empty() ? "" : ", ") + intervention.scheme + " " +
                  ledger::format_percent(share.share, kPercentPlaces);
      }
    if (listed.empty())
      reader.report("value-case.reference", benefit.line,
                    "benefit '" + benefit.id + "' is given to no scheme in the map, so no appraisal counts it",
                    Severity::warning);
    if (over_at != 0)
      reader.report("value-case.share", over_at,
                    "the shares of benefit '" + benefit.id + "' (" + benefit.stream.name + ") add up to " +
                        ledger::format_percent(total, kPercentPlaces) + " across the interventions (" + listed +
                        "); the schemes cannot deliver more than all of it, 100%");
  }
}

Error roi_input(std::string message) { return make_error("roi.input", std::move(message)); }

// The schemes asked for, each once, in the order asked; every scheme of the map when none is.
Result<std::vector<std::string>> selected_schemes(const ValueCase& value_case, const contracts::Agreement& agreement,
                                                  const std::vector<std::string>& asked) {
  std::vector<std::string> out;
  for (const std::string& scheme : asked.empty() ? value_case_schemes(value_case) : asked) {
    if (value_case.find_intervention(scheme) == nullptr)
      return roi_input("scheme " + scheme + " is not in the value case " + value_case.file +
                       ": its map gives it no share of any benefit");
    if (agreement.find_scheme(scheme) == nullptr)
      return roi_input("scheme " + scheme + " of the value case is not a scheme of the agreement");
    if (std::find(out.begin(), out.end(), scheme) == out.end()) out.push_back(scheme);
  }
  return out;
}

// The selected schemes' shares of a benefit, added up; nullopt when none of them has one.
std::optional<Ratio> selected_share(const ValueCase& value_case, const std::vector<std::string>& selected,
                                    std::string_view benefit) {
  std::optional<Ratio> total;
  for (const Intervention& intervention : value_case.interventions) {
    if (std::find(selected.begin(), selected.end(), intervention.scheme) == selected.end()) continue;
    for (const MapShare& share : intervention.shares)
      if (share.benefit == benefit) total = total.value_or(Ratio(0)) + share.share;
  }
  return total;
}

// The schemes' budgets by appraisal year, from first_year to the last year any has a budget.
Result<std::vector<Money>> budgeted(const ValueCase& value_case, const contracts::Agreement& agreement,
                                    const std::vector<std::string>& selected) {
  std::map<int, ledger::MoneySum> by_year;
  for (const std::string& id : selected) {
    for (const auto& [year, amount] : agreement.find_scheme(id)->budget_annual) {  // selected_schemes checked it
      const int index = year.start_year() - value_case.first_year.start_year();
      if (index >= 0 && index < kLastYear) by_year[index] += amount;
    }
  }
  if (by_year.empty())
    return roi_input("the schemes appraised have no budget from " + value_case.first_year.to_string() +
                     " on, so there is no investment to appraise");
  std::vector<Money> investment(static_cast<std::size_t>(by_year.rbegin()->first) + 1);
  for (const auto& [index, sum] : by_year) investment[static_cast<std::size_t>(index)] = sum.total();
  return investment;
}

// The terms of [appraisal], and each benefit the selected schemes have a share of, its activity
// `activity_of(benefit)` times the sum of their shares.
template <typename ActivityOf>
AppraisalInputs mapped_inputs(const ValueCase& value_case, const std::vector<std::string>& selected,
                              ActivityOf activity_of) {
  AppraisalInputs inputs;
  inputs.adjustments = value_case.adjustments;
  inputs.discount_rate = value_case.discount_rate;
  inputs.long_discount_rate = value_case.long_discount_rate;
  inputs.long_rate_from = value_case.long_rate_from;
  for (const ValueBenefit& benefit : value_case.benefits)
    if (const auto share = selected_share(value_case, selected, benefit.id)) {
      BenefitStream stream = benefit.stream;
      stream.activity = activity_of(benefit) * *share;
      inputs.benefits.push_back(std::move(stream));
    }
  return inputs;
}

}  // namespace

const ValueBenefit* ValueCase::find_benefit(std::string_view id) const {
  for (const ValueBenefit& benefit : benefits)
    if (benefit.id == id) return &benefit;
  return nullptr;
}

const Intervention* ValueCase::find_intervention(std::string_view scheme) const {
  for (const Intervention& intervention : interventions)
    if (intervention.scheme == scheme) return &intervention;
  return nullptr;
}

LoadedValueCase load_value_case(const std::filesystem::path& file, const contracts::Agreement& agreement) {
  auto text = ledger::read_text_file(file, kMaxValueCaseFileBytes, "the value case");
  if (!text) return LoadedValueCase{std::nullopt, {Finding{Severity::error, text.error()}}};
  return load_value_case_text(*text, file.string(), agreement);
}

LoadedValueCase load_value_case_text(std::string_view text, std::string file_name,
                                     const contracts::Agreement& agreement) {
  LoadedValueCase loaded;
  const auto refuse = [&](std::string rule, long line, std::string message) {
    loaded.findings.push_back(Finding{Severity::error, Error{std::move(rule), std::move(message), file_name, line}});
    return loaded;
  };
  if (text.size() > kMaxValueCaseFileBytes)
    return refuse("toml.limits", 1,
                  "the value case is " + std::to_string(text.size()) + " bytes, more than the " +
                      std::to_string(kMaxValueCaseFileBytes) + " poolbook reads, so it is not read");
  if (const long line = line_beyond_key_parts(text); line != 0)
    return refuse("toml.limits", line,
                  "a key or table header has more than " + std::to_string(kMaxKeyParts) +
                      " dotted parts, so the value case is not read");
  toml::table root;
  try {
    root = toml::parse(text, file_name);
  } catch (const toml::parse_error& error) {
    return refuse("toml.syntax", static_cast<long>(error.source().begin.line), std::string(error.description()));
  }
  Reader reader(file_name);
  ValueCase value_case;
  value_case.file = file_name;
  reader.only_keys(root, {"appraisal", "benefit", "intervention"}, "the value case");
  read_appraisal(reader, root, value_case);
  read_benefits(reader, root, agreement, value_case);
  read_interventions(reader, root, agreement, value_case);
  check_shares(reader, value_case);
  loaded.findings = reader.take_findings();
  loaded.value_case = std::move(value_case);
  return loaded;
}

std::vector<std::string> value_case_schemes(const ValueCase& value_case) {
  std::vector<std::string> out;
  for (const Intervention& intervention : value_case.interventions)
    if (std::find(out.begin(), out.end(), intervention.scheme) == out.end()) out.push_back(intervention.scheme);
  return out;
}

Result<AppraisalInputs> planned_inputs(const ValueCase& value_case, const contracts::Agreement& agreement,
                                       const std::vector<std::string>& schemes) {
  auto selected = selected_schemes(value_case, agreement, schemes);
  if (!selected) return selected.error();
  auto investment = budgeted(value_case, agreement, *selected);
  if (!investment) return investment.error();
  AppraisalInputs inputs =
      mapped_inputs(value_case, *selected, [](const ValueBenefit& benefit) { return benefit.stream.activity; });
  inputs.investment = std::move(*investment);
  return inputs;
}

Result<AppraisalInputs> realised_inputs(const ValueCase& value_case, const contracts::Agreement& agreement,
                                        const std::vector<std::string>& schemes,
                                        const std::vector<Money>& spend_by_year,
                                        const std::map<std::string, Ratio>& realised_activity_by_benefit) {
  auto selected = selected_schemes(value_case, agreement, schemes);
  if (!selected) return selected.error();
  if (spend_by_year.empty()) return roi_input("there is no spend to appraise: give at least year 0's");
  for (const auto& [id, activity] : realised_activity_by_benefit)
    if (value_case.find_benefit(id) == nullptr)
      return roi_input("a realised activity is given for benefit '" + id + "', which the value case does not have");
  AppraisalInputs inputs = mapped_inputs(value_case, *selected, [&](const ValueBenefit& benefit) {
    const auto realised = realised_activity_by_benefit.find(benefit.id);
    return realised == realised_activity_by_benefit.end() ? Ratio(0) : realised->second;
  });
  inputs.investment = spend_by_year;
  for (BenefitStream& stream : inputs.benefits) {  // realised in year 0, persisting as planned
    stream.first_year = 0;
    stream.years = 1;
  }
  return inputs;
}

Ratio metric_movement(const contracts::Metric& metric, const Ratio& actual, std::optional<std::int64_t> denominator,
                      FinancialYear year) {
  if (!metric.baseline) return Ratio(0);
  const Ratio improvement = metric.direction == contracts::KpiDirection::lower ? Ratio(*metric.baseline - actual)
                                                                               : Ratio(actual - *metric.baseline);
  switch (metric.unit) {
    case contracts::MetricUnit::per_100000: {
      const std::int64_t people = denominator ? *denominator : metric.population_in(year).value_or(0);
      return improvement * people / 100000;
    }
    case contracts::MetricUnit::percent:
      return improvement * denominator.value_or(0);
    case contracts::MetricUnit::count:
      return improvement;
    case contracts::MetricUnit::days:
    case contracts::MetricUnit::score:
      return Ratio(0);
  }
  return Ratio(0);
}

}  // namespace poolbook::reports
