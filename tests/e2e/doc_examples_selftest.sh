#!/usr/bin/env bash
# The documentation check can fail: a block whose output differs from what it shows, a
# setup command that fails, or `...` asked to stand for what is not there, each fails it;
# a true block, with `...` for lines and for text within a line, passes.
set -euo pipefail
poolbook=$1
repo=$2
runner="$(dirname "$0")/doc_examples.pl"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fence='```'
check() {  # check EXPECTED_STATUS NAME: runs the check on $work/NAME.md
  local status=0
  "$runner" "$poolbook" "$repo" "$work/$2.md" >"$work/$2.out" 2>&1 || status=$?
  if [ "$status" != "$1" ]; then
    echo "FAILED: $2 should end with status $1, ended with $status:"
    cat "$work/$2.out"
    exit 1
  fi
}
cat >"$work/true.md" <<MD
$fence
\$ printf 'one\ntwo\nthree\nfour\n'
one
...
four
\$ poolbook split 10 --by A=1 --by B=1 | tail -n 1
total ...£10.00
$fence
MD
check 0 true
cat >"$work/wrong.md" <<MD
$fence
\$ echo hello
goodbye
$fence
MD
check 1 wrong
grep -q 'FAILED: .*wrong.md:2: \$ echo hello' "$work/wrong.out"
cat >"$work/missing.md" <<MD
$fence
\$ printf 'one\ntwo\n'
one
two
three
$fence
MD
check 1 missing
cat >"$work/setup.md" <<MD
<!-- setup
\$ false
-->
MD
check 1 setup
echo "the documentation check passes a true block and fails a false one"
