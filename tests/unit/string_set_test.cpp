// StringSet: the compact set the importer uses to find a reference repeated within a file.
#include "poolbook/contracts/imports/internal/string_set.hpp"
#include "poolbook/ledger/text/text_list.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <unordered_set>

using poolbook::ledger::StringSet;

TEST_CASE("a string set says whether it has seen a string, exactly") {
  StringSet seen;
  CHECK_FALSE(seen.contains("GL-000000001"));
  CHECK(seen.insert("GL-000000001"));
  CHECK_FALSE(seen.insert("GL-000000001"));
  CHECK(seen.contains("GL-000000001"));
  CHECK_FALSE(seen.contains("GL-000000002"));
  CHECK_FALSE(seen.contains("GL-00000000"));  // a prefix is another string
  CHECK(seen.insert(""));                     // the empty string is a string
  CHECK(seen.contains(""));
  CHECK(seen.insert(std::string("a\0b", 3)));  // bytes, not C strings
  CHECK_FALSE(seen.contains("a"));
  CHECK(seen.size() == 3);
}

TEST_CASE("a string set agrees with std::unordered_set over many strings, across blocks and growth") {
  StringSet seen;
  std::unordered_set<std::string> model;
  std::mt19937 random(75);
  std::uniform_int_distribution<int> length(0, 40);
  std::uniform_int_distribution<int> letter('a', 'e');  // few letters, so repeats are common
  for (int i = 0; i < 200'000; ++i) {
    std::string text(static_cast<std::size_t>(length(random) % (i % 7 == 0 ? 4 : 41)), ' ');
    for (char& c : text) c = static_cast<char>(letter(random));
    REQUIRE(seen.contains(text) == model.contains(text));
    REQUIRE(seen.insert(text) == model.insert(text).second);
  }
  CHECK(seen.size() == model.size());
  for (const std::string& text : model) REQUIRE(seen.contains(text));
}

TEST_CASE("a string longer than a block is kept apart and still found") {
  StringSet seen;
  const std::string huge(2 * 1024 * 1024, 'x');
  CHECK(seen.insert(huge));
  CHECK_FALSE(seen.insert(huge));
  CHECK(seen.contains(huge));
  CHECK_FALSE(seen.contains(huge.substr(1)));
  CHECK(seen.insert("short"));
  CHECK(seen.size() == 2);
}

TEST_CASE("a list in one field: items between commas, trimmed, empty ones left out") {
  using poolbook::ledger::split_list;
  CHECK(split_list("county, icb") == std::vector<std::string>{"county", "icb"});
  CHECK(split_list(" 2025/26 M11 ,,2025/26 M12, ") == std::vector<std::string>{"2025/26 M11", "2025/26 M12"});
  CHECK(split_list("").empty());
  CHECK(split_list(" , ").empty());
}
