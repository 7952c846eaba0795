#pragma once
// poolbookd's configuration (docs/daemon.md): where the books, the inbox and the outbox are,
// which import profile reads which file, when a month closes, what is published, and who the
// service acts as. Read from a TOML file; relative paths are taken from the file's folder.
// A bad configuration is refused whole, every problem with its file and line.
//
//   auto loaded = daemon::load_config("/etc/poolbook/northshire.toml");
//   if (!loaded.config) for (const Error& problem : loaded.problems) std::cerr << problem.describe();
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "poolbook/ledger/error.hpp"
#include "poolbook/reports/render/report_files.hpp"

namespace poolbook::daemon {

// An import profile chosen by the file's name: a shell pattern ("receipts-*.csv") matched
// against the whole name; the first profile whose pattern matches reads the file.
struct InboxProfile {
  std::string pattern;
  std::string profile;  // a name (profiles/NAME.toml beside the agreement) or a path
  long line = 0;
};

// "Working day N after month end, at HH:MM London time" (the England and Wales calendar).
struct CloseRule {
  int working_day = 5;
  std::chrono::minutes at{6 * 60};
};

// Where the status page listens: an IP address (never a name) and a port.
struct ListenAddress {
  std::string host;  // "127.0.0.1", "::1"
  int port = 0;
  bool loopback = false;
};
// "127.0.0.1:8475", "[::1]:8475" -> the address; nullopt for anything else.
std::optional<ListenAddress> parse_listen(const std::string& text);

struct DaemonConfig {
  std::string file;   // where it was read from
  std::string store;  // the books: a SQLite path, or a PostgreSQL connection string (postgresql://...)
  // The agreement the books follow: new books are made from it, and a changed text is adopted
  // as a variation (as poolbook init would) at start and on SIGHUP; "" to leave that to people.
  std::string agreement;
  std::string decision;    // the decision a variation that needs one is adopted under
  std::string act_as;      // the person the service acts as ("" when its account maps to one)
  std::string inbox;       // files arrive here; done/ and rejected/ are made inside it
  std::string outbox;      // statements and packs are published here
  std::string log_folder;  // "" for standard error only
  std::string log_level = "info";
  std::string listen = "127.0.0.1:8475";  // "off" for no status page
  bool allow_remote = false;              // a listen address that is not loopback
  std::chrono::seconds settle{10};        // a file unchanged this long is complete
  std::chrono::seconds tick{60};          // how often the daemon looks again
  CloseRule close;
  std::vector<reports::ReportFormat> formats{reports::ReportFormat::xlsx, reports::ReportFormat::html,
                                             reports::ReportFormat::csv, reports::ReportFormat::json};
  std::string value_case;       // for the packs' ROI summary and the ROI report; "" for none
  std::string self_assessment;  // for the fourth quarter's pack; "" for none
  std::vector<InboxProfile> profiles;
};

inline constexpr std::size_t kMaxConfigBytes = 1024 * 1024;

// The configuration, or every problem at once, each with the file and line and its rule
// ("config.read", "config.syntax", "config.field", "config.value").
struct LoadedConfig {
  std::optional<DaemonConfig> config;
  std::vector<Error> problems;
};
LoadedConfig load_config(const std::string& file);

}  // namespace poolbook::daemon
