#!/usr/bin/env bash
# End to end, with the real programs: poolbookd --once on a copy of the Northshire area.
#  - with the clock in mid-August 2025 it imports the whole inbox and closes April to July
#    (July's close, working day 5 of August, has passed; August's has not), publishing each
#    month's statement and the first quarter's packs;
#  - with the clock at the end of April 2026 it closes August to March and publishes the
#    other three quarters; the second run is a no-op and changes no byte of the outbox;
#  - a file no profile matches is rejected with a reason beside it; a file still being
#    written waits; a second instance is refused by the lock; a bad configuration is refused
#    with file and line.
#
#   daemon_once.sh POOLBOOK POOLBOOKD FIXTURES
set -euo pipefail
poolbook=$1
poolbookd=$2
fixtures=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
area=$work/area
"$(dirname "$0")/map_account.sh" "$fixtures/northshire" "$area"
rm "$area/inbox"
mkdir "$area/inbox"
# The monthly extracts and the bank statement (partner remittances and KPI results are not
# ledger extracts: no profile reads them).
extracts=("$fixtures"/northshire/inbox/*-2025-0[4-9].csv "$fixtures"/northshire/inbox/*-2025-1[0-2].csv
          "$fixtures"/northshire/inbox/*-2026-0[1-3].csv "$fixtures"/northshire/inbox/bank-statement-*.csv)
cp "${extracts[@]}" "$area/inbox/"
cp "$fixtures/northshire/poolbookd.toml" "$area/"
sed -i 's/^settle_seconds = 10 /settle_seconds = 1  /' "$area/poolbookd.toml"
touch -d '-1 minute' "$area"/inbox/*.csv
# shellcheck source=expect.sh
. "$(dirname "$0")/expect.sh"

"$poolbook" init --agreement "$area/agreement.toml" --store "$area/books.db" --as pool.manager >/dev/null
echo "not,a,ledger" >"$area/inbox/notes-from-the-ward.csv"
touch -d '-1 minute' "$area/inbox/notes-from-the-ward.csv"

# Mid-August 2025: April to July close.
set +e
august=$("$poolbookd" --config "$area/poolbookd.toml" --once --now 2025-08-15T12:00 2>"$work/august.log")
status=$?
set -e
expect "the August run succeeds" "$status" 0
# What docs/daemon.md shows for this run.
expect "it prints what docs/daemon.md shows" "$(echo "$august" | sed "s|$area/||")" \
  "$(printf '%s\n' 'imported 85 file(s) (1955 rows posted, 0 quarantined), rejected 1, waiting 0' \
       'closed 4 month(s): 2025/26 M01 to 2025/26 M04; published 5 folder(s)' '  outbox/2025-26/Q1' \
       'next close: 2025/26 M05 at 2025-09-05 06:00 BST')"
expect "it closes April to July" "$(echo "$august" | grep -c '^closed 4 month(s): 2025/26 M01 to 2025/26 M04')" 1
expect "and names the next close, August's on working day 5 of September at 06:00 London time" \
  "$(echo "$august" | grep -c '^next close: 2025/26 M05 at 2025-09-05 06:00 BST')" 1
expect "each closed month's statement is published" "$(ls "$area/outbox/2025-26")" "$(printf 'M01\nM02\nM03\nM04\nQ1')"
expect "the first quarter's pack, return and ROI report" \
  "$(cd "$area/outbox/2025-26/Q1" && ls -d board-pack-2025-26-Q1.xlsx board-pack-2025-26-Q1.html bcf-return-2025-26-Q1.json roi-fund.html | wc -l)" 4
expect "the file no profile matches is rejected with its reason" \
  "$(grep -c 'no \[\[profile\]\] pattern .* matches this file.s name \[daemon.profile\]' "$area/inbox/rejected/notes-from-the-ward.csv.reason")" 1
expect "every extract is imported and moved to done/" "$(ls "$area/inbox/done" | wc -l)" "${#extracts[@]}"
expect "nothing is left in the inbox" "$(find "$area/inbox" -maxdepth 1 -type f | wc -l)" 0
expect "no temporary folder is left in the outbox" "$(find "$area/outbox" -name '.*' ! -name .published-from | wc -l)" 0

# The end of April 2026: the rest of the year closes, and the books verify.
"$poolbookd" --config "$area/poolbookd.toml" --once --now 2026-04-30T12:00 >"$work/april.out" 2>"$work/april.log"
expect "the April run closes August to March" "$(grep -c '^closed 8 month(s): 2025/26 M05 to 2025/26 M12' "$work/april.out")" 1
expect "the year's twelve statements and four quarters are published" "$(ls "$area/outbox/2025-26" | wc -l)" 16
expect "the fourth quarter's pack has the self-assessment" \
  "$(grep -c 'Self-assessment against the 15 best-practice actions' "$area/outbox/2025-26/Q4/board-pack-2025-26-Q4.html" | grep -c '^[1-9]')" 1
expect "the books verify" "$("$poolbook" verify --store "$area/books.db" | grep -c '^verified')" 1
expect "March's statement is published" \
  "$(grep -c 'Monthly finance statement, 2025/26 M12' "$area/outbox/2025-26/M12/statement-2025-26-M12.html" | grep -c '^[1-9]')" 1

# Again at the same time: nothing to do, and not a byte of the outbox changes.
(cd "$area/outbox" && find . -type f -exec sha256sum {} + | sort) >"$work/before"
"$poolbookd" --config "$area/poolbookd.toml" --once --now 2026-04-30T12:00 >"$work/again.out" 2>/dev/null
(cd "$area/outbox" && find . -type f -exec sha256sum {} + | sort) >"$work/after"
expect "a second run closes nothing" "$(grep -c '^closed 0 month(s); published 0 folder(s)' "$work/again.out")" 1
if cmp -s "$work/before" "$work/after"; then echo "ok: the outbox is unchanged"; else
  echo "FAILED: the outbox changed"
  failures=$((failures + 1))
fi

# Each folder says which close it was made from: the month and the close's record in the chain.
expect "M12's folder names the close it was made from" \
  "$(sed 's/:.*//' "$area/outbox/2025-26/M12/.published-from")" "2025/26 M12 $(cut -d' ' -f3 "$area/outbox/2025-26/M12/.published-from" | cut -d: -f1)"
# A quarter's folder deleted by hand is published again: the same files, the same tables to the
# byte (the documents also give the head of the books when they were made, which has moved on).
q2_files() { (cd "$area/outbox/2025-26/Q2" && find . -type f | sort && find . -name '*.csv' -exec sha256sum {} + | sort); }
q2=$(q2_files)
rm -r "$area/outbox/2025-26/Q2"
"$poolbookd" --config "$area/poolbookd.toml" --once --now 2026-04-30T12:00 >"$work/restore.out" 2>/dev/null
expect "a deleted quarter's folder is published again" "$(grep -c '/Q2$' "$work/restore.out")" 1
expect "the same files and tables" "$(q2_files)" "$q2"
# March reopened under the board's decision and closed again by a person: its statement and
# the fourth quarter's packs are published again from the new close, replacing the old whole.
old_q4=$(cat "$area/outbox/2025-26/Q4/.published-from")
"$poolbook" decide D-2026-041 --body njcb --on 2026-04-20 --matter "Reopen March for a late accrual" \
  --action period-reopening --year 2025/26 --refs "2025/26 M12" --present d.hughes,m.clarke,s.wright,k.mensah \
  --for d.hughes,m.clarke,s.wright,k.mensah --store "$area/books.db" --as n.ahmed >/dev/null
"$poolbook" period reopen "2025/26 M12" --reason "late accrual" --decision D-2026-041 --store "$area/books.db" \
  --as r.osei >/dev/null
set +e
"$poolbookd" --config "$area/poolbookd.toml" --once --now 2026-04-30T12:00 >"$work/reopened.out" 2>/dev/null
status=$?
set -e
expect "a month a person reopened is theirs to close: the daemon stops there" "$status" 3
expect "saying so" "$(grep -c 'daemon.reopened' "$work/reopened.out")" 1
"$poolbook" close "2025/26 M12" --store "$area/books.db" --as r.osei >/dev/null
"$poolbookd" --config "$area/poolbookd.toml" --once --now 2026-04-30T12:00 >"$work/reclosed.out" 2>/dev/null
expect "after the person's close, the quarter is published again" "$(grep -c '/Q4$' "$work/reclosed.out")" 1
expect "the statement and the quarter from the same, new close" "$(cat "$area/outbox/2025-26/Q4/.published-from")" \
  "$(cat "$area/outbox/2025-26/M12/.published-from")"
if [ "$(cat "$area/outbox/2025-26/Q4/.published-from")" != "$old_q4" ]; then echo "ok: the quarter's folder is from the new close"; else
  echo "FAILED: the quarter's folder is still from the old close"
  failures=$((failures + 1))
fi
expect "no old folder is left beside it" "$(find "$area/outbox" -name '.*.old' -o -name '.*.partial' | wc -l)" 0

# A file still being written waits in the inbox.
( for i in 1 2 3 4 5 6 7 8; do echo "row $i" >>"$area/inbox/receipts-2026-04.csv"; sleep 0.5; done ) &
writer=$!
sleep 0.2
"$poolbookd" --config "$area/poolbookd.toml" --once --now 2026-04-30T12:00 >"$work/half.out" 2>/dev/null || true
wait "$writer"
expect "a file still being written is not imported" "$(grep -c 'waiting 1$' "$work/half.out")" 1
expect "and stays in the inbox" "$(ls "$area/inbox/receipts-2026-04.csv" | wc -l)" 1
rm "$area/inbox/receipts-2026-04.csv"

# One instance per books.
exec 9>"$area/books.db.poolbookd.lock"
flock -n 9
set +e
"$poolbookd" --config "$area/poolbookd.toml" --once --now 2026-04-30T12:00 >/dev/null 2>"$work/lock.log"
status=$?
set -e
exec 9>&-
expect "a second instance is refused" "$status" 5
expect "saying the lock is held" "$(grep -c '\[daemon.lock\]' "$work/lock.log")" 1

# A bad configuration: every problem, each with file and line.
cp "$area/poolbookd.toml" "$work/bad.toml"
sed -i 's/^at = "06:00"/at = "6 o'"'"'clock"/; s/^working_day = 5 /working_dya = 5 /' "$work/bad.toml"
set +e
bad=$("$poolbookd" --config "$work/bad.toml" --once 2>&1)
status=$?
set -e
expect "a bad configuration is refused" "$status" 2
expect "its misspelt key with the line" \
  "$(echo "$bad" | grep -c "bad.toml:$(grep -n '^working_dya' "$work/bad.toml" | cut -d: -f1): \[close\]: unknown key 'working_dya' (did you mean 'working_day'?)")" 1
expect "its bad time with the line" \
  "$(echo "$bad" | grep -c "bad.toml:$(grep -n '^at = ' "$work/bad.toml" | cut -d: -f1): \[close\]: 'at' should be a time of day")" 1

# A fault of the turn, not of the file (here a person the account cannot act as): the file
# stays in the inbox, nothing closes, and the run says why (exit 3).
cp "$area/poolbookd.toml" "$area/stranger.toml"
sed -i 's/^act_as = "r.osei"/act_as = "no.such.person"/' "$area/stranger.toml"
cp "$fixtures/northshire/inbox/receipts-2025-04.csv" "$area/inbox/late-receipts-2025-04.csv"
touch -d '-1 minute' "$area/inbox/late-receipts-2025-04.csv"
sed -i 's/^pattern = "receipts-\*.csv"/pattern = "*receipts-*.csv"/' "$area/stranger.toml"
set +e
stranger=$("$poolbookd" --config "$area/stranger.toml" --once --now 2026-04-30T12:00 2>/dev/null)
status=$?
set -e
expect "a person the service cannot act as stops the turn" "$status" 3
expect "and the file stays in the inbox for the next turn" "$(ls "$area/inbox/late-receipts-2025-04.csv" | wc -l)" 1
expect "nothing is rejected for it" "$(ls "$area/inbox/rejected" | grep -c late-receipts || true)" 0
rm "$area/inbox/late-receipts-2025-04.csv"

# done/ as a link is never followed.
mv "$area/inbox/done" "$work/done-elsewhere"
ln -s "$work/done-elsewhere" "$area/inbox/done"
set +e
"$poolbookd" --config "$area/poolbookd.toml" --once --now 2026-04-30T12:00 >/dev/null 2>"$work/link.log"
status=$?
set -e
expect "a link for done/ is refused" "$(grep -c 'is a link, not a folder' "$work/link.log")" 1
rm "$area/inbox/done"
mv "$work/done-elsewhere" "$area/inbox/done"

# Folders that would feed the daemon its own files are refused.
cp "$area/poolbookd.toml" "$area/inside.toml"
sed -i 's|^outbox = "outbox"|outbox = "inbox/outbox"|' "$area/inside.toml"
set +e
inside=$("$poolbookd" --config "$area/inside.toml" --once 2>&1)
status=$?
set -e
expect "an outbox inside the inbox is refused" "$status" 2
expect "with its rule" "$(echo "$inside" | grep -c '\[config.value\]')" 1
# A PostgreSQL store is taken as given (tests/postgres/ run the books there); one that cannot
# be reached stops the daemon, and its password is never shown.
sed 's|^store = "books.db"|store = "postgresql://pool:s3cret@127.0.0.1:1/nsh?agreement=northshire"|' \
  "$area/poolbookd.toml" >"$area/remote.toml"
set +e
remote=$("$poolbookd" --config "$area/remote.toml" --once 2>&1)
status=$?
set -e
expect "books in a PostgreSQL that cannot be reached stop the daemon" \
  "$status $(echo "$remote" | grep -c 'cannot connect to the books at postgresql://pool:\*\*\*@127.0.0.1:1/nsh?agreement=northshire.*\[store.connect\]')" \
  "6 1"
expect "and the password is not shown" "$(echo "$remote" | grep -c s3cret)" 0

rm "$area/inside.toml"

# What the configuration names must be there at start: a misspelt agreement, value case or
# profile, and a missing inbox, are refused with their lines before anything is done.
cp "$area/poolbookd.toml" "$area/missing.toml"
sed -i 's|^agreement = "agreement.toml"|agreement = "agreemnt.toml"|; s|^value_case = "value-case.toml"|value_case = "value-cases.toml"|; s|^inbox = "inbox"|inbox = "in-box"|; s|^profile = "host-receipts"|profile = "host-reciepts"|' \
  "$area/missing.toml"
set +e
missing=$("$poolbookd" --config "$area/missing.toml" --once 2>&1)
status=$?
set -e
expect "a configuration naming what is not there is refused" "$status" 2
for key in agreement value_case inbox; do
  expect "the missing $key with its line" \
    "$(echo "$missing" | grep -c "missing.toml:$(grep -n "^$key = " "$area/missing.toml" | cut -d: -f1): .*\[config.value\]")" 1
done
expect "the misspelt profile with its line" \
  "$(echo "$missing" | grep -c "missing.toml:$(grep -n -B2 '^profile = "host-reciepts"' "$area/missing.toml" | head -1 | cut -d- -f1): \[\[profile\]\]: the profile 'host-reciepts' is not there")" 1
rm "$area/missing.toml"

[ "$failures" -eq 0 ] || exit 1
echo "poolbookd --once: all as expected"
