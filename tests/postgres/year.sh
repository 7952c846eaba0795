#!/usr/bin/env bash
# End to end on PostgreSQL, with the real program: the Northshire year (fixtures/northshire)
# kept twice, once in a SQLite file and once in a throw-away cluster's database where each
# person logs in as their own role (docs/postgresql.md), and every figure compared. The same
# commands give the same balances, quarantine, reconciliations, settlements and board pack on
# both; on PostgreSQL the login role is who acts (--as cannot borrow another's name), a
# reader reads but cannot import, and a person's own SQL cannot change the books.
#
#   tests/postgres/year.sh POOLBOOK SOURCE_DIR
set -euo pipefail
poolbook=$1
top=$(cd "$2" && pwd)
work=$(mktemp -d)
chmod 755 "$work"
. "$top/tests/postgres/cluster.sh"
trap 'pg_throwaway_stop; rm -rf "$work"' EXIT
pg_throwaway_start
. "$top/tests/e2e/expect.sh"

pg_install_poolbook "$top"
psql -v ON_ERROR_STOP=1 -qX -d poolbook >/dev/null <<'SQL'
CREATE ROLE rosei LOGIN IN ROLE poolbook_writer;
CREATE ROLE nahmed LOGIN IN ROLE poolbook_writer;
CREATE ROLE boardviewer LOGIN IN ROLE poolbook_reader;
INSERT INTO poolbook.people VALUES ('rosei', 'northshire', 'r.osei'), ('nahmed', 'northshire', 'n.ahmed'),
  ('boardviewer', 'northshire', 'r.osei'), ('rosei', 'passwords', 'r.osei');
SQL
# The books of one person: their role's connection string.
url() { echo "postgresql:///poolbook?host=$PGHOST&port=$PGPORT&user=$1&agreement=northshire"; }

# The SQLite copy acts through the operating-system account mapped to every person.
area=$work/northshire
"$top/tests/e2e/map_account.sh" "$top/fixtures/northshire" "$area"
file=$work/nsh.db
# both COMMAND...: runs a command on the SQLite books (as r.osei) and on PostgreSQL (as
# rosei), with {store} standing for the books; keeps each output in $sq and $pg.
# With person=ID role=ROLE before it, as another person (n.ahmed, the board's clerk: nahmed).
both() {
  local args=() arg books as=()
  books=$(url "${role:-rosei}")
  case $1 in init | import | close | contract | decide | virement | post | period) as=(--as "${person:-r.osei}") ;; esac
  for arg in "$@"; do args+=("${arg//\{store\}/"$file"}"); done
  sq=$("$poolbook" "${args[@]}" "${as[@]}" 2>&1) || true
  args=()
  for arg in "$@"; do args+=("${arg//\{store\}/"$books"}"); done
  pg=$("$poolbook" "${args[@]}" 2>&1) || true
}
same() {  # same DESCRIPTION: the two outputs of the last `both` are the same (and not empty)
  if [ -n "$sq" ] && [ "$sq" = "$pg" ]; then
    echo "ok: $1"
  else
    echo "FAILED: $1"
    diff <(echo "$sq") <(echo "$pg") | head -20
    failures=$((failures + 1))
  fi
}

both init --agreement "$area/agreement.toml" --store {store}
expect "init on PostgreSQL creates the agreement's books as the role's person" \
  "$(echo "$pg" | head -1 | sed "s|$(url rosei)|BOOKS|")" "$(echo "$sq" | head -1 | sed "s|$file|BOOKS|")"
imported=0
for pair in host-receipts:receipts icb-payments:icb-payments host-gl-draws:gl-draws provider-invoices:invoices \
            chc-receipts:chc-receipts chc-gl-draws:chc-gl-draws mh-gl-draws:mh-gl-draws \
            county-payments:county-payments district-payments:district-north-payments \
            district-payments:southvale-payments host-bank:bank-statement; do
  for csv in "$area"/inbox/"${pair#*:}"-20??-??.csv; do
    both import "$csv" --profile "${pair%%:*}" --store {store}
    [ "$sq" = "$pg" ] && imported=$((imported + 1)) || { echo "FAILED: $csv: $pg"; failures=$((failures + 1)); }
  done
done
expect "88 files imported alike on both" "$imported" "88"
both import "$area/inbox/bad/receipts-2025-10-bad.csv" --profile host-receipts --store {store}
same "the bad file's rows are quarantined alike"
both quarantine list --store {store}
expect "the quarantine lists the same rows and reasons" \
  "$(echo "$pg" | awk '{ $1 = ""; print }')" "$(echo "$sq" | awk '{ $1 = ""; print }')"
both import "$area/inbox/receipts-2025-04.csv" --profile host-receipts --store {store}
same "a repeated file is refused alike"

# Who acts is the login role: --as cannot borrow another person's name.
set +e
borrowed=$("$poolbook" import "$area/inbox/bad/receipts-2025-10-bad.csv" --profile host-receipts --force \
  --store "$(url rosei)" --as n.ahmed 2>&1)
borrowed_status=$?
viewed=$("$poolbook" import "$top/fixtures/northshire/inbox/bad/receipts-2025-10-bad.csv" --profile host-receipts \
  --force --store "$(url boardviewer)" 2>&1)
viewed_status=$?
set -e
expect "a role cannot act as another person (exit 1, refused)" "$borrowed_status: $(echo "$borrowed" | tail -1)" \
  "1: poolbook import: the database role rosei acts as r.osei, not as n.ahmed (on PostgreSQL, who acts is the login role) [authority.identity]"
expect "a reader's role cannot import (exit 1, refused by the database)" \
  "$viewed_status $(echo "$viewed" | grep -c 'permission denied')" "1 1"
expect "nor change the books by SQL" \
  "$(psql -U rosei -d poolbook -qAtX -c "UPDATE poolbook.entries SET description = 'x'" 2>&1)" \
  "ERROR:  permission denied for table entries"

for quarter in Q1 Q2 Q3 Q4; do
  "$poolbook" kpi import "$area/inbox/kpi-results-2025-26-$quarter.csv" --store "$file" --as n.ahmed >/dev/null
  "$poolbook" kpi import "$area/inbox/kpi-results-2025-26-$quarter.csv" --store "$(url nahmed)" >/dev/null
  both contract approve HC-OUTCOMES --period "2025/26 $quarter" --store {store}
  same "HC-OUTCOMES's 2025/26 $quarter payment is approved alike"
done
for month in 01 02 03 04 05 06 07 08 09 10 11 12; do
  args=(close "2025/26 M$month" --store {store})
  [ "$month" = 12 ] && args+=(--performance NEA-65=met)
  both "${args[@]}"
  expect "2025/26 M$month closes alike" "$(echo "$pg" | grep -v -i 'head\|SHA-256')" \
    "$(echo "$sq" | grep -v -i 'head\|SHA-256')"
done
both balance --store {store} --csv
same "every account's balance is the same on both ($(echo "$pg" | wc -l) lines)"
# The bank statement's (£620,653.60) and the bad file's three good rows (£6,768,143.79), which
# the bank never saw.
expect "the BCF pool's bank at the year's end" "$(echo "$pg" | grep '^pool/bcf-pool/bank,')" \
  "pool/bcf-pool/bank,6147490.19"
expect "the settlement the partners owe" "$(echo "$pg" | grep '^pool/bcf-pool/settlement/icb,')" \
  "pool/bcf-pool/settlement/icb,762524.43"
both reconcile "2025/26 M12" --store {store} --csv
same "March's reconciliation is the same"
"$poolbook" report pack --quarter "2025/26 Q4" --format csv --out "$work/pack-sqlite" --store "$file" >/dev/null
"$poolbook" report pack --quarter "2025/26 Q4" --format csv --out "$work/pack-pg" --store "$(url rosei)" >/dev/null
# The books' head differs (each backend keeps its own record chain), and so does what was
# checked before the pack (SQLite checks the sealed balances, PostgreSQL the whole journal:
# docs/store-format.md); every figure is the same.
expect "the fourth quarter's pack has the same figures on both" \
  "$(diff -r -I 'head of the books\|SHA-256\|[0-9a-f]\{64\}\|^Integrity statement,\|Checked for this pack' \
    "$work/pack-sqlite" "$work/pack-pg" && echo same)" "same"
expect "SQLite's pack checked the sealed balances" \
  "$(grep -rq 'the books. records and balances are as poolbook sealed them' "$work/pack-sqlite" && echo yes)" yes
expect "PostgreSQL's pack verified the whole journal" \
  "$(grep -rq 'Every total ties to the books; the audit chain verifies' "$work/pack-pg" && echo yes)" yes
both verify --store {store}
expect "verify proves both, the same number of entries and a record chain on each" \
  "$(echo "$pg" | head -1 | sed -E 's/ and [0-9]+ records/ and N records/')" \
  "$(echo "$sq" | head -1 | sed -E 's/ and [0-9]+ records/ and N records/')"
expect "verify counts the year's entries" "$(echo "$pg" | head -1 | cut -d' ' -f1-3)" "verified 2012 entries"
# What closed months stood on is printed by close as the head of the books, and verify
# --expect-head finds it still held.
head=$(echo "$pg" | sed -n 's/^head of the books: //p')
expect "verify --expect-head holds the head verify printed" \
  "$("$poolbook" verify --store "$(url rosei)" --expect-head "$head" >/dev/null && echo held)" "held"
# Governance through the programs, with the database checking the scheme of delegation again
# (docs/postgresql.md): March reopened under the board's decision, recorded by its clerk; a
# virement beyond the pool manager's limit refused, then made under a decision; a manual
# journal within the limit; March closed again. Alike on both, and both verify.
person=n.ahmed role=nahmed both decide D-2026-001 --body njcb --on 2026-04-10 --matter "Reopen March" \
  --action period-reopening --year 2025/26 --refs "2025/26 M12" --present d.hughes,m.clarke,s.wright,k.mensah \
  --for d.hughes,m.clarke,s.wright --abstain k.mensah --store {store}
same "the board's clerk records a decision to reopen March alike"
both period reopen "2025/26 M12" --reason "late accrual" --decision D-2026-001 --store {store}
expect "the pool manager reopens March under it alike" "$pg" "$sq"
expect "reopened by r.osei" "$(echo "$pg" | head -1)" "2025/26 M12 reopened by r.osei under D-2026-001"
both virement S08 S07 120000.00 --year 2025/26 --store {store}
same "a virement beyond the pool manager's limit is refused alike"
person=n.ahmed role=nahmed both decide D-2026-002 --body njcb --on 2026-04-10 --matter "Winter discharge" \
  --action virement --amount 120000.00 --year 2025/26 --present d.hughes,m.clarke,s.wright,k.mensah \
  --for d.hughes,m.clarke,s.wright --against k.mensah --store {store}
same "the board's decision on the virement is recorded alike"
both virement S08 S07 120000.00 --year 2025/26 --decision D-2026-002 --store {store}
expect "the virement is made under it alike" "$pg" "$sq"
expect "virement 1 by r.osei" "$pg" "virement 1: £120,000.00 from S08 to S07 for 2025/26 by r.osei under D-2026-002"
both post --date 2026-03-31 --description "Accrued reablement invoice" --reason "invoice came late" \
  --debit pool/bcf-pool/scheme/S08=12000.00 --credit pool/bcf-pool/accrued-creditors=12000.00 --store {store}
same "a manual journal within the limit is posted alike"
both close "2025/26 M12" --performance NEA-65=met --store {store}
expect "March closes again alike" "$(echo "$pg" | grep -v -i 'head\|SHA-256')" "$(echo "$sq" | grep -v -i 'head\|SHA-256')"
both balance --store {store} --csv
same "every account's balance is still the same on both"
both verify --store {store}
expect "both verify after it" "$(echo "$pg" | head -1 | sed -E 's/ and [0-9]+ records/ and N records/')" \
  "$(echo "$sq" | head -1 | sed -E 's/ and [0-9]+ records/ and N records/')"
expect "the database keeps the scheme adopted at init" \
  "$(psql -U rosei -d poolbook -qAtX -c "SELECT count(*) FROM poolbook.schemes WHERE agreement = 'northshire'")" "1"
# What poolbook refused, typed as SQL, is refused by the database under the same scheme.
expect "a manual journal above the pool manager's limit, typed as SQL, is refused by the database" \
  "$(psql -U rosei -d poolbook -qAtX -c "INSERT INTO poolbook.authority_log(agreement, actor, action, amount_pence,
     decision, allowed, reason, at) VALUES ('northshire', 'r.osei', 'manual-journal', 20000000, '', true, 'x',
     '2026-04-11T09:00:00Z')" 2>&1 | grep -c 'needs a decision of njcb\|authority.decision')" "2"
expect "nor may the clerk act on the decision they recorded" \
  "$(psql -U nahmed -d poolbook -qAtX -c "INSERT INTO poolbook.authority_log(agreement, actor, action, amount_pence,
     decision, allowed, reason, at) VALUES ('northshire', 'n.ahmed', 'virement', 100, 'D-2026-002', true, 'x',
     '2026-04-11T09:00:00Z')" 2>&1 | grep -c 'n.ahmed recorded decision D-2026-002\|authority.maker-checker')" "2"

# A password in the connection string is never shown, even where libpq quotes it.
secret_books="postgresql://rosei:TOPSECRET@/poolbook?host=$PGHOST&port=$PGPORT&agreement=passwords"
shown=$("$poolbook" init --agreement "$area/agreement.toml" --store "$secret_books" --as r.osei 2>&1 || true)
expect "init names the books without their password" "$(echo "$shown" | grep -c 'rosei:\*\*\*@')/$(echo "$shown" | grep -c TOPSECRET)" "1/0"
shown=$("$poolbook" balance --store "postgresql://rosei:s3cr%zzet@localhost:1/poolbook" 2>&1 || true)
expect "nor does a refused connection" "$(echo "$shown" | grep -c 's3cr')" "0"

# A row that is not UTF-8 is held back on both, the rest of its file posted (in books whose
# months are open: the password check's, and a SQLite file of its own).
{ head -2 "$area/inbox/receipts-2025-05.csv" | sed 's/AR2/AX2/'
  head -2 "$area/inbox/receipts-2025-05.csv" | tail -1 | sed 's/AR2/AY2/; s/,"[^"]*"\r$/,"caf\xe9"\r/'; } >"$work/mixed.csv"
"$poolbook" init --agreement "$area/agreement.toml" --store "$work/mixed.db" --as r.osei >/dev/null
sq=$("$poolbook" import "$work/mixed.csv" --profile host-receipts --store "$work/mixed.db" --as r.osei 2>&1 || true)
pg=$("$poolbook" import "$work/mixed.csv" --profile host-receipts --store "$secret_books" 2>&1 || true)
expect "a row that is not UTF-8 is quarantined alike" "$(echo "$pg" | sed 1d)" "$(echo "$sq" | sed 1d)"
expect "the good row posted, the other held back" "$(echo "$pg" | head -1 | grep -c '2 rows read, 1 posted.*1 quarantined')" 1
[ "$failures" -eq 0 ] || exit 1
