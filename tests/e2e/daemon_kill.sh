#!/usr/bin/env bash
# End to end, with the real programs: poolbookd killed (SIGKILL) at seeded moments across the
# creation of the books, the import, the closes and the publishing, and restarted each time,
# ends with the same books and an outbox identical to the byte to a run never interrupted.
#  - reference: a copy of the Northshire area with the year's extracts, the bank statement and
#    one stray file in a real inbox, and no books; `poolbookd --once --now 2026-04-30T12:00`
#    creates the books from [books] agreement, imports the inbox, closes April to March and
#    publishes the twelve statements and four quarters. Its wall time D is measured, and when
#    its books appeared;
#  - killed: the same area rebuilt at the same path (outputs may hold paths), then rounds of
#    poolbookd --once, each killed after 20 ms + a seeded random delay of up to 2.2 D / 48
#    (while there are no books, up to half the time the reference took to make them). Each
#    round takes up where the last left off, so the kills spread over the whole run, in a
#    sanitizer build as in a release build. A step that cannot be cut (a quarter's packs) may
#    outlast the delays: after a kill that left nothing more done, the random part doubles (up
#    to 2 D). A round whose daemon finished before the kill is not counted, and ends the pass.
#    Each kill is named by the phase it landed in, from what it left: files still in the
#    inbox, import (or creating, with no books yet); a .partial folder, or a month closed and
#    not published, publishing; else close. Then one more run, which finds nothing to do;
#  - another pass like it (four at most) while fewer than 24 kills have landed, as on a slow
#    or loaded machine;
#  - each pass against the reference: the outboxes (diff -r), the ledger exports, verify (both
#    pass, with the same head of the audit chain), the authority logs (each month closed
#    once), done/ and rejected/; no .partial and no half-made books left anywhere.
#
#   daemon_kill.sh POOLBOOK POOLBOOKD FIXTURES [SEED]
set -euo pipefail
poolbook=$1
poolbookd=$2
fixtures=$3
seed=${4:-15}
want=24          # kills that land while the daemon runs, over all passes
aim=48           # the delays are scaled for about this many kills over one run
max_passes=4
max_rounds=150   # a pass's rounds at most
now=2026-04-30T12:00
work=$(mktemp -d)
pid=
# A daemon still running (the script stopped early) is ended before its folder is removed.
trap '[ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
chmod 755 "$work"
area=$work/area
reference=$work/reference
# shellcheck source=expect.sh
. "$(dirname "$0")/expect.sh"

# A fresh copy of the area at $area: no books, the inbox full, settle 0, no status page.
make_area() {
  "$(dirname "$0")/map_account.sh" "$fixtures/northshire" "$area"
  rm "$area/inbox"
  mkdir "$area/inbox"
  cp "$fixtures"/northshire/inbox/*-2025-0[4-9].csv "$fixtures"/northshire/inbox/*-2025-1[0-2].csv \
     "$fixtures"/northshire/inbox/*-2026-0[1-3].csv "$fixtures"/northshire/inbox/bank-statement-*.csv "$area/inbox/"
  echo "not,a,ledger" >"$area/inbox/notes-from-the-ward.csv"
  cp "$fixtures/northshire/poolbookd.toml" "$area/"
  sed -i 's/^settle_seconds = 10 /settle_seconds = 0  /; s/^listen = .*/listen = "off"/' "$area/poolbookd.toml"
  # The books are made from the agreement (whether or not the example's file says so already).
  sed -i '/^agreement = /d; s/^store = "books.db"/&\nagreement = "agreement.toml"/' "$area/poolbookd.toml"
  touch -d '-1 minute' "$area"/inbox/*.csv
}

ms_now() { echo $(($(date +%s%N) / 1000000)); }

# ---- the reference: never interrupted ----
make_area
expect "the configuration makes the books from the agreement, settles at once, has no status page" \
  "$(grep -c '^agreement = "agreement.toml"$\|^listen = "off"$\|^settle_seconds = 0 ' "$area/poolbookd.toml")" 3
# Timed, and watched every few ms for when its books appear and its inbox empties.
started=$(ms_now)
"$poolbookd" --config "$area/poolbookd.toml" --once --now "$now" >"$work/reference.out" 2>"$work/reference.log" &
pid=$!
books_ms=
imported_ms=
while kill -0 "$pid" 2>/dev/null; do
  [ -n "$books_ms" ] || { [ -e "$area/books.db" ] && books_ms=$(($(ms_now) - started)); }
  [ -n "$imported_ms" ] || compgen -G "$area/inbox/*.csv" >/dev/null || imported_ms=$(($(ms_now) - started))
  sleep 0.005
done
status=0
wait "$pid" || status=$?
pid=
reference_ms=$(($(ms_now) - started))
: "${books_ms:=$reference_ms}" "${imported_ms:=$reference_ms}"
expect "the uninterrupted run succeeds" "$status" 0
expect "it creates the books from the agreement" "$(grep -c 'created the books' "$work/reference.log")" 1
expect "it imports every extract and rejects the stray file" \
  "$(head -1 "$work/reference.out")" "imported 85 file(s) (1955 rows posted, 0 quarantined), rejected 1, waiting 0"
expect "it closes April to March" \
  "$(grep -c '^closed 12 month(s): 2025/26 M01 to 2025/26 M12; published 16 folder(s)$' "$work/reference.out")" 1
echo "the uninterrupted run took $reference_ms ms: its books made by $books_ms ms, its inbox taken by $imported_ms ms"
mv "$area" "$reference"
"$poolbook" export --format ledger --store "$reference/books.db" >"$work/reference.ledger"
status=0
"$poolbook" verify --store "$reference/books.db" >"$work/reference.verify" 2>&1 || status=$?
expect "the uninterrupted run's books verify" "$status" 0
"$poolbook" authority-log --store "$reference/books.db" >"$work/reference.authority"
each_month_once="M01x1 M02x1 M03x1 M04x1 M05x1 M06x1 M07x1 M08x1 M09x1 M10x1 M11x1 M12x1"
closes() {  # closes AUTHORITY-LOG: each month closed, with how many times
  grep -o 'period-close .* allowed  closed 2025/26 M[0-9]*' "$1" | sed 's/.* //' | sort | uniq -c |
    awk '{print $2 "x" $1}' | paste -sd' '
}
expect "the uninterrupted run closes each month once" "$(closes "$work/reference.authority")" "$each_month_once"

# ---- killed again and again, at the same path ----
RANDOM=$seed
spread=$((reference_ms * 22 / 10 / aim))  # the random part of a delay, in ms
[ "$spread" -ge 1 ] || spread=1

# What the run has done so far: books made, files left in the inbox, months closed (the
# authority log's closes), folders published, and .partial folders.
state() {
  local books=0 waiting closed=0 published partial
  [ -e "$area/books.db" ] && books=1
  waiting=$(find "$area/inbox" -maxdepth 1 -type f ! -name '.*' ! -name '*.reason' | wc -l)
  if [ "$books" = 1 ] && [ "$waiting" = 0 ]; then
    closed=$("$poolbook" authority-log --store "$area/books.db" 2>/dev/null |
      grep -c 'period-close .* allowed  closed ' || true)
  fi
  published=$(find "$area/outbox" -mindepth 2 -maxdepth 2 -type d -name '[MQ][0-9]*' 2>/dev/null | wc -l)
  partial=$(find "$area/outbox" -name '*.partial' 2>/dev/null | wc -l)
  echo "$books $waiting $closed $published $partial"
}

# Which phase a kill landed in, from what it left.
phase() {  # phase BOOKS WAITING CLOSED PUBLISHED PARTIAL
  local months
  months=$(find "$area/outbox" -mindepth 2 -maxdepth 2 -type d -name 'M[0-9][0-9]' 2>/dev/null | wc -l)
  if [ "$2" -gt 0 ]; then
    if [ "$1" = 0 ]; then echo creating; else echo import; fi
  elif [ "$5" -gt 0 ] || [ "$3" -gt "$months" ]; then
    echo publishing
  else
    echo close
  fi
}

# The area as the reference's: the same outbox to the byte, the same books.
compare() {  # compare PASS
  local status
  if diff -r "$reference/outbox" "$area/outbox" >"$work/outbox.diff" 2>&1; then
    echo "ok: pass $1: the outbox is the same to the byte ($(find "$area/outbox" -type f | wc -l) files)"
  else
    echo "FAILED: pass $1: the outbox differs from the uninterrupted run's:"
    head -20 "$work/outbox.diff" | sed 's/^/    /'
    failures=$((failures + 1))
  fi
  "$poolbook" export --format ledger --store "$area/books.db" >"$work/killed.ledger" || true
  if cmp -s "$work/reference.ledger" "$work/killed.ledger"; then
    echo "ok: pass $1: the ledger export is the same ($(grep -c '^[0-9]' "$work/killed.ledger") entries)"
  else
    echo "FAILED: pass $1: the ledger exports differ:"
    diff "$work/reference.ledger" "$work/killed.ledger" | head -20 | sed 's/^/    /'
    failures=$((failures + 1))
  fi
  status=0
  "$poolbook" verify --store "$area/books.db" >"$work/killed.verify" 2>&1 || status=$?
  expect "pass $1: the books verify" "$status" 0
  expect "pass $1: to the same head of the audit chain" \
    "$(grep '^head of the books: ' "$work/killed.verify" || echo 'no head printed')" \
    "$(grep '^head of the books: ' "$work/reference.verify" || echo 'no head printed')"
  "$poolbook" authority-log --store "$area/books.db" >"$work/killed.authority" 2>&1 || true
  expect "pass $1: the authority log has each month closed once" "$(closes "$work/killed.authority")" \
    "$each_month_once"
  if cmp -s "$work/reference.authority" "$work/killed.authority"; then
    echo "ok: pass $1: the authority log is the uninterrupted run's"
  else
    echo "FAILED: pass $1: the authority logs differ:"
    diff "$work/reference.authority" "$work/killed.authority" | head -10 | sed 's/^/    /'
    failures=$((failures + 1))
  fi
  expect "pass $1: done/ holds the same files" "$(ls -A "$area/inbox/done")" "$(ls -A "$reference/inbox/done")"
  expect "pass $1: rejected/ holds the same files, the reason beside" \
    "$(ls -A "$area/inbox/rejected")" "$(ls -A "$reference/inbox/rejected")"
  expect "pass $1: the reason is the same" "$(cat "$area/inbox/rejected/notes-from-the-ward.csv.reason")" \
    "$(cat "$reference/inbox/rejected/notes-from-the-ward.csv.reason")"
  expect "pass $1: nothing is left in the inbox" "$(find "$area/inbox" -maxdepth 1 ! -type d | wc -l)" 0
  expect "pass $1: no .partial is left anywhere" "$(find "$area" "$reference" -name '*.partial' | wc -l)" 0
  expect "pass $1: nor any other temporary name in the outbox" "$(find "$area/outbox" -name '.*' ! -name .published-from | wc -l)" 0
  expect "pass $1: each published folder says which close it was made from" \
    "$(find "$area/outbox" -name .published-from | wc -l)" "$(find "$area/outbox" -mindepth 2 -maxdepth 2 -type d ! -name "*-csv" | wc -l)"
  expect "pass $1: no half-made books are left beside the store" \
    "$(find "$area" -maxdepth 1 -name 'books.db.init-*' | wc -l)" 0
}

landed=0
declare -A by_phase=([creating]=0 [import]=0 [close]=0 [publishing]=0)
pass=0
while [ "$landed" -lt "$want" ] && [ "$pass" -lt "$max_passes" ]; do
  pass=$((pass + 1))
  make_area
  round=0
  broken=0
  stuck=0
  finished=no
  before=$(state)
  while [ "$finished" = no ] && [ "$round" -lt "$max_rounds" ]; do
    round=$((round + 1))
    # Until the books exist, within half the time the reference took to make them: in their
    # creation.
    base=$spread
    [ -e "$area/books.db" ] || base=$((books_ms / 2))
    range=$((base << (stuck < 10 ? stuck : 10)))
    [ "$range" -le $((2 * reference_ms)) ] || range=$((2 * reference_ms))
    delay=$((20 + (RANDOM * 32768 + RANDOM) % (range + 1)))
    "$poolbookd" --config "$area/poolbookd.toml" --once --now "$now" >"$work/round-$pass-$round.out" \
      2>"$work/round-$pass-$round.log" &
    pid=$!
    sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
    kill -9 "$pid" 2>/dev/null || true
    status=0
    wait "$pid" 2>/dev/null || status=$?
    pid=
    if [ "$status" -ne 137 ]; then
      # It finished before the kill: not counted. It must have finished well, though.
      echo "pass $pass round $round: after $delay ms: the daemon had finished (status $status): not counted"
      if [ "$status" -eq 0 ]; then
        finished=yes
      else
        echo "FAILED: pass $pass round $round: the restart after a kill could not go on (status $status):"
        cat "$work/round-$pass-$round.out" "$work/round-$pass-$round.log" | grep -v ' info ' | tail -5 | sed 's/^/    /'
        broken=$((broken + 1))
      fi
      continue
    fi
    landed=$((landed + 1))
    after=$(state)
    # shellcheck disable=SC2086
    where=$(phase $after)
    by_phase[$where]=$((by_phase[$where] + 1))
    # The same as before the round (but for a .partial begun afresh): nothing more done.
    if [ "${after% *}" = "${before% *}" ]; then stuck=$((stuck + 1)); else stuck=0; fi
    before=$after
    read -r books waiting closed published partial <<<"$after"
    if [ "$books" = 1 ]; then
      books=made
    elif compgen -G "$area/books.db.init-*" >/dev/null; then
      books="half-made beside the store"
    else
      books="not begun"
    fi
    echo "kill $landed (pass $pass round $round): after $delay ms: in $where: books $books," \
      "$waiting file(s) in the inbox, $closed month(s) closed, $published folder(s) published, $partial .partial"
  done
  expect "pass $pass: every restart went on" "$broken" 0
  expect "pass $pass: a restart finished the run" "$finished" yes
  # The last run, left alone: nothing is left to do.
  status=0
  "$poolbookd" --config "$area/poolbookd.toml" --once --now "$now" >"$work/final.out" 2>"$work/final.log" || status=$?
  expect "pass $pass: the last run after the kills succeeds" "$status" 0
  expect "pass $pass: and finds nothing left to do" \
    "$(head -2 "$work/final.out" | paste -sd' ')" \
    "imported 0 file(s) (0 rows posted, 0 quarantined), rejected 0, waiting 0 closed 0 month(s); published 0 folder(s)"
  compare "$pass"
  mv "$area" "$work/killed-$pass"
done
already=$(cat "$work"/round-*.log | grep -c 'already in the books (same contents)' || true)
echo "$landed kill(s) landed in $pass pass(es) (seed $seed; reference $reference_ms ms; delays 20 ms + up to" \
  "$spread ms, more after a kill that left nothing more done): ${by_phase[creating]} creating the books," \
  "${by_phase[import]} import, ${by_phase[close]} close, ${by_phase[publishing]} publishing;" \
  "$already file(s) found imported on restart and moved to done/"
yes_if() { if "$@"; then echo yes; else echo no; fi; }
expect "at least 20 kills landed while the daemon was running" "$(yes_if [ "$landed" -ge 20 ])" yes
expect "kills landed during the import" "$(yes_if [ $((by_phase[creating] + by_phase[import])) -gt 0 ])" yes
expect "kills landed after the import" "$(yes_if [ $((by_phase[close] + by_phase[publishing])) -gt 0 ])" yes

[ "$failures" -eq 0 ] || exit 1
echo "poolbookd killed $landed times: the same books and outbox as never interrupted"
