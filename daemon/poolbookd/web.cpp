#include "web.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <mutex>
#include <thread>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "poolbook/daemon/books/books.hpp"
#include "status.hpp"

namespace poolbook::daemon {

namespace fs = std::filesystem;

struct StatusServer::Running {
  DaemonConfig config;
  std::shared_ptr<const DaemonState> state_owner;
  const DaemonState& state;
  Now now;
  std::mutex books_mutex;  // one Books, one thread at a time
  books::Books books;
  httplib::Server server;
  std::thread thread;

  std::promise<void> finished;  // set when the server's thread has returned
  std::future<void> done = finished.get_future();

  Running(DaemonConfig given, std::shared_ptr<const DaemonState> watched, Now clock, books::Books opened)
      : config(std::move(given)),
        state_owner(std::move(watched)),
        state(*state_owner),
        now(std::move(clock)),
        books(std::move(opened)) {}

  Result<BooksStatus> status(Clock::time_point at) {
    const std::lock_guard<std::mutex> hold(books_mutex);
    return books_status(config, books, at);
  }
};

namespace {

// Nothing on a page poolbookd serves fetches or runs anything: its styles are inline, it has no script.
void secure(httplib::Response& response) {
  response.set_header("Content-Security-Policy",
                      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Cache-Control", "no-store");
}

std::string content_type(const std::string& name) {
  const std::string extension = fs::path(name).extension().string();
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".csv") return "text/csv; charset=utf-8";
  if (extension == ".json") return "application/json";
  if (extension == ".xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return "application/octet-stream";
}

// A published file, by its path below the outbox, opened: every component is a real folder or,
// last, a regular file with one name (never a link, never a hard link to the books or to
// anything else), and none is hidden (a folder being written is ".Q2.partial"). The file is
// opened component by component from the outbox, so nothing can be swapped in between.
std::optional<std::string> outbox_file(const std::string& outbox, const std::string& below) {
  const fs::path relative(below);
  if (below.empty() || relative.is_absolute() || below.find('\0') != std::string::npos) return std::nullopt;
  std::vector<std::string> parts;
  for (const fs::path& part : relative) {
    const std::string name = part.string();
    if (name.empty() || name.front() == '.') return std::nullopt;
    parts.push_back(name);
  }
  int folder = ::open(outbox.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (folder < 0) return std::nullopt;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    const int next = ::openat(folder, parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    ::close(folder);
    if (next < 0) return std::nullopt;
    folder = next;
  }
  const int file = ::openat(folder, parts.back().c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  ::close(folder);
  if (file < 0) return std::nullopt;
  struct stat seen {};
  std::optional<std::string> body;
  constexpr off_t kLargest = 64 * 1024 * 1024;
  if (::fstat(file, &seen) == 0 && S_ISREG(seen.st_mode) && seen.st_nlink == 1 && seen.st_size <= kLargest) {
    std::string bytes(static_cast<std::size_t>(seen.st_size), '\0');
    std::size_t got = 0;
    while (got < bytes.size()) {
      const ssize_t n = ::read(file, bytes.data() + got, bytes.size() - got);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    if (got == bytes.size()) body = std::move(bytes);
  }
  ::close(file);
  return body;
}

void routes(StatusServer::Running& running) {
  httplib::Server& server = running.server;
  server.Get("/", [&running](const httplib::Request&, httplib::Response& response) {
    const auto at = running.now();
    auto seen = running.status(at);
    secure(response);
    if (!seen) {
      response.status = 503;
      response.set_content("poolbookd cannot read its books: " + seen.error().describe() + "\n",
                           "text/plain; charset=utf-8");
      return;
    }
    response.set_content(status_page(running.config, *seen, running.state.snapshot(), at), "text/html; charset=utf-8");
  });
  server.Get("/healthz", [&running](const httplib::Request&, httplib::Response& response) {
    const auto at = running.now();
    auto seen = running.status(at);
    const auto state = running.state.snapshot();
    secure(response);
    if (!seen) {
      response.status = 503;
      response.set_content("unhealthy: the books cannot be read: " + seen.error().describe() + "\n", "text/plain");
    } else if (state.failed) {
      response.status = 503;
      response.set_content("unhealthy: the last turn failed: " + state.failed->describe() + "\n", "text/plain");
    } else {
      response.set_content(std::string("ok") + (state.refused ? ": stopped at a refusal, " : ": ") +
                               std::to_string(seen->months_behind) + " month(s) behind\n",
                           "text/plain");
    }
  });
  server.Get("/metrics", [&running](const httplib::Request&, httplib::Response& response) {
    const auto at = running.now();
    auto seen = running.status(at);
    secure(response);
    if (!seen) {
      response.status = 503;
      response.set_content("# poolbookd cannot read its books\npoolbookd_up 0\n", "text/plain; version=0.0.4");
      return;
    }
    response.set_content(metrics_text(*seen, running.state.snapshot(), at), "text/plain; version=0.0.4");
  });
  server.Get(R"(/outbox/(.+))", [&running](const httplib::Request& request, httplib::Response& response) {
    secure(response);
    const std::string below = request.matches[1].str();
    auto body = outbox_file(running.config.outbox, below);
    if (!body) {
      response.status = 404;
      response.set_content("no such published file\n", "text/plain");
      return;
    }
    response.set_content(std::move(*body), content_type(below).c_str());
  });
  // A status page has no use for byte ranges (one request for a thousand ranges of a pack
  // would be answered with a thousand copies) or for a flood of headers.
  server.set_pre_routing_handler([](const httplib::Request& request, httplib::Response& response) {
    constexpr std::size_t kMostHeaders = 100;
    if (request.has_header("Range") || request.headers.size() > kMostHeaders) {
      response.status = request.has_header("Range") ? 416 : 431;
      response.set_content("not served\n", "text/plain");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
}

}  // namespace

StatusServer::StatusServer(std::unique_ptr<Running> running) : running_(std::move(running)) {}

// Stopped within a few seconds whatever its clients do: a client still sending its request
// slowly would hold a worker, and joining it could hold up a reload or a stop for as long as
// the client likes. Past the wait, the server's thread is left to finish on its own, with
// what it uses (kept alive here on purpose), and the listening socket already closed.
StatusServer::~StatusServer() {
  running_->server.stop();
  if (running_->done.wait_for(std::chrono::seconds(3)) == std::future_status::ready) {
    running_->thread.join();
    return;
  }
  spdlog::warn("status page: a client is still connected; its request is left to time out");
  running_->thread.detach();
  static_cast<void>(running_.release());
}

Result<std::unique_ptr<StatusServer>> StatusServer::start(const DaemonConfig& config,
                                                          std::shared_ptr<const DaemonState> state, Now now) {
  const auto address = parse_listen(config.listen);
  if (!address) return make_error("config.value", "the status page's address '" + config.listen + "' is not valid");
  auto opened = books::open_books(config.store);
  if (!opened) return opened.error();
  auto running = std::make_unique<Running>(config, std::move(state), std::move(now), std::move(opened).value());
  running->server.new_task_queue = [] { return new httplib::ThreadPool(4); };
  running->server.set_keep_alive_max_count(20);
  running->server.set_keep_alive_timeout(5);
  running->server.set_payload_max_length(64 * 1024);
  running->server.set_read_timeout(std::chrono::seconds(10));
  // Reuse of an address in TIME_WAIT (a quick restart), but never a port shared with another
  // listener: cpp-httplib's default also sets SO_REUSEPORT, which would let a second poolbookd
  // take the same address and answer half the requests with its books.
  running->server.set_socket_options([](socket_t socket) {
    int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  routes(*running);
  if (!running->server.bind_to_port(address->host, address->port))
    return make_error("web.listen", "the status page cannot listen on " + config.listen +
                                        " (another program has it, or the address is not this host's)");
  running->thread = std::thread([server = &running->server, finished = &running->finished] {
    server->listen_after_bind();
    finished->set_value();
  });
  spdlog::info("status page: http://{}/", config.listen);
  return std::unique_ptr<StatusServer>(new StatusServer(std::move(running)));
}

}  // namespace poolbook::daemon
