#pragma once
// The one reader of TOML inputs (an agreement, an import profile): parses the text, then reads
// tables and fields into a model and records a finding for every problem, with its file and
// line, instead of stopping at the first. Internal to contracts/.
//
//   std::vector<Finding> findings;
//   std::optional<toml::table> root = detail::parse_toml(text, "a.toml", findings);
//   detail::TomlReader reader("a.toml", "agreement", "the agreement format does");
//   const toml::table& header = *(*root)["agreement"].as_table();
//   std::string id = reader.text(header, "id", "[agreement]", detail::line_of(header));
//   // a missing id: "a.toml:1: [agreement] has no 'id' [agreement.field]"
//
// Guarantees: nothing is thrown for a bad input; every problem is one finding, at the line
// of the value (or of its table when the value is missing), under the input's own rules.

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/contracts/agreement/finding.hpp"
#include "poolbook/contracts/agreement/internal/toml_limits.hpp"
#include "poolbook/ledger/text/closest.hpp"
#include "poolbook/ledger/text/text_file.hpp"

namespace poolbook::contracts::detail {

using ledger::FinancialYear;

// The text parsed into a table, or nullopt and a finding ("toml.syntax") naming the file
// and line where the text stops being TOML.
inline std::optional<toml::table> parse_toml(std::string_view text, const std::string& file_name,
                                             std::vector<Finding>& findings) {
  // Checked before parsing: toml++ recurses on a key's parts and on nesting.
  if (const auto breach = toml_beyond_limits(text)) {
    findings.push_back(Finding{Severity::error,
                               Error{"toml.limits", breach->message + ", so it is not read", file_name, breach->line}});
    return std::nullopt;
  }
  try {
    return toml::parse(text, file_name);
  } catch (const toml::parse_error& error) {
    findings.push_back(Finding{Severity::error, Error{"toml.syntax", std::string(error.description()), file_name,
                                                      static_cast<long>(error.source().begin.line)}});
    return std::nullopt;
  }
}

inline long line_of(const toml::node& node) { return static_cast<long>(node.source().begin.line); }

// Reads a TOML input from a file of at most `max_bytes` and loads it with `load_text`
// (text, file name) -> Loaded; a file that cannot be read is a Loaded with that one finding.
template <typename Loaded, typename LoadText>
Loaded load_toml_file(const std::filesystem::path& file, std::uintmax_t max_bytes, const std::string& what,
                      LoadText load_text) {
  auto text = ledger::read_text_file(file, max_bytes, what);
  if (!text) {
    Loaded refused;
    refused.findings.push_back(Finding{Severity::error, text.error()});
    return refused;
  }
  return load_text(*text, file.string());
}

// Reads TOML values into a model, recording a finding for every problem instead of
// stopping at the first, so one run of `agreement check` (or one load of a profile) shows
// them all. Each input names its rules by its own prefix: a field of the wrong shape is
// "agreement.field" in an agreement and "profile.field" in an import profile.
class TomlReader {
 public:
  // `rules` is the prefix of every rule ("agreement"); `format` names the definition a key
  // is checked against, in "a key 'x' that FORMAT do(es) not define".
  TomlReader(std::string file_name, std::string rules, std::string format)
      : file_(std::move(file_name)), rules_(std::move(rules)), format_(std::move(format)) {}

  void report(std::string rule, long line, std::string message, Severity severity = Severity::error) {
    findings_.push_back(Finding{severity, Error{std::move(rule), std::move(message), file_, line}});
  }
  // A finding under this input's rule for a field of the wrong shape ("agreement.field").
  void report_field(long line, std::string message) { report(rule("field"), line, std::move(message)); }
  std::string rule(std::string_view kind) const { return rules_ + "." + std::string(kind); }
  std::vector<Finding> take_findings() { return std::move(findings_); }
  const std::string& file() const { return file_; }

  // Reports keys of a table that the format does not define: a typo must not drop a term.
  void only_keys(const toml::table& table, std::initializer_list<std::string_view> allowed, const std::string& where) {
    for (const auto& [key, value] : table) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
      const std::vector<std::string> keys(allowed.begin(), allowed.end());
      const auto meant = ledger::closest(key.str(), keys);
      report(rule("field"), line_of(value),
             where + " has a key '" + std::string(key.str()) + "' that " + format_ + " not define" +
                 (meant ? "; did you mean '" + *meant + "'?" : std::string()));
    }
  }

  const toml::node* required(const toml::table& table, std::string_view key, const std::string& where,
                             long where_line) {
    const toml::node* node = table.get(key);
    if (node == nullptr) report(rule("field"), where_line, where + " has no '" + std::string(key) + "'");
    return node;
  }

  std::string text(const toml::table& table, std::string_view key, const std::string& where, long where_line,
                   bool must = true) {
    const toml::node* node = must ? required(table, key, where, where_line) : table.get(key);
    if (node == nullptr) return {};
    std::optional<std::string> value = string(*node, where + ": '" + std::string(key) + "'");
    if (value && value->empty() && must)
      report(rule("field"), line_of(*node), where + ": '" + std::string(key) + "' is empty");
    return value.value_or(std::string{});
  }

  // Text in quotes; `what` names the value in the finding when it is something else.
  std::optional<std::string> string(const toml::node& node, const std::string& what) {
    if (const auto* value = node.as_string()) return value->get();
    report(rule("field"), line_of(node), what + " should be text in quotes");
    return std::nullopt;
  }

  // true or false under a key; `fallback` when absent or of another kind (reported).
  bool flag(const toml::table& table, std::string_view key, const std::string& where, bool fallback) {
    const toml::node* node = table.get(key);
    if (node == nullptr) return fallback;
    if (const auto* value = node->as_boolean()) return value->get();
    report(rule("field"), line_of(*node), where + ": '" + std::string(key) + "' should be true or false");
    return fallback;
  }

  std::vector<std::string> texts(const toml::table& table, std::string_view key, const std::string& where,
                                 long where_line, bool must = true, std::vector<long>* lines = nullptr) {
    std::vector<std::string> out;
    const toml::node* node = must ? required(table, key, where, where_line) : table.get(key);
    if (node == nullptr) return out;
    const auto* array = node->as_array();
    if (array == nullptr) {
      report(rule("field"), line_of(*node),
             where + ": '" + std::string(key) + "' should be a list of text, e.g. [\"...\"]");
      return out;
    }
    for (const toml::node& item : *array) {
      if (const auto* value = item.as_string()) {
        out.push_back(value->get());
        if (lines != nullptr) lines->push_back(line_of(item));
      } else
        report(rule("field"), line_of(item), where + ": every item of '" + std::string(key) + "' should be text");
    }
    if (must && out.empty()) report(rule("field"), line_of(*node), where + ": '" + std::string(key) + "' is empty");
    return out;
  }

  template <typename Enum>
  Enum choice(const toml::table& table, std::string_view key, const std::string& where, long where_line, Enum fallback,
              bool must = true) {
    const toml::node* node = table.get(key);
    if (node == nullptr && !must) return fallback;
    const std::string word = text(table, key, where, where_line, must);
    if (word.empty()) return fallback;
    if (auto value = enum_from_word<Enum>(word)) return *value;
    report(rule("field"), line_of(*node),
           where + ": '" + std::string(key) + "' is '" + word + "', which is not one of: " + enum_words_list<Enum>());
    return fallback;
  }

  std::optional<Money> money(const toml::node& node, const std::string& what) {
    if (node.is_floating_point() || node.is_integer()) {
      report(rule("money"), line_of(node),
             what + " is written as a number; write money as a decimal string such as \"1250000.00\"");
      return std::nullopt;
    }
    const auto* value = node.as_string();
    if (value == nullptr) {
      report(rule("money"), line_of(node), what + " should be an amount of money such as \"1250000.00\"");
      return std::nullopt;
    }
    auto parsed = Money::parse(value->get());
    if (!parsed) {
      report(rule("money"), line_of(node), what + ": " + parsed.error().message);
      return std::nullopt;
    }
    if (parsed->abs() > ledger::kLargestAmount) {
      report(rule("money"), line_of(node),
             what + " is " + parsed->to_report() + ", above the largest amount poolbook accepts (" +
                 ledger::kLargestAmount.to_report() + ")");
      return std::nullopt;
    }
    return *parsed;
  }

  std::optional<Money> money(const toml::table& table, std::string_view key, const std::string& where,
                             long where_line) {
    const toml::node* node = required(table, key, where, where_line);
    if (node == nullptr) return std::nullopt;
    return money(*node, where + ": '" + std::string(key) + "'");
  }

  std::optional<Date> date_value(const toml::node& node, const std::string& what) {
    if (const auto* value = node.as_date()) {
      const toml::date& got = value->get();
      const Date day{date::year(got.year), date::month(got.month), date::day(got.day)};
      if (day.ok()) return day;
    }
    report(rule("date"), line_of(node), what + " should be a date written like 2025-04-01 (without quotes)");
    return std::nullopt;
  }

  Date date_field(const toml::table& table, std::string_view key, const std::string& where, long where_line) {
    const toml::node* node = required(table, key, where, where_line);
    if (node == nullptr) return {};
    return date_value(*node, where + ": '" + std::string(key) + "'").value_or(Date{});
  }

  std::optional<FinancialYear> year(const toml::table& table, std::string_view key, const std::string& where,
                                    long where_line) {
    const std::string word = text(table, key, where, where_line);
    if (word.empty()) return std::nullopt;
    auto parsed = FinancialYear::parse(word);
    if (!parsed) {
      report(rule("date"), line_of(*table.get(key)), where + ": " + parsed.error().message);
      return std::nullopt;
    }
    return *parsed;
  }

  std::optional<Ratio> ratio(const toml::node& node, const std::string& what) {
    if (node.is_floating_point()) {
      report(rule("field"), line_of(node),
             what + " is written as a floating-point number; write it as a string such as \"0.08\" or \"1/12\"");
      return std::nullopt;
    }
    const auto* value = node.as_string();
    if (value == nullptr) {
      report(rule("field"), line_of(node), what + " should be a ratio in quotes such as \"0.08\" or \"1/12\"");
      return std::nullopt;
    }
    auto parsed = ledger::parse_ratio(value->get());
    if (!parsed) {
      report(rule("field"), line_of(node), what + ": " + parsed.error().message);
      return std::nullopt;
    }
    return *parsed;
  }

  // A ratio under a key ("10%", "0.85", "1/12"); nullopt (reported if required) when absent.
  std::optional<Ratio> ratio_field(const toml::table& table, std::string_view key, const std::string& where,
                                   long where_line, bool must) {
    const toml::node* node = must ? required(table, key, where, where_line) : table.get(key);
    if (node == nullptr) return std::nullopt;
    return ratio(*node, where + ": '" + std::string(key) + "'");
  }

  // A table of financial years to values: { "2025/26" = "8918450.00", ... }; `example` is the
  // table written out in the finding when the value is not a table. `read` is called with
  // each year, its node and the words naming it ("scheme S01: budget for 2025/26"); a year
  // that is not one is reported and skipped.
  template <typename Read>
  void by_year(const toml::table& table, std::string_view key, const std::string& where, long where_line, bool must,
               std::string_view example, Read read) {
    const toml::node* node = must ? required(table, key, where, where_line) : table.get(key);
    if (node == nullptr) return;
    const auto* years = node->as_table();
    if (years == nullptr) {
      report(rule("field"), line_of(*node),
             where + ": '" + std::string(key) + "' should be a table of years, e.g. " + std::string(example));
      return;
    }
    for (const auto& [year_text, value] : *years) {
      auto year = FinancialYear::parse(year_text.str());
      if (!year) {
        report(rule("date"), line_of(value), where + ": " + std::string(key) + " year: " + year.error().message);
        continue;
      }
      read(*year, value, where + ": " + std::string(key) + " for " + year->to_string());
    }
  }

  // A table of financial years to amounts: { "2025/26" = "8918450.00", ... }.
  std::map<FinancialYear, Money> money_by_year(const toml::table& table, std::string_view key, const std::string& where,
                                               long where_line, bool must) {
    std::map<FinancialYear, Money> out;
    by_year(table, key, where, where_line, must, "{ \"2025/26\" = \"1000.00\" }",
            [&](FinancialYear year, const toml::node& value, const std::string& what) {
              if (auto amount = money(value, what)) out[year] = *amount;
            });
    return out;
  }

  // A whole number, at least `minimum`.
  std::optional<std::int64_t> whole_number(const toml::node& node, const std::string& what, std::int64_t minimum) {
    const auto* value = node.as_integer();
    if (value == nullptr || value->get() < minimum) {
      report(rule("field"), line_of(node), what + " should be a whole number of at least " + std::to_string(minimum));
      return std::nullopt;
    }
    return value->get();
  }

  // An array of tables such as [[partner]]; reports a value of the wrong shape.
  std::vector<const toml::table*> tables(const toml::table& parent, std::string_view key) {
    std::vector<const toml::table*> out;
    const toml::node* node = parent.get(key);
    if (node == nullptr) return out;
    const auto* array = node->as_array();
    if (array == nullptr) {
      report(rule("field"), line_of(*node),
             "'" + std::string(key) + "' should be written as [[" + std::string(key) + "]] tables");
      return out;
    }
    for (const toml::node& item : *array) {
      if (const auto* table = item.as_table())
        out.push_back(table);
      else
        report(rule("field"), line_of(item), "each '" + std::string(key) + "' should be a table");
    }
    return out;
  }

 private:
  std::string file_;
  std::string rules_;
  std::string format_;
  std::vector<Finding> findings_;
};

}  // namespace poolbook::contracts::detail
