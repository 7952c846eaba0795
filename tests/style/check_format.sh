#!/usr/bin/env bash
# Every C++ source in the tree is as clang-format (the .clang-format at the top) writes it.
set -eu
top=$1
cd "$top"
command -v clang-format >/dev/null || { echo "clang-format is missing: apt-get install clang-format"; exit 1; }
files=$(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find ledger contracts reports daemon tests bench -name '*.[ch]pp')
[ -n "$files" ] || files=$(find ledger daemon tests bench -name '*.[ch]pp')
# shellcheck disable=SC2086
clang-format --dry-run --Werror $files
echo "clang-format: $(echo "$files" | wc -w) files clean"
