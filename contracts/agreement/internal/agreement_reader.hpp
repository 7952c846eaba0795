#pragma once
// The reader shared by the parts of the agreement loader: reads TOML values into the model
// and records a finding for every problem, with its line, instead of stopping at the first.
// Internal to contracts/.

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "poolbook/contracts/agreement/agreement.hpp"
#include "poolbook/contracts/agreement/finding.hpp"

namespace poolbook::contracts::detail {

using ledger::FinancialYear;

inline long line_of(const toml::node& node) { return static_cast<long>(node.source().begin.line); }

// Reads TOML values into the model, recording a finding for every problem instead of
// stopping at the first, so one run of `agreement check` shows them all.
class Reader {
 public:
  explicit Reader(std::string file_name) : file_(std::move(file_name)) {}

  void report(std::string rule, long line, std::string message, Severity severity = Severity::error) {
    findings_.push_back(Finding{severity, Error{std::move(rule), std::move(message), file_, line}});
  }
  std::vector<Finding> take_findings() { return std::move(findings_); }
  const std::string& file() const { return file_; }

  // Reports keys of a table that the format does not define: a typo must not drop a term.
  void only_keys(const toml::table& table, std::initializer_list<std::string_view> allowed, const std::string& where) {
    for (const auto& [key, value] : table) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
      report("agreement.field", line_of(value),
             where + " has a key '" + std::string(key.str()) + "' that the agreement format does not define");
    }
  }

  const toml::node* required(const toml::table& table, std::string_view key, const std::string& where,
                             long where_line) {
    const toml::node* node = table.get(key);
    if (node == nullptr) report("agreement.field", where_line, where + " has no '" + std::string(key) + "'");
    return node;
  }

  std::string text(const toml::table& table, std::string_view key, const std::string& where, long where_line,
                   bool must = true) {
    const toml::node* node = must ? required(table, key, where, where_line) : table.get(key);
    if (node == nullptr) return {};
    if (const auto* value = node->as_string()) {
      if (value->get().empty() && must)
        report("agreement.field", line_of(*node), where + ": '" + std::string(key) + "' is empty");
      return value->get();
    }
    report("agreement.field", line_of(*node), where + ": '" + std::string(key) + "' should be text in quotes");
    return {};
  }

  std::vector<std::string> texts(const toml::table& table, std::string_view key, const std::string& where,
                                 long where_line, bool must = true, std::vector<long>* lines = nullptr) {
    std::vector<std::string> out;
    const toml::node* node = must ? required(table, key, where, where_line) : table.get(key);
    if (node == nullptr) return out;
    const auto* array = node->as_array();
    if (array == nullptr) {
      report("agreement.field", line_of(*node),
             where + ": '" + std::string(key) + "' should be a list of text, e.g. [\"...\"]");
      return out;
    }
    for (const toml::node& item : *array) {
      if (const auto* value = item.as_string()) {
        out.push_back(value->get());
        if (lines != nullptr) lines->push_back(line_of(item));
      } else
        report("agreement.field", line_of(item), where + ": every item of '" + std::string(key) + "' should be text");
    }
    if (must && out.empty()) report("agreement.field", line_of(*node), where + ": '" + std::string(key) + "' is empty");
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
    report("agreement.field", line_of(*node),
           where + ": '" + std::string(key) + "' is '" + word + "', which is not one of: " + enum_words_list<Enum>());
    return fallback;
  }

  std::optional<Money> money(const toml::node& node, const std::string& what) {
    if (node.is_floating_point() || node.is_integer()) {
      report("agreement.money", line_of(node),
             what + " is written as a number; write money as a decimal string such as \"1250000.00\"");
      return std::nullopt;
    }
    const auto* value = node.as_string();
    if (value == nullptr) {
      report("agreement.money", line_of(node), what + " should be an amount of money such as \"1250000.00\"");
      return std::nullopt;
    }
    auto parsed = Money::parse(value->get());
    if (!parsed) {
      report("agreement.money", line_of(node), what + ": " + parsed.error().message);
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
    report("agreement.date", line_of(node), what + " should be a date written like 2025-04-01 (without quotes)");
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
      report("agreement.date", line_of(*table.get(key)), where + ": " + parsed.error().message);
      return std::nullopt;
    }
    return *parsed;
  }

  std::optional<Ratio> ratio(const toml::node& node, const std::string& what) {
    if (node.is_floating_point()) {
      report("agreement.field", line_of(node),
             what + " is written as a floating-point number; write it as a string such as \"0.08\" or \"1/12\"");
      return std::nullopt;
    }
    const auto* value = node.as_string();
    if (value == nullptr) {
      report("agreement.field", line_of(node), what + " should be a ratio in quotes such as \"0.08\" or \"1/12\"");
      return std::nullopt;
    }
    auto parsed = ledger::parse_ratio(value->get());
    if (!parsed) {
      report("agreement.field", line_of(node), what + ": " + parsed.error().message);
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

  // A table of financial years to amounts: { "2025/26" = "8918450.00", ... }.
  std::map<FinancialYear, Money> money_by_year(const toml::table& table, std::string_view key, const std::string& where,
                                               long where_line, bool must) {
    std::map<FinancialYear, Money> out;
    const toml::node* node = must ? required(table, key, where, where_line) : table.get(key);
    if (node == nullptr) return out;
    const auto* years = node->as_table();
    if (years == nullptr) {
      report("agreement.field", line_of(*node),
             where + ": '" + std::string(key) + "' should be a table of years, e.g. { \"2025/26\" = \"1000.00\" }");
      return out;
    }
    for (const auto& [year_text, value] : *years) {
      auto year = FinancialYear::parse(year_text.str());
      if (!year) {
        report("agreement.date", line_of(value), where + ": " + std::string(key) + " year: " + year.error().message);
        continue;
      }
      if (auto amount = money(value, where + ": " + std::string(key) + " for " + year->to_string()))
        out[*year] = *amount;
    }
    return out;
  }

  // A whole number, at least `minimum`.
  std::optional<std::int64_t> whole_number(const toml::node& node, const std::string& what, std::int64_t minimum) {
    const auto* value = node.as_integer();
    if (value == nullptr || value->get() < minimum) {
      report("agreement.field", line_of(node),
             what + " should be a whole number of at least " + std::to_string(minimum));
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
      report("agreement.field", line_of(*node),
             "'" + std::string(key) + "' should be written as [[" + std::string(key) + "]] tables");
      return out;
    }
    for (const toml::node& item : *array) {
      if (const auto* table = item.as_table())
        out.push_back(table);
      else
        report("agreement.field", line_of(item), "each '" + std::string(key) + "' should be a table");
    }
    return out;
  }

 private:
  std::string file_;
  std::vector<Finding> findings_;
};

// Each part of the file has its reader; they live in the files named.
void read_risk_shares(Reader& reader, const toml::table& root, Agreement& agreement);  // risk_share_reader.cpp
void read_contracts(Reader& reader, const toml::table& root, Agreement& agreement);    // contract_reader.cpp
void read_governance(Reader& reader, const toml::table& root, Agreement& agreement);   // governance_reader.cpp

}  // namespace poolbook::contracts::detail
