#!/usr/bin/env bash
# The examples in docs/ stay true: the complete agreement example in
# docs/agreement-format.md passes `poolbook agreement check` and `poolbook init` makes its
# books, and the Northshire agreement with its risk share replaced by the worked example of
# [[risk_share]] passes the check too; the import profile example reads a receipt, and the
# holiday list example is a calendar poolbook reads. (Command blocks: doc_examples.pl.)
set -euo pipefail
poolbook=$1
docs=$2
fixtures=$(dirname "$docs")/fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# toml_block N [DOC]: the Nth ```toml block of the format document (agreement-format.md).
toml_block() {
  awk -v wanted="$1" '/^```toml$/ {n++; inside = (n == wanted); next} /^```$/ {inside = 0} inside' \
    "$docs/${2:-agreement-format.md}"
}
# plain_block N DOC: the Nth ``` block (no language) of a document.
plain_block() {
  awk -v wanted="$1" '/^```$/ && !inside {n++; inside = 1; keep = (n == wanted); next}
                      /^```$/ && inside {inside = 0; next} inside && keep' "$docs/$2"
}
mkdir "$work/minimal"
toml_block 1 >"$work/minimal/agreement.toml"
"$poolbook" agreement check "$work/minimal/agreement.toml"
# ... and books can be made for it, by the account its person acts from (here, this one).
"$(dirname "$0")/map_account.sh" "$work/minimal" "$work/mapped"
"$poolbook" init --agreement "$work/mapped/agreement.toml" --store "$work/minimal.db" --as p.jones
sed '/^# Schedule 6: risk share/,$d' "$fixtures/northshire/agreement.toml" | sed '$d' >"$work/northshire.toml"
toml_block 2 >>"$work/northshire.toml"
grep -q '^\[\[risk_share.scheme.band\]\]' "$work/northshire.toml"
"$poolbook" agreement check "$work/northshire.toml"

# The profile example of docs/import-profile-format.md reads a receipt in its layout.
toml_block 1 import-profile-format.md >"$work/profile.toml"
"$(dirname "$0")/map_account.sh" "$fixtures/northshire" "$work/area"
"$poolbook" init --agreement "$work/area/agreement.toml" --store "$work/profile.db" --as r.osei >/dev/null
printf 'Receipt Date,Amount,Customer Name,Cost Centre,Receipt Number,Comments\n15/04/2025,100.00,NHS NORTHSHIRE ICB,,AR1,April\n' \
  >"$work/receipts.csv"
"$poolbook" import "$work/receipts.csv" --profile "$work/profile.toml" --store "$work/profile.db" --as r.osei |
  grep -q ': 1 rows read, 1 posted (£100.00), 0 quarantined'
# The calendar example of docs/calendar-format.md is a holiday list poolbook reads.
plain_block 1 calendar-format.md >"$work/holidays.txt"
grep -q '^covers 2024 2030$' "$work/holidays.txt"
"$poolbook" calendar 2026/27 --holidays "$work/holidays.txt" | grep -q '2026-12-28 Boxing Day (substitute day)'
echo "the examples in docs/ hold"
