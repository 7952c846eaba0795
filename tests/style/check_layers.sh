#!/usr/bin/env bash
# The layers point one way (docs/architecture.md): an #include that runs against them fails
# this check, naming the file, the line and the rule.
#
#   check_layers.sh TOP          the layer rules, over TOP/{ledger,contracts,reports,daemon}
#   check_layers.sh --cli TOP    the CLI rule, over TOP/daemon/poolbook
#
# The layer rules:
#   layers.direction  ledger/ includes only poolbook/ledger/...; contracts/ ledger and
#                     contracts; reports/ ledger, contracts and reports; daemon/ anything.
#   layers.internal   a header under some X/internal/ is included only from files in the
#                     same top-level folder (tests/ are not checked).
# The CLI rule (layers.cli-store): no file in daemon/poolbook/ includes a store header
# (poolbook/ledger/store/..., or any header named *store*.hpp) or opens a transaction
# (BEGIN, COMMIT, a `write(` of the database): the CLI calls the application layer in
# daemon/books/, which owns the transaction.
#
# Includes are read as written: "poolbook/LAYER/..." (or <poolbook/LAYER/...>) is LAYER/...;
# any other quoted include is resolved against the including file's folder. Comment lines
# are skipped.
set -u
mode=layers
if [ "${1:-}" = "--cli" ]; then
  mode=cli
  shift
fi
top=${1:?usage: check_layers.sh [--cli] TOP}
cd "$top" || exit 2

if [ "$mode" = layers ]; then
  folders=()
  for folder in ledger contracts reports daemon; do [ -d "$folder" ] && folders+=("$folder"); done
else
  folders=()
  [ -d daemon/poolbook ] && folders=(daemon/poolbook)
fi
[ ${#folders[@]} -gt 0 ] || { echo "check_layers: nothing to check under $top"; exit 0; }

files=$(find "${folders[@]}" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.hpp.in' \) | sort)
[ -n "$files" ] || { echo "check_layers: no sources under $top"; exit 0; }

# shellcheck disable=SC2086
hits=$(awk -v mode="$mode" '
  function normalize(path,    parts, n, i, out, kept, k) {
    n = split(path, parts, "/")
    k = 0
    for (i = 1; i <= n; i++) {
      if (parts[i] == "" || parts[i] == ".") continue
      if (parts[i] == "..") { if (k > 0) k--; continue }
      kept[++k] = parts[i]
    }
    out = ""
    for (i = 1; i <= k; i++) out = out (i > 1 ? "/" : "") kept[i]
    return out
  }
  function top_of(path,    t) { t = path; sub(/\/.*/, "", t); return t }
  function fail(rule, message) { printf "%s:%d: %s [%s]\n", FILENAME, FNR, message, rule; failed = 1 }
  /^[ \t]*\/\// { next }
  mode == "cli" && /(^|[^A-Za-z_])(BEGIN|COMMIT)([^A-Za-z_]|$)/ {
    fail("layers.cli-store", "the CLI opens or commits a transaction itself; call a use case of daemon/books instead")
  }
  mode == "cli" && /(\.|->)write\(/ {
    fail("layers.cli-store", "the CLI runs a write transaction itself; call a use case of daemon/books instead")
  }
  /^[ \t]*#[ \t]*include[ \t]*("|<poolbook\/)/ {
    written = $0
    sub(/^[ \t]*#[ \t]*include[ \t]*["<]/, "", written)
    sub(/[">].*$/, "", written)
    if (written ~ /^poolbook\//) {
      target = normalize(substr(written, 10))
    } else {
      dir = FILENAME
      if (dir ~ /\//) sub(/\/[^\/]*$/, "", dir); else dir = ""
      target = normalize(dir "/" written)
    }
    from = top_of(FILENAME)
    to = top_of(target)
    if (mode == "cli") {
      name = target
      sub(/^.*\//, "", name)
      if (target ~ /^ledger\/store\// || name ~ /store.*\.hpp$/)
        fail("layers.cli-store", "the CLI includes the store header \"" written "\"; call a use case of daemon/books instead")
      next
    }
    if (to != "ledger" && to != "contracts" && to != "reports" && to != "daemon") {
      fail("layers.direction", "includes \"" written "\", which is in no layer (ledger, contracts, reports, daemon)")
      next
    }
    allowed = (from == "daemon") || (to == from) || (from == "contracts" && to == "ledger") ||
              (from == "reports" && (to == "ledger" || to == "contracts"))
    if (!allowed)
      fail("layers.direction", from "/ may not include \"" written "\" (" to "/): dependencies point daemon -> reports -> contracts -> ledger")
    if (target ~ /(^|\/)internal\// && to != from)
      fail("layers.internal", "includes \"" written "\", a header internal to " to "/, from " from "/")
  }
  END { exit failed }
' $files)
status=$?
if [ $status -ne 0 ]; then
  echo "$hits"
  if [ "$mode" = cli ]; then
    echo "check_layers: the poolbook CLI talks to the store directly (see the rule above each finding)"
  else
    echo "check_layers: includes run against the layers (docs/architecture.md, \"What may include what\")"
  fi
  exit 1
fi
if [ "$mode" = cli ]; then
  echo "the poolbook CLI reaches the store only through daemon/books"
else
  echo "every #include follows the layers"
fi
