#!/usr/bin/env bash
# A file that needs a table of contents is two files (STYLE.md): no source file in ledger/,
# contracts/, reports/ or daemon/ runs over 600 lines.
set -u
top=$1
limit=${2:-600}
cd "$top" || exit 2
folders=()
for folder in ledger contracts reports daemon; do [ -d "$folder" ] && folders+=("$folder"); done
hits=$(find "${folders[@]}" -type f \( -name '*.cpp' -o -name '*.hpp' \) -print0 | sort -z | xargs -0 wc -l \
  | awk -v limit="$limit" '$2 != "total" && $1 > limit { printf "%s: %d lines, over %d\n", $2, $1, limit }')
if [ -n "$hits" ]; then
  echo "source files over $limit lines (split them by concern):"
  echo "$hits"
  exit 1
fi
echo "every source file is at most $limit lines"
