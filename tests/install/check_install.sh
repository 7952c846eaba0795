#!/usr/bin/env bash
# Installs the built tree into a scratch prefix and builds a small consumer against it with
# find_package(poolbook), then runs the consumer: the installed headers, libraries and
# package config are enough for another project.
set -eu
build=$1
consumer=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
test -x "$scratch/prefix/bin/poolbook"
test -f "$scratch/prefix/include/poolbook/ledger/money/money.hpp"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$consumer" -B "$scratch/build" "${generator[@]}" -DCMAKE_PREFIX_PATH="$scratch/prefix" >/dev/null
cmake --build "$scratch/build" >/dev/null
out=$("$scratch/build/consumer")
echo "$out"
[ "$out" = "£351,500.11 + £210,900.06 = £562,400.17 in 2025/26 M06" ]
