#!/usr/bin/env bash
# The examples in docs/ stay true: the complete agreement example in
# docs/agreement-format.md passes `poolbook agreement check`.
set -euo pipefail
poolbook=$1
docs=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed -n '/^```toml$/,/^```$/p' "$docs/agreement-format.md" | sed '1d;$d' >"$work/agreement.toml"
"$poolbook" agreement check "$work/agreement.toml"
