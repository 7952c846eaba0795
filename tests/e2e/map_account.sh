#!/usr/bin/env bash
# map_account.sh AREA OUT [ACCOUNT]: a copy of the example area AREA in OUT whose agreement
# maps the operating-system account ACCOUNT (default: the one running this) to every person,
# beside the accounts the agreement already maps. The end-to-end tests run as one account,
# and choose among its persons with --as, which is exactly what --as is for; the tests of
# identity itself run the real program as separate accounts instead (identity.sh).
set -euo pipefail
area=$1
out=$2
account=${3:-$(id -un)}
mkdir -p "$out"
awk -v account="$account" '
  function close_person() { if (in_person && !mapped) print "os_users = [\"" account "\"]"; in_person = 0 }
  /^\[/ { close_person(); in_person = ($0 ~ /^\[\[person\]\]/); mapped = 0 }
  in_person && /^os_users *= *\[/ { sub(/\[/, "[\"" account "\", "); mapped = 1 }
  { print }
  END { close_person() }
' "$area/agreement.toml" >"$out/agreement.toml"
for folder in profiles inbox metrics; do
  [ -e "$area/$folder" ] && ln -sfn "$(cd "$area/$folder" && pwd)" "$out/$folder"
done
for file in value-case.toml self-assessment-2025-26.csv; do
  [ -e "$area/$file" ] && ln -sfn "$(cd "$area" && pwd)/$file" "$out/$file"
done
true
