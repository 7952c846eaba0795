#!/usr/bin/env bash
# Benchmark: import N synthetic draws and produce a monthly balance, poolbook against
# ledger-cli on the same transactions, in one run on this machine. Prints wall time and
# peak memory (GNU time) for each. Not a test.
#
#   bench/run_import_balance.sh build 100000 1000000
set -euo pipefail
build=$1
shift
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
measure() {  # measure LABEL COMMAND...: prints "LABEL  seconds  MiB"
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
  read -r seconds kib <"$work/time"
  printf '%-44s %8.2f s %8.0f MiB\n' "$label" "$seconds" "$((kib / 1024))"
}
for rows in "$@"; do
  "$build/bench/bench_generate" "$rows" "$work/data" >/dev/null
  rm -f "$work/books.db"*
  "$build/daemon/poolbook" init --agreement "$top/fixtures/northshire/agreement.toml" --store "$work/books.db" --as pool.manager >/dev/null
  echo "== $rows draws =="
  measure "poolbook import" "$build/daemon/poolbook" import "$work/data/draws.csv" \
    --profile "$top/bench/bench_draws_profile.toml" --store "$work/books.db" --as pool.manager
  measure "poolbook balance --monthly" "$build/daemon/poolbook" balance --monthly --store "$work/books.db"
  measure "ledger-cli $(ledger --version | head -1 | awk '{print $2}' | tr -d ,) -M balance (same transactions)" \
    ledger -f "$work/data/draws.ledger" -M balance
done
