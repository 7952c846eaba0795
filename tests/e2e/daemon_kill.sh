#!/usr/bin/env bash
# End to end, with the real programs: poolbookd killed (SIGKILL) at seeded moments across the
# creation of the books, the import, the closes and the publishing, then restarted, ends with
# the same books and an outbox identical to the byte to a run that was never interrupted.
#  - reference: a copy of the Northshire area with the year's extracts, the bank statement and
#    one stray file in a real inbox, and no books: `poolbookd --once --now 2026-04-30T12:00`
#    creates the books from [books] agreement, imports everything, closes April to March and
#    publishes the twelve statements and four quarters; its wall time D is measured;
#  - killed: the same area rebuilt at the same path (outputs may hold paths), then rounds of
#    poolbookd --once killed with SIGKILL after 20 ms + a seeded random delay of up to
#    2.2 D / rounds (each round takes up where the last left off, so the kills spread over the
#    whole run, in a sanitizer build as in a release build); a round whose daemon finished
#    before the kill is not counted; after each kill the phase it landed in is named (files
#    still in the inbox: import; a .partial folder, or a month closed and not published:
#    publishing; else close); then one run left to finish;
#  - the outboxes are the same to the byte, the ledger exports are the same, both books verify
#    to the same head, done/ and rejected/ hold the same files, no .partial is left, and the
#    authority log has each month closed once.
#
#   daemon_kill.sh POOLBOOK POOLBOOKD FIXTURES [SEED]
set -euo pipefail
poolbook=$1
poolbookd=$2
fixtures=$3
seed=${4:-15}
aim=48            # the delays are scaled for about this many kills over the run
max_attempts=150   # rounds tried at most
now=2026-04-30T12:00
work=$(mktemp -d)
pid=
# A daemon still running (the script stopped early) is ended before its folder is removed.
trap '[ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
chmod 755 "$work"
area=$work/area
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

run_once() {  # run_once OUT LOG: one uninterrupted --once; its status is returned
  local status=0
  "$poolbookd" --config "$area/poolbookd.toml" --once --now "$now" >"$1" 2>"$2" || status=$?
  return "$status"
}

ms_now() { echo $(($(date +%s%N) / 1000000)); }

# ---- the reference: never interrupted ----
make_area
expect "the configuration adopts the agreement and has no status page" \
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
reference_ms=$(($(ms_now) - started))
: "${books_ms:=$reference_ms}" "${imported_ms:=$reference_ms}"
expect "the uninterrupted run succeeds" "$status" 0
expect "it creates the books from the agreement" "$(grep -c 'created the books' "$work/reference.log")" 1
expect "it imports every extract and rejects the stray file" \
  "$(head -1 "$work/reference.out")" "imported 85 file(s) (1955 rows posted, 0 quarantined), rejected 1, waiting 0"
expect "it closes April to March" \
  "$(grep -c '^closed 12 month(s): 2025/26 M01 to 2025/26 M12; published 16 folder(s)$' "$work/reference.out")" 1
echo "the uninterrupted run took $reference_ms ms: the books made by $books_ms ms, the inbox taken by $imported_ms ms"
mv "$area" "$work/reference"

# ---- killed again and again, at the same path ----
make_area
RANDOM=$seed
spread=$((reference_ms * 22 / 10 / aim))  # the random part of a delay, in ms
[ "$spread" -ge 1 ] || spread=1

# What the run has done so far: books made, files left in the inbox, months closed (the
# authority log's closes), month folders published, and .partial folders.
state() {
  local books=0 waiting closed=0 published partial
  [ -e "$area/books.db" ] && books=1
  waiting=$(find "$area/inbox" -maxdepth 1 -type f ! -name '.*' ! -name '*.reason' | wc -l)
  if [ "$books" = 1 ] && [ "$waiting" = 0 ]; then
    closed=$("$poolbook" authority-log --store "$area/books.db" 2>/dev/null | grep -c 'period-close .* allowed  closed ' ||
      true)
  fi
  published=$(find "$area/outbox" -mindepth 2 -maxdepth 2 -type d -name '[MQ][0-9]*' 2>/dev/null | wc -l)
  partial=$(find "$area/outbox" -name '*.partial' 2>/dev/null | wc -l)
  echo "$books $waiting $closed $published $partial"
}

# Which phase a kill landed in, from what it left: files still in the inbox, import (the
# books' creation comes first); a .partial folder or a month closed and not published,
# publishing; else close.
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

# Rounds until a restart finishes the run on its own. A step that cannot be cut (the books'
# creation, a quarter's packs) may take longer than the delays: after each kill that left
# nothing more done, the random part of the next delay doubles (up to 2 D), then falls back.
landed=0
attempts=0
stuck=0
finished=no
broken=0
declare -A by_phase=([creating]=0 [import]=0 [close]=0 [publishing]=0)
before=$(state)
while [ "$finished" = no ] && [ "$attempts" -lt "$max_attempts" ]; do
  attempts=$((attempts + 1))
  range=$((spread << (stuck < 10 ? stuck : 10)))
  [ "$range" -le $((2 * reference_ms)) ] || range=$((2 * reference_ms))
  # The first kill lands before the reference had made its books: in their creation.
  [ "$attempts" -gt 1 ] || range=$((books_ms > 20 ? books_ms - 20 : 0))
  delay=$((20 + (RANDOM * 32768 + RANDOM) % (range + 1)))
  "$poolbookd" --config "$area/poolbookd.toml" --once --now "$now" >"$work/round-$attempts.out" \
    2>"$work/round-$attempts.log" &
  pid=$!
  sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
  kill -9 "$pid" 2>/dev/null || true
  status=0
  wait "$pid" 2>/dev/null || status=$?
  if [ "$status" -ne 137 ]; then
    # It finished before the kill: not counted. It must have finished well, though.
    echo "round $attempts: after $delay ms: the daemon had already finished (status $status): not counted"
    if [ "$status" -eq 0 ]; then
      finished=yes
    else
      echo "FAILED: round $attempts: the restart after $landed kill(s) could not go on (status $status):"
      cat "$work/round-$attempts.out" "$work/round-$attempts.log" | grep -v ' info ' | tail -5 | sed 's/^/    /'
      broken=$((broken + 1))
    fi
    continue
  fi
  landed=$((landed + 1))
  after=$(state)
  # shellcheck disable=SC2086
  where=$(phase $after)
  by_phase[$where]=$((by_phase[$where] + 1))
  # The same state as before the round, but for a .partial begun afresh: nothing more done.
  if [ "${after% *}" = "${before% *}" ]; then stuck=$((stuck + 1)); else stuck=0; fi
  before=$after
  read -r books waiting closed published partial <<<"$after"
  echo "kill $landed (round $attempts): after $delay ms: in $where: books $([ "$books" = 1 ] && echo made || echo not made)," \
    "$waiting file(s) in the inbox, $closed month(s) closed, $published folder(s) published, $partial .partial"
done
echo "$landed kill(s) landed in $attempts round(s) (seed $seed, reference $reference_ms ms, delays 20 ms + up to" \
  "$spread ms, more after a kill that left nothing more done): ${by_phase[creating]} creating the books," \
  "${by_phase[import]} import, ${by_phase[close]} close, ${by_phase[publishing]} publishing"
echo "after the kills: $(cat "$work"/round-*.log | grep -c 'already in the books (same contents)' || true) file(s)" \
  "found already imported and moved to done/ on restart"
expect "at least 20 kills landed while the daemon was running" "$([ "$landed" -ge 20 ] && echo yes || echo "no: $landed")" yes
expect "kills landed during the import" "$([ $((by_phase[creating] + by_phase[import])) -gt 0 ] && echo yes || echo no)" yes
expect "kills landed after the import" "$([ $((by_phase[close] + by_phase[publishing])) -gt 0 ] && echo yes || echo no)" yes
expect "every restart between the kills went on" "$broken" 0
expect "a restart finished the run" "$finished" yes

# ---- the last run, left to finish ----
status=0
run_once "$work/final.out" "$work/final.log" || status=$?
expect "the run after the kills finishes" "$status" 0
if [ "$status" -ne 0 ]; then sed 's/^/    /' "$work/final.out"; grep -v ' info ' "$work/final.log" | tail -5 | sed 's/^/    /'; fi

# ---- the same as never interrupted ----
reference=$work/reference
if diff -r "$reference/outbox" "$area/outbox" >"$work/outbox.diff" 2>&1; then
  echo "ok: the outbox is the same to the byte ($(find "$area/outbox" -type f | wc -l) files)"
else
  echo "FAILED: the outbox differs from the uninterrupted run's:"
  head -20 "$work/outbox.diff" | sed 's/^/    /'
  failures=$((failures + 1))
fi
"$poolbook" export --format ledger --store "$reference/books.db" >"$work/reference.ledger"
"$poolbook" export --format ledger --store "$area/books.db" >"$work/killed.ledger"
if cmp -s "$work/reference.ledger" "$work/killed.ledger"; then
  echo "ok: the ledger exports are the same ($(grep -c '^[0-9]' "$work/killed.ledger") entries)"
else
  echo "FAILED: the ledger exports differ:"
  diff "$work/reference.ledger" "$work/killed.ledger" | head -20 | sed 's/^/    /'
  failures=$((failures + 1))
fi
status=0
"$poolbook" verify --store "$reference/books.db" >"$work/reference.verify" 2>&1 || status=$?
expect "the uninterrupted run's books verify" "$status" 0
status=0
"$poolbook" verify --store "$area/books.db" >"$work/killed.verify" 2>&1 || status=$?
expect "the killed and restarted run's books verify" "$status" 0
expect "both books verify to the same head of the audit chain" \
  "$(grep '^head of the books: ' "$work/killed.verify" || echo 'no head printed')" \
  "$(grep '^head of the books: ' "$work/reference.verify" || echo 'no head printed')"
expect "done/ holds the same files" "$(ls -A "$area/inbox/done")" "$(ls -A "$reference/inbox/done")"
expect "rejected/ holds the same files, the reason beside" \
  "$(ls -A "$area/inbox/rejected")" "$(ls -A "$reference/inbox/rejected")"
expect "the reason is the same" "$(cat "$area/inbox/rejected/notes-from-the-ward.csv.reason")" \
  "$(cat "$reference/inbox/rejected/notes-from-the-ward.csv.reason")"
expect "nothing is left in the inbox" "$(find "$area/inbox" -maxdepth 1 ! -type d | wc -l)" 0
expect "no .partial is left anywhere" "$(find "$area" "$reference" -name '*.partial' | wc -l)" 0
expect "no half-made books are left beside the store" "$(find "$area" -maxdepth 1 -name 'books.db.init-*' | wc -l)" 0
"$poolbook" authority-log --store "$area/books.db" >"$work/killed.authority"
"$poolbook" authority-log --store "$reference/books.db" >"$work/reference.authority"
expect "the authority log has each month closed once" \
  "$(grep -o 'period-close .* allowed  closed 2025/26 M[0-9]*' "$work/killed.authority" | sed 's/.* //' | sort | uniq -c |
     awk '{print $2 "x" $1}' | paste -sd' ')" \
  "$(printf '%s ' M01x1 M02x1 M03x1 M04x1 M05x1 M06x1 M07x1 M08x1 M09x1 M10x1 M11x1 M12x1 | sed 's/ $//')"
expect "and the same authority log as the uninterrupted run" \
  "$(cat "$work/killed.authority")" "$(cat "$work/reference.authority")"

[ "$failures" -eq 0 ] || exit 1
echo "poolbookd killed $landed times: the same books and outbox as never interrupted"
