// poolbookd: the daemon that closes every month on time and publishes the statements and
// the quarters' board packs (docs/daemon.md). It acts as the operating-system account it runs
// as, for the person of the agreement that account maps to ([books] act_as chooses among
// several), through the same application layer as the poolbook command line.
//
//   poolbookd --config northshire.toml --once                       # catch up, then exit
//   poolbookd --config northshire.toml --once --now 2026-04-30T12:00  # as if it were then
//   poolbookd --config northshire.toml                              # run, a turn each tick
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <thread>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "config.hpp"
#include "cycle.hpp"
#include "poolbook/daemon/books/identity.hpp"
#include "poolbook/ledger/calendar/london_clock.hpp"

namespace {

using namespace poolbook;

std::atomic<bool> stopping{false};
std::atomic<bool> reloading{false};

extern "C" void on_signal(int number) {
  if (number == SIGHUP)
    reloading = true;
  else
    stopping = true;
}

// "2026-04-30T12:00" (London time) -> the instant.
std::optional<daemon::Clock::time_point> parse_now(const std::string& text) {
  if (text.size() != 16 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':') return std::nullopt;
  for (const std::size_t at : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U, 11U, 12U, 14U, 15U})
    if (text[at] < '0' || text[at] > '9') return std::nullopt;
  const int year = std::stoi(text.substr(0, 4));
  const auto month = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
  const auto day = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
  const int hours = std::stoi(text.substr(11, 2));
  const int minutes = std::stoi(text.substr(14, 2));
  const date::year_month_day date{date::year(year), date::month(month), date::day(day)};
  if (!date.ok() || hours > 23 || minutes > 59) return std::nullopt;
  return ledger::london_instant(date, std::chrono::minutes(hours * 60 + minutes));
}

void set_up_logging(const daemon::DaemonConfig& config) {
  std::vector<spdlog::sink_ptr> sinks{std::make_shared<spdlog::sinks::stderr_color_sink_mt>()};
  if (!config.log_folder.empty()) {
    std::error_code failed;
    std::filesystem::create_directories(config.log_folder, failed);
    sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
        (std::filesystem::path(config.log_folder) / "poolbookd.log").string(), 10 * 1024 * 1024, 5));
  }
  auto logger = std::make_shared<spdlog::logger>("poolbookd", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::from_str(config.log_level));
  logger->set_pattern("%Y-%m-%dT%H:%M:%S%z %l %v");
  spdlog::set_default_logger(logger);
}

std::optional<daemon::DaemonConfig> loaded_config(const std::string& file) {
  daemon::LoadedConfig loaded = daemon::load_config(file);
  for (const Error& problem : loaded.problems) std::cerr << problem.describe() << "\n";
  return loaded.config;
}

// One instance per books: an exclusive lock on a file beside them, held while the process runs.
int take_lock(const std::string& store) {
  const std::string path = store + ".poolbookd.lock";
  const int descriptor = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (descriptor < 0) return -1;
  if (::flock(descriptor, LOCK_EX | LOCK_NB) != 0) {
    ::close(descriptor);
    return -2;
  }
  return descriptor;
}

void print_turn(const daemon::TurnReport& turn) {
  std::cout << "imported " << turn.imported.size() << " file(s) (" << turn.rows_posted << " rows posted, "
            << turn.rows_quarantined << " quarantined), rejected " << turn.rejected.size() << ", waiting "
            << turn.waiting.size() << "\n";
  std::cout << "closed " << turn.closed.size() << " month(s)";
  if (!turn.closed.empty()) std::cout << ": " << turn.closed.front() << " to " << turn.closed.back();
  std::cout << "; published " << turn.published.size() << " folder(s)\n";
  for (const std::string& folder : turn.published)
    if (folder.size() > 3 && folder.substr(folder.size() - 3, 2) == "/Q") std::cout << "  " << folder << "\n";
  if (turn.refused) {
    for (const std::string& detail : turn.refused->details) std::cout << "  " << detail << "\n";
    std::cout << "stopped: " << turn.refused->describe() << "\n";
  }
  if (turn.next_close)
    std::cout << "next close: " << turn.next_close->to_string() << " at "
              << date::format("%Y-%m-%d %H:%M UTC", std::chrono::floor<std::chrono::minutes>(*turn.next_close_at))
              << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"poolbookd: closes every month of a pooled budget on time and publishes its statements and packs"};
  std::string config_file;
  std::string now_text;
  bool once = false;
  app.add_option("--config", config_file, "The configuration file (docs/daemon.md)")->required();
  app.add_flag("--once", once, "Catch up (import the inbox, close and publish every month due), then exit");
  app.add_option("--now", now_text, "Run as if it were this London time, e.g. 2026-04-30T12:00 (for tests)");
  app.set_version_flag("--version", "poolbookd 0.1.0");
  CLI11_PARSE(app, argc, argv);

  std::optional<daemon::Clock::time_point> fixed_now;
  if (!now_text.empty()) {
    fixed_now = parse_now(now_text);
    if (!fixed_now) {
      std::cerr << "poolbookd: --now '" << now_text << "' is not a time such as 2026-04-30T12:00 [daemon.now]\n";
      return 2;
    }
  }
  auto config = loaded_config(config_file);
  if (!config) return 2;
  try {
    set_up_logging(*config);
  } catch (const std::exception& failed) {
    std::cerr << config_file << ": the log folder " << config->log_folder << " cannot be written: " << failed.what()
              << " [config.value]\n";
    return 2;
  }
  const int lock = take_lock(config->store);
  if (lock == -2) {
    spdlog::error("another poolbookd is running on {} (its lock {}.poolbookd.lock is held) [daemon.lock]",
                  config->store, config->store);
    return 5;
  }
  if (lock < 0) {
    spdlog::error("the lock beside {} cannot be made [daemon.lock]", config->store);
    return 6;
  }
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  std::signal(SIGHUP, on_signal);

  auto open = [&]() -> Result<books::Books> {
    auto opened = books::open_books(config->store);
    if (!opened) return opened.error();
    opened->account = books::os_account();
    if (opened->note) spdlog::warn("{}", *opened->note);
    return opened;
  };
  auto books = open();
  if (!books) {
    spdlog::error("{}", books.error().describe());
    return books.error().kind == ErrorKind::not_found ? 4 : 1;
  }
  spdlog::info("poolbookd: books {} as {} ({}); inbox {}; outbox {}", config->store, books->account,
               config->act_as.empty() ? std::string("its person") : config->act_as, config->inbox, config->outbox);
  for (;;) {
    const auto now = fixed_now.value_or(daemon::Clock::now());
    auto turn = daemon::run_turn(*config, *books, now, once);
    if (!turn) {
      spdlog::error("{}", turn.error().describe());
      if (once) return 6;
    } else if (once) {
      print_turn(*turn);
      return turn->refused ? 3 : 0;
    }
    for (auto waited = std::chrono::seconds(0); waited < config->tick && !stopping && !reloading;
         waited += std::chrono::seconds(1))
      std::this_thread::sleep_for(std::chrono::seconds(1));
    if (stopping) {
      spdlog::info("poolbookd: stopping");
      return 0;
    }
    if (reloading) {
      reloading = false;
      if (auto fresh = loaded_config(config_file)) {
        config = fresh;
        if (auto reopened = open())
          books = std::move(reopened);
        else
          spdlog::error("reload: the books cannot be opened; keeping the ones open: {}", reopened.error().describe());
        spdlog::info("poolbookd: configuration reloaded");
      } else {
        spdlog::error("reload: {} is not valid; keeping the configuration running", config_file);
      }
    }
  }
}
