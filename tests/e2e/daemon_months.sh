#!/usr/bin/env bash
# End to end, with the real programs: poolbookd --once as the months go by, on copies of the
# Northshire area with no books and an empty inbox ([books] agreement creates the books).
#  1. Each month of 2025/26 in turn, that month's ledger extracts (and its part of the bank's
#     statement) arrive, and the daemon runs just after the month's close time (working day 5
#     after the month's end, 06:00 London): exactly that month closes, its statement is
#     published, at a quarter's end the quarter's packs too, and the next close named is the
#     following month's. At the end the books hold what one catch-up run over the whole inbox
#     makes of them.
#  2. A close refused for a hard error: September's receipts extract has the ICB's instalment
#     keyed to the community trust's customer account. The trust's contribution is in kind, so
#     the statement has no cash row for it and the balance proof fails (statement.balance):
#     the turn stops at M06 (exit 3) and closes nothing after it; a run with nothing new adds
#     nothing to the books and does not try the close again; the host's reallocation (the
#     receipt reversed off the trust, applied to the ICB) arrives as a file, and the next run
#     closes September and October and publishes them.
#  3. A close refused for want of authority (the service acting as someone who may import but
#     not close) is written to the authority log once, not once a run.
#
#   daemon_months.sh POOLBOOK POOLBOOKD FIXTURES
set -euo pipefail
poolbook=$1
poolbookd=$2
fixtures=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
source_inbox=$fixtures/northshire/inbox
# shellcheck source=expect.sh
. "$(dirname "$0")/expect.sh"

# A copy of the area with an empty inbox and no books; its configuration creates the books
# from the agreement, and takes a file unchanged for a second.
make_area() {
  local area=$1
  "$(dirname "$0")/map_account.sh" "$fixtures/northshire" "$area"
  rm "$area/inbox"
  mkdir "$area/inbox"
  cp "$fixtures/northshire/poolbookd.toml" "$area/"
  sed -i 's/^settle_seconds = 10/settle_seconds = 1/' "$area/poolbookd.toml"
}

# Files put in the inbox whole, a minute old (so the turn need not wait for them to settle).
arrive() {
  local inbox=$1
  shift
  cp "$@" "$inbox/"
  for file in "$@"; do touch -d '-1 minute' "$inbox/$(basename "$file")"; done
}

# The bank's statement of the year, cut into one statement a month (the header on each), as a
# bank sends them: bank-statement-2025-04.csv ...
mkdir "$work/bank"
awk -F, -v out="$work/bank" '
  NR == 1 { header = $0; next }
  { split($1, d, "/"); file = out "/bank-statement-" d[3] "-" d[2] ".csv"
    if (!(file in seen)) { print header >file; seen[file] = 1 }
    print >>file }
' "$source_inbox/bank-statement-2025-26.csv"

# The close dates of 2025/26 and of the first month of 2026/27, from the calendar.
mapfile -t closes < <("$poolbook" calendar 2025/26 --close-working-day 5 | awk '/^M[0-9][0-9] / { print $7 }')
closes+=("$("$poolbook" calendar 2026/27 --close-working-day 5 | awk '/^M01 / { print $7 }')")
expect "the calendar gives thirteen close dates" "${#closes[@]}" 13
# 06:00 London time: every close falls early in its month, so in British Summer Time from
# April to October and in GMT from November to March.
london_close() {
  case ${1:5:2} in
    0[4-9] | 10) echo "$1 06:00 BST" ;;
    *) echo "$1 06:00 GMT" ;;
  esac
}
months=(2025-04 2025-05 2025-06 2025-07 2025-08 2025-09 2025-10 2025-11 2025-12 2026-01 2026-02 2026-03)

# ---- 1. A month at a time ----
area=$work/monthly
make_area "$area"
expect "there are no books before the first run" "$([ -e "$area/books.db" ] && echo some || echo none)" none
expected_outbox=""
for index in "${!months[@]}"; do
  month=${months[$index]}
  n=$(printf 'M%02d' $((index + 1)))
  period="2025/26 $n"
  arrive "$area/inbox" "$source_inbox"/*-"$month".csv "$work/bank/bank-statement-$month.csv"
  arrived=$(find "$area/inbox" -maxdepth 1 -type f -name '*.csv' | wc -l)
  if [ "$n" = M08 ]; then
    # A minute before November's close time: the files are taken, nothing closes.
    set +e
    early=$("$poolbookd" --config "$area/poolbookd.toml" --once --now "${closes[$index]}T05:59" 2>"$work/$n-early.log")
    status=$?
    set -e
    expect "$period: a minute before its close time the run succeeds" "$status" 0
    expect "$period: a minute before its close time its files are imported and nothing closes" \
      "$(echo "$early" | sed -n '1s/ rows posted, / /p;2p' | sed '1s/([0-9]* /(/')" \
      "$(printf 'imported %s file(s) (0 quarantined), rejected 0, waiting 0\nclosed 0 month(s); published 0 folder(s)' "$arrived")"
    expect "$period: and the next close named is its own" "$(echo "$early" | grep '^next close:')" \
      "next close: $period at $(london_close "${closes[$index]}")"
    arrived=0
  fi
  set +e
  out=$("$poolbookd" --config "$area/poolbookd.toml" --once --now "${closes[$index]}T06:01" 2>"$work/$n.log")
  status=$?
  set -e
  printf '%s\n' "$out" >"$work/$n.out"
  expect "$period: the run just after its close time succeeds" "$status" 0
  [ "$index" -ne 0 ] ||
    expect "the first run creates the books from the agreement" "$(grep -c 'created the books' "$work/$n.log")" 1
  expect "$period: its files are imported, none quarantined or rejected" \
    "$(echo "$out" | sed -n '1s/ rows posted, / /p' | sed 's/([0-9]* /(/')" \
    "imported $arrived file(s) (0 quarantined), rejected 0, waiting 0"
  quarter=""
  if [ $(((index + 1) % 3)) -eq 0 ]; then quarter=Q$(((index + 1) / 3)); fi
  expect "$period: exactly it is closed, and published" "$(echo "$out" | grep '^closed')" \
    "closed 1 month(s): $period to $period; published $([ -n "$quarter" ] && echo 2 || echo 1) folder(s)"
  if [ "$index" -lt 11 ]; then next="2025/26 $(printf 'M%02d' $((index + 2)))"; else next="2026/27 M01"; fi
  expect "$period: the next close named is $next's" "$(echo "$out" | grep '^next close:')" \
    "next close: $next at $(london_close "${closes[$((index + 1))]}")"
  expect "$period: nothing stopped the turn" "$(echo "$out" | grep -c '^stopped:' || true)" 0
  expected_outbox=$(printf '%s\n%s\n%s' "$expected_outbox" "$n" "$quarter" | grep . | sort)
  expect "$period: its statement folder appears$([ -n "$quarter" ] && echo ", and $quarter's")" \
    "$(ls "$area/outbox/2025-26")" "$expected_outbox"
  expect "$period: its statement is there" \
    "$(find "$area/outbox/2025-26/$n" -maxdepth 1 -name "statement-2025-26-$n.html" | wc -l)" 1
  if [ -n "$quarter" ]; then
    expect "$period: $quarter's board pack and return are there" \
      "$(for file in board-pack-2025-26-$quarter.html board-pack-2025-26-$quarter.xlsx bcf-return-2025-26-$quarter.json; do
        [ -s "$area/outbox/2025-26/$quarter/$file" ] && echo "$file"; done | wc -l)" 3
    expect "$period: the quarter is named in the output" \
      "$(echo "$out" | grep -c "^  $area/outbox/2025-26/$quarter$")" 1
  fi
  expect "$period: the books record $((index + 1)) close(s), the last of it" \
    "$("$poolbook" authority-log --store "$area/books.db" | grep 'period-close' | grep -c ' allowed  closed 2025/26 M')" \
    $((index + 1))
  expect "$period: the inbox is empty" "$(find "$area/inbox" -maxdepth 1 -type f | wc -l)" 0
done
expect "twelve statements are published" "$(find "$area/outbox/2025-26" -mindepth 1 -maxdepth 1 -type d -name 'M[01][0-9]' | wc -l)" 12
expect "and four quarters" "$(find "$area/outbox/2025-26" -mindepth 1 -maxdepth 1 -type d -name 'Q[1-4]' | wc -l)" 4
expect "the month-by-month books verify" "$("$poolbook" verify --store "$area/books.db" | grep -c '^verified')" 1

# The same year in one catch-up run at the end of April 2026, from the whole inbox (the bank's
# statement as the one file of the year).
catchup=$work/catchup
make_area "$catchup"
arrive "$catchup/inbox" "$source_inbox"/*-2025-0[4-9].csv "$source_inbox"/*-2025-1[0-2].csv \
  "$source_inbox"/*-2026-0[1-3].csv "$source_inbox/bank-statement-2025-26.csv"
"$poolbookd" --config "$catchup/poolbookd.toml" --once --now 2026-04-30T12:00 >"$work/catchup.out" 2>"$work/catchup.log"
expect "the catch-up run closes the year" "$(grep -c '^closed 12 month(s): 2025/26 M01 to 2025/26 M12' "$work/catchup.out")" 1
"$poolbook" balance --csv --store "$area/books.db" >"$work/monthly.balance"
"$poolbook" balance --csv --store "$catchup/books.db" >"$work/catchup.balance"
expect "the balances are many" "$(($(wc -l <"$work/monthly.balance") > 50))" 1
if cmp -s "$work/monthly.balance" "$work/catchup.balance"; then
  echo "ok: the month-by-month books balance as the catch-up's, account by account"
else
  echo "FAILED: the month-by-month books balance otherwise than the catch-up's"
  diff "$work/monthly.balance" "$work/catchup.balance" | head -20
  failures=$((failures + 1))
fi
"$poolbook" balance --csv --monthly --store "$area/books.db" >"$work/monthly.by-month"
"$poolbook" balance --csv --monthly --store "$catchup/books.db" >"$work/catchup.by-month"
if cmp -s "$work/monthly.by-month" "$work/catchup.by-month"; then
  echo "ok: and month by month"
else
  echo "FAILED: the monthly balances differ from the catch-up's"
  diff "$work/monthly.by-month" "$work/catchup.by-month" | head -20
  failures=$((failures + 1))
fi
# The statements published month by month are the catch-up's, but for the head of the books
# each cites (the chains differ: the records came in another order, at other times).
statements_differ=0
for index in "${!months[@]}"; do
  n=$(printf 'M%02d' $((index + 1)))
  file=2025-26/$n/statement-2025-26-$n.json
  cmp -s <(sed -E 's/[0-9]+:[0-9a-f]{64}/HEAD/g' "$area/outbox/$file") \
    <(sed -E 's/[0-9]+:[0-9a-f]{64}/HEAD/g' "$catchup/outbox/$file") || statements_differ=$((statements_differ + 1))
done
expect "the twelve statements are the catch-up's, but for the head they cite" "$statements_differ" 0
# (The exports are not compared: their entries carry the time each was recorded, the runs'
# clocks, and come in the order the files were taken. Nor are the quarters' packs: their
# governance section counts the closes logged in the quarter, which month by month are the
# quarter's first two closes and at the catch-up none.)

# ---- 2. A close refused, then a corrected file ----
refused=$work/refused
make_area "$refused"
arrive "$refused/inbox" "$source_inbox"/*-2025-0[4-9].csv "$source_inbox"/*-2025-10.csv
# September's receipt from the ICB keyed to the community trust's customer account.
sed -i 's/"NHS NORTHSHIRE ICB","100245"/"NORTHSHIRE COMMUNITY AND MENTAL HEALTH NHS TRUST","100412"/' \
  "$refused/inbox/receipts-2025-09.csv"
touch -d '-1 minute' "$refused/inbox/receipts-2025-09.csv"
expect "the September receipts now name the trust" \
  "$(grep -c '"AR250231",.*"NORTHSHIRE COMMUNITY AND MENTAL HEALTH NHS TRUST"' "$refused/inbox/receipts-2025-09.csv")" 1
# Just after October's close time: April to October are due.
now_october=${closes[6]}T06:01
set +e
first=$("$poolbookd" --config "$refused/poolbookd.toml" --once --now "$now_october" 2>"$work/refused-1.log")
status=$?
set -e
expect "the run stops at a refused close" "$status" 3
expect "it closes April to August" "$(echo "$first" | grep -c '^closed 5 month(s): 2025/26 M01 to 2025/26 M05; published 6 folder(s)$')" 1
expect "it says it stopped at September's close, with the rule" \
  "$(echo "$first" | grep '^stopped:')" \
  "stopped: 2025/26 M06 was not closed: its statement has 1 hard error(s), listed above; nothing was changed [close.exceptions]"
expect "and the hard error: the cash received does not tie" \
  "$(echo "$first" | grep -c '^  cash received in the statement .* does not tie to the journal.s balances .* \[statement.balance\]$')" 1
# No "next close": the schedule's next (November's) is not the next, while September waits.
expect "no next close is named while a month before it waits" "$(echo "$first" | grep -c '^next close:')" 0
expect "September and October are not published" "$(cd "$refused/outbox/2025-26" && printf '%s ' *)" "M01 M02 M03 M04 M05 Q1 "
expect "nor closed" "$("$poolbook" authority-log --store "$refused/books.db" | grep -c 'closed 2025/26 M0[67]' || true)" 0
log_before=$("$poolbook" authority-log --store "$refused/books.db" | wc -l)
head_before=$("$poolbook" verify --store "$refused/books.db" | grep '^head of the books')

# Again, with nothing new.
set +e
second=$("$poolbookd" --config "$refused/poolbookd.toml" --once --now "$now_october" 2>"$work/refused-2.log")
status=$?
set -e
expect "a run with nothing new still stops" "$status" 3
expect "for the same reason" "$(echo "$second" | grep '^stopped:')" "$(echo "$first" | grep '^stopped:')"
expect "and closes nothing" "$(echo "$second" | grep -c '^closed 0 month(s); published 0 folder(s)$')" 1
expect "it adds nothing to the authority log" "$("$poolbook" authority-log --store "$refused/books.db" | wc -l)" "$log_before"
expect "nor to the books" "$("$poolbook" verify --store "$refused/books.db" | grep '^head of the books')" "$head_before"
# The close is held until the books change: the run does not work September's close again
# (a close tried and refused logs "the close is refused, and will be tried again ...").
expect "it does not try September's close again while the books are unchanged" \
  "$(grep -c 'the close is refused' "$work/refused-2.log" || true)" 0
expect "September and October are still not published" "$(cd "$refused/outbox/2025-26" && printf '%s ' *)" "M01 M02 M03 M04 M05 Q1 "

# The host reallocates the receipt: reversed off the trust, applied to the ICB, on its date.
cat >"$work/receipts-2025-09-reallocated.csv" <<'EOF'
"Receipt Number","Receipt Date","GL Date","Customer Name","Customer Account Number","Receipt Method","Currency","Receipt Amount","Status","Bank Account","Comments"
"AR250231R","16-SEP-2025","16-SEP-2025","NORTHSHIRE COMMUNITY AND MENTAL HEALTH NHS TRUST","100412","BACS","GBP","-3,438,289.63","REVERSED","NCC BCF POOLED FUND 40-11-62 81234567","Reversal of AR250231: applied to the wrong customer"
"AR250236","16-SEP-2025","16-SEP-2025","NHS NORTHSHIRE ICB","100245","BACS","GBP","3,438,289.63","CLEARED","NCC BCF POOLED FUND 40-11-62 81234567","AR250231 reapplied: BCF NHS minimum contribution 2025/26 - instalment M06 due 2025-09-15"
EOF
arrive "$refused/inbox" "$work/receipts-2025-09-reallocated.csv"
set +e
third=$("$poolbookd" --config "$refused/poolbookd.toml" --once --now "$now_october" 2>"$work/refused-3.log")
status=$?
set -e
expect "once the corrected file arrives the run succeeds" "$status" 0
expect "it imports the reallocation" "$(echo "$third" | head -1)" \
  "imported 1 file(s) (2 rows posted, 0 quarantined), rejected 0, waiting 0"
expect "it closes September and October" \
  "$(echo "$third" | grep -c '^closed 2 month(s): 2025/26 M06 to 2025/26 M07; published 3 folder(s)$')" 1
expect "nothing stops it" "$(echo "$third" | grep -c '^stopped:' || true)" 0
expect "it publishes them, and the second quarter" "$(cd "$refused/outbox/2025-26" && printf '%s ' *)" \
  "M01 M02 M03 M04 M05 M06 M07 Q1 Q2 "
expect "the trust's contributions account nets to nothing" \
  "$("$poolbook" balance --csv --account pool/bcf-pool/contributions/community-trust --store "$refused/books.db" |
    grep -v '^account,' | grep -vc ',0\.00$' || true)" 0
"$poolbook" balance --csv --to "2025/26 M07" --account pool/bcf-pool/contributions/icb --store "$refused/books.db" \
  >"$work/refused.icb"
"$poolbook" balance --csv --to "2025/26 M07" --account pool/bcf-pool/contributions/icb --store "$area/books.db" \
  >"$work/monthly.icb"
expect "and the ICB's to October is as in the books without the mistake" "$(cat "$work/refused.icb")" "$(cat "$work/monthly.icb")"
expect "the corrected books verify" "$("$poolbook" verify --store "$refused/books.db" | grep -c '^verified')" 1

# ---- 3. A close refused for want of authority is logged once ----
officer=$work/officer
make_area "$officer"
sed -i 's/^act_as = "r.osei"/act_as = "n.ahmed"/' "$officer/poolbookd.toml"  # the finance officer
arrive "$officer/inbox" "$source_inbox"/*-2025-04.csv
for run in 1 2 3; do
  set +e
  "$poolbookd" --config "$officer/poolbookd.toml" --once --now "${closes[0]}T06:01" >"$work/officer-$run.out" 2>/dev/null
  status=$?
  set -e
  expect "run $run as the finance officer stops at April's close" "$status" 3
done
expect "the refusal is for want of authority" "$(grep -c '^stopped: n.ahmed has no authority .*\[authority.decision\]$' "$work/officer-1.out")" 1
expect "and is logged once, not once a run" \
  "$("$poolbook" authority-log --refused --store "$officer/books.db" | grep -c 'REFUSED  close 2025/26 M01')" 1

[ "$failures" -eq 0 ] || exit 1
echo "poolbookd month by month: all as expected"
