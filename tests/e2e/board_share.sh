#!/usr/bin/env bash
# End to end, with the real program: the Northshire agreement varied to report to two
# Health and Wellbeing Boards (Northshire 60%, Southvale 40%, with district-south's
# contributions and schemes S03 and S11 wholly Southvale's), its first quarter imported and
# closed. `report pack` with no --board writes one pack per board, each its share of the
# pool, and the two add up to the pool's figures to the penny; `report return` likewise; the
# HTML of each renders in chromium; shares that do not add up to 100% are refused at init
# with file and line.
#
#   board_share.sh POOLBOOK FIXTURES CHECKS
set -euo pipefail
poolbook=$1
fixtures=$2
checks=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
area=$work/northshire
"$(dirname "$0")/map_account.sh" "$fixtures/northshire" "$area"
python=/usr/bin/python3
[ -x "$python" ] || python=python3
# shellcheck source=expect.sh
. "$(dirname "$0")/expect.sh"

# The two-board agreement, beside the example's (so its profiles are found).
vary() {  # vary NORTH-SHARE SOUTH-SHARE > FILE
  "$python" - "$area/agreement.toml" "$1" "$2" <<'PY'
import sys
text = open(sys.argv[1]).read()
old = 'health_and_wellbeing_boards = ["Northshire Health and Wellbeing Board"]'
assert old in text
text = text.replace(old, 'health_and_wellbeing_boards = ["Northshire Health and Wellbeing Board", '
                         '"Southvale Health and Wellbeing Board"]')
shares = ('[[agreement.board_share]]\nboard = "Northshire Health and Wellbeing Board"\nshare = "%s"\n'
          'schemes = ["S01"]\n\n[[agreement.board_share]]\nboard = "Southvale Health and Wellbeing Board"\n'
          'share = "%s"\npartners = ["district-south"]\nschemes = ["S03", "S11"]\n\n' % (sys.argv[2], sys.argv[3]))
text = text.replace('[[agreement.extension]]', shares + '[[agreement.extension]]', 1)
sys.stdout.write(text)
PY
}
vary 60% 40% >"$area/two-boards.toml"
vary 60% 30% >"$area/bad-shares.toml"

# Shares that do not add up: refused at init, at the first share's line.
set +e
refused=$("$poolbook" init --agreement "$area/bad-shares.toml" --store "$work/bad.db" --as pool.manager 2>&1)
status=$?
set -e
line=$(grep -n '^\[\[agreement.board_share\]\]' "$area/bad-shares.toml" | head -1 | cut -d: -f1)
expect "shares of 90% are refused at init (an invalid agreement)" "$status" 1
expect "at the file and line of the first share, by its rule" \
  "$(echo "$refused" | grep -c "bad-shares.toml:$line: error: the boards' shares add up to 90%, not 100% \[agreement.board-share\]")" 1
expect "and no books are made" "$(ls "$work"/bad.db 2>/dev/null | wc -l)" 0

store=$work/two.db
"$poolbook" init --agreement "$area/two-boards.toml" --store "$store" --as pool.manager >/dev/null
for pair in host-receipts:receipts icb-payments:icb-payments host-gl-draws:gl-draws provider-invoices:invoices \
            chc-receipts:chc-receipts chc-gl-draws:chc-gl-draws mh-gl-draws:mh-gl-draws; do
  for month in 04 05 06; do
    "$poolbook" import "$area/inbox/${pair#*:}-2025-$month.csv" --profile "${pair%%:*}" --store "$store" \
      --as pool.manager >/dev/null
  done
done
for month in 01 02 03; do
  "$poolbook" close "2025/26 M$month" --store "$store" --as pool.manager >/dev/null
done

printed=$("$poolbook" report pack --quarter "2025/26 Q1" --value-case "$area/value-case.toml" --out "$work/packs" \
  --store "$store")
expect "one pack per board, each named by its board" \
  "$(cd "$work/packs" && ls -d board-pack-2025-26-Q1-northshire-health-and-wellbeing-board.{xlsx,html,json} \
       board-pack-2025-26-Q1-southvale-health-and-wellbeing-board.{xlsx,html,json} | wc -l)" 6
expect "the output names both boards" \
  "$(echo "$printed" | grep -c 'for the \(Northshire\|Southvale\) Health and Wellbeing Board')" 2

# The two packs' figures add up to the pool's, which each pack states.
sums=$("$python" - "$work/packs" <<'PY'
import json, sys
from decimal import Decimal
def table(pack, wanted):
    return [t for s in pack["sections"] for t in s["tables"] if t["id"] == wanted][0]
def figure(cell):
    return Decimal(cell["value"] if isinstance(cell, dict) else cell)
packs = [json.load(open(sys.argv[1] + "/board-pack-2025-26-Q1-%s-health-and-wellbeing-board.json" % b))
         for b in ("northshire", "southvale")]
out = []
for row in range(6):
    boards = sum(figure(table(p, "share-of-the-pool")["rows"][row][1]) for p in packs)
    pool = [figure(table(p, "share-of-the-pool")["rows"][row][2]) for p in packs]
    out.append("%s %s" % (boards == pool[0] == pool[1], table(packs[0], "share-of-the-pool")["rows"][row][0]))
schemes = [{r[0]: figure(r[4]) for r in table(p, "expenditure-by-scheme")["rows"][:-1]} for p in packs]
out.append("S01 %s S03 %s" % ([any(k.startswith("S01 ") for k in s) for s in schemes],
                              [any(k.startswith("S03 ") for k in s) for s in schemes]))
print("\n".join(out))
PY
)
expect "each figure of the two packs adds up to the pool's" "$(echo "$sums" | grep -c '^True ')" 6
expect "S01 is Northshire's alone and S03 Southvale's" "$(echo "$sums" | tail -1)" \
  "S01 [True, False] S03 [False, True]"

# One board's pack, and a board the agreement does not have.
"$poolbook" report pack --quarter "2025/26 Q1" --board "Southvale Health and Wellbeing Board" --format json \
  --value-case "$area/value-case.toml" \
  --out "$work/one" --store "$store" >/dev/null
expect "--board writes that board's pack only" "$(ls "$work/one")" \
  "board-pack-2025-26-Q1-southvale-health-and-wellbeing-board.json"
if cmp -s "$work/one/board-pack-2025-26-Q1-southvale-health-and-wellbeing-board.json" \
  "$work/packs/board-pack-2025-26-Q1-southvale-health-and-wellbeing-board.json"; then
  echo "ok: the same pack either way"
else
  echo "FAILED: --board's pack differs from the one written with every board's"
  failures=$((failures + 1))
fi
set +e
nowhere=$("$poolbook" report pack --quarter "2025/26 Q1" --board "Eastmoor HWB" --out "$work/none" --store "$store" 2>&1)
status=$?
set -e
expect "a board the agreement does not have is refused" "$(echo "$nowhere" | grep -c '\[pack.board\]')" 1
expect "and nothing is written" "$(ls "$work/none" 2>/dev/null | wc -l)" 0

"$poolbook" report return --quarter "2025/26 Q1" --format csv --out "$work/return" --store "$store" >/dev/null
expect "the quarterly return per board" "$(ls -d "$work"/return/bcf-return-2025-26-Q1-*-csv | wc -l)" 2

# Each board's HTML renders in chromium without console errors and says whose share it is.
for board in northshire southvale; do
  name=$(echo "$board" | sed 's/^./\U&/')
  cat >"$work/$board-html.json" <<JSON
{"sections": ["summary", "income", "expenditure", "risk-share", "contingency", "contracts", "metrics", "roi",
              "governance", "disputes", "data-quality", "coming", "integrity"],
 "text": ["This pack shows the $name Health and Wellbeing Board's share of the pool"]}
JSON
  if "$python" "$checks/check_html.py" "$work/packs/board-pack-2025-26-Q1-$board-health-and-wellbeing-board.html" \
    "$work/$board-html.json" --png "$work/$board.png" --pdf "$work/$board.pdf"; then
    echo "ok: the $name pack renders in chromium"
  else
    failures=$((failures + 1))
  fi
done

[ "$failures" -eq 0 ] || exit 1
echo "board shares: all as expected"
