#pragma once
// What the end-to-end tests of the books share: scratch books removed when a test ends, the
// Northshire books created by its pool manager, and a varied copy of its agreement.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "run_program.hpp"

namespace poolbook::testing {

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A books file in the temporary folder, removed with its WAL files when the test ends,
// even when a REQUIRE stops it early.
struct ScratchStore {
  explicit ScratchStore(const std::string& name)
      : path(
            (std::filesystem::temp_directory_path() / ("poolbook-e2e-" + name + "-" + std::to_string(getpid()) + ".db"))
                .string()) {}
  ScratchStore(const ScratchStore&) = delete;
  ScratchStore& operator=(const ScratchStore&) = delete;
  ~ScratchStore() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
  std::string path;
};

// A copy of the Northshire area whose agreement maps the account running the tests to every
// person (tests/e2e/map_account.sh), so that the tests choose who acts with --as, as one
// account mapped to several persons does; made once per test program, removed at its end.
// The tests of identity itself run the program as separate accounts (identity.sh).
struct MappedArea {
  MappedArea() {
    const auto made = run_program(POOLBOOK_MAP_ACCOUNT, {POOLBOOK_FIXTURES_DIR "/northshire", folder.string()});
    if (made.exit_code != 0) throw std::runtime_error("map_account.sh failed: " + made.err);
  }
  MappedArea(const MappedArea&) = delete;
  MappedArea& operator=(const MappedArea&) = delete;
  ~MappedArea() { std::filesystem::remove_all(folder); }
  std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("poolbook-e2e-area-" + std::to_string(getpid()));
};

// The mapped Northshire agreement (beside its profiles/ and inbox/).
inline std::string northshire_agreement() {
  static const MappedArea area;
  return (area.folder / "agreement.toml").string();
}

// Books for the Northshire agreement, created by its pool manager.
inline void init_northshire(const std::string& store) {
  REQUIRE(run_program(POOLBOOK_CLI,
                      {"init", "--agreement", northshire_agreement(), "--store", store, "--as", "pool.manager"})
              .exit_code == 0);
}

// The (mapped, unless another source is given) Northshire agreement with one exact text
// replaced, written to a scratch file beside the mapped one.
inline std::string northshire_with(const std::string& from, const std::string& to,
                                   const std::string& source = northshire_agreement()) {
  std::string text = read_text(source);
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  const auto path = std::filesystem::path(northshire_agreement()).parent_path() / "varied.toml";
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

// Matches text with a line holding these fields in this order, separated by spaces only
// (a table's row, whatever its columns' widths): HasRow({"r.osei", "period-reopening"}).
class HasRow : public Catch::MatcherBase<std::string> {
 public:
  explicit HasRow(std::vector<std::string> fields) : fields_(std::move(fields)) {}
  bool match(const std::string& text) const override {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
      for (std::size_t start = line.find(fields_.front()); start != std::string::npos;
           start = line.find(fields_.front(), start + 1))
        if (fields_follow(line, start)) return true;
    return false;
  }
  std::string describe() const override {
    std::string row;
    for (const auto& field : fields_) row += (row.empty() ? "" : " ") + field;
    return "has a row \"" + row + "\"";
  }

 private:
  bool fields_follow(const std::string& line, std::size_t at) const {
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      if (line.compare(at, fields_[i].size(), fields_[i]) != 0) return false;
      at += fields_[i].size();
      if (i + 1 == fields_.size()) break;
      const std::size_t next = line.find_first_not_of(' ', at);
      if (next == at || next == std::string::npos) return false;
      at = next;
    }
    return true;
  }
  std::vector<std::string> fields_;
};

}  // namespace poolbook::testing
