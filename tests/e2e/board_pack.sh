#!/usr/bin/env bash
# End to end, with the real program: the Northshire year's books closed, the outcome metrics
# recorded (a bad metrics file's rows refused and kept), then the four quarters' board packs
# in every format. The workbook is opened by a real reader (openpyxl: sheets, key cells as
# numbers, formats, charts, print setup), the HTML by a real browser (chromium: a PNG and an
# A4 PDF, no console errors, its tables read back to the same figures), each pack is written
# twice to byte-identical files, and a benefits map over 100% is refused with file and line.
#
#   board_pack.sh POOLBOOK FIXTURES CHECKS
set -euo pipefail
poolbook=$1
fixtures=$2
checks=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
area=$work/northshire
"$(dirname "$0")/map_account.sh" "$fixtures/northshire" "$area"
store=$work/nsh.db
python=/usr/bin/python3
[ -x "$python" ] || python=python3
# shellcheck source=expect.sh
. "$(dirname "$0")/expect.sh"

"$poolbook" init --agreement "$area/agreement.toml" --store "$store" --as pool.manager >/dev/null
for pair in host-receipts:receipts icb-payments:icb-payments host-gl-draws:gl-draws provider-invoices:invoices \
            chc-receipts:chc-receipts chc-gl-draws:chc-gl-draws mh-gl-draws:mh-gl-draws; do
  for file in "$area"/inbox/"${pair#*:}"-20??-??.csv; do
    "$poolbook" import "$file" --profile "${pair%%:*}" --store "$store" --as pool.manager >/dev/null
  done
done
for month in 01 02 03 04 05 06 07 08 09 10 11 12; do
  "$poolbook" close "2025/26 M$month" --store "$store" --as pool.manager >/dev/null
done

# The metrics: the good file recorded whole; the bad file's five bad rows refused with their
# rules and lines (exit 3, done in part), its good row recorded.
"$poolbook" metrics import "$area/metrics/metrics-2025-26.csv" --store "$store" --as n.ahmed >/dev/null
set +e
bad=$("$poolbook" metrics import "$area/metrics/bad/metrics-2025-26-q2-bad.csv" --store "$store" --as n.ahmed)
status=$?
again=$("$poolbook" metrics import "$area/metrics/metrics-2025-26.csv" --store "$store" --as n.ahmed 2>&1)
again_status=$?
set -e
expect "a metrics file with bad rows is done in part" "$status" 3
expect "its refusals name line and rule" "$(echo "$bad" | grep -c 'metrics-2025-26-q2-bad.csv:[2-6]: .*\[metric\.')" 5
expect "the same metrics file again is refused" "$again_status" 5

# The four packs, twice each, in every format.
for run in one two; do
  for quarter in Q1 Q2 Q3 Q4; do
    extra=()
    [ "$quarter" = Q4 ] && extra=(--self-assessment "$area/self-assessment-2025-26.csv")
    "$poolbook" report pack --quarter "2025/26 $quarter" --value-case "$area/value-case.toml" "${extra[@]}" \
      --out "$work/$run" --store "$store" >/dev/null
  done
done
expect "every quarter's pack in every format" \
  "$(cd "$work/one" && ls -d board-pack-2025-26-Q?.xlsx board-pack-2025-26-Q?.html board-pack-2025-26-Q?.json board-pack-2025-26-Q?-csv | wc -l)" 16
if diff -r "$work/one" "$work/two" >/dev/null; then
  echo "ok: the same books give byte-identical packs"
else
  echo "FAILED: two runs on the same books wrote different files"
  diff -rq "$work/one" "$work/two" || true
  failures=$((failures + 1))
fi
expect "no temporary file is left" "$(find "$work/one" -name '.*part' | wc -l)" 0

# The integrity statement names the chain's record of the quarter's close, which verify
# accepts as a head kept; and later records (a decision, a metrics file) do not move it.
anchor=$("$python" -c 'import json,re,sys; d=json.load(open(sys.argv[1])); s=[s for s in d["sections"] if s["id"]=="integrity"][0]; print(re.search(r"close of 2025/26 M06 is (\d+:[0-9a-f]{64})", s["paragraphs"][0]).group(1))' "$work/one/board-pack-2025-26-Q2.json")
expect "verify accepts the pack's close record as a head kept" \
  "$("$poolbook" verify --store "$store" --expect-head "$anchor" | grep -c 'the chain still holds the head you kept')" 1

# The workbook, read by openpyxl: the example's Q2 figures are numbers in cells.
cat >"$work/q2-xlsx.json" <<'JSON'
{"sheets": ["Summary", "Income", "Expenditure", "Risk share", "Contingency", "Contracts", "Metrics", "ROI",
            "Decisions", "Disputes", "Data quality", "Coming", "Integrity"],
 "cells": {"Summary": {"A1": "Summary", "A3": "As at 2025-09-30", "A12": "Spend to date", "B12": 49924447.10,
                       "B11": 50553060.80, "B13": -628613.70, "B17": 46736063.22},
           "Income": {"A8": "NHS Northshire Integrated Care Board", "D8": 41509475.50, "F8": 20629737.78}},
 "formats": {"Summary": {"B12": "£#,##0.00;(£#,##0.00)", "B13": "£#,##0.00;(£#,##0.00)"}},
 "freeze": {"Summary": "A10", "Income": "A8"},
 "chart_count": {"Summary": 0, "Expenditure": 1, "Risk share": 1, "Metrics": 5, "ROI": 1},
 "print": {"*": {"orientation": "landscape", "paper_size": 9}},
 "properties": {"created": "2025-09-30T00:00:00"}}
JSON
if "$python" "$checks/check_xlsx.py" "$work/one/board-pack-2025-26-Q2.xlsx" "$work/q2-xlsx.json"; then
  echo "ok: the Q2 workbook reads back in openpyxl with its figures, formats and charts"
else
  failures=$((failures + 1))
fi
cat >"$work/q4-xlsx.json" <<'JSON'
{"cells": {"Self-assessment": {"A1": "Self-assessment against the 15 best-practice actions"}},
 "chart_count": {"Metrics": 5}}
JSON
if "$python" "$checks/check_xlsx.py" "$work/one/board-pack-2025-26-Q4.xlsx" "$work/q4-xlsx.json"; then
  echo "ok: the Q4 workbook carries the self-assessment"
else
  failures=$((failures + 1))
fi

# The HTML, in chromium: rendered to a PNG and an A4 PDF without console errors, and its
# tables read back to the books' figures.
cat >"$work/q2-html.json" <<'JSON'
{"sections": ["summary", "income", "expenditure", "risk-share", "contingency", "contracts", "metrics", "roi",
              "governance", "disputes", "data-quality", "coming", "integrity"],
 "cells": [{"table": "Headline figures, 2025/26 Q2", "row": "Spend to date", "column": "Amount",
            "text": "£49,924,447.10"},
           {"table": "Headline figures, 2025/26 Q2", "row": "Variance to date", "column": "Amount",
            "text": "(£628,613.70)", "classes": ["money", "negative"]},
           {"table": "Outcome metrics, 2025/26 Q2", "row": "Emergency admissions, people aged 65+ (national)",
            "column": "Status", "text": "not on track"}],
 "text": ["Metrics on track: 2 of 5", "Every total ties to the books"]}
JSON
if "$python" "$checks/check_html.py" "$work/one/board-pack-2025-26-Q2.html" "$work/q2-html.json" \
     --png "$work/q2.png" --pdf "$work/q2.pdf"; then
  echo "ok: the Q2 pack renders in chromium and its tables read back"
else
  failures=$((failures + 1))
fi

# The JSON and CSV carry the same figures, exactly.
expect "the JSON's spend to date, exact" \
  "$("$python" -c 'import json,sys; d=json.load(open(sys.argv[1])); t=[t for s in d["sections"] for t in s["tables"] if t["id"]=="headline-figures"][0]; print(t["rows"][2][1])' "$work/one/board-pack-2025-26-Q2.json")" \
  "49924447.10"
expect "the CSV's spend to date, exact" \
  "$(grep '^Spend to date,' "$work/one/board-pack-2025-26-Q2-csv/headline-figures.csv" | tr -d '\r')" \
  "Spend to date,49924447.10"

# The BCF quarterly return's figures: its expenditure to date is the pack's spend to date.
"$poolbook" report return --quarter "2025/26 Q2" --format csv --out "$work/return" --store "$store" >/dev/null
expect "the return's expenditure to date is the pack's spend to date" \
  "$(grep '^Total,' "$work/return/bcf-return-2025-26-Q2-csv/return-expenditure.csv" | tr -d '\r' | cut -d, -f6)" \
  "49924447.10"

# A benefits map that gives one benefit more than 100% is refused, naming the file and line.
cp "$area/value-case.toml" "$work/over.toml"
cat >>"$work/over.toml" <<'TOML'

[[intervention]]
scheme = "S04"
[[intervention.benefit]]
benefit = "nea-avoided"
share = "95%"
TOML
over_line=$(grep -n 'share = "95%"' "$work/over.toml" | cut -d: -f1)
set +e
over=$("$poolbook" report roi --value-case "$work/over.toml" --out "$work/roi" --store "$store" 2>&1)
over_status=$?
set -e
expect "a benefits map over 100% is bad input" "$over_status" 2
expect "its error names the file, the line and the rule" \
  "$(echo "$over" | grep -c "over.toml:$over_line: .*\[value-case.share\]")" 1
set +e
"$poolbook" report pack --quarter "2025/26 Q2" --format xlsx,pdf --out "$work/x" --store "$store" >/dev/null 2>&1
expect "an unknown format is bad input" "$?" 2
set -e

# Hostile names and text: a link planted at a pack's name is replaced, never written through;
# a link in place of the CSV folder is refused; a note that a spreadsheet would run as a
# formula is quoted in the CSV.
mkdir -p "$work/links" "$work/elsewhere"
echo keep >"$work/victim"
ln -s "$work/victim" "$work/links/board-pack-2025-26-Q2.json"
"$poolbook" report pack --quarter "2025/26 Q2" --format json --out "$work/links" --store "$store" >/dev/null
expect "a planted link's target is untouched" "$(cat "$work/victim")" keep
expect "the pack replaces the link with a file" "$(stat -c %F "$work/links/board-pack-2025-26-Q2.json")" "regular file"
ln -s "$work/elsewhere" "$work/links/board-pack-2025-26-Q2-csv"
set +e
"$poolbook" report pack --quarter "2025/26 Q2" --format csv --out "$work/links" --store "$store" >/dev/null 2>&1
expect "a link in place of the CSV folder is refused" "$?" 6
set -e
expect "nothing is written through it" "$(ls "$work/elsewhere" | wc -l)" 0
printf 'action,rating,note\n1,red,"=HYPERLINK(""http://evil.example"",""x"")"\n' >"$work/formula.csv"
"$poolbook" report pack --quarter "2025/26 Q4" --self-assessment "$work/formula.csv" --format csv --out "$work/formula" \
  --store "$store" >/dev/null
expect "a formula-like note is quoted in the CSV" \
  "$(grep -c "^1,Risk stratification,red,\"'=HYPERLINK" "$work/formula/board-pack-2025-26-Q4-csv/self-assessment.csv")" 1

# Books altered behind poolbook's back give no pack.
cp "$store" "$work/altered.db"
sqlite3 "$work/altered.db" "DROP TRIGGER metric_results_append_only_update; UPDATE metric_results SET value = '1' WHERE metric = 'falls-65';"
set +e
altered=$("$poolbook" report pack --quarter "2025/26 Q2" --out "$work/altered" --store "$work/altered.db" 2>&1)
expect "a pack from altered books is refused" "$?" 1
set -e
expect "and says the books do not verify" "$(echo "$altered" | grep -c '\[books.verify\]')" 1
expect "and writes nothing" "$(ls "$work/altered" 2>/dev/null | wc -l)" 0
# The pack reads the maintained balances, checked against the digest the last write sealed
# (without re-hashing every entry): one edited in the file is refused by name.
cp "$store" "$work/balance.db"
sqlite3 "$work/balance.db" "UPDATE balances SET movement_pence = movement_pence + 1 WHERE (account, period) IN (SELECT account, period FROM balances LIMIT 1);"
set +e
altered=$("$poolbook" report pack --quarter "2025/26 Q2" --out "$work/balance" --store "$work/balance.db" 2>&1)
expect "a pack from books with a balance edited is refused" "$?" 1
set -e
expect "and names the balances" "$(echo "$altered" | grep -c 'the maintained balances are not those record [0-9]* sealed')" 1
expect "the integrity statement says what was checked" \
  "$("$python" -c 'import json,sys; d=json.load(open(sys.argv[1])); s=[s for s in d["sections"] if s["id"]=="integrity"][0]; print(sum("found to be the ones poolbook last sealed" in p for p in s["paragraphs"]))' "$work/one/board-pack-2025-26-Q2.json")" 1

[ "$failures" -eq 0 ] || exit 1
echo "board packs: all as expected"
