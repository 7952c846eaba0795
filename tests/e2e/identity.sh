#!/usr/bin/env bash
# Who acts comes from the operating system. The real program is run as two operating-system
# accounts the Northshire agreement maps to different persons (pool.manager: Ruth Osei, the
# pool manager; finance.officer: Nadia Ahmed, the finance officer and clerk of the boards),
# and as one it maps to nobody (the account running the tests). Neither mapped account can
# act as the other, by person id or by account name; the unmapped one can do nothing; each
# refusal is in the authority log with the account that tried. Needs root or sudo, to create
# the accounts (scripts/test.sh does) and to run as them.
set -euo pipefail
poolbook=$1
fixtures=$2
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/scripts/lib/accounts.sh"
ensure_example_accounts
me=$(id -un)
failures=0

# A folder both accounts can work in, with a copy of the program and the area (the build
# tree may sit where they cannot read it).
work=$(as_root mktemp -d /var/tmp/poolbook-identity.XXXXXX)
trap 'as_root rm -rf "$work"' EXIT
shared_folder "$work"
as_root install -m 0755 "$poolbook" "$work/poolbook"
as_root cp -r "$fixtures/northshire" "$work/northshire"
as_root chgrp -R "$example_group" "$work"
cd "$work"

# run ACCOUNT EXPECTED_STATUS TEXT ARGS...: runs poolbook as ACCOUNT; its status must be
# EXPECTED_STATUS and its output (both streams) must contain TEXT.
run() {
  local account=$1 expected=$2 text=$3
  shift 3
  local output status=0
  output=$(as_account "$account" ./poolbook "$@" 2>&1) || status=$?
  if [ "$status" != "$expected" ] || [[ "$output" != *"$text"* ]]; then
    echo "FAILED: as $account: poolbook $*"
    echo "  expected status $expected and: $text"
    echo "  got status $status and: $output"
    failures=$((failures + 1))
  else
    echo "ok: as $account: poolbook $* ($status)"
  fi
}

agreement=northshire/agreement.toml
books=books.db
# Nobody the agreement does not map creates books, whatever name they give.
run "$me" 1 "the operating-system account '$me' is not mapped to any person" \
  init --agreement "$agreement" --store "$books" --as r.osei
[ ! -e "$books" ] || { echo "FAILED: a refused init left $books"; failures=$((failures + 1)); }
run pool.manager 0 "99 accounts open (by r.osei)" init --agreement "$agreement" --store "$books"
# The books are shared through the group: the other account can write them.
run finance.officer 0 "3 posted" import northshire/inbox/receipts-2025-04.csv --profile host-receipts \
  --store "$books"
# The finance officer's account may not act as the pool manager, by id or by account name.
for other in r.osei pool.manager; do
  run finance.officer 1 "the operating-system account 'finance.officer' acts for n.ahmed only, so it may not act as r.osei" \
    period close "2025/26 M01" --store "$books" --as "$other"
done
# Nor the pool manager's as the finance officer: she cannot record the board's decision herself.
run pool.manager 1 "it may not act as n.ahmed (Nadia Ahmed)" \
  decide D-2025-015 --body njcb --on 2025-10-16 --matter "Winter discharge capacity" --action virement \
  --amount 120000.00 --year 2025/26 --present d.hughes,m.clarke,s.wright,k.mensah --for d.hughes,m.clarke,s.wright \
  --against k.mensah --store "$books" --as n.ahmed
run pool.manager 1 "[authority.clerk]" \
  decide D-2025-015 --body njcb --on 2025-10-16 --matter "Winter discharge capacity" --action virement \
  --amount 120000.00 --year 2025/26 --present d.hughes,m.clarke,s.wright,k.mensah --for d.hughes,m.clarke,s.wright \
  --against k.mensah --store "$books"
# The unmapped account changes nothing, not even by naming a person.
run "$me" 1 "[authority.actor]" period close "2025/26 M01" --store "$books" --as r.osei
# Each acts as their own person: the clerk records, the pool manager acts under it.
run finance.officer 0 "D-2025-015" \
  decide D-2025-015 --body njcb --on 2025-10-16 --matter "Winter discharge capacity" --action virement \
  --amount 120000.00 --year 2025/26 --present d.hughes,m.clarke,s.wright,k.mensah --for d.hughes,m.clarke,s.wright \
  --against k.mensah --store "$books"
run finance.officer 1 "[authority.maker-checker]" \
  virement S08 S07 120000.00 --year 2025/26 --decision D-2025-015 --store "$books"
run pool.manager 0 "by r.osei" virement S08 S07 120000.00 --year 2025/26 --decision D-2025-015 --store "$books"
run pool.manager 0 "2025/26 M01 closed by r.osei" period close "2025/26 M01" --store "$books"
# The authority log names the account behind every refusal.
log=$(as_account pool.manager ./poolbook authority-log --refused --store "$books")
for row in "finance.officer as r.osei" "finance.officer as pool.manager" "pool.manager as n.ahmed" "$me as r.osei"; do
  if [[ "$log" != *"$row"* ]]; then
    echo "FAILED: the authority log has no refusal of '$row':"
    echo "$log"
    failures=$((failures + 1))
  fi
done
# An auditor's copy, which the accounts may read but not write (in a folder they cannot write
# either): the commands that read work on it as it stands; anything that would change it is
# refused, and the copy is left byte for byte as it was.
as_root mkdir -m 0755 audit
as_root cp "$books" audit/books.db
as_root chmod 0444 audit/books.db
before=$(sha256sum audit/books.db)
run pool.manager 0 "verified 8 entries" verify --store audit/books.db
run finance.officer 0 "£8,367,795.13" balance --store audit/books.db --account pool/bcf-pool/bank
run finance.officer 0 "r.osei" authority-log --store audit/books.db
run pool.manager 1 "audit/books.db is open read-only (this account may read the books but not write them), so nothing was changed [store.read-only]" \
  import northshire/inbox/receipts-2025-05.csv --profile host-receipts --store audit/books.db
run pool.manager 1 "[store.read-only]" period close "2025/26 M02" --store audit/books.db
if [ "$(sha256sum audit/books.db)" != "$before" ] || [ -e audit/books.db-wal ]; then
  echo "FAILED: reading the auditor's copy changed it"
  failures=$((failures + 1))
fi
[ "$failures" = 0 ] && echo "identity: all checks passed"
exit "$failures"
