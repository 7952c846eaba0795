// Writes N synthetic general-ledger draws of the Northshire example area's shape, three
// times: as a CSV extract for poolbook's bench profile, as the equivalent journal for
// ledger-cli and hledger, and as the same for beancount, so every tool is measured on the
// same transactions.
//
//   bench_generate 1000000 /tmp/bench   # -> draws.csv, draws.ledger, draws.beancount
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
  char line[256];
  std::ofstream csv(directory / "draws.csv", std::ios::binary);
  std::ofstream journal(directory / "draws.ledger", std::ios::binary);
  std::ofstream beancount(directory / "draws.beancount", std::ios::binary);
  csv << "date,reference,scheme,amount\n";
  beancount << "option \"operating_currency\" \"GBP\"\n2025-04-01 open Assets:BcfPool:Bank GBP\n";
  for (int s = 1; s <= 20; ++s) {
    std::snprintf(line, sizeof line, "2025-04-01 open Expenses:BcfPool:Scheme:S%02d GBP\n", s);
    beancount << line;
  }
  beancount << "\n";
  std::mt19937_64 random(20250401);
  std::uniform_int_distribution<int> scheme(1, 20);
  std::uniform_int_distribution<std::int64_t> pence(1'000, 2'500'000);
  const date::sys_days first{date::year(2025) / date::April / 1};
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
    std::snprintf(line, sizeof line,
                  "%04u-%02u-%02u * \"draw GL-%09ld\"\n  Expenses:BcfPool:Scheme:S%02d  %ld.%02d GBP\n"
                  "  Assets:BcfPool:Bank  -%ld.%02d GBP\n\n",
                  year, month, dd, i, scheme_number, pounds, pennies, pounds, pennies);
    beancount << line;
  }
  return 0;
}
