// A crash in the middle of an import leaves the books exactly as they were: the test
// starts an import of a large file in a child process, kills it (SIGKILL) while its
// transaction is being written, and inspects the store.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "poolbook/contracts/agreement/agreement_loader.hpp"
#include "poolbook/contracts/agreement/chart_of_accounts.hpp"
#include "poolbook/contracts/imports/importer.hpp"
#include "poolbook/ledger/journal/audit_chain.hpp"
#include "poolbook/ledger/store/sqlite_store.hpp"

using namespace poolbook::contracts;
using namespace poolbook::ledger;

namespace {

const char* kProfile = R"(
[profile]
name = "gl"
source = "gl-draws"
arrangement = "bcf-pool"
[format]
date_format = "yyyy-mm-dd"
[columns]
date = "date"
amount = "amount"
scheme = "scheme"
reference = "ref"
)";

std::string large_file(int rows) {
  std::string csv = "date,ref,scheme,amount\n";
  for (int i = 0; i < rows; ++i)
    csv += "2025-10-" + std::string(i % 28 < 9 ? "0" : "") + std::to_string(i % 28 + 1) + ",GL-" + std::to_string(i) +
           ",S" + (i % 20 < 9 ? "0" : "") + std::to_string(i % 20 + 1) + ",123.45\n";
  return csv;
}

std::uintmax_t size_or_zero(const std::filesystem::path& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  return error ? 0 : size;
}

}  // namespace

TEST_CASE("an import killed mid-transaction leaves nothing half-posted") {
  const LoadedAgreement loaded = load_agreement(POOLBOOK_FIXTURES_DIR "/northshire/agreement.toml");
  REQUIRE(loaded.valid());
  const ImportProfile profile = *load_import_profile_text(kProfile, "gl.toml").profile;
  const auto path = std::filesystem::temp_directory_path() / ("poolbook-crash-" + std::to_string(getpid()) + ".db");
  {
    auto store = std::move(open_sqlite_store(path)).value();
    for (const Account& account : chart_of_accounts(*loaded.agreement)) REQUIRE(store->open_account(account));
    REQUIRE(import_text(*loaded.agreement, profile, *store, large_file(10), "before.csv", "r.osei"));
  }
  const std::string csv = large_file(400'000);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto store = std::move(open_sqlite_store(path)).value();
    auto imported = import_text(*loaded.agreement, profile, *store, csv, "big.csv", "r.osei");
    _exit(imported ? 0 : 1);
  }
  // Wait until the child's transaction has spilled pages into the write-ahead log, then kill it.
  const auto wal = std::filesystem::path(path.string() + "-wal");
  const auto baseline = size_or_zero(wal);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  int status = 0;
  bool finished = false;
  while (size_or_zero(wal) < baseline + 512 * 1024 && std::chrono::steady_clock::now() < deadline) {
    if (waitpid(child, &status, WNOHANG) == child) {
      finished = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  REQUIRE_FALSE(finished);  // the import must still be running when it is killed
  kill(child, SIGKILL);
  waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status));

  auto store = std::move(open_sqlite_store(path)).value();
  CHECK(store->entries(std::nullopt, 100).size() == 10);  // only the earlier import
  CHECK_FALSE(store->imported(sha256_hex(csv)));
  CHECK(store->verify().problem == "");
  auto again = import_text(*loaded.agreement, profile, *store, csv.substr(0, 2000), "small.csv", "r.osei");
  REQUIRE(again);
  CHECK(again->quarantined.size() == 10);  // GL-0..GL-9 were posted by the earlier import
  store.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}
