#include "arguments.hpp"

#include <set>

namespace poolbook::cli {

Result<std::pair<std::string, std::string>> name_value(const std::string& text, std::string_view shape,
                                                       std::string_view example, const std::string& rule) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size())
    return make_error(rule, "'" + text + "' should be " + std::string(shape) + ", e.g. " + std::string(example));
  return std::make_pair(text.substr(0, equals), text.substr(equals + 1));
}

Result<std::vector<std::pair<std::string, std::string>>> name_values(const std::vector<std::string>& texts,
                                                                     std::string_view shape, std::string_view example,
                                                                     const std::string& rule) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::set<std::string> seen;
  for (const std::string& text : texts) {
    auto pair = name_value(text, shape, example, rule);
    if (!pair) return pair.error();
    if (!seen.insert(pair->first).second) return make_error(rule, "the value of " + pair->first + " is given twice");
    pairs.push_back(std::move(pair).value());
  }
  return pairs;
}

Result<std::vector<std::pair<std::string, bool>>> performance_given(const std::vector<std::string>& texts,
                                                                    const std::string& rule) {
  auto pairs = name_values(texts, "ELEMENT=met|missed", "NEA-65=missed", rule);
  if (!pairs) return pairs.error();
  std::vector<std::pair<std::string, bool>> out;
  for (const auto& [element, result] : *pairs) {
    if (result != "met" && result != "missed")
      return make_error(rule, "the result of " + element + " should be met or missed, not '" + result + "'");
    out.emplace_back(element, result == "met");
  }
  return out;
}

}  // namespace poolbook::cli
