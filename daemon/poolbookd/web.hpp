#pragma once
// poolbookd's local web page (docs/daemon.md, "The status page"): the status a pool manager
// opens in a browser (/), /healthz, /metrics (Prometheus text) and the published packs
// (/outbox/2025-26/Q2/board-pack-2025-26-Q2.html). Read-only: it reads the books through a
// connection of its own, in a snapshot, and serves only regular files below the outbox.
// It listens on the configured address (loopback unless the configuration says otherwise)
// in threads of its own, until it is destroyed.
//
//   auto web = daemon::StatusServer::start(config, state /* shared */, [] { return Clock::now(); });
//   if (!web) spdlog::error("{}", web.error().describe());
#include <functional>
#include <memory>

#include "config.hpp"
#include "state.hpp"

namespace poolbook::daemon {

class StatusServer {
 public:
  using Now = std::function<Clock::time_point()>;
  // Listening on config.listen, or the reason it cannot (the address taken, the books unreadable).
  static Result<std::unique_ptr<StatusServer>> start(const DaemonConfig& config,
                                                     std::shared_ptr<const DaemonState> state, Now now);
  ~StatusServer();
  StatusServer(const StatusServer&) = delete;
  StatusServer& operator=(const StatusServer&) = delete;

  struct Running;

 private:
  explicit StatusServer(std::unique_ptr<Running> running);
  std::unique_ptr<Running> running_;
};

}  // namespace poolbook::daemon
