#!/usr/bin/env bash
# Every C++ source in the tree is as clang-format (the .clang-format at the top) writes it.
set -eu
cd "$1"
command -v clang-format >/dev/null || { echo "clang-format is missing: apt-get install clang-format"; exit 1; }
dirs=()
for dir in ledger contracts reports daemon tests bench; do [ -d "$dir" ] && dirs+=("$dir"); done
mapfile -t files < <(find "${dirs[@]}" -name '*.cpp' -o -name '*.hpp' | sort)
clang-format --dry-run --Werror "${files[@]}"
echo "clang-format: ${#files[@]} files clean"
