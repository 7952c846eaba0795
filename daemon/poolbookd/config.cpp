#include "config.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <filesystem>
#include <map>
#include <set>

#include <toml++/toml.h>

#include "poolbook/daemon/books/books.hpp"
#include "poolbook/ledger/text/closest.hpp"
#include "poolbook/ledger/text/text_file.hpp"

namespace poolbook::daemon {
namespace {

namespace fs = std::filesystem;

long line_of(const toml::node& node) { return static_cast<long>(node.source().begin.line); }

// Reads one configuration file's tables, collecting every problem.
class ConfigReader {
 public:
  explicit ConfigReader(std::string file) : file_(std::move(file)), folder_(fs::path(file_).parent_path()) {}

  void problem(std::string rule, long line, std::string message) {
    problems_.push_back(Error{std::move(rule), std::move(message), file_, line});
  }

  // Only the keys named: a misspelt key is an error, not silently ignored.
  void only_keys(const toml::table& table, const std::set<std::string>& keys, const std::string& where) {
    const std::vector<std::string> known(keys.begin(), keys.end());
    for (const auto& [key, value] : table)
      if (keys.count(std::string(key.str())) == 0) {
        const auto meant = ledger::closest(key.str(), known);
        problem("config.field", line_of(value),
                where + ": unknown key '" + std::string(key.str()) + "'" +
                    (meant ? " (did you mean '" + *meant + "'?)" : std::string()));
      }
  }

  const toml::table* table(const toml::table& root, const char* key, bool required) {
    const toml::node* node = root.get(key);
    if (node == nullptr) {
      if (required) problem("config.field", 1, "the file has no [" + std::string(key) + "] table");
      return nullptr;
    }
    if (const auto* found = node->as_table()) return found;
    problem("config.field", line_of(*node), "'" + std::string(key) + "' should be a table: [" + key + "]");
    return nullptr;
  }

  std::string text(const toml::table& table, const char* key, const std::string& where, bool required,
                   long where_line) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      if (required) problem("config.field", where_line, where + ": '" + key + "' is missing");
      return {};
    }
    if (const auto* value = node->as_string(); value != nullptr && !value->get().empty()) return value->get();
    problem("config.field", line_of(*node), where + ": '" + key + "' should be text in quotes");
    return {};
  }

  // A path, taken from the configuration file's folder when relative.
  std::string path(const toml::table& table, const char* key, const std::string& where, bool required,
                   long where_line) {
    const std::string given = text(table, key, where, required, where_line);
    if (given.empty()) return {};
    const fs::path as_given(given);
    return (as_given.is_absolute() ? as_given : folder_ / as_given).lexically_normal().string();
  }

  std::optional<std::int64_t> whole(const toml::table& table, const char* key, const std::string& where,
                                    std::int64_t low, std::int64_t high) {
    const toml::node* node = table.get(key);
    if (node == nullptr) return std::nullopt;
    const auto* value = node->as_integer();
    if (value == nullptr || value->get() < low || value->get() > high) {
      problem("config.value", line_of(*node),
              where + ": '" + key + "' should be a whole number from " + std::to_string(low) + " to " +
                  std::to_string(high));
      return std::nullopt;
    }
    return value->get();
  }

  [[nodiscard]] std::vector<Error>& problems() { return problems_; }

 private:
  std::string file_;
  fs::path folder_;
  std::vector<Error> problems_;
};

// "06:00" -> 360 minutes.
std::optional<std::chrono::minutes> time_of_day(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (const std::size_t at : {0U, 1U, 3U, 4U})
    if (text[at] < '0' || text[at] > '9') return std::nullopt;
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return std::chrono::minutes(hours * 60 + minutes);
}

// Whether `path` is `folder` or below it (both absolute and normal).
bool inside(const std::string& path, const std::string& folder) {
  if (path.empty() || folder.empty()) return false;
  std::string a = fs::path(path).lexically_normal().string();
  std::string b = fs::path(folder).lexically_normal().string();
  while (a.size() > 1 && a.back() == '/') a.pop_back();
  while (b.size() > 1 && b.back() == '/') b.pop_back();
  return a == b || a.rfind(b + "/", 0) == 0;
}

}  // namespace

std::optional<ListenAddress> parse_listen(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size() || text.size() - colon > 6) return std::nullopt;
  int port = 0;
  for (std::size_t at = colon + 1; at < text.size(); ++at) {
    if (text[at] < '0' || text[at] > '9') return std::nullopt;
    port = port * 10 + (text[at] - '0');
  }
  if (port < 1 || port > 65535) return std::nullopt;
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  in6_addr six{};
  in_addr four{};
  if (::inet_pton(AF_INET, host.c_str(), &four) == 1)
    return ListenAddress{host, port, (ntohl(four.s_addr) >> 24) == 127};
  if (::inet_pton(AF_INET6, host.c_str(), &six) == 1) return ListenAddress{host, port, IN6_IS_ADDR_LOOPBACK(&six)};
  return std::nullopt;  // a name would be looked up, and could mean anything: an address only
}

namespace {

void read_books(ConfigReader& reader, const toml::table& root, DaemonConfig& config) {
  const toml::table* books = reader.table(root, "books", true);
  if (books == nullptr) return;
  const long line = line_of(*books);
  reader.only_keys(*books, {"store", "act_as", "agreement", "decision"}, "[books]");
  // A SQLite file (relative to this file's folder), or a PostgreSQL connection string as given.
  const std::string given = reader.text(*books, "store", "[books]", false, line);
  if (books::is_database_url(given))
    config.store = given;
  else
    config.store = reader.path(*books, "store", "[books]", true, line);
  if (books->get("act_as") != nullptr) config.act_as = reader.text(*books, "act_as", "[books]", false, line);
  if (books->get("agreement") != nullptr) config.agreement = reader.path(*books, "agreement", "[books]", false, line);
  if (books->get("decision") != nullptr) {
    config.decision = reader.text(*books, "decision", "[books]", false, line);
    if (config.agreement.empty())
      reader.problem("config.field", line,
                     "[books]: a 'decision' adopts a variation of the 'agreement', which is missing");
  }
}

void read_folders(ConfigReader& reader, const toml::table& root, DaemonConfig& config) {
  const toml::table* folders = reader.table(root, "folders", true);
  if (folders == nullptr) return;
  const long line = line_of(*folders);
  reader.only_keys(*folders, {"inbox", "outbox", "logs"}, "[folders]");
  config.inbox = reader.path(*folders, "inbox", "[folders]", true, line);
  config.outbox = reader.path(*folders, "outbox", "[folders]", true, line);
  if (folders->get("logs") != nullptr) config.log_folder = reader.path(*folders, "logs", "[folders]", false, line);
  // Nothing of the daemon's own may sit in the inbox, where it would be taken as a file.
  if (inside(config.outbox, config.inbox) || inside(config.inbox, config.outbox))
    reader.problem("config.value", line, "[folders]: the inbox and the outbox must be separate folders");
  if (inside(config.log_folder, config.inbox))
    reader.problem("config.value", line, "[folders]: the log folder cannot be inside the inbox");
}

void read_close(ConfigReader& reader, const toml::table& root, DaemonConfig& config) {
  const toml::table* close = reader.table(root, "close", false);
  if (close == nullptr) return;
  const long line = line_of(*close);
  reader.only_keys(*close, {"working_day", "at"}, "[close]");
  if (auto day = reader.whole(*close, "working_day", "[close]", 1, 20))
    config.close.working_day = static_cast<int>(*day);
  if (const toml::node* at = close->get("at")) {
    const std::string text = reader.text(*close, "at", "[close]", false, line);
    if (auto minutes = time_of_day(text))
      config.close.at = *minutes;
    else if (!text.empty())
      reader.problem("config.value", line_of(*at), "[close]: 'at' should be a time of day such as \"06:00\"");
  }
}

void read_reports(ConfigReader& reader, const toml::table& root, DaemonConfig& config) {
  const toml::table* published = reader.table(root, "reports", false);
  if (published == nullptr) return;
  const long line = line_of(*published);
  reader.only_keys(*published, {"formats", "value_case", "self_assessment"}, "[reports]");
  if (const toml::node* formats = published->get("formats")) {
    std::string list;
    if (const auto* array = formats->as_array())
      for (const toml::node& item : *array) {
        if (const auto* word = item.as_string())
          list += (list.empty() ? "" : ",") + word->get();
        else
          list += ",?";
      }
    auto parsed = reports::parse_formats(list);
    if (parsed && formats->is_array())
      config.formats = *parsed;
    else
      reader.problem("config.value", line_of(*formats),
                     "[reports]: 'formats' should be a list of \"xlsx\", \"html\", \"csv\" and \"json\"" +
                         (parsed ? std::string() : ": " + parsed.error().message));
  }
  if (published->get("value_case") != nullptr)
    config.value_case = reader.path(*published, "value_case", "[reports]", false, line);
  if (published->get("self_assessment") != nullptr)
    config.self_assessment = reader.path(*published, "self_assessment", "[reports]", false, line);
}

void read_service(ConfigReader& reader, const toml::table& root, DaemonConfig& config) {
  if (const toml::table* log = reader.table(root, "log", false)) {
    reader.only_keys(*log, {"level"}, "[log]");
    if (log->get("level") != nullptr) {
      config.log_level = reader.text(*log, "level", "[log]", false, line_of(*log));
      if (!config.log_level.empty() &&
          std::set<std::string>{"trace", "debug", "info", "warn", "error"}.count(config.log_level) == 0)
        reader.problem("config.value", line_of(*log->get("level")),
                       "[log]: 'level' is one of trace, debug, info, warn, error");
    }
  }
  if (const toml::table* web = reader.table(root, "web", false)) {
    reader.only_keys(*web, {"listen", "allow_remote"}, "[web]");
    if (web->get("listen") != nullptr) config.listen = reader.text(*web, "listen", "[web]", false, line_of(*web));
    if (const toml::node* remote = web->get("allow_remote")) {
      if (const auto* flag = remote->as_boolean())
        config.allow_remote = flag->get();
      else
        reader.problem("config.value", line_of(*remote), "[web]: 'allow_remote' is true or false");
    }
    if (config.listen != "off") {
      auto address = parse_listen(config.listen);
      if (!address)
        reader.problem(
            "config.value", line_of(*web),
            "[web]: 'listen' is \"off\" or an address and port such as \"127.0.0.1:8475\" or \"[::1]:8475\"");
      else if (!address->loopback && !config.allow_remote)
        reader.problem("config.value", line_of(*web),
                       "[web]: " + address->host +
                           " is not a loopback address: the status page would be open to the "
                           "network; set allow_remote = true to mean it");
    }
  }
  if (const toml::table* inbox = reader.table(root, "inbox", false)) {
    reader.only_keys(*inbox, {"settle_seconds", "tick_seconds"}, "[inbox]");
    if (auto settle = reader.whole(*inbox, "settle_seconds", "[inbox]", 0, 3600))
      config.settle = std::chrono::seconds(*settle);
    if (auto tick = reader.whole(*inbox, "tick_seconds", "[inbox]", 1, 3600)) config.tick = std::chrono::seconds(*tick);
  }
}

void read_profiles(ConfigReader& reader, const toml::table& root, DaemonConfig& config) {
  const toml::node* node = root.get("profile");
  if (node == nullptr) return;
  const auto* array = node->as_array();
  if (array == nullptr) {
    reader.problem("config.field", line_of(*node), "'profile' should be written as [[profile]] tables");
    return;
  }
  std::map<std::string, long> patterns;
  for (const toml::node& item : *array) {
    const auto* table = item.as_table();
    if (table == nullptr) {
      reader.problem("config.field", line_of(item), "each [[profile]] should be a table");
      continue;
    }
    const long line = line_of(*table);
    reader.only_keys(*table, {"pattern", "profile"}, "[[profile]]");
    InboxProfile profile{reader.text(*table, "pattern", "[[profile]]", true, line),
                         reader.text(*table, "profile", "[[profile]]", true, line), line};
    if (profile.pattern.find('/') != std::string::npos)
      reader.problem("config.value", line, "[[profile]]: a pattern matches a file's name, so it has no '/'");
    if (auto [first, added] = patterns.emplace(profile.pattern, line); !added && !profile.pattern.empty())
      reader.problem("config.value", line,
                     "[[profile]]: the pattern '" + profile.pattern + "' is given twice (first at line " +
                         std::to_string(first->second) + ")");
    config.profiles.push_back(std::move(profile));
  }
}

long line_in(const toml::table& root, const char* table, const char* key) {
  if (const toml::node* node = root.at_path(std::string(table) + "." + key).node()) return line_of(*node);
  return 1;
}

// What the configuration names must be there at start, not found missing at the first file
// or the first quarter: the agreement, the value case, the self-assessment, the inbox, and
// (beside a configured agreement) each profile.
void check_named_files(ConfigReader& reader, const toml::table& root, const DaemonConfig& config) {
  std::error_code failed;
  const auto must_be_file = [&](const std::string& path, const char* table, const char* key) {
    if (!path.empty() && !fs::is_regular_file(path, failed))
      reader.problem("config.value", line_in(root, table, key),
                     "[" + std::string(table) + "]: '" + key + "' names " + path + ", which is not a file");
  };
  must_be_file(config.agreement, "books", "agreement");
  must_be_file(config.value_case, "reports", "value_case");
  must_be_file(config.self_assessment, "reports", "self_assessment");
  if (!config.inbox.empty() && !fs::is_directory(config.inbox, failed))
    reader.problem("config.value", line_in(root, "folders", "inbox"),
                   "[folders]: the inbox " + config.inbox + " is not a folder (make it: mkdir " + config.inbox + ")");
  if (config.agreement.empty()) return;
  const fs::path beside = fs::path(config.agreement).parent_path() / "profiles";
  for (const InboxProfile& profile : config.profiles) {
    if (profile.profile.empty()) continue;
    const bool path =
        profile.profile.find('/') != std::string::npos || fs::path(profile.profile).extension() == ".toml";
    const fs::path file = path ? fs::path(profile.profile) : beside / (profile.profile + ".toml");
    if (!fs::is_regular_file(file, failed))
      reader.problem("config.value", profile.line,
                     "[[profile]]: the profile '" + profile.profile + "' is not there (" + file.string() + ")");
  }
}

}  // namespace

LoadedConfig load_config(const std::string& file) {
  LoadedConfig loaded;
  auto text = ledger::read_text_file(file, kMaxConfigBytes, "the configuration");
  if (!text) {
    Error problem = text.error();
    problem.rule = "config.read";
    if (problem.file.empty()) problem.file = file;
    loaded.problems.push_back(std::move(problem));
    return loaded;
  }
  toml::table root;
  try {
    root = toml::parse(*text, file);
  } catch (const toml::parse_error& error) {
    loaded.problems.push_back(
        Error{"config.syntax", std::string(error.description()), file, static_cast<long>(error.source().begin.line)});
    return loaded;
  }
  ConfigReader reader(file);
  reader.only_keys(root, {"books", "folders", "close", "reports", "log", "web", "inbox", "profile"}, "the file");
  DaemonConfig config;
  config.file = file;
  read_books(reader, root, config);
  read_folders(reader, root, config);
  read_close(reader, root, config);
  read_reports(reader, root, config);
  read_service(reader, root, config);
  read_profiles(reader, root, config);
  if (config.profiles.empty() && reader.problems().empty())
    reader.problem("config.field", 1, "no [[profile]]: every file in the inbox would be rejected");
  check_named_files(reader, root, config);
  if (!books::is_database_url(config.store) && inside(fs::path(config.store).parent_path().string(), config.inbox))
    reader.problem("config.value", line_in(root, "books", "store"),
                   "[books]: the books cannot be inside the inbox, where they would be taken as a file");
  loaded.problems = std::move(reader.problems());
  if (loaded.problems.empty()) loaded.config = std::move(config);
  return loaded;
}

}  // namespace poolbook::daemon
