#!/usr/bin/env bash
# Benchmark: the month-end statement of one month (`poolbook reconcile "2025/26 M07"`) in
# books holding N generated draws, for each N given. The statement reads the maintained
# balances, not the journal, so its time should not grow with the journal. Prints, for each
# N, the median wall time of 3 runs and the largest peak memory (GNU time). Not a test.
#
#   bench/run_reconcile.sh build 10000 1000000
set -euo pipefail
build=$1
shift
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The example area, with this account mapped to its persons (as the end-to-end tests run).
"$top/tests/e2e/map_account.sh" "$top/fixtures/northshire" "$work/area"
printf '%-12s %10s %12s %10s\n' "draws" "import s" "reconcile s" "peak MiB"
for rows in "$@"; do
  "$build/bench/bench_generate" "$rows" "$work/data" >/dev/null
  rm -f "$work/books.db"*
  "$build/daemon/poolbook" init --agreement "$work/area/agreement.toml" --store "$work/books.db" \
    --as pool.manager >/dev/null
  /usr/bin/time -f "%e" -o "$work/import.time" "$build/daemon/poolbook" import "$work/data/draws.csv" \
    --profile "$top/bench/bench_draws_profile.toml" --store "$work/books.db" --as pool.manager >/dev/null
  times=()
  peak=0
  for run in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$build/daemon/poolbook" reconcile "2025/26 M07" \
      --store "$work/books.db" >/dev/null
    read -r seconds kib <"$work/time"
    times+=("$seconds")
    ((kib > peak)) && peak=$kib
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  printf '%-12s %10s %12s %10s\n' "$rows" "$(cat "$work/import.time")" "$median" "$((peak / 1024))"
done
