// "Did you mean": the closest word within a third of the word's length in edits.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "poolbook/ledger/text/closest.hpp"

using poolbook::ledger::closest;

TEST_CASE("a mistyped word is matched to the word meant, and an unrelated one to nothing") {
  const std::vector<std::string> commands{"balance", "journal", "verify", "export", "import", "init"};
  CHECK(closest("balnce", commands) == std::optional<std::string>("balance"));   // a letter left out
  CHECK(closest("blaance", commands) == std::optional<std::string>("balance"));  // two letters swapped
  CHECK(closest("Verify", commands) == std::optional<std::string>("verify"));    // case ignored
  CHECK(closest("exprot", commands) == std::optional<std::string>("export"));
  CHECK(closest("ledger", commands) == std::nullopt);
  CHECK(closest("xyz", commands) == std::nullopt);
  CHECK(closest("", commands) == std::nullopt);
  CHECK(closest(std::string(100, 'a'), commands) == std::nullopt);
}
