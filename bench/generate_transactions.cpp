// Writes N synthetic general-ledger draws of the Northshire example area's shape, twice:
// as a CSV extract for poolbook's bench profile and as the equivalent ledger-cli journal,
// so both tools are measured on the same transactions.
//
//   bench_generate 1000000 /tmp/bench   # -> /tmp/bench/draws.csv, /tmp/bench/draws.ledger
//
// Deterministic: the same N gives the same files.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <date/date.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: bench_generate ROWS DIRECTORY\n");
    return 2;
  }
  const long rows = std::stol(argv[1]);
  const std::filesystem::path directory = argv[2];
  std::filesystem::create_directories(directory);
  std::ofstream csv(directory / "draws.csv", std::ios::binary);
  std::ofstream journal(directory / "draws.ledger", std::ios::binary);
  csv << "date,reference,scheme,amount\n";
  std::mt19937_64 random(20250401);
  std::uniform_int_distribution<int> scheme(1, 20);
  std::uniform_int_distribution<std::int64_t> pence(1'000, 2'500'000);
  const date::sys_days first{date::year(2025) / date::April / 1};
  char line[256];
  for (long i = 0; i < rows; ++i) {
    const auto day = date::year_month_day{first + date::days{i * 365 / rows}};
    const int scheme_number = scheme(random);
    const std::int64_t amount = pence(random);
    const unsigned year = static_cast<unsigned>(static_cast<int>(day.year()));
    const unsigned month = static_cast<unsigned>(day.month());
    const unsigned dd = static_cast<unsigned>(day.day());
    const long pounds = static_cast<long>(amount / 100);
    const int pennies = static_cast<int>(amount % 100);
    std::snprintf(line, sizeof line, "%04u-%02u-%02u,GL-%09ld,S%02d,%ld.%02d\n", year, month, dd, i, scheme_number,
                  pounds, pennies);
    csv << line;
    std::snprintf(line, sizeof line,
                  "%04u-%02u-%02u * draw GL-%09ld\n    pool:bcf-pool:scheme:S%02d    GBP %ld.%02d\n"
                  "    pool:bcf-pool:bank    GBP -%ld.%02d\n\n",
                  year, month, dd, i, scheme_number, pounds, pennies, pounds, pennies);
    journal << line;
  }
  return 0;
}
