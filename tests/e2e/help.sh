#!/usr/bin/env bash
# Every command's --help ends with a worked example, and a mistyped subcommand, option or
# agreement key is answered with what was probably meant. Walks the real program's help, so
# a command added without an example fails here.
set -euo pipefail
poolbook=$1
failures=0
fail() { echo "FAILED: $*"; failures=$((failures + 1)); }

# subcommands CMD...: the subcommands the help of `poolbook CMD...` lists.
subcommands() { "$poolbook" "$@" --help | sed -n '/^Subcommands:/,$p' | tail -n +2 | awk 'NF {print $1}'; }

walk() {
  local children
  children=$(subcommands "$@")
  if [ -z "$children" ]; then
    if "$poolbook" "$@" --help | grep -q '^Example:'; then
      echo "ok: poolbook $* --help has an example"
    else
      fail "poolbook $* --help has no example"
    fi
    return
  fi
  local child
  for child in $children; do walk "$@" "$child"; done
}
for top in $(subcommands); do walk "$top"; done

# expect_suggestion TEXT ARGS...: the program refuses ARGS (exit 2) and suggests TEXT.
expect_suggestion() {
  local text=$1 status=0 out
  shift
  out=$("$poolbook" "$@" 2>&1) || status=$?
  if [ "$status" = 2 ] && [[ "$out" == *"$text"* ]]; then echo "ok: poolbook $* suggests $text"; else
    fail "poolbook $*: expected exit 2 and '$text', got $status: $out"
  fi
}
expect_suggestion "poolbook: did you mean 'balance'?" balnce
expect_suggestion "poolbook period: did you mean 'close'?" period clos "2025/26 M01"
expect_suggestion "poolbook balance: did you mean '--store'?" balance --stor x.db
expect_suggestion "poolbook risk-share: did you mean '--variance'?" risk-share --varience S07=1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed 's/^funding_source = "ibcf"$/fundng_source = "ibcf"/' "$2/northshire/agreement.toml" >"$work/agreement.toml"
out=$("$poolbook" agreement check "$work/agreement.toml" || true)
if [[ "$out" == *"has a key 'fundng_source' that"*"did you mean 'funding_source'?"* ]]; then
  echo "ok: a mistyped agreement key is answered with the key meant"
else
  fail "a mistyped agreement key: $out"
fi
echo "$failures failed"
[ "$failures" -eq 0 ]
