#!/usr/bin/env bash
# A killed init leaves either no books or whole books: the real program is killed (SIGKILL)
# at moments spread over its run, and afterwards the store either does not exist (and a new
# init makes it) or verifies. Never a half-made file that every command refuses.
set -euo pipefail
poolbook=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$(dirname "$0")/map_account.sh" "$2/northshire" "$work/northshire"
failures=0
for delay in 0.005 0.01 0.02 0.03 0.05 0.08 0.12 0.2 0.3 0.5; do
  books=$work/books-$delay.db
  "$poolbook" init --agreement "$work/northshire/agreement.toml" --store "$books" --as pool.manager >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -e "$books" ]; then
    if "$poolbook" verify --store "$books" >/dev/null 2>&1; then
      echo "ok: killed after ${delay}s: the books are whole and verify"
    else
      echo "FAILED: killed after ${delay}s: $books exists but does not verify"
      failures=$((failures + 1))
    fi
  elif "$poolbook" init --agreement "$work/northshire/agreement.toml" --store "$books" --as pool.manager \
    >/dev/null 2>&1 && "$poolbook" verify --store "$books" >/dev/null 2>&1; then
    echo "ok: killed after ${delay}s: no books were left, and init makes them afresh"
  else
    echo "FAILED: killed after ${delay}s: no books were left, and init cannot make them"
    failures=$((failures + 1))
  fi
done
# What killed inits left half-built beside the store is cleared by the next init there.
for books in "$work"/books-*.db; do
  "$poolbook" init --agreement "$work/northshire/agreement.toml" --store "$books" --as pool.manager >/dev/null
done
left=$(find "$work" -name 'books-*.db.init-*' | wc -l)
if [ "$left" != 0 ]; then
  echo "FAILED: $left half-built files of killed inits were left beside the books"
  failures=$((failures + 1))
fi
# An empty file (touch, or an application's "new file") is not books: a reading command says
# so and leaves it empty, and init makes books of it.
: >"$work/empty.db"
status=0
"$poolbook" balance --store "$work/empty.db" >/dev/null 2>"$work/empty.err" || status=$?
if [ "$status" != 4 ] || ! grep -q 'is an empty file, not books' "$work/empty.err" || [ -s "$work/empty.db" ]; then
  echo "FAILED: balance on an empty file: status $status, $(cat "$work/empty.err"), size $(stat -c %s "$work/empty.db")"
  failures=$((failures + 1))
fi
if ! "$poolbook" init --agreement "$work/northshire/agreement.toml" --store "$work/empty.db" --as pool.manager |
  grep -q '99 accounts open' || ! "$poolbook" verify --store "$work/empty.db" >/dev/null; then
  echo "FAILED: init did not make books of an empty file"
  failures=$((failures + 1))
fi
echo "$failures failed"
[ "$failures" -eq 0 ]
