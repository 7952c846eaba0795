#!/usr/bin/env bash
# Everything that changes what the books say is in the audit chain: the real program makes
# books (an import, months closed, a board's decision, a virement), then each attack below
# edits a copy of the file with sqlite3, as someone with the file but not poolbook would, and
# `poolbook verify` must refuse it (exit 1), naming what does not match. A head kept from an
# earlier close catches records removed from the chain's end, which nothing inside the file
# can reveal.
set -euo pipefail
poolbook=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
area=$work/northshire
"$(dirname "$0")/map_account.sh" "$2/northshire" "$area"
cd "$work"
failures=0
pb() { "$poolbook" "$@" --store base.db; }

pb init --agreement "$area/agreement.toml" --as pool.manager >/dev/null
pb import "$area/inbox/receipts-2025-04.csv" --profile host-receipts --as pool.manager >/dev/null
pb import "$area/inbox/gl-draws-2025-04.csv" --profile host-gl-draws --as pool.manager >/dev/null
kept=$(pb period close "2025/26 M01" --as pool.manager | sed -n 's/^head of the books: \([0-9]*:[0-9a-f]*\) .*/\1/p')
pb virement S08 S07 120000.00 --year 2025/26 --as pool.manager >/dev/null 2>&1 || true  # refused and logged
pb decide D-2025-015 --body njcb --on 2025-10-16 --matter "Winter discharge capacity" --action virement \
  --amount 120000.00 --year 2025/26 --present d.hughes,m.clarke,s.wright,k.mensah --for d.hughes,m.clarke,s.wright \
  --against k.mensah --as finance.officer >/dev/null
pb virement S08 S07 120000.00 --year 2025/26 --decision D-2025-015 --as pool.manager >/dev/null
later=$(pb period close "2025/26 M02" --as pool.manager | sed -n 's/^head of the books: \([0-9]*:[0-9a-f]*\) .*/\1/p')
sqlite3 base.db "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
if ! "$poolbook" verify --store base.db --expect-head "$kept" >/dev/null; then
  echo "FAILED: the untouched books do not verify against the head kept at the close of M01 ($kept)"
  failures=$((failures + 1))
fi

# attack NAME EXPECTED SQL [verify options]: SQL run on a copy; verify must fail with EXPECTED.
attack() {
  local name=$1 expected=$2 sql=$3
  shift 3
  cp base.db attacked.db
  rm -f attacked.db-wal attacked.db-shm
  sqlite3 attacked.db "$sql" >/dev/null
  local out status=0
  out=$("$poolbook" verify --store attacked.db "$@" 2>&1) || status=$?
  if [ "$status" = 1 ] && [[ "$out" == *"NOT VERIFIED: "*"$expected"* ]]; then
    echo "ok: $name"
  else
    echo "FAILED: $name"
    echo "  expected exit 1 and: $expected"
    echo "  got exit $status and: $out"
    failures=$((failures + 1))
  fi
}

attack "a closed month reopened by UPDATE" "month 2025/26 M01 is marked open but its log" \
  "UPDATE periods SET state = 'open' WHERE fy = 2025 AND month = 1"
attack "a month reopened with a forged log line, the chain's triggers dropped" \
  "periods [2025,1] reads [2025,1,\"open\"] but record" \
  "DROP TRIGGER chain_periods_update; DROP TRIGGER chain_period_log_insert;
   UPDATE periods SET state = 'open' WHERE fy = 2025 AND month = 1;
   INSERT INTO period_log(fy, month, action, actor, reason, at) VALUES (2025, 1, 'reopen', 'r.osei', 'x', 'now')"
attack "a change written through the triggers is never sealed" "was written around poolbook" \
  "INSERT INTO period_log(fy, month, action, actor, reason, at) VALUES (2025, 3, 'note', 'r.osei', 'x', 'now')"
attack "the adopted agreement's text edited to raise a delegation limit" \
  'settings ["agreement.text"] reads' \
  "DROP TRIGGER chain_settings_update;
   UPDATE settings SET value = replace(value, 'up_to = \"50000.00\"', 'up_to = \"400000.00\"')
   WHERE key = 'agreement.text'"
attack "an entry moved to another month" "entry 1 is dated 2025-04-" \
  "DROP TRIGGER entries_append_only_update; UPDATE entries SET period = 202506 WHERE id = 1"
attack "an entry's date given a trailing space (it reads as the same day)" "entry 1 is stored with date '2025-04-" \
  "DROP TRIGGER entries_append_only_update; UPDATE entries SET entry_date = entry_date || ' ' WHERE id = 1"
attack "an entry's source row stored as text that reads as the same number" "source row '" \
  "DROP TRIGGER entries_append_only_update; UPDATE entries SET source_row = source_row || 'x' WHERE id = 1"
attack "a balance's month stored as text that reads as the same month" "not whole numbers" \
  "UPDATE balances SET period = CAST(period AS TEXT) || 'x' WHERE period = 202501"
attack "an entry's kind changed to a word that is no kind (trigger dropped and made again)" "which is no kind of entry" \
  "DROP TRIGGER entries_append_only_update; UPDATE entries SET kind = 'contribution-refund' WHERE id = (SELECT MIN(id) FROM entries WHERE kind = 'draw')"
attack "a virement's amount edited" "virements [1] reads" \
  "DROP TRIGGER virements_append_only_update; DROP TRIGGER chain_virements_update; UPDATE virements SET amount_pence = 40000000 WHERE id = 1"
attack "a refusal deleted from the authority log" "is no longer in the file" \
  "DROP TRIGGER authority_log_append_only_delete; DROP TRIGGER chain_authority_log_delete;
   DELETE FROM authority_log WHERE allowed = 0"
attack "a decision's votes edited" "decisions [\"D-2025-015\"] reads" \
  "DROP TRIGGER decisions_append_only_update; DROP TRIGGER chain_decisions_update;
   UPDATE decisions SET votes = replace(votes, 'against', 'for')"
attack "a sealed record of the chain rewritten" "does not match its hash" \
  "DROP TRIGGER record_chain_sealed; UPDATE record_chain SET content = replace(content, 'closed', 'open')
   WHERE tbl = 'periods'"
attack "the last entry removed, balances made to match" "says the journal reached entry 64" \
  "DROP TRIGGER entries_append_only_delete; DELETE FROM entries WHERE id = (SELECT MAX(id) FROM entries);
   DELETE FROM balances; INSERT INTO balances(account, period, movement_pence)
   SELECT a.id, e.period, SUM(p.amount_pence) FROM postings p JOIN entries e ON e.id = p.entry_id
   JOIN accounts a ON a.path = p.account GROUP BY a.id, e.period"
# Removing everything after M01's close, consistently, leaves books that verify on their
# own; only the head kept at M02's close shows the chain was cut short.
cut="DROP TRIGGER record_chain_append_only_delete; DROP TRIGGER chain_periods_delete;
  DROP TRIGGER chain_period_log_delete; DROP TRIGGER chain_virements_delete; DROP TRIGGER chain_decisions_delete;
  DROP TRIGGER chain_authority_log_delete; DROP TRIGGER decisions_append_only_delete;
  DROP TRIGGER virements_append_only_delete; DROP TRIGGER authority_log_append_only_delete;
  DELETE FROM record_chain WHERE seq > ${kept%%:*};
  DELETE FROM periods WHERE month = 2; DELETE FROM period_log WHERE month = 2; DELETE FROM virements;
  DELETE FROM decisions; DELETE FROM authority_log WHERE id > (SELECT COUNT(*) FROM authority_log WHERE action = 'init')"
cp base.db cut.db && rm -f cut.db-wal cut.db-shm && sqlite3 cut.db "$cut"
if "$poolbook" verify --store cut.db >/dev/null; then echo "ok: a chain cut consistently verifies alone"; fi
attack "a chain cut short, against the head kept at M02's close" "the chain ends at record" "$cut" \
  --expect-head "$later"
attack "a kept head whose hash differs" "not the 000000000000" "SELECT 1" --expect-head "${kept%%:*}:$(printf '0%.0s' {1..64})"
echo "$failures failed"
[ "$failures" -eq 0 ]
