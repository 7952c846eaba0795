// poolbookd's parts, with worked figures: when a month closes, the status page's address, the
// records' clock under --now, and a turn on the Northshire books read back as the status page
// and /metrics show it.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "../books/northshire_books.hpp"
#include "poolbook/ledger/calendar/london_clock.hpp"
#include "poolbook/ledger/calendar/timestamp.hpp"
#include "poolbookd/config.hpp"
#include "poolbookd/cycle.hpp"
#include "poolbookd/state.hpp"
#include "poolbookd/status.hpp"

namespace {

using namespace poolbook;
using namespace date::literals;
namespace fs = std::filesystem;

ledger::Period month(int year, int number) {
  return ledger::Period(ledger::FinancialYear(year), ledger::FinancialMonth(number));
}

std::string utc_minute(daemon::Clock::time_point at) {
  return date::format("%Y-%m-%d %H:%M", std::chrono::floor<std::chrono::minutes>(at));
}

// A scratch folder with an inbox and an outbox, removed at the end.
struct Folders {
  fs::path root = fs::temp_directory_path() / ("poolbookd-test-" + std::to_string(getpid()));
  Folders() {
    fs::remove_all(root);
    fs::create_directories(root / "inbox");
  }
  ~Folders() { fs::remove_all(root); }
};

}  // namespace

TEST_CASE("poolbookd: a month closes on working day N after its end at HH:MM London time") {
  const daemon::CloseRule rule{5, std::chrono::minutes(6 * 60)};
  // July 2025 ends on a Thursday: 1, 4, 5, 6, 7 August are working days 1 to 5; BST is UTC+1.
  auto july = daemon::close_time(month(2025, 4), rule);
  REQUIRE(july);
  CHECK(utc_minute(*july) == "2025-08-07 05:00");
  CHECK(ledger::london_minute_text(*july) == "2025-08-07 06:00 BST");
  // November 2025: 1 to 5 December are working days (a Monday to a Friday); GMT.
  auto november = daemon::close_time(month(2025, 8), rule);
  REQUIRE(november);
  CHECK(ledger::london_minute_text(*november) == "2025-12-05 06:00 GMT");
  // December 2025: 25 and 26 December are before the month ends; 1 January is a bank holiday,
  // so working day 5 is Thursday 8 January.
  auto december = daemon::close_time(month(2025, 9), rule);
  REQUIRE(december);
  CHECK(ledger::london_minute_text(*december) == "2026-01-08 06:00 GMT");
  // Working day 1 at 23:30.
  auto early = daemon::close_time(month(2025, 4), {1, std::chrono::minutes(23 * 60 + 30)});
  REQUIRE(early);
  CHECK(ledger::london_minute_text(*early) == "2025-08-01 23:30 BST");
}

TEST_CASE("poolbookd: the status page listens on an IP address and port, never a name") {
  auto four = daemon::parse_listen("127.0.0.1:8475");
  REQUIRE(four);
  CHECK(four->host == "127.0.0.1");
  CHECK(four->port == 8475);
  CHECK(four->loopback);
  auto six = daemon::parse_listen("[::1]:9000");
  REQUIRE(six);
  CHECK(six->host == "::1");
  CHECK(six->loopback);
  auto anywhere = daemon::parse_listen("0.0.0.0:8475");
  REQUIRE(anywhere);
  CHECK_FALSE(anywhere->loopback);
  CHECK(daemon::parse_listen("127.1.2.3:80")->loopback);
  CHECK_FALSE(daemon::parse_listen("10.0.0.5:80")->loopback);
  for (const char* bad : {"localhost:8475", "127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536",
                          "127.0.0.1:80a", ":8475", "example.org:80", "[::1]:123456"}) {
    INFO(bad);
    CHECK_FALSE(daemon::parse_listen(bad));
  }
}

TEST_CASE("poolbookd: a configuration with a listen address open to the network is refused unless it is meant") {
  Folders folders;
  const fs::path file = folders.root / "poolbookd.toml";
  const std::string head =
      "[books]\nstore = \"books.db\"\n[folders]\ninbox = \"inbox\"\noutbox = \"outbox\"\n[[profile]]\n"
      "pattern = \"*.csv\"\nprofile = \"host-receipts\"\n";
  std::ofstream(file) << head << "[web]\nlisten = \"0.0.0.0:8475\"\n";
  auto open = daemon::load_config(file.string());
  REQUIRE_FALSE(open.config);
  REQUIRE(open.problems.size() == 1);
  CHECK(open.problems[0].line == 9);
  CHECK(open.problems[0].rule == "config.value");
  CHECK(open.problems[0].message.find("0.0.0.0 is not a loopback address") != std::string::npos);
  std::ofstream(file) << head << "[web]\nlisten = \"0.0.0.0:8475\"\nallow_remote = true\n";
  CHECK(daemon::load_config(file.string()).config);
  std::ofstream(file) << head << "[web]\nlisten = \"off\"\n";
  CHECK(daemon::load_config(file.string()).config->listen == "off");
  std::ofstream(file) << head << "[web]\nlisten = \"localhost:8475\"\n";
  CHECK_FALSE(daemon::load_config(file.string()).config);
}

TEST_CASE("poolbookd: --now fixes the time every record is stamped with, until cleared") {
  const ledger::Timestamp fixed = *ledger::parse_timestamp_iso("2026-04-30T11:00:00Z");
  ledger::fix_clock(fixed);
  CHECK(ledger::timestamp_iso(ledger::timestamp_now()) == "2026-04-30T11:00:00Z");
  ledger::fix_clock(std::nullopt);
  CHECK(ledger::timestamp_now() > fixed);
}

TEST_CASE("poolbookd: a turn in mid-August 2025 closes April to July, and the status and metrics show the books") {
  testing::NorthshireBooks scratch;
  books::Books& books = scratch.as("pool.manager");
  Folders folders;
  const std::string area = POOLBOOK_FIXTURES_DIR "/northshire/";
  for (const char* prefix :
       {"receipts", "icb-payments", "gl-draws", "invoices", "chc-receipts", "chc-gl-draws", "mh-gl-draws"})
    for (int number = 4; number <= 7; ++number) {
      const std::string name = std::string(prefix) + "-2025-0" + std::to_string(number) + ".csv";
      fs::copy_file(area + "inbox/" + name, folders.root / "inbox" / name);
      fs::last_write_time(folders.root / "inbox" / name, fs::file_time_type::clock::now() - std::chrono::minutes(5));
    }
  std::ofstream(folders.root / "inbox" / "<img src=x onerror=alert(1)>.txt") << "not a ledger\n";
  fs::last_write_time(folders.root / "inbox" / "<img src=x onerror=alert(1)>.txt",
                      fs::file_time_type::clock::now() - std::chrono::minutes(5));
  daemon::DaemonConfig config;
  config.file = (folders.root / "poolbookd.toml").string();
  config.store = scratch.path;
  config.inbox = (folders.root / "inbox").string();
  config.outbox = (folders.root / "outbox").string();
  config.formats = {reports::ReportFormat::json, reports::ReportFormat::html};
  for (const auto& [pattern, profile] :
       std::vector<std::pair<std::string, std::string>>{{"receipts-*.csv", "host-receipts"},
                                                        {"icb-payments-*.csv", "icb-payments"},
                                                        {"gl-draws-*.csv", "host-gl-draws"},
                                                        {"invoices-*.csv", "provider-invoices"},
                                                        {"chc-receipts-*.csv", "chc-receipts"},
                                                        {"chc-gl-draws-*.csv", "chc-gl-draws"},
                                                        {"mh-gl-draws-*.csv", "mh-gl-draws"}})
    config.profiles.push_back({pattern, profile, 0});
  const auto now = ledger::london_instant(2025_y / date::August / 15, std::chrono::minutes(12 * 60));
  std::optional<daemon::HeldRefusal> held;
  daemon::Sightings sightings;
  std::vector<std::string> steps;
  daemon::TurnOptions options{false, [&](const std::string& what, std::size_t, std::size_t) { steps.push_back(what); }};
  auto turn = daemon::run_turn(config, books, now, options, held, sightings);
  REQUIRE(turn);
  CHECK(turn->imported.size() == 28);
  REQUIRE(turn->rejected.size() == 1);
  CHECK(turn->rejected[0].name == "<img src=x onerror=alert(1)>.txt");
  CHECK(turn->closed == std::vector<std::string>{"2025/26 M01", "2025/26 M02", "2025/26 M03", "2025/26 M04"});
  CHECK_FALSE(turn->refused);
  REQUIRE(turn->next_close);
  CHECK(*turn->next_close == month(2025, 5));
  CHECK(utc_minute(*turn->next_close_at) == "2025-09-05 05:00");
  CHECK(steps.front() == "importing <img src=x onerror=alert(1)>.txt");
  CHECK(std::count(steps.begin(), steps.end(), "closing 2025/26 M03") == 1);
  CHECK(fs::exists(folders.root / "outbox/2025-26/Q1/board-pack-2025-26-Q1.json"));

  daemon::DaemonState state(now);
  state.record_turn(*turn, now);
  auto seen = daemon::books_status(config, books, now);
  REQUIRE(seen);
  CHECK(seen->months.size() == 36);
  CHECK(seen->months_closed == 4);
  CHECK(seen->months_behind == 0);
  CHECK(*seen->last_closed == month(2025, 4));
  CHECK(*seen->next_close == month(2025, 5));
  CHECK(seen->months[3].state == daemon::MonthState::closed);
  CHECK(seen->months[3].published);
  CHECK(seen->months[4].state == daemon::MonthState::to_come);
  CHECK(*seen->exceptions_of == month(2025, 5));
  REQUIRE(seen->documents.size() == 2);  // the return and the pack (no value case, so no ROI report)
  CHECK(seen->documents[0].path == "2025-26/Q1/bcf-return-2025-26-Q1.html");
  CHECK(seen->documents[1].path == "2025-26/Q1/board-pack-2025-26-Q1.html");
  const std::string metrics = daemon::metrics_text(*seen, state.snapshot(), now);
  for (const char* line :
       {"poolbookd_months_closed 4\n", "poolbookd_months_behind 0\n", "poolbookd_files_imported_total 28\n",
        "poolbookd_files_rejected_total 1\n", "poolbookd_months_closed_total 4\n", "poolbookd_close_refused 0\n",
        "poolbookd_quarantined_rows 0\n", "poolbookd_errors_total 0\n",
        // 5 September 2025 05:00 UTC and 15 August 2025 11:00 UTC, in seconds since 1970.
        "poolbookd_next_close_timestamp_seconds 1757048400\n", "poolbookd_last_close_timestamp_seconds 1755255600\n",
        "# TYPE poolbookd_files_imported_total counter\n"}) {
    INFO(line);
    CHECK(metrics.find(line) != std::string::npos);
  }
  const std::string page = daemon::status_page(config, *seen, state.snapshot(), now);
  CHECK(page.find("Months closed<b>4 of 36</b>") != std::string::npos);
  CHECK(page.find("Next close<b>2025/26 M05</b>2025-09-05 06:00 BST") != std::string::npos);
  CHECK(page.find("28 files imported and 1 file rejected today") != std::string::npos);
  // A file's name is text on the page, never markup.
  CHECK(page.find("&lt;img src=x onerror=alert(1)&gt;.txt") != std::string::npos);
  CHECK(page.find("<img") == std::string::npos);
  CHECK(page.find("<script") == std::string::npos);

  // The same turn again: nothing to take, nothing to close, nothing rewritten.
  auto again = daemon::run_turn(config, books, now, {}, held, sightings);
  REQUIRE(again);
  CHECK(again->imported.empty());
  CHECK(again->closed.empty());
  CHECK(again->published.empty());
}
