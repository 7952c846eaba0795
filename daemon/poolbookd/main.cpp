// poolbookd: the daemon that closes every month on time and publishes the statements and
// the quarters' board packs (docs/daemon.md). It acts as the operating-system account it runs
// as, for the person of the agreement that account maps to ([books] act_as chooses among
// several), through the same application layer as the poolbook command line.
//
//   poolbookd --config northshire.toml --once                       # catch up, then exit
//   poolbookd --config northshire.toml --once --now 2026-04-30T12:00  # as if it were then (London time)
//   poolbookd --config northshire.toml                              # run, a turn each tick
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
#include "notify.hpp"
#include "poolbook/ledger/calendar/london_clock.hpp"
#include "poolbook/ledger/calendar/timestamp.hpp"
#include "service.hpp"
#include "state.hpp"
#include "web.hpp"

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

// Standard error, and the rotating file in the log folder if there is one. With a progress
// bar on the terminal, standard error shows warnings and errors only (the file has it all).
void set_up_logging(const daemon::DaemonConfig& config, bool quiet_terminal) {
  auto terminal = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  std::vector<spdlog::sink_ptr> sinks{terminal};
  if (!config.log_folder.empty()) {
    std::error_code failed;
    std::filesystem::create_directories(config.log_folder, failed);
    // Appended to by the service: never through a link someone put in its place.
    if (std::filesystem::is_symlink(std::filesystem::path(config.log_folder) / "poolbookd.log", failed))
      throw std::runtime_error("poolbookd.log there is a link");
    sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
        (std::filesystem::path(config.log_folder) / "poolbookd.log").string(), 10 * 1024 * 1024, 5));
  }
  auto logger = std::make_shared<spdlog::logger>("poolbookd", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::from_str(config.log_level));
  logger->set_pattern("%Y-%m-%dT%H:%M:%S%z %l %v");
  if (quiet_terminal) {
    // Under the progress bar: warnings and errors only, each on a line cleared of the bar.
    terminal->set_level(spdlog::level::warn);
    terminal->set_pattern("\r\033[K%Y-%m-%dT%H:%M:%S%z %l %v");
  }
  spdlog::set_default_logger(logger);
}

std::optional<daemon::DaemonConfig> loaded_config(const std::string& file) {
  daemon::LoadedConfig loaded = daemon::load_config(file);
  for (const Error& problem : loaded.problems) {
    std::cerr << problem.describe() << "\n";
    if (spdlog::default_logger()->name() == "poolbookd") spdlog::error("{}", problem.describe());
  }
  return loaded.config;
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
  // The next close the schedule has, unless the turn stopped short of it (a month before it
  // is then still to close, and "stopped" says which).
  if (turn.next_close && !turn.refused && turn.waiting.empty())
    std::cout << "next close: " << turn.next_close->to_string() << " at "
              << ledger::london_minute_text(*turn.next_close_at) << "\n";
}

// The service's own state between turns: its configuration, lock, books and web page, which
// a reload (SIGHUP) replaces together or not at all.
struct Service {
  daemon::DaemonConfig config;
  daemon::StoreLock lock;
  books::Books books;
  std::unique_ptr<daemon::StatusServer> web;
};

using NowFunction = std::function<daemon::Clock::time_point()>;

// The exit status of a start that failed (docs/daemon.md): 5 for another poolbookd on the
// books, 4 for no books, 6 for a fault of the system (a file that cannot be read or written,
// an address taken), and 2 for what the configuration names being refused (the account not
// a person of the agreement, an agreement not valid or not trusted): a restart cures the
// first kind, not the last.
int start_status(const Error& error) {
  if (error.rule == "daemon.lock" && error.kind == ErrorKind::conflict) return 5;
  if (error.kind == ErrorKind::not_found) return 4;
  if (error.kind == ErrorKind::internal || error.rule == "web.listen" || error.rule.rfind("file.", 0) == 0 ||
      error.rule == "store.open")
    return error.rule == "file.permissions" ? 2 : 6;
  return 2;
}

Result<std::unique_ptr<daemon::StatusServer>> start_web(const daemon::DaemonConfig& config, bool web,
                                                        const std::shared_ptr<daemon::DaemonState>& state,
                                                        const NowFunction& now) {
  if (!web || config.listen == "off") return std::unique_ptr<daemon::StatusServer>();
  return daemon::StatusServer::start(config, state, now);
}

// The lock, the books and the status page, in that order; `web` false for --once.
Result<Service> start_service(daemon::DaemonConfig config, bool web, const std::shared_ptr<daemon::DaemonState>& state,
                              const NowFunction& now) {
  auto lock = daemon::StoreLock::take(config.store, config.outbox);
  if (!lock) return lock.error();
  auto books = daemon::ready_books(config, ledger::london_date(now()), true);
  if (!books) return books.error();
  if (auto held = lock->hold_books(config.store); !held) return held.error();
  auto server = start_web(config, web, state, now);
  if (!server) return server.error();
  return Service{std::move(config), std::move(lock).value(), std::move(books).value(), std::move(server).value()};
}

std::string turn_status(const daemon::TurnReport& turn) {
  std::string line = "imported " + std::to_string(turn.imported.size()) + ", rejected " +
                     std::to_string(turn.rejected.size()) + ", closed " + std::to_string(turn.closed.size());
  if (turn.refused) line += "; stopped: " + turn.refused->message;
  if (turn.next_close) line += "; next close " + turn.next_close->to_string();
  return line;
}

// Whether the status page must be started again for a new configuration.
bool web_changes(const daemon::DaemonConfig& before, const daemon::DaemonConfig& after) {
  return before.listen != after.listen || before.store != after.store || before.outbox != after.outbox ||
         before.close.working_day != after.close.working_day || before.close.at != after.close.at;
}

// SIGHUP: the configuration and the agreement read again. A configuration that is not valid,
// other books that cannot be locked, or a status page that cannot listen on a new address
// leave the running service as it was; all of that is settled before the agreement is
// adopted, so that the books never follow an agreement the turns do not.
void reload(const std::string& config_file, Service& service, bool once,
            const std::shared_ptr<daemon::DaemonState>& state, const NowFunction& now) {
  daemon::notify("RELOADING=1");
  auto keep = [&](const std::string& why) {
    spdlog::error("reload: {}; going on with the configuration and agreement running", why);
    daemon::notify("READY=1");
  };
  auto fresh = loaded_config(config_file);
  if (!fresh) return keep(config_file + " is not valid");
  if (auto trusted = daemon::trusted_file(config_file, "the configuration"); !trusted)
    return keep(trusted.error().describe());
  std::optional<daemon::StoreLock> other_lock;
  if (fresh->store != service.config.store) {
    auto taken = daemon::StoreLock::take(fresh->store, fresh->outbox);
    if (!taken) return keep(taken.error().describe());
    other_lock = std::move(taken).value();
  }
  std::unique_ptr<daemon::StatusServer> web;
  const bool new_web = !once && web_changes(service.config, *fresh);
  if (new_web) {
    if (fresh->listen == service.config.listen) service.web.reset();  // the same address: free it first
    auto started = start_web(*fresh, true, state, now);
    if (!started) {
      if (!service.web)
        if (auto restored = start_web(service.config, true, state, now)) service.web = std::move(restored).value();
      return keep(started.error().describe());
    }
    web = std::move(started).value();
  }
  auto books = daemon::ready_books(*fresh, ledger::london_date(now()), false);
  if (books && other_lock)
    if (auto held = other_lock->hold_books(fresh->store); !held) books = held.error();
  if (!books) {
    if (new_web) {
      web.reset();
      if (!service.web)
        if (auto restored = start_web(service.config, true, state, now)) service.web = std::move(restored).value();
    }
    return keep(books.error().describe());
  }
  service.config = std::move(*fresh);
  service.books = std::move(books).value();
  if (other_lock) service.lock = std::move(*other_lock);
  if (new_web) service.web = std::move(web);
  set_up_logging(service.config, false);
  spdlog::info("poolbookd: configuration reloaded from {} (books {}, agreement {})", config_file,
               ledger::redacted_url(service.config.store), service.books.agreement.id);
  daemon::notify("READY=1");
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
  app.footer(
      "Example: poolbookd --config /etc/poolbook/northshire.toml --once --now 2026-04-30T12:00\n"
      "The configuration, the status page, the exit statuses and the systemd unit: docs/daemon.md in the "
      "poolbook sources.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;  // --help and --version, or a command line poolbookd cannot read
  }

  std::optional<daemon::Clock::time_point> fixed_now;
  if (!now_text.empty()) {
    fixed_now = parse_now(now_text);
    if (!fixed_now) {
      std::cerr << "poolbookd: --now '" << now_text << "' is not a time such as 2026-04-30T12:00 [daemon.now]\n";
      return 2;
    }
    // Every record the books make carries this time, so that a run is the same to the byte.
    ledger::fix_clock(std::chrono::floor<std::chrono::seconds>(*fixed_now));
  }
  const NowFunction now = [fixed_now] { return fixed_now.value_or(daemon::Clock::now()); };
  // From the start: a SIGTERM while the books are being made stops after that, never in it.
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  std::signal(SIGHUP, on_signal);
  auto config = loaded_config(config_file);
  if (!config) return 2;
  if (auto trusted = daemon::trusted_file(config_file, "the configuration"); !trusted) {
    std::cerr << trusted.error().describe() << "\n";
    return 2;
  }
  daemon::ProgressBar bar;
  const bool show_bar = once && ::isatty(STDERR_FILENO) == 1;
  try {
    set_up_logging(*config, show_bar);
  } catch (const std::exception& failed) {
    std::cerr << config_file << ": the log folder " << config->log_folder << " cannot be written: " << failed.what()
              << " [config.value]\n";
    return 2;
  }
  const auto state = std::make_shared<daemon::DaemonState>(now());
  auto service = start_service(*config, !once, state, now);
  if (!service) {
    for (const std::string& detail : service.error().details) spdlog::error("{}", detail);
    spdlog::error("{}", service.error().describe());
    return start_status(service.error());
  }
  spdlog::info("poolbookd: books {} as {} ({}); inbox {}; outbox {}", ledger::redacted_url(service->config.store),
               service->books.account,
               service->config.act_as.empty() ? std::string("its person") : service->config.act_as,
               service->config.inbox, service->config.outbox);
  daemon::notify("READY=1\nSTATUS=taking the first turn");
  // A refused step is kept beside the books, so that neither a restart nor the next --once
  // tries it again before the books (or who acts) change.
  const auto held_file = [&service] {
    const std::string& lock = service->lock.path();
    return lock.substr(0, lock.size() - std::string_view(".lock").size()) + ".held";
  };
  std::optional<daemon::HeldRefusal> held = daemon::load_held(held_file());
  const auto held_key = [&held] { return held ? held->subject + " " + held->head + " " + held->who : std::string(); };
  daemon::Sightings sightings;
  daemon::TurnOptions options{once, {}};
  if (show_bar)
    options.progress = [&bar](const std::string& what, std::size_t done, std::size_t total) {
      bar.show(what, done, total);
    };
  for (;;) {
    const auto at = now();
    const std::string held_before = held_key();
    auto turn = daemon::run_turn(service->config, service->books, at, options, held, sightings);
    if (held_key() != held_before) daemon::save_held(held_file(), held);
    bar.finish();
    if (!turn) {
      spdlog::error("{}", turn.error().describe());
      state->record_failure(turn.error(), at);
      daemon::notify("STATUS=the turn failed: " + turn.error().message);
      if (once) return 6;
    } else {
      state->record_turn(*turn, at);
      daemon::notify("STATUS=" + turn_status(*turn));
      if (once) {
        print_turn(*turn);
        return turn->refused ? 3 : 0;
      }
    }
    for (auto waited = std::chrono::milliseconds(0); waited < service->config.tick && !stopping && !reloading;
         waited += std::chrono::milliseconds(200))
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (stopping) {
      daemon::notify("STOPPING=1");
      spdlog::info("poolbookd: stopping");
      return 0;
    }
    if (reloading) {
      reloading = false;
      reload(config_file, *service, once, state, now);
      // A reload is a person's deliberate act (a corrected configuration or agreement): a
      // refused close is tried again.
      held.reset();
      daemon::save_held(held_file(), held);
    }
  }
}
