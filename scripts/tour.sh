#!/usr/bin/env bash
# The command line's walk-through (README, "Using it"): sets up, builds, and does the
# example area's year by hand, one `poolbook` command at a time, as each person would:
# check the Northshire agreement, show what was agreed for 2025/26, create the books,
# import the year's ledger extracts (with the bad file's rows going to quarantine), show the
# balances, verify the audit chain, export the journal for ledger-cli/hledger, print October's
# month-end statement, move budget
# under a board's recorded decision, close the year's months in order, follow a dispute up
# the agreement's ladder (flagged overdue), and show who
# would bear a year-end overspend under the risk share and what the home care provider is
# paid for a quarter under its outcome-based contract; then record the year's outcome metrics
# and write the four quarters' board packs, a month's statement and an ROI report.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Builds only the programs it runs (not the tests or benchmarks): a first run on two cores
# takes minutes, not a quarter of an hour.
echo "poolbook: installing what is missing and building the programs (a first run takes some minutes)..." >&2
scripts/setup.sh --programs >/dev/null
echo "poolbook: built" >&2
# Who acts is the operating system's business: each step runs as the operating-system
# account of the person who takes it (pool.manager is Ruth Osei, the pool manager;
# finance.officer is Nadia Ahmed, the finance officer who clerks the boards). The accounts are
# created on first use, and the books are kept where both can write them, away from the clone
# (which they may not be able to read): a copy of the program and the area goes there too.
. scripts/lib/accounts.sh
ensure_example_accounts
out=${POOLBOOK_TOUR_DIR:-/var/tmp/poolbook-tour}
fresh_example_folder "$out" tour POOLBOOK_TOUR_DIR
as_root install -m 0755 build/daemon/poolbook "$out/poolbook"
as_root cp -r fixtures/northshire "$out/northshire"
as_root chgrp -R "$example_group" "$out"
as_root chmod -R g+w "$out"
cd "$out"
area=northshire
store=books.db
# poolbook ACCOUNT ARGS...: the real program, run by that operating-system account.
poolbook() {
  local account=$1
  shift
  as_account "$account" ./poolbook "$@"
}

# step ACCOUNT ARGS...: shows the command as its account would type it (quoted where the
# shell needs it, so that it can be pasted).
step() {
  local account=$1 line="" arg
  shift
  for arg in "$@"; do
    if [[ $arg =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then line+=" $arg"; else line+=" \"$arg\""; fi
  done
  echo
  echo "$account\$ poolbook${line}"
}

# show ACCOUNT ARGS...: shows the command, then runs it as that account.
show() {
  step "$@"
  poolbook "$@"
}

me=$(id -un)
show "$me" agreement check "$area/agreement.toml"
step "$me" agreement show "$area/agreement.toml" --year 2025/26
echo "(the first 20 lines)"
poolbook "$me" agreement show "$area/agreement.toml" --year 2025/26 | sed -n '1,20p'
# The pool manager's account creates the books; an account the agreement does not map to a
# person (as $me is not) cannot, and cannot borrow her name either.
step "$me" init --agreement "$area/agreement.toml" --store "$store" --as r.osei
poolbook "$me" init --agreement "$area/agreement.toml" --store "$store" --as r.osei || true
show pool.manager init --agreement "$area/agreement.toml" --store "$store"

echo
echo "pool.manager\$ poolbook import ...   # 84 monthly extracts, 3 partners' payment listings and the bank's statement, each by its profile (10 profiles)"
for pair in host-receipts:receipts icb-payments:icb-payments host-gl-draws:gl-draws provider-invoices:invoices \
            chc-receipts:chc-receipts chc-gl-draws:chc-gl-draws mh-gl-draws:mh-gl-draws \
            county-payments:county-payments district-payments:district-north-payments \
            district-payments:southvale-payments host-bank:bank-statement; do
  profile=${pair%%:*}
  prefix=${pair#*:}
  for file in "$area"/inbox/"$prefix"-20??-??.csv; do
    poolbook pool.manager import "$file" --profile "$profile" --store "$store"
  done
done
# The deliberately bad file goes into a scratch copy of the books, to show quarantine
# without disturbing the year's figures.
demo=quarantine-demo.db
poolbook pool.manager init --agreement "$area/agreement.toml" --store "$demo" >/dev/null
show pool.manager import "$area/inbox/bad/receipts-2025-10-bad.csv" --profile host-receipts --store "$demo" || true
show pool.manager quarantine list --store "$demo"
show pool.manager balance --account pool/bcf-pool --store "$store"
show pool.manager verify --store "$store"
show pool.manager export --format ledger --store "$store" -o books.ledger
# October's month-end statement: exceptions first, owed and paid, budget monitoring, the proof.
show pool.manager reconcile "2025/26 M07" --store "$store"
# Decision rights: a virement beyond the pool manager's £50,000.00 needs the joint
# commissioning board, whose decision is computed from its votes, recorded by its clerk (the
# finance officer) and then cited by the pool manager.
show pool.manager virement S08 S07 120000.00 --year 2025/26 --store "$store" || true
show finance.officer decide D-2025-015 --body njcb --on 2025-10-16 --matter "Winter discharge capacity" \
  --action virement --amount 120000.00 --year 2025/26 --present d.hughes,m.clarke,s.wright,k.mensah \
  --for d.hughes,m.clarke,s.wright --against k.mensah --store "$store"
show pool.manager virement S08 S07 120000.00 --year 2025/26 --decision D-2025-015 --store "$store"
show pool.manager authority-log --store "$store"

# The year is closed month by month, in order: each close recognises the month's in-kind
# contribution as spend on the scheme it funds, builds the month's statement, posts its
# accruals (October's: the County's third quarter, paid late in November), records the
# statement with the books and locks the month.
# The home care contract is paid each quarter on its KPI results: the finance officer records
# each quarter's results file, and the pool manager approves the payment computed from them
# (within her £2,500,000.00; she may not approve on results she recorded herself). The close
# of the quarter's last month accrues the outcome payment earned.
approve_quarter() {
  show finance.officer kpi import "$area/inbox/kpi-results-2025-26-$1.csv" --store "$store"
  step pool.manager contract approve HC-OUTCOMES --period "2025/26 $1" --store "$store"
  poolbook pool.manager contract approve HC-OUTCOMES --period "2025/26 $1" --store "$store" | tail -2
}
for month in 01 02 03 04 05 06 07 08 09; do
  case $month in 03) approve_quarter Q1 ;; 06) approve_quarter Q2 ;; 09) approve_quarter Q3 ;; esac
  show pool.manager close "2025/26 M$month" --store "$store"
done
# Winter: discharge to assess (S07) and discharge home care (S11) run over. The joint
# commissioning board agrees an overspend action plan (recorded by its clerk), which the
# statements then cite instead of flagging the two schemes red with no plan.
show finance.officer decide D-2026-002 --body njcb --on 2026-01-15 --matter "Winter discharge overspend action plan" \
  --action overspend-action-plan --year 2025/26 --refs S07,S11 --present d.hughes,m.clarke,s.wright,k.mensah \
  --for d.hughes,m.clarke,s.wright,k.mensah --store "$store"
show pool.manager close "2025/26 M10" --store "$store"
# February's agency reablement invoices arrive after the ledger's extract: the pool manager
# accrues them by hand (within her £100,000.00) and reverses the accrual in March, when the
# invoices are paid through the ledger.
accrue=(post --date 2026-02-28 --description "Accrued February agency reablement invoices"
  --reason "Shire Locum Partners' February invoices came after the extract"
  --debit pool/bcf-pool/scheme/S08=46250.00 --credit pool/bcf-pool/accrued-creditors=46250.00 --store "$store")
step pool.manager "${accrue[@]}"
posted=$(poolbook pool.manager "${accrue[@]}")
echo "$posted"
accrual=$(sed -n 's/^posted entry \([0-9]*\):.*/\1/p' <<<"$posted")
show pool.manager close "2025/26 M11" --store "$store"
show pool.manager reverse "$accrual" --date 2026-03-02 --reason "the invoices are in March's ledger extract" \
  --store "$store"
# The year end: closing March settles the year on its actual variances. The performance
# element's result (non-elective admissions of people aged 65+ down 2%: met) is given with
# the close. The shared lines' winter overspend is met by underspends elsewhere, the
# contingency reserve and the uncommitted allocations, and the rest by the partners.
approve_quarter Q4
show pool.manager close "2025/26 M12" --performance NEA-65=met --store "$store"
show pool.manager reconcile "2025/26 M12" --performance NEA-65=met --store "$store"

# A dispute between the County and the ICB, followed up the agreement's ladder.
show pool.manager dispute open DR-2025-01 --between county,icb --matter "Who bears the S07 winter overspend" \
  --amount 120000.00 --refs S07 --on 2025-12-19 --store "$store"
show pool.manager dispute list --today 2026-01-09 --store "$store"

show pool.manager risk-share --year 2025/26 --variance S07=1912400.17 --variance "S08=(150,000.00)" \
  --variance S18=180000 --performance NEA-65=missed --store "$store"
show pool.manager contract payment HC-OUTCOMES --period "2025/26 Q2" --kpi K1=0.83 --kpi K2=0.91 --kpi K3=0.105 \
  --kpi K4=0.78 --store "$store"
show "$me" calendar 2025/26 --close-working-day 5

# The outcome metrics for the year (a bad file's rows refused and kept), then the board
# accountability pack of each quarter for the Health and Wellbeing Board, in every format,
# with the ROI summary from the area's value case and, in Q4, the self-assessment against
# the 15 best-practice actions; and the ROI report of discharge to assess, realised to date.
show finance.officer metrics import "$area/metrics/metrics-2025-26.csv" --store "$store"
show finance.officer metrics import "$area/metrics/bad/metrics-2025-26-q2-bad.csv" --store "$store" || true
show pool.manager metrics status --quarter "2025/26 Q4" --store "$store"
for quarter in Q1 Q2 Q3 Q4; do
  extra=()
  [ "$quarter" = Q4 ] && extra=(--self-assessment "$area/self-assessment-2025-26.csv")
  show pool.manager report pack --quarter "2025/26 $quarter" --value-case "$area/value-case.toml" "${extra[@]}" \
    --out outbox/2025-26/"$quarter" --store "$store"
done
show pool.manager report statement --month "2025/26 M12" --out outbox/2025-26/M12 --store "$store"
show pool.manager report roi --value-case "$area/value-case.toml" --scheme S03 --realised --quarter "2025/26 Q4" \
  --out outbox/2025-26/roi --store "$store"
echo
echo "The books are in $out/$store; the ledger-cli/hledger export in $out/books.ledger."
echo "The latest board pack: $out/outbox/2025-26/Q4/board-pack-2025-26-Q4.html (open it in a browser;"
echo "the .xlsx beside it opens in a spreadsheet, and each table is also a CSV file)."
