#!/usr/bin/env bash
# The README's run command: sets up, builds, and runs the most complete flow poolbook has.
# Until the agreement, journal and daemon exist (issues 3, 4 and the daemon issue), that is
# the financial calendar of the example area's year with its month-end closing days, and an
# exact risk-share split of an overspend.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh >/dev/null
poolbook=build/daemon/poolbook
echo "\$ poolbook calendar 2025/26 --close-working-day 5"
"$poolbook" calendar 2025/26 --close-working-day 5
echo
echo "\$ poolbook split 562400.17 --by County=62.5% --by ICB=37.5%"
"$poolbook" split 562400.17 --by County=62.5% --by ICB=37.5%
