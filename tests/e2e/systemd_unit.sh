#!/usr/bin/env bash
# The systemd unit CMake configures (daemon/systemd/poolbookd@.service.in) is one systemd
# accepts: `systemd-analyze verify` on an instance of it, pointed at the built poolbookd,
# finds nothing wrong; it is Type=notify, reloads with SIGHUP and starts poolbookd on the
# instance's configuration.
#
#   systemd_unit.sh UNIT POOLBOOKD
set -euo pipefail
unit=$1
poolbookd=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=expect.sh
. "$(dirname "$0")/expect.sh"

expect "the unit is Type=notify" "$(grep -c '^Type=notify$' "$unit")" 1
expect "it reloads with SIGHUP" "$(grep -c '^ExecReload=/bin/kill -HUP \$MAINPID$' "$unit")" 1
expect "it runs the installed poolbookd on the instance's configuration" \
  "$(grep -c '^ExecStart=/.*/poolbookd --config /etc/poolbook/%i.toml$' "$unit")" 1
expect "a bad configuration, no books or a held lock is not restarted" "$(grep -c '^RestartPreventExitStatus=2 4 5$' "$unit")" 1
sed "s|^ExecStart=[^ ]*|ExecStart=$poolbookd|" "$unit" >"$work/poolbookd@northshire.service"
expect "systemd-analyze verify finds nothing wrong" \
  "$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify "$work/poolbookd@northshire.service" 2>&1)" ""
[ "$failures" -eq 0 ] || exit 1
echo "the systemd unit: all as expected"
