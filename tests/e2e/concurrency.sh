#!/usr/bin/env bash
# Writers at once on one agreement's books: two, then four processes importing different
# files together; a month closed while an import arrives; two closes of the same month
# together. Each ends with books that verify and counts that add up exactly: every row of
# every file posted or quarantined once, never both, never lost; one close of the month.
#
# With `postgres`, the same on PostgreSQL in a throw-away cluster (tests/postgres/cluster.sh):
# the pool manager logs in as the role rosei, and the second of two closes at once comes from
# another session of hers, as the role rosei_laptop.
#
#   tests/e2e/concurrency.sh POOLBOOK BENCH_GENERATE FIXTURES [postgres]
set -euo pipefail
poolbook=$1
generate=$2
fixtures=$3
backend=${4:-sqlite}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
cd "$work"
if [ "$backend" = postgres ]; then
  . "$repo/tests/postgres/cluster.sh"
  trap 'pg_throwaway_stop; rm -rf "$work"' EXIT
  pg_throwaway_start
  pg_install_poolbook "$repo"
  psql -v ON_ERROR_STOP=1 -qX -d poolbook >/dev/null <<'SQL'
CREATE ROLE rosei LOGIN IN ROLE poolbook_writer;
CREATE ROLE rosei_laptop LOGIN IN ROLE poolbook_writer;
INSERT INTO poolbook.people VALUES ('rosei', 'northshire', 'r.osei'), ('rosei_laptop', 'northshire', 'r.osei');
SQL
  store="postgresql:///poolbook?host=$PGHOST&port=$PGPORT&user=rosei&agreement=northshire"
  second_store="postgresql:///poolbook?host=$PGHOST&port=$PGPORT&user=rosei_laptop&agreement=northshire"
  sql() { psql -d poolbook -qAtX -c "SET search_path = poolbook; $1"; }
  source_of='s.agreement = e.agreement AND s.id = e.source'
  month_is="period = 2025"
else
  store=books.db
  second_store=books.db
  sql() { sqlite3 -readonly books.db "$1"; }
  source_of='s.id = e.source'
  month_is="fy * 100 + month = 2025"
fi
failures=0
fail() {
  echo "FAILED: $*"
  failures=$((failures + 1))
}
check() {  # check WHAT EXPECTED GOT
  if [ "$2" != "$3" ]; then fail "$1: expected $2, got $3"; else echo "ok: $1 ($3)"; fi
}

# The example area, this account mapped to its persons. The agreement names one person who
# closes months (the pool manager), so the two closes at once below are hers, from two
# processes: what two people closing would race on is the same.
"$repo/tests/e2e/map_account.sh" "$fixtures/northshire" area
"$poolbook" init --agreement area/agreement.toml --store "$store" --as r.osei >/dev/null

# Eight files of 20,000 draws across the year, each with references of its own.
rows=20000
"$generate" "$rows" data >/dev/null
for k in 1 2 3 4 5 6 7 8; do
  sed "s/,GL-/,GL$k-/" data/draws.csv >"draws-$k.csv"
done
profile=$repo/bench/bench_draws_profile.toml
entries() { sql "SELECT count(*) FROM entries e JOIN sources s ON $source_of WHERE s.profile = 'bench-draws'"; }
verify() {
  local output
  if output=$("$poolbook" verify --store "$store" 2>&1); then echo "ok: $1: the books verify"; else fail "$1: $output"; fi
}
# imports K...: imports the files together, one process each; each must end 0.
imports() {
  local pids=() k status
  for k in "$@"; do
    "$poolbook" import "draws-$k.csv" --profile "$profile" --store "$store" --as r.osei >"import-$k.out" 2>&1 &
    pids+=($!)
  done
  for k in "${!pids[@]}"; do
    status=0
    wait "${pids[$k]}" || status=$?
    [ "$status" = 0 ] || fail "import of draws-${*:$((k + 1)):1}.csv ended $status: $(cat "import-${*:$((k + 1)):1}.out")"
  done
}

imports 1 2
check "two imports at once: every row of both posted" $((2 * rows)) "$(entries)"
verify "after two imports at once"
imports 3 4 5 6
check "four more at once: every row of the six posted" $((6 * rows)) "$(entries)"
verify "after four imports at once"
check "each file recorded as imported once" 6 "$(sql "SELECT count(*) FROM imports WHERE profile = 'bench-draws'")"

# A month closed while an import arrives: whichever commits first, each of the file's rows in
# that month is posted (the import came first) or quarantined as in a closed month (the close
# came first), and every other row is posted.
"$poolbook" import draws-7.csv --profile "$profile" --store "$store" --as r.osei >import-7.out 2>&1 &
importing=$!
sleep 0.05
close_status=0
"$poolbook" period close "2025/26 M01" --store "$store" --as r.osei >close.out 2>&1 || close_status=$?
import_status=0
wait "$importing" || import_status=$?
check "the close beside the import" 0 "$close_status"
digest=$(sha256sum draws-7.csv | cut -c1-64)
in_m01=$(awk -F, 'NR > 1 && $1 < "2025-05-01"' draws-7.csv | wc -l)
posted=$(sql "SELECT count(*) FROM entries e JOIN sources s ON $source_of WHERE s.source_digest = '$digest'")
held=$(sql "SELECT count(*) FROM quarantine WHERE source_digest = '$digest'")
held_closed=$(sql "SELECT count(*) FROM quarantine WHERE source_digest = '$digest' AND rule = 'period.closed'")
check "every row of the file posted or quarantined, once" "$rows" $((posted + held))
if [ "$held" = 0 ]; then
  check "the import came first: it ended 0" 0 "$import_status"
else
  check "the close came first: only April's rows held back, as in a closed month" "$in_m01 $in_m01" "$held $held_closed"
  check "the close came first: the import ended 3 (rows quarantined)" 3 "$import_status"
fi
check "April is closed" closed "$(sql "SELECT state FROM periods WHERE ${month_is}01")"
verify "after a close beside an import"

# Two closes of the same month at once: one closes it, the other is told it is closed.
"$poolbook" period close "2025/26 M02" --store "$store" --as r.osei >close-r.out 2>&1 &
first=$!
"$poolbook" period close "2025/26 M02" --store "$second_store" --as r.osei >close-n.out 2>&1 &
second=$!
statuses=()
for pid in "$first" "$second"; do
  status=0
  wait "$pid" || status=$?
  statuses+=("$status")
done
check "of two closes at once, one succeeds and one is refused" "0 1" "$(printf '%s\n' "${statuses[@]}" | sort | xargs)"
grep -hq "2025/26 M02 is already closed \[period.closed\]" close-r.out close-n.out ||
  fail "the refused close does not say the month is closed: $(cat close-r.out close-n.out)"
check "one close of May in the period log" 1 \
  "$(sql "SELECT count(*) FROM period_log WHERE ${month_is}02 AND action = 'close'")"
verify "after two closes at once"

# Four imports at once once more, one of a file already imported: it alone is refused.
cp draws-1.csv again-1.csv
pids=()
for file in draws-8.csv again-1.csv; do
  "$poolbook" import "$file" --profile "$profile" --store "$store" --as r.osei >"$file.out" 2>&1 &
  pids+=($!)
done
s8=0 s1=0
wait "${pids[0]}" || s8=$?
wait "${pids[1]}" || s1=$?
check "a new file beside one already imported: the new one imported, the other refused as a conflict" "3 5" \
  "$s8 $s1"
verify "at the end"
echo "concurrency ($backend): $failures failed"
((failures == 0))
