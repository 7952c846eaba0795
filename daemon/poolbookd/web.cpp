#include "web.hpp"

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "poolbook/daemon/books/books.hpp"
#include "status.hpp"

namespace poolbook::daemon {

namespace fs = std::filesystem;

struct StatusServer::Running {
  DaemonConfig config;
  const DaemonState& state;
  Now now;
  std::mutex books_mutex;  // one Books, one thread at a time
  books::Books books;
  httplib::Server server;
  std::thread thread;

  Running(DaemonConfig given, const DaemonState& watched, Now clock, books::Books opened)
      : config(std::move(given)), state(watched), now(std::move(clock)), books(std::move(opened)) {}

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

std::string content_type(const fs::path& file) {
  const std::string extension = file.extension().string();
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".csv") return "text/csv; charset=utf-8";
  if (extension == ".json") return "application/json";
  if (extension == ".xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return "application/octet-stream";
}

// A published file, by its path below the outbox: a regular file whose real path is inside
// the outbox, reached through no hidden name (a folder still being written is ".Q2.partial").
std::optional<fs::path> outbox_file(const std::string& outbox, const std::string& below) {
  const fs::path relative(below);
  if (below.empty() || relative.is_absolute()) return std::nullopt;
  for (const fs::path& part : relative)
    if (part.empty() || part.string().front() == '.' || part == "..") return std::nullopt;
  std::error_code failed;
  const fs::path root = fs::canonical(outbox, failed);
  if (failed) return std::nullopt;
  const fs::path file = fs::canonical(root / relative, failed);
  if (failed || !fs::is_regular_file(file, failed)) return std::nullopt;
  const std::string root_text = root.string() + "/";
  if (file.string().rfind(root_text, 0) != 0) return std::nullopt;
  return file;
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
    const auto file = outbox_file(running.config.outbox, request.matches[1].str());
    std::ifstream in;
    if (file) in.open(*file, std::ios::binary);
    if (!file || !in) {
      response.status = 404;
      response.set_content("no such published file\n", "text/plain");
      return;
    }
    std::ostringstream body;
    body << in.rdbuf();
    response.set_content(body.str(), content_type(*file).c_str());
  });
}

}  // namespace

StatusServer::StatusServer(std::unique_ptr<Running> running) : running_(std::move(running)) {}

StatusServer::~StatusServer() {
  running_->server.stop();
  if (running_->thread.joinable()) running_->thread.join();
}

Result<std::unique_ptr<StatusServer>> StatusServer::start(const DaemonConfig& config, const DaemonState& state,
                                                          Now now) {
  const auto address = parse_listen(config.listen);
  if (!address) return make_error("config.value", "the status page's address '" + config.listen + "' is not valid");
  auto opened = books::open_books(config.store);
  if (!opened) return opened.error();
  auto running = std::make_unique<Running>(config, state, std::move(now), std::move(opened).value());
  running->server.new_task_queue = [] { return new httplib::ThreadPool(2); };
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
  running->thread = std::thread([server = &running->server] { server->listen_after_bind(); });
  spdlog::info("status page: http://{}/", config.listen);
  return std::unique_ptr<StatusServer>(new StatusServer(std::move(running)));
}

}  // namespace poolbook::daemon
