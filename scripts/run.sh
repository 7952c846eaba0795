#!/usr/bin/env bash
# The README's run command: sets up, builds, and runs the most complete flow poolbook has on
# the example area. Until the daemon exists, that is the month-end work done by hand:
# check the Northshire agreement, show what was agreed for 2025/26, create the books,
# import the year's ledger extracts (with the bad file's rows going to quarantine), show the
# balances, verify the audit chain, export the journal for ledger-cli/hledger, move budget
# under a board's recorded decision, close the year's months in order, follow a dispute up
# the agreement's ladder (flagged overdue), and show who
# would bear a year-end overspend under the risk share and what the home care provider is
# paid for a quarter under its outcome-based contract.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Builds only the programs it runs (not the tests or benchmarks): a first run on two cores
# takes minutes, not a quarter of an hour.
scripts/setup.sh --programs >/dev/null
poolbook=build/daemon/poolbook
area=fixtures/northshire
out=var/northshire
mkdir -p "$out"
store=$out/books.db
rm -f "$store" "$store-wal" "$store-shm"

step() { echo; echo "\$ poolbook $*"; }

step agreement check "$area/agreement.toml"
"$poolbook" agreement check "$area/agreement.toml"
step agreement show "$area/agreement.toml" --year 2025/26 "(first lines)"
"$poolbook" agreement show "$area/agreement.toml" --year 2025/26 | sed -n '1,20p'
step init --agreement "$area/agreement.toml" --store "$store" --as pool.manager
"$poolbook" init --agreement "$area/agreement.toml" --store "$store" --as pool.manager

step import "... (84 monthly extracts by 7 profiles)"
for pair in host-receipts:receipts icb-payments:icb-payments host-gl-draws:gl-draws provider-invoices:invoices \
            chc-receipts:chc-receipts chc-gl-draws:chc-gl-draws mh-gl-draws:mh-gl-draws; do
  profile=${pair%%:*}
  prefix=${pair#*:}
  for file in "$area"/inbox/"$prefix"-20??-??.csv; do
    "$poolbook" import "$file" --profile "$profile" --store "$store" --as pool.manager
  done
done
# The deliberately bad file goes into a scratch copy of the books, to show quarantine
# without disturbing the year's figures.
demo=$out/quarantine-demo.db
rm -f "$demo" "$demo-wal" "$demo-shm"
"$poolbook" init --agreement "$area/agreement.toml" --store "$demo" --as pool.manager >/dev/null
step import "$area/inbox/bad/receipts-2025-10-bad.csv" --profile host-receipts --store "$demo"
"$poolbook" import "$area/inbox/bad/receipts-2025-10-bad.csv" --profile host-receipts --store "$demo" \
  --as pool.manager || true
step quarantine list --store "$demo"
"$poolbook" quarantine list --store "$demo"
step balance --account pool/bcf-pool --store "$store"
"$poolbook" balance --account pool/bcf-pool --store "$store"
step verify --store "$store"
"$poolbook" verify --store "$store"
step export --format ledger -o "$out/books.ledger"
"$poolbook" export --format ledger --store "$store" -o "$out/books.ledger"
# Decision rights: a virement beyond the pool manager's £50,000.00 needs the joint
# commissioning board, whose decision is computed from its votes and then cited.
step virement S08 S07 120000.00 --year 2025/26 --as pool.manager
"$poolbook" virement S08 S07 120000.00 --year 2025/26 --as pool.manager --store "$store" || true
meeting=(--body njcb --on 2025-10-16 --matter "Winter discharge capacity" --action virement --amount 120000.00
  --year 2025/26 --present d.hughes,m.clarke,s.wright,k.mensah --for d.hughes,m.clarke,s.wright --against k.mensah)
step decide D-2025-015 "${meeting[@]}" --as finance.officer
"$poolbook" decide D-2025-015 "${meeting[@]}" --as finance.officer --store "$store"
step virement S08 S07 120000.00 --year 2025/26 --decision D-2025-015 --as pool.manager
"$poolbook" virement S08 S07 120000.00 --year 2025/26 --decision D-2025-015 --as pool.manager --store "$store"
step authority-log --store "$store"
"$poolbook" authority-log --store "$store"

# The year is closed month by month, in order, once its budgets are settled.
step period close "2025/26 M01" ... "2025/26 M12" --as pool.manager
for month in 01 02 03 04 05 06 07 08 09 10 11 12; do
  "$poolbook" period close "2025/26 M$month" --store "$store" --as pool.manager
done

# A dispute between the County and the ICB, followed up the agreement's ladder.
step dispute open DR-2025-01 --between county,icb --matter "Who bears the S07 winter overspend" --amount 120000.00 \
  --refs S07 --on 2025-12-19 --as pool.manager
"$poolbook" dispute open DR-2025-01 --between county,icb --matter "Who bears the S07 winter overspend" \
  --amount 120000.00 --refs S07 --on 2025-12-19 --as pool.manager --store "$store"
step dispute list --today 2026-01-09
"$poolbook" dispute list --today 2026-01-09 --store "$store"

step risk-share --year 2025/26 --variance S07=1912400.17 --variance "S08=(150,000.00)" --variance S18=180000 \
  --performance NEA-65=missed --store "$store"
"$poolbook" risk-share --year 2025/26 --variance S07=1912400.17 --variance "S08=(150,000.00)" --variance S18=180000 \
  --performance NEA-65=missed --store "$store"
step contract payment HC-OUTCOMES --period "2025/26 Q2" --kpi K1=0.83 --kpi K2=0.91 --kpi K3=0.105 --kpi K4=0.78
"$poolbook" contract payment HC-OUTCOMES --period "2025/26 Q2" --kpi K1=0.83 --kpi K2=0.91 --kpi K3=0.105 \
  --kpi K4=0.78 --store "$store"
step calendar 2025/26 --close-working-day 5
"$poolbook" calendar 2025/26 --close-working-day 5
echo
echo "The books are in $store; the ledger-cli/hledger export in $out/books.ledger."
