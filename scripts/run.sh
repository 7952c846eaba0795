#!/usr/bin/env bash
# The README's run command: sets up, builds, and runs the main job, poolbookd's month-end
# cycle on the example area (fixtures/northshire) with the embedded SQLite books, the clock
# set at the end of the financial year (30 April 2026, when March has closed):
# `poolbookd --once` creates the books from the area's agreement, imports the year's ledger
# extracts and bank statements from its inbox, closes April to March in order, and
# publishes the twelve month-end statements and the four quarters' board packs, BCF returns
# and ROI reports into outbox/2025-26/. It then verifies the books and says where the latest
# pack is and how to run the daemon for real, with its status page.
#
# The command line's own walk-through (every step by hand, as each person) is scripts/tour.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "poolbook: installing what is missing and building the programs (a first run takes some minutes)..." >&2
scripts/setup.sh --programs >/dev/null
echo "poolbook: built" >&2
# Who acts is the operating system's business: the daemon runs as the account of the person
# who closes the months (pool.manager is Ruth Osei, the pool manager). The accounts are
# created on first use, and the area is copied where that account can write, away from the
# clone: the daemon moves what it reads out of its inbox, so it never runs on the fixtures.
. scripts/lib/accounts.sh
ensure_example_accounts
out=${POOLBOOK_RUN_DIR:-/var/tmp/poolbook-northshire}
fresh_example_folder "$out" run POOLBOOK_RUN_DIR
as_root install -m 0755 build/daemon/poolbook build/daemon/poolbookd "$out/"
as_root cp -r fixtures/northshire "$out/northshire"
# The inbox holds what a year brings that a [[profile]] of poolbookd.toml reads: the monthly
# ledger extracts and the bank's statement. (The partners' remittances, KPI results and the
# deliberately bad file are for the command line's walk-through.)
as_root rm -rf "$out/northshire/inbox"
as_root mkdir "$out/northshire/inbox"
as_root cp fixtures/northshire/inbox/*-20[0-9][0-9]-[0-9][0-9].csv "$out/northshire/inbox/"
as_root rm -f "$out"/northshire/inbox/{county,district-north,southvale}-payments-*.csv
as_root chgrp -R "$example_group" "$out"
as_root chmod -R g+w "$out"
cd "$out"

now=2026-04-30T12:00
echo
echo "pool.manager\$ poolbookd --config northshire/poolbookd.toml --once --now $now"
as_account pool.manager ./poolbookd --config northshire/poolbookd.toml --once --now "$now" 2>poolbookd.log
echo "(its log: $out/poolbookd.log and $out/northshire/logs/poolbookd.log)"
echo
echo "pool.manager\$ poolbook verify --store northshire/books.db"
as_account pool.manager ./poolbook verify --store northshire/books.db
echo
echo "\$ ls northshire/outbox/2025-26 northshire/outbox/2025-26/Q4"
ls northshire/outbox/2025-26 | paste -sd' ' -
ls northshire/outbox/2025-26/Q4 | paste -sd' ' -
echo
echo "The books are in $out/northshire/books.db; the daemon took $(ls northshire/inbox/done | wc -l) files into inbox/done/."
echo "The latest board pack: $out/northshire/outbox/2025-26/Q4/board-pack-2025-26-Q4.html (open it in a browser;"
echo "the .xlsx beside it opens in a spreadsheet, and each table is also a CSV file)."
echo
echo "To run the daemon (a turn every minute, each month closed on working day 5 at 06:00), with its"
echo "status page at http://127.0.0.1:8475/ (also /healthz and /metrics), still at the end of April 2026:"
echo "  runuser -u pool.manager -- $out/poolbookd --config $out/northshire/poolbookd.toml --now $now"
echo "Without --now it works at today's date: it closes every month due up to today, whether or not"
echo "its files have arrived (in this example, the months after March 2026 have none)."
echo "As a service: cmake --install build, then the unit poolbookd@.service (docs/daemon.md):"
echo "  systemctl enable --now poolbookd@northshire   # with /etc/poolbook/northshire.toml"
