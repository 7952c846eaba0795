#!/usr/bin/env bash
# The examples in docs/ stay true: the complete agreement example in
# docs/agreement-format.md passes `poolbook agreement check` and `poolbook init` makes its
# books, and the Northshire agreement with its risk share replaced by the worked example of
# [[risk_share]] passes the check too.
set -euo pipefail
poolbook=$1
docs=$2
fixtures=$(dirname "$docs")/fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# toml_block N: the Nth ```toml block of the format document.
toml_block() {
  awk -v wanted="$1" '/^```toml$/ {n++; inside = (n == wanted); next} /^```$/ {inside = 0} inside' \
    "$docs/agreement-format.md"
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
