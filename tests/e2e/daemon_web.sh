#!/usr/bin/env bash
# End to end, with the real programs: poolbookd running (not --once) on a copy of the
# Northshire area, its books created from the agreement, the clock at 2025-11-20 12:00
# (April to October close; November's close is on 5 December), and its status page on a
# free port of 127.0.0.1, as systemd would run it (NOTIFY_SOCKET):
#  - sd_notify READY=1; /healthz ok; /metrics valid Prometheus text whose figures are the
#    books' as the poolbook command line reads them (months closed, the next close, rows in
#    quarantine, files imported); it listens on 127.0.0.1:PORT alone, and a second poolbookd
#    cannot share that port; a pack linked from the page downloads; nothing outside the
#    outbox (.., %2e%2e, a planted link, a folder still being written) is served; a POST
#    changes nothing;
#  - the page in headless chromium: rendered, nothing on its console, the books' figures in
#    its DOM, a screenshot (to $POOLBOOK_STATUS_PNG if set);
#  - SIGHUP with a broken agreement: still running and serving, the error logged with file
#    and line, the old agreement kept, RELOADING=1 then READY=1;
#  - a file arriving while it runs is imported within a few ticks, listed under "Files
#    today" and counted in /metrics; a stray file named as markup is rejected and shown as text;
#  - SIGTERM: exit 0 within seconds, STOPPING=1, the port free again.
#
#   daemon_web.sh POOLBOOK POOLBOOKD FIXTURES
# shellcheck disable=SC2016  # wait_for takes its condition in single quotes, to evaluate it on each try
set -euo pipefail
poolbook=$1
poolbookd=$2
fixtures=$3
python=/usr/bin/python3
[ -x "$python" ] || python=python3
work=$(mktemp -d)
daemon=
second=
listener=
cleanup() {
  for pid in $daemon $second $listener; do kill "$pid" 2>/dev/null || true; done
  for pid in $daemon $second $listener; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"
area=$work/area
"$(dirname "$0")/map_account.sh" "$fixtures/northshire" "$area"
rm "$area/inbox"
mkdir "$area/inbox"
# The year's extracts and the bank statement, as daemon_once.sh has them, but November's
# receipts, which arrive while the daemon runs; and a file with bad rows, for the quarantine.
cp "$fixtures"/northshire/inbox/*-2025-0[4-9].csv "$fixtures"/northshire/inbox/*-2025-1[0-2].csv \
   "$fixtures"/northshire/inbox/*-2026-0[1-3].csv "$fixtures"/northshire/inbox/bank-statement-*.csv \
   "$fixtures/northshire/inbox/bad/receipts-2025-10-bad.csv" "$area/inbox/"
mv "$area/inbox/receipts-2025-11.csv" "$work/receipts-2025-11.csv"
touch -d '-1 minute' "$area"/inbox/*.csv
store=$area/books.db
# shellcheck source=expect.sh
. "$(dirname "$0")/expect.sh"

free_port() {
  "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port=$(free_port)
base=http://127.0.0.1:$port
cp "$fixtures/northshire/poolbookd.toml" "$area/"
sed -i -e 's/^settle_seconds = 10 /settle_seconds = 0  /' -e 's/^tick_seconds = 60/tick_seconds = 1/' \
       -e "s/^listen = .*/listen = \"127.0.0.1:$port\"/" "$area/poolbookd.toml"
expect "the configuration names the agreement, a one-second tick and the free port" \
  "$(grep -c -e '^agreement = "agreement.toml"' -e '^settle_seconds = 0 ' -e '^tick_seconds = 1$' \
       -e "^listen = \"127.0.0.1:$port\"" "$area/poolbookd.toml")" 4

# systemd's side of sd_notify: a datagram socket, each message one line of the record.
cat >"$work/notify.py" <<'PY'
import socket, sys
path, record = sys.argv[1], sys.argv[2]
listening = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
listening.bind(path)
with open(record, "a", buffering=1) as out:
    while True:
        message = listening.recv(65536).decode("utf-8", "replace")
        out.write(" ".join(message.strip("\n").split("\n")) + "\n")
PY
notify_socket=$work/notify.sock
notified=$work/notified
: >"$notified"
"$python" "$work/notify.py" "$notify_socket" "$notified" &
listener=$!
for _ in $(seq 50); do [ -S "$notify_socket" ] && break; sleep 0.1; done

http_code() { curl -s --path-as-is --max-time 10 -o /dev/null -w '%{http_code}' "$@" || true; }
metrics() { curl -s --max-time 10 "$base/metrics"; }
metric() { metrics | awk -v name="$1" '$1 == name { print $2 }'; }
# Waits up to $2 seconds for the command $1 to succeed.
wait_for() {
  local deadline=$((SECONDS + $2))
  until eval "$1"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}
alive() { kill -0 "$daemon" 2>/dev/null; }
head_of_books() { "$poolbook" verify --store "$store" | sed -n 's/^head of the books: //p'; }
agreement_digest() { sqlite3 -readonly "$store" "SELECT value FROM settings WHERE key = 'agreement.digest'"; }
# The status page read back: its figures, files, exceptions and links, one a line.
cat >"$work/page.py" <<'PY'
import html.parser, re, sys
class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.figure, self.table, self.row, self.cell, self.para = [], None, None, None, None, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and "figure" in (a.get("class") or "").split():
            self.figure = {"label": [], "value": [], "after": [], "part": "label"}
        elif tag == "b" and self.figure is not None:
            self.figure["part"] = "value"
        elif tag == "table":
            self.table = {"caption": "", "rows": []}
        elif tag == "caption" and self.table is not None:
            self.cell = []
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "a" and a.get("href"):
            self.out.append("link " + a["href"])
        elif tag == "p":
            self.para = []
    def handle_endtag(self, tag):
        squash = lambda parts: re.sub(r"\s+", " ", "".join(parts)).strip()
        if tag == "p" and self.para is not None:
            self.out.append("para " + squash(self.para))
            self.para = None
        elif tag == "b" and self.figure is not None:
            self.figure["part"] = "after"
        elif tag == "div" and self.figure is not None:
            f = self.figure
            self.out.append("figure " + squash(f["label"]) + " = " + squash(f["value"])
                            + ((" | " + squash(f["after"])) if squash(f["after"]) else ""))
            self.figure = None
        elif tag == "caption" and self.table is not None and self.cell is not None:
            self.table["caption"] = squash(self.cell)
            self.cell = None
        elif tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(squash(self.cell))
            self.cell = None
        elif tag == "tr" and self.table is not None and self.row is not None:
            self.table["rows"].append(self.row)
            self.row = None
        elif tag == "table" and self.table is not None:
            caption = self.table["caption"]
            kind = ("file" if caption.startswith("Files taken") else "month" if caption.startswith("The months of")
                    else "exception" if caption.startswith("The exceptions of") else "row")
            for row in self.table["rows"][1:]:
                self.out.append(kind + " " + " | ".join(row))
            self.table = None
    def handle_data(self, data):
        if self.para is not None:
            self.para.append(data)
        if self.figure is not None:
            self.figure[self.figure["part"]].append(data)
        if self.cell is not None:
            self.cell.append(data)
page = Page()
page.feed(open(sys.argv[1], encoding="utf-8").read())
print("\n".join(page.out))
PY
read_page() { "$python" "$work/page.py" "$1"; }

# --- 1. Start it as systemd would, the clock fixed at 20 November 2025, noon. -----------
start=$SECONDS
NOTIFY_SOCKET=$notify_socket "$poolbookd" --config "$area/poolbookd.toml" --now 2025-11-20T12:00 \
  >"$work/daemon.out" 2>"$work/daemon.log" &
daemon=$!

# --- 2. The page, /healthz and /metrics. ---------------------------------------------------
if wait_for '[ "$(http_code "$base/healthz")" = 200 ] || ! alive' 30 && alive; then
  echo "ok: /healthz answers 200 ($((SECONDS - start)) s after start)"
else
  echo "FAILED: /healthz did not answer 200 within 30 s"
  failures=$((failures + 1))
  tail -20 "$work/daemon.log"
  exit 1
fi
# The page listens from the start; the first turn (the inbox, seven closes) finishes after.
wait_for '[ "$(metric poolbookd_turns_total)" -ge 1 ] 2>/dev/null' 60 || true
expect "the first turn has finished" "$(metric poolbookd_turns_total | awk '{ print ($1 >= 1) }')" 1
expect "systemd is told READY=1" "$(grep -c '^READY=1' "$notified")" 1
expect "/healthz says ok, no month behind" "$(curl -s --max-time 10 "$base/healthz")" "ok: 0 month(s) behind"

metrics >"$work/metrics"
expect "/metrics is Prometheus text" \
  "$(curl -s --max-time 10 -o /dev/null -w '%{content_type}' "$base/metrics")" "text/plain; version=0.0.4"
# Every sample `name value` (a name of [a-zA-Z_:][a-zA-Z0-9_:]*, a number), each with its
# # TYPE line (counter or gauge) before it, counters named _total, no name twice.
expect "every line of /metrics is a comment or a sample with its # TYPE" "$(awk '
  /^# TYPE / { if ($4 != "counter" && $4 != "gauge") bad++; typed[$3] = $4; next }
  /^# HELP / { next }
  /^#/ { bad++; next }
  NF != 2 || $1 !~ /^[a-zA-Z_:][a-zA-Z0-9_:]*$/ || $2 !~ /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/ { bad++; next }
  !($1 in typed) { bad++; next }
  typed[$1] == "counter" && $1 !~ /_total$/ { bad++ }
  seen[$1]++ { bad++ }
  { samples++ }
  END { print (bad + 0) " bad, " (samples > 0 ? "samples" : "no samples") }' "$work/metrics")" "0 bad, samples"
expect "/metrics has # TYPE lines" "$(grep -c '^# TYPE poolbookd_' "$work/metrics" | awk '{ print ($1 >= 10) }')" 1

# What the books hold, as the command line reads them.
closes=$("$poolbook" authority-log --store "$store" | awk '$3 == "period-close" && $4 == "allowed"' | wc -l)
reopens=$("$poolbook" authority-log --store "$store" | awk '$3 == "period-reopen" && $4 == "allowed"' | wc -l)
closed=$((closes - reopens))
last_closed=$("$poolbook" authority-log --store "$store" |
  sed -n 's/.* period-close .* allowed *closed \(20[0-9][0-9]\/[0-9][0-9] M[0-9][0-9]\) .*/\1/p' | sort | tail -1)
# And what the schedule says of that clock: the months of 2025/26 whose close (working
# day 5 at 06:00 London time) is before 2025-11-20 12:00; the first after it is the next.
"$poolbook" calendar 2025/26 --close-working-day 5 --json >"$work/calendar.json"
read -r due next_close next_close_at <<<"$("$python" - "$work/calendar.json" <<'PY'
import datetime, json, sys, zoneinfo
london = zoneinfo.ZoneInfo("Europe/London")
now = datetime.datetime(2025, 11, 20, 12, 0, tzinfo=london)
due, upcoming = 0, []
for month in json.load(open(sys.argv[1]))["months"]:
    at = datetime.datetime.fromisoformat(month["close_day"] + "T06:00").replace(tzinfo=london)
    if at <= now:
        due += 1
    else:
        upcoming.append((month["period"].replace(" ", "_"), int(at.timestamp())))
print(due, *upcoming[0])
PY
)"
next_close=${next_close/_/ }
term_months=$("$poolbook" agreement show "$area/agreement.toml" --json | "$python" -c '
import json, sys; d = json.load(sys.stdin); s, e = d["start"], d["effective_end"]
print((int(e[:4]) - int(s[:4])) * 12 + int(e[5:7]) - int(s[5:7]) + 1)')
quarantined=$("$poolbook" quarantine list --store "$store" | awk 'NR > 1 && $1 ~ /^[0-9]+$/' | wc -l)
done_files=$(find "$area/inbox/done" -maxdepth 1 -type f | wc -l)
echo "the books: $closed of $term_months months closed (the last $last_closed; $due due by the schedule)," \
  "next $next_close at $next_close_at; $quarantined rows in quarantine; $done_files files in inbox/done"
expect "the books hold the seven months the schedule has due (April to October)" "$closed $due" "7 7"
expect "systemd's status says what the first turn did" \
  "$(grep -c "^STATUS=imported $done_files, rejected 0, closed $closed; next close $next_close$" "$notified")" 1
expect "poolbookd_months_closed is the books' closed months" "$(metric poolbookd_months_closed)" "$closed"
expect "poolbookd_months_behind is 0" "$(metric poolbookd_months_behind)" 0
expect "poolbookd_next_close_timestamp_seconds is $next_close's close, working day 5 at 06:00 London time" \
  "$(metric poolbookd_next_close_timestamp_seconds)" "$next_close_at"
expect "poolbookd_time_seconds is the --now clock" "$(metric poolbookd_time_seconds)" \
  "$("$python" -c 'import datetime, zoneinfo; print(int(datetime.datetime(2025, 11, 20, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London")).timestamp()))')"
expect "the bad rows are in quarantine" "$quarantined" 8
expect "poolbookd_quarantined_rows is poolbook quarantine list's count" "$(metric poolbookd_quarantined_rows)" "$quarantined"
expect "every file of the inbox is in inbox/done" "$done_files $(find "$area/inbox" -maxdepth 1 -type f | wc -l)" "85 0"
expect "poolbookd_files_imported_total is the number of files in inbox/done" \
  "$(metric poolbookd_files_imported_total)" "$done_files"
expect "poolbookd_rows_quarantined_total is the rows in quarantine" "$(metric poolbookd_rows_quarantined_total)" "$quarantined"
expect "nothing refused, nothing failed" "$(metric poolbookd_close_refused) $(metric poolbookd_errors_total)" "0 0"

# Where it listens: 127.0.0.1:PORT, and nowhere else (TCP or UDP).
ss -ltunpH >"$work/ss" 2>/dev/null || true
expect "poolbookd listens on 127.0.0.1:$port and nowhere else" \
  "$(grep "pid=$daemon," "$work/ss" | awk '{ print $1, $5 }')" "tcp 127.0.0.1:$port"
# A second poolbookd (other books) configured with the same address must be refused the port
# ("the status page cannot listen ...", exit 6), not share it: sharing it, the kernel deals
# the requests out between the two and the page shows either one's books.
other=$work/other
"$(dirname "$0")/map_account.sh" "$fixtures/northshire" "$other"
rm "$other/inbox"
mkdir "$other/inbox"
cp "$area/poolbookd.toml" "$other/poolbookd.toml"
"$poolbookd" --config "$other/poolbookd.toml" --now 2025-11-20T12:00 >/dev/null 2>"$work/other.log" &
second=$!
wait_for '! kill -0 $second 2>/dev/null || grep -q "pid=$second," <(ss -ltnpH 2>/dev/null)' 20 || true
if kill -0 "$second" 2>/dev/null; then
  echo "FAILED: a second poolbookd on the same address is not refused: both listen on 127.0.0.1:$port"
  ss -ltnpH 2>/dev/null | grep ":$port " | sed 's/^/  /'
  failures=$((failures + 1))
  kill "$second"
  wait "$second" 2>/dev/null || true
else
  set +e
  wait "$second"
  status=$?
  set -e
  expect "a second poolbookd on the same address is refused" "$([ "$status" -ne 0 ] && echo refused)" refused
  expect "saying why" "$(grep -c '\[web.listen\]' "$work/other.log")" 1
fi
second=
expect "the first poolbookd still serves its own books" "$(metric poolbookd_months_closed)" "$closed"

# The page's links to the packs, and the packs themselves.
curl -s --max-time 10 "$base/" >"$work/page.html"
read_page "$work/page.html" >"$work/page.txt"
pack=$(sed -n 's|^link /outbox/\(.*board-pack.*\.html\)$|\1|p' "$work/page.txt" | head -1)
expect "the page links the quarters' packs (Q1 and Q2 are published)" \
  "$(grep -c '^link /outbox/2025-26/Q[12]/board-pack-2025-26-Q[12]\.html$' "$work/page.txt")" 2
expect "a pack linked from the page downloads (200)" \
  "$(curl -s --max-time 10 -o "$work/pack.html" -w '%{http_code}' "$base/outbox/$pack")" 200
expect "and is the published file, byte for byte" "$(cmp -s "$work/pack.html" "$area/outbox/$pack" && echo same)" same
expect "served as HTML" "$(curl -s --max-time 10 -o /dev/null -w '%{content_type}' "$base/outbox/$pack")" \
  "text/html; charset=utf-8"

# Nothing outside the outbox, nor what is not yet published.
ln -s "$store" "$area/outbox/books.db"
ln -s "$area" "$area/outbox/2025-26/Q9"
mkdir "$area/outbox/2025-26/.Q3.partial"
echo "half a pack" >"$area/outbox/2025-26/.Q3.partial/board-pack-2025-26-Q3.html"
for path in /outbox/../books.db /outbox/%2e%2e/books.db /outbox/%2E%2E/books.db /outbox/2025-26/%2e%2e/%2e%2e/books.db \
            /outbox/2025-26/Q1/..%2f..%2f..%2fbooks.db /outbox/%2fetc%2fpasswd /outbox//etc/passwd \
            /outbox/books.db /outbox/2025-26/Q9/books.db /outbox/2025-26/Q9/poolbookd.toml \
            /outbox/2025-26/.Q3.partial/board-pack-2025-26-Q3.html /outbox/2025-26/%2eQ3.partial/board-pack-2025-26-Q3.html \
            /outbox/2025-26/Q1 /outbox/; do
  expect "$path is not served (404)" "$(http_code "$base$path")" 404
done
rm "$area/outbox/books.db" "$area/outbox/2025-26/Q9"
rm -r "$area/outbox/2025-26/.Q3.partial"

# The page is read-only: a POST (or a DELETE) changes nothing.
head_before=$(head_of_books)
post=$(http_code -X POST --data 'close=2025/26 M08' "$base/")
expect "a POST to / is not accepted" "$(case $post in 2*) echo "$post" ;; *) echo refused ;; esac)" refused
post=$(http_code -X POST --data '' "$base/metrics")
expect "a POST to /metrics is not accepted" "$(case $post in 2*) echo "$post" ;; *) echo refused ;; esac)" refused
http_code -X DELETE "$base/outbox/$pack" >/dev/null
sleep 1.2  # a tick
expect "the books' head is unchanged by them" "$(head_of_books)" "$head_before"
expect "and the pack is still there" "$(cmp -s "$work/pack.html" "$area/outbox/$pack" && echo same)" same

# --- 3. The page in headless chromium. -------------------------------------------------
# As tests/render/check_html.py runs it: a fresh profile, and the page's console on chromium's
# log (--enable-logging=stderr --v=0), where "CONSOLE" or "Uncaught" is the page speaking.
browse() {
  local profile
  profile=$(mktemp -d "$work/chromium.XXXXXX")
  timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --no-default-browser-check --hide-scrollbars --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@"
}
console_lines() { grep -E 'CONSOLE[(:]|Uncaught' "$1" || true; }
# First, that a page's console does reach that log with this chromium.
printf '<!doctype html><title>x</title><script>console.error("the page speaks")</script>\n' >"$work/speaks.html"
browse --dump-dom "file://$work/speaks.html" >/dev/null 2>"$work/speaks.log" || true
expect "chromium's log shows a page's console (so the check below can see it)" \
  "$(console_lines "$work/speaks.log" | grep -c 'the page speaks')" 1
png=${POOLBOOK_STATUS_PNG:-$work/status.png}
rm -f "$png"
browse --screenshot="$png" --window-size=1280,1500 "$base/" >/dev/null 2>"$work/screenshot.log" || true
browse --dump-dom "$base/" >"$work/dom.html" 2>"$work/dom.log" || true
expect "nothing on the page's console" "$(console_lines "$work/screenshot.log"; console_lines "$work/dom.log")" ""
expect "chromium renders the page to a PNG" "$(head -c 8 "$png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" \
  "89504e470d0a1a0a"
echo "screenshot: $png ($("$python" -c 'import sys; h = open(sys.argv[1], "rb").read(24); print(int.from_bytes(h[16:20], "big"), "x", int.from_bytes(h[20:24], "big"))' "$png" 2>/dev/null || echo none))"
read_page "$work/dom.html" >"$work/dom.txt"
expect "the DOM is the status page" "$(grep -c '<h1>Northshire Better Care Fund' "$work/dom.html")" 1
expect "it shows the months closed as the books hold them" \
  "$(grep '^figure Months closed = ' "$work/dom.txt")" "figure Months closed = $closed of $term_months"
expect "the last month closed" "$(grep '^figure Last closed = ' "$work/dom.txt")" "figure Last closed = $last_closed"
expect "the next close, its month and time" "$(grep '^figure Next close = ' "$work/dom.txt")" \
  "figure Next close = $next_close | $(TZ=Europe/London date -d "@$next_close_at" '+%Y-%m-%d %H:%M %Z')"
expect "no month behind" "$(grep '^figure Months behind = ' "$work/dom.txt")" "figure Months behind = 0"
expect "the rows in quarantine" "$(grep '^figure Rows in quarantine = ' "$work/dom.txt")" \
  "figure Rows in quarantine = $quarantined"
# The months of the year the clock is in (2025/26), $closed of them closed; the term's other
# months counted under the table.
expect "the twelve months of 2025/26, $closed of them closed" \
  "$(grep -c '^month 2025/26 M' "$work/dom.txt") $(grep -c '^month .* | closed | yes | ' "$work/dom.txt")" "12 $closed"
expect "the term's other months counted" "$(grep -c "^para The term's other months: 0 months closed and $((term_months - 12)) to come.$" "$work/dom.txt")" 1
expect "the files imported today, counted" \
  "$(grep -c "^para $done_files files imported and [0-9]* files\? rejected today by this poolbookd" "$work/dom.txt")" 1
expect "the latest 20 listed" "$(grep -c '^file .* | imported' "$work/dom.txt")" "$((done_files < 20 ? done_files : 20))"
expect "the open exceptions are the month-end statement's for $next_close" \
  "$(sed -n 's/^exception \([^ ]*\) | .*/\1/p' "$work/dom.txt" | sort | tr '\n' ' ')" \
  "$("$poolbook" reconcile "$next_close" --store "$store" --json |
     "$python" -c 'import json, sys; print(" ".join(sorted(e["rule"] for e in json.load(sys.stdin)["exceptions"])), end=" ")')"

# --- 4. SIGHUP with a broken agreement. ------------------------------------------------
cp "$area/agreement.toml" "$work/agreement.toml"
digest_before=$(agreement_digest)
head_before=$(head_of_books)
printf '\nthis line is not TOML\n' >>"$area/agreement.toml"
broken_line=$(grep -n '^this line is not TOML' "$area/agreement.toml" | cut -d: -f1)
mark=$(wc -l <"$notified")
log_mark=$(wc -l <"$work/daemon.log")
kill -HUP "$daemon"
wait_for '[ "$(tail -n +$((mark + 1)) "$notified" | grep -c "^READY=1")" -ge 1 ] || ! alive' 20 || true
expect "SIGHUP with a broken agreement leaves poolbookd running" "$(alive && echo running)" running
wait_for '[ "$(http_code "$base/healthz")" = 200 ]' 10 || true
expect "and /healthz answers 200" "$(http_code "$base/healthz")" 200
expect "systemd is told RELOADING=1, then READY=1" \
  "$(tail -n +$((mark + 1)) "$notified" | grep -o -e '^RELOADING=1' -e '^READY=1' | head -2 | tr '\n' ' ')" \
  "RELOADING=1 READY=1 "
expect "the log names the broken agreement's file and line" \
  "$(tail -n +$((log_mark + 1)) "$work/daemon.log" |
     grep -c "error .*agreement.toml is not adopted; the books go on under the agreement they follow: .*agreement.toml:$broken_line: .*\[toml.syntax\]")" 1
expect "the books keep the agreement they follow" "$(agreement_digest)" "$digest_before"
expect "and record nothing" "$(head_of_books)" "$head_before"
expect "the figures are unchanged" "$(metric poolbookd_months_closed) $(metric poolbookd_errors_total)" "$closed 0"
cp "$work/agreement.toml" "$area/agreement.toml"
# The agreement put right: a reload adopts nothing (it is the agreement the books follow).
mark=$(wc -l <"$notified")
log_mark=$(wc -l <"$work/daemon.log")
kill -HUP "$daemon"
wait_for '[ "$(tail -n +$((mark + 1)) "$notified" | grep -c "^READY=1")" -ge 1 ] || ! alive' 20 || true
expect "a SIGHUP with the agreement restored reloads" \
  "$(tail -n +$((log_mark + 1)) "$work/daemon.log" | grep -c 'configuration reloaded from')" 1
expect "with no error and no variation" \
  "$(tail -n +$((log_mark + 1)) "$work/daemon.log" | grep -c -e ' error ' -e 'adopted a variation')" 0
expect "and the books are as they were" "$(head_of_books) $(agreement_digest)" "$head_before $digest_before"
wait_for '[ "$(http_code "$base/healthz")" = 200 ]' 10 || true

# --- 5. A file arriving while it runs: November's receipts (2025/26 M08, not closed). ----
# With it, a stray file whose name is markup: rejected, and shown on the page as text.
imported_before=$(metric poolbookd_files_imported_total)
rejected_before=$(metric poolbookd_files_rejected_total)
hostile='<img src=x onerror=alert(1)>.csv'
echo "not,a,ledger" >"$area/inbox/.stray.part"
mv "$area/inbox/.stray.part" "$area/inbox/$hostile"
cp "$work/receipts-2025-11.csv" "$area/inbox/receipts-2025-11.csv.part"
mv "$area/inbox/receipts-2025-11.csv.part" "$area/inbox/receipts-2025-11.csv"
arrived=$SECONDS
if wait_for '[ -f "$area/inbox/done/receipts-2025-11.csv" ]' 15; then
  echo "ok: the file arriving is imported into inbox/done ($((SECONDS - arrived)) s)"
else
  echo "FAILED: receipts-2025-11.csv is not in inbox/done after 15 s"
  failures=$((failures + 1))
fi
wait_for '[ "$(metric poolbookd_files_imported_total)" -gt "$imported_before" ] 2>/dev/null' 5 || true
expect "/metrics counts it" "$(metric poolbookd_files_imported_total)" "$((imported_before + 1))"
expect "poolbookd_files_imported_total is still the files in inbox/done" \
  "$(metric poolbookd_files_imported_total)" "$(find "$area/inbox/done" -maxdepth 1 -type f | wc -l)"
curl -s --max-time 10 "$base/" >"$work/page2.html"
read_page "$work/page2.html" >"$work/page2.txt"
expect "the page lists it under Files today, imported, among the latest" \
  "$(grep '^file ' "$work/page2.txt" | head -2 | awk -F' [|] ' '$1 == "file receipts-2025-11.csv" { print $1 " | " $3 }')" \
  "file receipts-2025-11.csv | imported"
expect "and counts it" "$(grep -c "^para $((done_files + 1)) files imported and " "$work/page2.txt")" 1
expect "November is not closed by it" "$(metric poolbookd_months_closed)" "$closed"
expect "the stray file is rejected with its reason" \
  "$([ -f "$area/inbox/rejected/$hostile" ] && [ -s "$area/inbox/rejected/$hostile.reason" ] && echo both)" both
expect "/metrics counts it" "$(metric poolbookd_files_rejected_total)" "$((rejected_before + 1))"
expect "the page lists it as rejected" "$(grep -c '^file <img src=x onerror=alert(1)>\.csv | .* | rejected | ' "$work/page2.txt")" 1
expect "its name escaped, never markup" \
  "$(grep -c '<img' "$work/page2.html") $(grep -c '&lt;img src=x onerror=alert(1)&gt;\.csv' "$work/page2.html")" "0 1"

# --- 6. SIGTERM. -----------------------------------------------------------------------
mark=$(wc -l <"$notified")
kill -TERM "$daemon"
stopping=$SECONDS
if wait_for '! alive' 10; then
  set +e
  wait "$daemon"
  status=$?
  set -e
  expect "SIGTERM stops it with exit 0 ($((SECONDS - stopping)) s)" "$status" 0
  daemon=
else
  echo "FAILED: poolbookd is still running 10 s after SIGTERM"
  failures=$((failures + 1))
fi
expect "systemd is told STOPPING=1" "$(tail -n +$((mark + 1)) "$notified" | grep -c '^STOPPING=1')" 1
expect "nothing listens on the port any more" "$(ss -ltnH "sport = :$port" 2>/dev/null | wc -l)" 0
expect "the port can be taken again" "$("$python" -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); print("free")' "$port" 2>&1)" free
expect "the books verify" "$("$poolbook" verify --store "$store" | grep -c '^verified')" 1
echo "run time: $SECONDS s"

if [ "$failures" -ne 0 ]; then
  echo "--- poolbookd's log (the last 15 lines) ---"
  tail -15 "$work/daemon.log"
  exit 1
fi
echo "poolbookd's status page, reload and stop: all as expected"
