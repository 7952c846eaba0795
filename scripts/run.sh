#!/usr/bin/env bash
# The README's run command: sets up, builds, and runs the most complete flow poolbook has on
# the example area. Until the journal and the daemon exist, that is: check the Northshire
# agreement, show what was agreed for 2025/26, the year's closing calendar, and an exact
# risk-share split of an overspend.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh >/dev/null
poolbook=build/daemon/poolbook
area=fixtures/northshire
echo "\$ poolbook agreement check $area/agreement.toml"
"$poolbook" agreement check "$area/agreement.toml"
echo
echo "\$ poolbook agreement show $area/agreement.toml --year 2025/26"
"$poolbook" agreement show "$area/agreement.toml" --year 2025/26
echo
echo "\$ poolbook calendar 2025/26 --close-working-day 5"
"$poolbook" calendar 2025/26 --close-working-day 5
echo
echo "\$ poolbook split 562400.17 --by County=62.5% --by ICB=37.5%"
"$poolbook" split 562400.17 --by County=62.5% --by ICB=37.5%
