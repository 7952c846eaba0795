#pragma once
// Telling systemd how poolbookd is (a Type=notify service, daemon/poolbookd.service): the
// sd_notify protocol, a datagram of "KEY=value" lines to the socket named by $NOTIFY_SOCKET.
// Written here rather than linked from libsystemd: the protocol is a few lines and stable,
// and the daemon then needs no library a minimal host might not have. Without $NOTIFY_SOCKET
// (not started by systemd) it does nothing.
//
//   notify("READY=1\nSTATUS=2025/26 M06 closed; next close 2025/26 M07");
//   notify("STOPPING=1");
#include <string_view>

namespace poolbook::daemon {

// Sends the lines; false if systemd asked for them and they could not be sent.
bool notify(std::string_view state);

}  // namespace poolbook::daemon
