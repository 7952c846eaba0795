#pragma once
// What the end-to-end tests of the books share: scratch books removed when a test ends, the
// Northshire books created by its pool manager, and a varied copy of its agreement.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

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

// Books for the Northshire agreement, created by its pool manager.
inline void init_northshire(const std::string& store) {
  REQUIRE(run_program(POOLBOOK_CLI, {"init", "--agreement", POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml",
                                     "--store", store, "--as", "pool.manager"})
              .exit_code == 0);
}

// The Northshire agreement with one exact text replaced, written to a scratch file.
inline std::string northshire_with(const std::string& from, const std::string& to) {
  std::string text = read_text(POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml");
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  const auto path = std::filesystem::temp_directory_path() / ("poolbook-e2e-" + std::to_string(getpid()) + ".toml");
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

}  // namespace poolbook::testing
