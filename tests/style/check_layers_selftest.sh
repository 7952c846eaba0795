#!/usr/bin/env bash
# check_layers.sh catches what it is for: on scratch trees it passes a tree that keeps the
# layers and fails, naming file, line and rule, each kind of include that breaks them.
set -u
check=$(dirname "${BASH_SOURCE[0]}")/check_layers.sh
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0

# tree NAME FILE=INCLUDE...: a scratch tree whose FILE holds `#include "INCLUDE"`.
tree() {
  local dir=$scratch/$1
  shift
  mkdir -p "$dir"
  for pair in "$@"; do
    local file=${pair%%=*} include=${pair#*=}
    mkdir -p "$dir/$(dirname "$file")"
    printf '#pragma once\n// a comment naming "poolbook/contracts/y.hpp" is no include\n#include "%s"\n' "$include" >>"$dir/$file"
  done
  echo "$dir"
}

# expect MODE(''|--cli) TREE pass|fail [TEXT]: the check's verdict, and TEXT in its output.
expect() {
  local mode=$1 dir=$2 verdict=$3 text=${4:-}
  local out status
  # shellcheck disable=SC2086
  out=$("$check" $mode "$dir" 2>&1)
  status=$?
  if { [ "$verdict" = pass ] && [ $status -ne 0 ]; } || { [ "$verdict" = fail ] && [ $status -eq 0 ]; }; then
    echo "FAILED: expected check_layers.sh $mode to $verdict on $(basename "$dir"), got:"
    echo "$out"
    failures=$((failures + 1))
  elif [ -n "$text" ] && ! grep -qF -- "$text" <<<"$out"; then
    echo "FAILED: expected '$text' in the output on $(basename "$dir"), got:"
    echo "$out"
    failures=$((failures + 1))
  fi
}

good=$(tree good ledger/money/x.hpp=poolbook/ledger/text/internal/scan.hpp \
  ledger/money/x.cpp=x.hpp contracts/agreement/a.hpp=poolbook/ledger/money/x.hpp \
  reports/pack/p.hpp=poolbook/contracts/agreement/a.hpp daemon/poolbookd/d.cpp=poolbook/reports/pack/p.hpp \
  daemon/books/b.cpp=poolbook/ledger/store/store.hpp daemon/poolbook/c.cpp=poolbook/daemon/books/b.hpp)
expect "" "$good" pass
expect --cli "$good" pass

expect "" "$(tree up ledger/x.hpp=poolbook/contracts/y.hpp)" fail "ledger/x.hpp:3:"
expect "" "$(tree up-relative ledger/x.hpp=../contracts/y.hpp)" fail "[layers.direction]"
expect "" "$(tree reports-from-contracts contracts/x.cpp=poolbook/reports/pack.hpp)" fail "[layers.direction]"
expect "" "$(tree internal contracts/x.cpp=poolbook/ledger/text/internal/scan.hpp)" fail \
  "contracts/x.cpp:3: includes \"poolbook/ledger/text/internal/scan.hpp\", a header internal to ledger/, from contracts/ [layers.internal]"
expect "" "$(tree internal-daemon daemon/poolbook/x.cpp=poolbook/contracts/agreement/internal/r.hpp)" fail "[layers.internal]"
expect --cli "$(tree cli-store daemon/poolbook/x.cpp=poolbook/ledger/store/store.hpp)" fail "[layers.cli-store]"
expect --cli "$(tree cli-governance-store daemon/poolbook/x.cpp=poolbook/contracts/governance/governance_store.hpp)" fail \
  "[layers.cli-store]"
cli_write=$(tree cli-write daemon/poolbook/x.cpp=poolbook/daemon/books/b.hpp)
printf 'void f(Db& db) { db->write([&] { return ok(); }); }\n' >>"$cli_write/daemon/poolbook/x.cpp"
expect --cli "$cli_write" fail "daemon/poolbook/x.cpp:4:"
cli_begin=$(tree cli-begin daemon/poolbook/x.cpp=poolbook/daemon/books/b.hpp)
printf 'const char* sql = "BEGIN IMMEDIATE";\n' >>"$cli_begin/daemon/poolbook/x.cpp"
expect --cli "$cli_begin" fail "[layers.cli-store]"

if [ $failures -ne 0 ]; then
  echo "check_layers.sh: $failures expectation(s) not met"
  exit 1
fi
echo "check_layers.sh passes a tree that keeps the layers and fails each kind of bad include"
