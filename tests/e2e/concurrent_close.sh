#!/usr/bin/env bash
# Four people closing the same month at the same moment: the real program, four processes
# at once on one books file. Exactly one close is recorded (one log line, one record), the
# others are refused as already closed, and the books verify.
set -euo pipefail
poolbook=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$(dirname "$0")/map_account.sh" "$2/northshire" "$work/northshire"
books=$work/books.db
"$poolbook" init --agreement "$work/northshire/agreement.toml" --store "$books" --as pool.manager >/dev/null
failures=0
for round in 1 2 3; do
  month="2025/26 M0$round"
  pids=()
  for who in 1 2 3 4; do
    "$poolbook" period close "$month" --store "$books" --as pool.manager >"$work/out.$who" 2>&1 &
    pids+=($!)
  done
  closed=0
  for pid in "${pids[@]}"; do
    if wait "$pid"; then closed=$((closed + 1)); fi
  done
  logged=$(sqlite3 "$books" "SELECT COUNT(*) FROM period_log WHERE fy = 2025 AND month = $round AND action = 'close'")
  refused=$(cat "$work"/out.? | grep -c "is already closed" || true)
  if [ "$closed" = 1 ] && [ "$logged" = 1 ] && [ "$refused" = 3 ]; then
    echo "ok: $month: four closes at once, one recorded, three refused as already closed"
  else
    echo "FAILED: $month: $closed succeeded, $logged close(s) logged, $refused refused as already closed"
    cat "$work"/out.?
    failures=$((failures + 1))
  fi
done
if ! "$poolbook" verify --store "$books" >/dev/null; then
  echo "FAILED: the books do not verify after the concurrent closes"
  failures=$((failures + 1))
fi
echo "$failures failed"
[ "$failures" -eq 0 ]
