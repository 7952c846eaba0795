#!/usr/bin/env bash
# The PostgreSQL journal's controls are the database's, whatever SQL a person types: in a
# throw-away cluster, ledger/store/pg/journal.sql and governance.sql are installed as
# docs/postgresql.md says, and people connect as their own roles. A writer adds records but
# never updates or deletes one; who acts is the role, not what the row says; an entry must
# balance, chain on and fall in an open month; each agreement's rows are seen and added only
# by its people; a reader only reads; nobody but the owner changes the schema. Governance's
# records (decisions, virements, the authority log) are held to the same.
#
#   tests/postgres/roles.sh SOURCE_DIR
set -euo pipefail
top=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../..}" && pwd)
. "$top/tests/postgres/cluster.sh"
trap pg_throwaway_stop EXIT
pg_throwaway_start

failures=0
checks=0
# ok ROLE SQL EXPECTED: SQL run as ROLE succeeds and prints EXPECTED.
ok() {
  local role=$1 sql=$2 expected=$3 got
  checks=$((checks + 1))
  if ! got=$(psql -U "$role" -d poolbook -v ON_ERROR_STOP=1 -qAtX -c "$sql" 2>&1); then
    echo "FAILED: as $role, $sql: refused: $got"
    failures=$((failures + 1))
  elif [ "$got" != "$expected" ]; then
    echo "FAILED: as $role, $sql"
    echo "  expected: $expected"
    echo "  got:      $got"
    failures=$((failures + 1))
  fi
}
# refused ROLE SQL PATTERN: SQL run as ROLE fails with an error matching PATTERN.
refused() {
  local role=$1 sql=$2 pattern=$3 got
  checks=$((checks + 1))
  if got=$(psql -U "$role" -d poolbook -v ON_ERROR_STOP=1 -qAtX -c "$sql" 2>&1); then
    echo "FAILED: as $role, $sql: was allowed ($got)"
    failures=$((failures + 1))
  elif ! grep -qE -- "$pattern" <<<"$got"; then
    echo "FAILED: as $role, $sql: refused, but not for /$pattern/: $got"
    failures=$((failures + 1))
  fi
}

# The administrator's steps (docs/postgresql.md): the database, the schema, the people.
pg_install_poolbook "$top"
psql -v ON_ERROR_STOP=1 -qX -d poolbook >/dev/null <<'SQL'
CREATE ROLE ruth LOGIN IN ROLE poolbook_writer;
CREATE ROLE nadia LOGIN IN ROLE poolbook_writer;
CREATE ROLE south LOGIN IN ROLE poolbook_writer;
CREATE ROLE stranger LOGIN IN ROLE poolbook_writer;
CREATE ROLE viewer LOGIN IN ROLE poolbook_reader;
CREATE ROLE demoted LOGIN IN ROLE poolbook_writer;
INSERT INTO poolbook.people VALUES ('ruth', 'northshire', 'r.osei'), ('nadia', 'northshire', 'n.ahmed'),
  ('south', 'southshire', 's.pm'), ('viewer', 'northshire', 'board.viewer'), ('demoted', 'northshire', 'r.osei');
REVOKE poolbook_writer FROM demoted;
GRANT poolbook_reader TO demoted;
SQL

zero="decode(repeat('00', 32), 'hex')"
h1="decode(repeat('11', 32), 'hex')"
h2="decode(repeat('22', 32), 'hex')"
h3="decode(repeat('33', 32), 'hex')"
entry() {  # entry ID DATE PERIOD ACCOUNTS AMOUNTS PREVIOUS HASH [SOURCE]
  echo "INSERT INTO poolbook.entries(agreement, id, entry_date, period, kind, description, reference, source,
    source_row, accounts, amounts, previous_hash, hash)
    VALUES ('northshire', $1, '$2', $3, 'draw', 'draw GL-$1', 'GL-$1', ${8:-1}, $1, '$4', '$5', $6, $7)"
}

# A writer opens accounts, records a source and posts: who acts is the role's person.
ok ruth "INSERT INTO poolbook.accounts VALUES ('northshire', 1, 'pool/bcf-pool/bank', 'asset', 'Bank'),
  ('northshire', 2, 'pool/bcf-pool/scheme/S07', 'expenditure', 'S07')" ""
ok ruth "INSERT INTO poolbook.sources VALUES ('northshire', 1, 'abc', 'host-gl-draws', 'someone.else', now());
  SELECT actor FROM poolbook.sources" "r.osei"
ok ruth "$(entry 1 2025-10-31 202507 '{2,1}' '{37570954,-37570954}' "$zero" "$h1")" ""
ok ruth "SELECT account || ':' || movement_pence FROM poolbook.balances ORDER BY account" $'1:-37570954\n2:37570954'

# Records are never updated or deleted, by privilege.
refused ruth "UPDATE poolbook.entries SET description = 'x'" "permission denied for table entries"
refused ruth "DELETE FROM poolbook.entries" "permission denied for table entries"
refused ruth "TRUNCATE poolbook.entries" "permission denied for table entries"
refused ruth "UPDATE poolbook.sources SET actor = 'n.ahmed'" "permission denied for table sources"
refused ruth "UPDATE poolbook.balances SET movement_pence = 0" "permission denied for table balances"
refused ruth "INSERT INTO poolbook.balances VALUES ('northshire', 1, 202508, 5)" "permission denied for table balances"
refused ruth "INSERT INTO poolbook.periods VALUES ('northshire', 202507, 'open')" "permission denied for table periods"
refused ruth "INSERT INTO poolbook.people VALUES ('ruth', 'southshire', 's.pm')" "permission denied for table people"
refused ruth "DROP TABLE poolbook.entries" "must be owner of table entries"
refused ruth "ALTER TABLE poolbook.entries DISABLE TRIGGER entries_checked" "must be owner of table entries"
refused ruth "CREATE TABLE poolbook.mine(x int)" "permission denied for schema poolbook"
refused ruth "SET ROLE poolbook_owner" "permission denied to set role"

# An entry must balance, chain on from the last one and fall in an open month.
refused ruth "$(entry 2 2025-11-03 202508 '{2,1}' '{100,-99}' "$h1" "$h2")" "does not balance"
refused ruth "$(entry 2 2025-11-03 202508 '{2,9}' '{100,-100}' "$h1" "$h2")" "is not an open account"
refused ruth "$(entry 2 2025-11-03 202508 '{2,1}' '{100,-100}' "$zero" "$h2")" "does not follow on from entry 1"
refused ruth "$(entry 3 2025-11-03 202508 '{2,1}' '{100,-100}' "$h1" "$h2")" "does not follow on from entry 1"
refused ruth "$(entry 2 2025-11-03 202507 '{2,1}' '{100,-100}' "$h1" "$h2")" "is not the month of 2025-11-03"
ok ruth "INSERT INTO poolbook.period_log(agreement, period, action, actor) VALUES ('northshire', 202507, 'close', 'n.ahmed');
  SELECT actor || ' ' || action FROM poolbook.period_log" "r.osei close"
refused ruth "$(entry 2 2025-10-15 202507 '{2,1}' '{100,-100}' "$h1" "$h2")" "in a closed month"
# A session's own temporary tables never stand in for poolbook's inside the owner's checks.
refused ruth "CREATE TEMP TABLE periods(agreement text, period integer, state text);
  INSERT INTO pg_temp.periods VALUES ('northshire', 202507, 'open');
  $(entry 2 2025-10-15 202507 '{2,1}' '{100,-100}' "$h1" "$h2")" "in a closed month"
refused ruth "INSERT INTO poolbook.period_log(agreement, period, action, actor) VALUES ('northshire', 202507, 'close', '')" \
  "already closed"
refused ruth "INSERT INTO poolbook.period_log(agreement, period, action, actor) VALUES ('northshire', 202507, 'reopen', '')" \
  "only when closed, with a reason"
# A source is its recorder's: another person cannot post under it.
refused nadia "$(entry 2 2025-11-03 202508 '{2,1}' '{100,-100}' "$h1" "$h2")" "was recorded by r.osei, not by n.ahmed"
ok nadia "INSERT INTO poolbook.sources VALUES ('northshire', 2, 'def', 'host-gl-draws', 'r.osei', now());
  $(entry 2 2025-11-03 202508 '{2,1}' '{100,-100}' "$h1" "$h2" 2); SELECT count(*) FROM poolbook.entries" "2"

# An import's COPY goes into the agreement's own partition of the journal, which its people
# add to but never read or change, and nobody else touches; what is added there is checked
# as it is through entries.
journal=$(psql -U ruth -d poolbook -qAtX -c "SELECT poolbook.journal_of('northshire')")
south_journal=$(psql -U south -d poolbook -qAtX -c "SELECT poolbook.journal_of('southshire')")
j3() {  # j3 ACCOUNTS AMOUNTS: entry 3 of northshire, into its partition
  entry 3 2025-11-04 202508 "$1" "$2" "$h2" "$h3" | sed "s/poolbook.entries(/$journal(/"
}
refused ruth "SELECT count(*) FROM $journal" "permission denied for table journal_"
refused ruth "UPDATE $journal SET kind = 'x'" "permission denied for table journal_"
refused ruth "$(j3 '{2,1}' '{100,-99}')" "entry 3 does not balance"
refused stranger "SELECT poolbook.journal_of('northshire')" "not this role's to write"
refused south "$(j3 '{2,1}' '{100,-100}')" "permission denied for table journal_"
refused south "$(j3 '{2,1}' '{100,-100}' | sed "s/$journal(/$south_journal(/")" "violates partition constraint"
refused ruth "BEGIN ISOLATION LEVEL REPEATABLE READ; $(j3 '{2,1}' '{100,-100}'); COMMIT" "READ COMMITTED only"
# A reader mapped to the agreement has no right to its partition; a writer made a reader
# since being mapped keeps the grant but is refused all the same.
refused viewer "$(j3 '{2,1}' '{100,-100}')" "permission denied for table journal_"
refused demoted "$(j3 '{2,1}' '{100,-100}')" "the database role demoted is not a writer"
# The mapping names a role that exists, and is undone a person at a time.
refused poolbook_admin "INSERT INTO poolbook.people VALUES ('nobody', 'northshire', 'x')" "there is no database role nobody"
refused poolbook_admin "TRUNCATE poolbook.people" "people are unmapped one at a time"
# A reversal, and only a reversal, reverses.
refused ruth "$(j3 '{2,1}' '{100,-100}' | sed "s/'draw'/'reversal'/")" "entries_reversal_kind"
# A new agreement's partition is attached without waiting for a transaction open on the
# journal (nor holding up its readers).
psql -U south -d poolbook -qAtX -c "BEGIN; SELECT count(*) FROM poolbook.entries; SELECT pg_sleep(8); COMMIT" \
  >/dev/null 2>&1 &
holder=$!
sleep 1
psql -v ON_ERROR_STOP=1 -qX -d poolbook -c "CREATE ROLE west LOGIN IN ROLE poolbook_writer"
ok poolbook_admin "SET statement_timeout = '4s'; INSERT INTO poolbook.people VALUES ('west', 'westshire', 'w.pm');
  SELECT count(*) FROM pg_inherits WHERE inhparent = 'poolbook.entries'::regclass" "3"
wait "$holder"
refused ruth "$(entry 3 3000-06-01 300003 '{2,1}' '{100,-100}' "$h2" "$h3")" "entries_period_check"
# Postings that are not two are checked one by one: three that balance, and not.
ok ruth "BEGIN; $(j3 '{2,2,1}' '{60,40,-100}'); SELECT count(*) FROM poolbook.entries; ROLLBACK" "3"
refused ruth "$(j3 '{2,2,1}' '{60,40,-99}')" "entry 3 does not balance: its postings sum to 1 pence"
refused ruth "$(j3 '{2}' '{0}')" "entry 3: postings must be at least two accounts"
refused ruth "$(j3 '{2,1}' '{100,NULL}')" "entry 3: postings must be at least two accounts"
refused ruth "$(j3 '{{2,1}}' '{{100,-100}}')" "entry 3: postings must be at least two accounts"
refused ruth "$(j3 '{2,1,1}' '{100,-100}')" "entry 3: postings must be at least two accounts"
# Rows of one statement out of their order are checked row by row, and pass; what an entry
# reverses is an earlier entry.
ok ruth "BEGIN; INSERT INTO poolbook.entries(agreement, id, entry_date, period, kind, description, reference, source,
    source_row, accounts, amounts, previous_hash, hash)
  VALUES ('northshire', 4, '2025-11-05', 202508, 'draw', 'd', 'GL-4', 1, 4, '{2,1}', '{5,-5}', $h3, $h1),
         ('northshire', 3, '2025-11-04', 202508, 'draw', 'd', 'GL-3', 1, 3, '{2,1}', '{5,-5}', $h2, $h3);
  SELECT count(*) FROM poolbook.entries; ROLLBACK" "4"
reversal() {  # reversal ID REVERSES ACCOUNTS AMOUNTS PREVIOUS HASH
  entry "$1" 2025-11-04 202508 "$3" "$4" "$5" "$6" |
    sed "s/source,/source, reverses,/; s/'GL-$1', 1,/'GL-$1', 1, $2,/; s/'draw'/'reversal'/"
}
refused ruth "$(reversal 3 3 '{2,1}' '{5,-5}' "$h2" "$h1")" "entry 3 reverses entry 3, which is not an earlier entry"
# A reversal mirrors what it reverses, once.
refused ruth "$(reversal 3 2 '{2,1}' '{-100,99}' "$h2" "$h3")" "entry 3 reverses entry 2, .* the same postings the other way"
refused ruth "$(reversal 3 2 '{1,2}' '{100,-100}' "$h2" "$h3")" "entry 3 reverses entry 2, .* the same postings the other way"
ok ruth "BEGIN; $(reversal 3 2 '{2,1}' '{-100,100}' "$h2" "$h3"); SELECT count(*) FROM poolbook.entries; ROLLBACK" "3"
refused ruth "$(reversal 3 2 '{2,1}' '{-100,100}' "$h2" "$h3"); $(reversal 4 2 '{2,1}' '{-100,100}' "$h3" "$h1")" \
  "entries_reversing|duplicate key"

# Settings are added, never changed; every record is chained, by the owner, and a close
# records the journal's head.
ok ruth "INSERT INTO poolbook.settings(agreement, key, value) VALUES ('northshire', 'agreement', 'a.toml');
  SELECT value FROM poolbook.settings" "a.toml"
refused ruth "UPDATE poolbook.settings SET value = 'b.toml'" "permission denied for table settings"
refused ruth "INSERT INTO poolbook.record_chain VALUES ('northshire', 99, 'x', 1, '{}', 'x')" \
  "permission denied for table record_chain"
ok ruth "SELECT string_agg(tbl, ' ' ORDER BY seq) FROM poolbook.record_chain" \
  "accounts accounts sources period_log sources settings"
ok ruth "SELECT journal_entries || ' ' || journal_hash FROM poolbook.period_log" "1 $(printf '1%.0s' {1..64})"

# The owner's comparison of a table with its records reads only chained tables (not people),
# and only the caller's own agreements; nonsense kinds and months are refused.
refused ruth "SELECT * FROM poolbook.chain_mismatch('northshire', 'people')" "is not a table under the record chain"
refused south "SELECT * FROM poolbook.chain_mismatch('northshire', 'settings')" "are not this role's to read"
refused ruth "$(entry 3 2025-11-04 202508 '{2,1}' '{100,-100}' "$h2" "$h1" 2 | sed "s/'draw'/'gift'/")" \
  "entries_kind_check"
refused ruth "INSERT INTO poolbook.period_log(agreement, period, action, actor) VALUES ('northshire', 202513, 'close', '')" \
  "period_log_period_check"

# Each agreement's rows are its people's; a reader only reads; an unmapped role has nothing.
ok south "SELECT count(*) FROM poolbook.entries" "0"
refused south "INSERT INTO poolbook.sources VALUES ('northshire', 3, 'x', 'p', '', now())" \
  "row-level security|not mapped to a person of agreement northshire"
ok viewer "SELECT count(*) || ' ' || sum(movement_pence) FROM poolbook.balances" "4 0"
refused viewer "INSERT INTO poolbook.sources VALUES ('northshire', 3, 'x', 'p', '', now())" \
  "permission denied for table sources"
refused viewer "UPDATE poolbook.entries SET kind = 'x'" "permission denied for table entries"
ok stranger "SELECT count(*) FROM poolbook.entries" "0"
refused stranger "INSERT INTO poolbook.sources VALUES ('northshire', 3, 'x', 'p', '', now())" \
  "row-level security|not mapped to a person"
ok ruth "SELECT count(*) FROM poolbook.people" "1"

# Governance's records (governance.sql) are added, never changed; who recorded one is the
# role's person, whatever the row says; the authority log keeps who asked as given and who
# logged it, stamped; numbered records are numbered within their agreement.
decision() {  # decision AGREEMENT ID RECORDED_BY [RECORDED_AT]
  echo "INSERT INTO poolbook.decisions VALUES ('$1', '$2', 'njcb', '2025-10-16', 'Winter discharge', 'virement',
    12000000, 2025, 'S07', 'd.hughes,m.clarke', 'd.hughes=for,m.clarke=for', '', 'carried', '', '$3',
    '${4:-2025-10-16T10:00:00Z}')"
}
ok ruth "$(decision northshire D-2025-014 n.ahmed); SELECT recorded_by FROM poolbook.decisions" "r.osei"
refused ruth "$(decision northshire D-2025-014 r.osei)" "duplicate key value violates unique constraint"
refused ruth "$(decision northshire D-2025-015 r.osei yesterday)" "violates check constraint"
refused ruth "UPDATE poolbook.decisions SET amount_pence = 1" "permission denied for table decisions"
refused ruth "DELETE FROM poolbook.decisions" "permission denied for table decisions"
refused ruth "TRUNCATE poolbook.authority_log" "permission denied for table authority_log"
ok nadia "INSERT INTO poolbook.virements(agreement, id, year, from_scheme, to_scheme, amount_pence, decision, actor, at)
  VALUES ('northshire', 99, 2025, 'S08', 'S07', 8000000, 'D-2025-014', 'r.osei', '2025-10-17T09:00:00Z')
  RETURNING id || ' ' || actor" "1 n.ahmed"
refused nadia "INSERT INTO poolbook.virements(agreement, year, from_scheme, to_scheme, amount_pence, decision, actor, at)
  VALUES ('northshire', 2025, 'S08', 'S07', 100, 'D-2099-001', '', '2025-10-17T09:00:00Z')" "violates foreign key"
ok nadia "INSERT INTO poolbook.authority_log(agreement, actor, action, amount_pence, decision, allowed, reason, at)
  VALUES ('northshire', 'pool.manager as r.osei', 'virement', 100, '', false, 'not r.osei', '2025-10-17T09:00:00Z')
  RETURNING id || ' ' || actor || ' / ' || logged_by" "1 pool.manager as r.osei / n.ahmed"
refused viewer "INSERT INTO poolbook.authority_log(agreement, actor, action, amount_pence, decision, allowed, reason,
  at) VALUES ('northshire', 'x', 'x', 0, '', true, '', '2025-10-17T09:00:00Z')" "permission denied for table authority_log"
ok south "SELECT count(*) FROM poolbook.decisions" "0"
ok south "$(decision southshire D-2025-014 s.pm); SELECT count(*) FROM poolbook.decisions" "1"
refused south "$(decision northshire D-2025-016 s.pm)" "row-level security|not mapped to a person of agreement northshire"
ok ruth "SELECT string_agg(tbl || ':' || coalesce(row_id::text, '-'), ' ' ORDER BY seq) FROM poolbook.record_chain
  WHERE tbl IN ('decisions', 'virements', 'authority_log')" "decisions:- virements:1 authority_log:1"

# Advisory locks are poolbook's: no role takes an agreement's lock but through poolbook's
# functions, and only for its own agreements.
refused stranger "SELECT pg_advisory_lock(hashtextextended('poolbook.entries/northshire', 0))" \
  "permission denied for function pg_advisory_lock"
refused south "SELECT pg_try_advisory_xact_lock(1)" "permission denied for function pg_try_advisory_xact_lock"
refused south "SELECT poolbook.lock_books('northshire')" "not this role's to lock"
refused south "SELECT poolbook.hold_books_for_daemon('northshire')" "not this role's to hold"
refused viewer "SELECT poolbook.lock_books('northshire')" "permission denied for function lock_books"
ok ruth "SELECT poolbook.hold_books_for_daemon('northshire')" "t"

# The scheme of delegation, checked by the database (governance.sql): in eastshire, the pool
# manager (e.pm) may post manual journals up to £50,000 and move up to £10,000 alone; the
# board's clerk (e.clerk) records its decisions; a variation of the scheme is reserved.
psql -v ON_ERROR_STOP=1 -qX -d poolbook >/dev/null <<'SQL'
CREATE ROLE east_pm LOGIN IN ROLE poolbook_writer;
CREATE ROLE east_clerk LOGIN IN ROLE poolbook_writer;
INSERT INTO poolbook.people VALUES ('east_pm', 'eastshire', 'e.pm'), ('east_clerk', 'eastshire', 'e.clerk');
SQL
scheme='{"people": {"e.pm": true, "e.clerk": true, "e.fd": true}, "partners": ["council", "icb"],
  "bodies": {"pm": {"kind": "officer", "partner": "", "members": {"e.pm": true}, "recorders": []},
             "board": {"kind": "joint-board", "partner": "", "members": {"e.fd": true}, "recorders": ["e.clerk"]},
             "cabinet": {"kind": "governing-body", "partner": "council", "members": {}, "recorders": ["e.clerk"]},
             "icb-board": {"kind": "governing-body", "partner": "icb", "members": {}, "recorders": ["e.clerk"]}},
  "delegations": [{"action": "manual-journal", "body": "pm", "up_to": 5000000, "reserved": false},
                  {"action": "manual-journal", "body": "board", "up_to": null, "reserved": false},
                  {"action": "virement", "body": "pm", "up_to": 1000000, "reserved": false},
                  {"action": "agreement-variation", "body": "board", "up_to": null, "reserved": true}]}'
adopt() {  # adopt SCHEME_JSON: the scheme beside a newly adopted text
  echo "INSERT INTO poolbook.settings(agreement, key, value) VALUES ('eastshire', 'agreement.text', 'text');
    INSERT INTO poolbook.schemes(agreement, id, content, adopted_by, tx) VALUES ('eastshire', 0, '$1', '', 0)"
}
line() {  # line ACTION PENCE DECISION [ACTOR]: an allowed line of the authority log
  echo "INSERT INTO poolbook.authority_log(agreement, actor, action, amount_pence, decision, allowed, reason, at)
    VALUES ('eastshire', '${4:-e.pm}', '$1', $2, '$3', true, 'test', '2025-11-20T10:00:00Z')"
}
journal() {  # journal SOURCE ENTRY PENCE PREVIOUS HASH: a manual journal's source and entry
  echo "INSERT INTO poolbook.sources VALUES ('eastshire', $1, 'j$1', 'journal', '', now());
    INSERT INTO poolbook.entries(agreement, id, entry_date, period, kind, description, reference, source, source_row,
      accounts, amounts, previous_hash, hash) VALUES ('eastshire', $2, '2025-11-20', 202508, 'accrual', 'accrual',
      'journal', $1, 1, '{2,1}', '{$3,-$3}', $4, $5)"
}
ok east_pm "$(adopt "$scheme"); SELECT adopted_by FROM poolbook.schemes" "e.pm"
ok east_pm "INSERT INTO poolbook.accounts VALUES ('eastshire', 1, 'pool/p/bank', 'asset', 'Bank'),
  ('eastshire', 2, 'pool/p/scheme/S1', 'expenditure', 'S1')" ""
# Within the pool manager's limit, with its line: posted. Without a line, above the limit, or
# with a line in another's name: refused.
ok east_pm "$(journal 1 1 400000 "$zero" "$h1"); $(line manual-journal 400000 '')" ""
refused east_pm "$(journal 2 2 400000 "$h1" "$h2")" "entries of source 2 was written without an allowed manual-journal"
refused east_pm "$(journal 2 2 6000000 "$h1" "$h2"); $(line manual-journal 6000000 '')" \
  "manual-journal of 6000000 pence by e.pm needs a decision of board"
refused east_pm "$(line virement 100 '' e.fd)" "logged by the person who takes it: e.fd is not e.pm"
refused east_pm "$(line virement 2000000 '')" "gives no one authority for virement of 2000000 pence"
# A decision is recorded by the board's clerk, and acted on by someone else, within its amount.
decided() {  # decided ID ACTION PENCE: the board's carried decision
  echo "INSERT INTO poolbook.decisions VALUES ('eastshire', '$1', 'board', '2025-11-10', 'm', '$2', $3, 2025, 'r',
    'e.fd', 'e.fd=for', '', 'carried', '', '', '2025-11-10T10:00:00Z')"
}
refused east_pm "$(decided D1 manual-journal 10000000)" "e.pm is neither a clerk nor the chair of board"
ok east_clerk "$(decided D1 manual-journal 10000000)" ""
refused east_clerk "$(line manual-journal 100 D1 e.clerk)" "e.clerk recorded decision D1, so may not also act under it"
ok east_pm "$(journal 2 2 8000000 "$h1" "$h2"); $(line manual-journal 8000000 D1)" ""
refused east_pm "$(line manual-journal 3000000 D1)" "of which 8000000 is used: a further 3000000 would go beyond it"
# A close needs its line; its entries need the close.
refused east_pm "INSERT INTO poolbook.period_log(agreement, period, action, actor) VALUES ('eastshire', 202507, 'close', '')" \
  "the close of month 202507 was written without an allowed period-close"
ok east_pm "INSERT INTO poolbook.period_log(agreement, period, action, actor) VALUES ('eastshire', 202507, 'close', '');
  $(line period-close 0 '')" ""
refused east_pm "INSERT INTO poolbook.sources VALUES ('eastshire', 3, 'c', 'close', '', now());
  INSERT INTO poolbook.entries(agreement, id, entry_date, period, kind, description, reference, source, source_row,
    accounts, amounts, previous_hash, hash) VALUES ('eastshire', 3, '2025-11-30', 202508, 'accrual', 'a', 'close', 3, 1,
    '{2,1}', '{5,-5}', $h2, $h3)" "entries of source 3 was written without a close of their month"
# Whatever a source's profile says: entries that are no file's import need a line.
refused east_pm "INSERT INTO poolbook.sources VALUES ('eastshire', 3, 'x', 'bank-import', '', now());
  INSERT INTO poolbook.entries(agreement, id, entry_date, period, kind, description, reference, source, source_row,
    accounts, amounts, previous_hash, hash) VALUES ('eastshire', 3, '2025-11-30', 202508, 'correction', 'a', 'r', 3, 1,
    '{2,1}', '{900000000,-900000000}', $h2, $h3)" "entries of source 3 was written without an allowed manual-journal"
# A close of one month does not carry close entries of another.
refused east_pm "INSERT INTO poolbook.period_log(agreement, period, action, actor) VALUES ('eastshire', 299912, 'close', '');
  $(line period-close 0 '');
  INSERT INTO poolbook.sources VALUES ('eastshire', 3, 'c', 'close', '', now());
  INSERT INTO poolbook.entries(agreement, id, entry_date, period, kind, description, reference, source, source_row,
    accounts, amounts, previous_hash, hash) VALUES ('eastshire', 3, '2025-11-30', 202508, 'settlement', 'a', 'close', 3, 1,
    '{2,1}', '{5,-5}', $h2, $h3)" "without a close of their month"
# A newly adopted text comes with its scheme; a change of the scheme needs a carried,
# ratified decision on agreement-variation, recorded by someone else.
refused east_pm "INSERT INTO poolbook.settings(agreement, key, value) VALUES ('eastshire', 'agreement.text', 't2')" \
  "an adopted agreement text was written without the scheme of delegation it adopts"
wider=${scheme/5000000/900000000}
refused east_pm "$(adopt "$wider")" "a change of the scheme of delegation was written without an allowed agreement-variation"
ok east_clerk "$(decided D2 agreement-variation 0)" ""
refused east_pm "$(adopt "$wider"); $(line agreement-variation 0 D2)" "D2 is on a reserved matter and is not yet ratified by: council, icb"
ratified() {  # ratified BODY: the governing body's ratification of D2
  echo "INSERT INTO poolbook.ratifications VALUES ('eastshire', 'D2', '$1', '2025-11-15', '', '2025-11-15T10:00:00Z')"
}
refused east_pm "$(ratified cabinet)" "e.pm is neither a clerk nor the chair of cabinet"
refused east_clerk "INSERT INTO poolbook.ratifications VALUES ('eastshire', 'D2', 'board', '2025-11-15', '',
  '2025-11-15T10:00:00Z')" "board is not a partner's governing body"
ok east_clerk "$(ratified cabinet); $(ratified icb-board)" ""
refused east_clerk "$(adopt "$wider"); $(line agreement-variation 0 D2 e.clerk)" "e.clerk recorded decision D2"
ok east_pm "$(adopt "$wider"); $(line agreement-variation 0 D2)" ""
# A variation's decision adopts once; and a scheme is never authorised by itself (written
# before its line, the line is still judged under the scheme before).
refused east_pm "$(adopt "${wider/900000000/999999999}"); $(line agreement-variation 0 D2)" \
  "decision D2 has already been cited to adopt a variation"
ok east_clerk "$(decided D3 agreement-variation 0)" ""
refused east_pm "$(adopt "$(sed 's/"reserved": true/"reserved": false/' <<<"${wider/900000000/999999999}")");
  $(line agreement-variation 0 D3)" "D3 is on a reserved matter and is not yet ratified"
# Delegation rows in another order are no change of the scheme.
ok east_pm "$(adopt "$(sed 's/"action": "manual-journal", "body": "pm"/"action": "manual-journal", "body": "pm", "x": 0/' <<<"$wider" | sed 's/, "x": 0//')")" ""
ok east_pm "$(journal 3 3 6000000 "$h2" "$h3"); $(line manual-journal 6000000 '')" ""
ok east_pm "$(adopt "$wider")" ""
ok east_pm "SELECT count(*) || ' ' || count(DISTINCT content) FROM poolbook.schemes" "4 2"
refused east_pm "DELETE FROM poolbook.awaiting_authority" "permission denied for table awaiting_authority"
# One line never covers two records.
refused east_pm "INSERT INTO poolbook.period_log(agreement, period, action, actor, reason)
  VALUES ('eastshire', 202507, 'reopen', '', 'r1');
  INSERT INTO poolbook.period_log(agreement, period, action, actor) VALUES ('eastshire', 202507, 'close', '');
  $(line period-close 0 '')" "the reopen of month 202507 was written without an allowed period-reopening"
refused east_pm "INSERT INTO poolbook.virements(agreement, id, year, from_scheme, to_scheme, amount_pence, actor, at)
  VALUES ('eastshire', 0, 2025, 'S1', 'S2', 500000, '', '2025-11-20T10:00:00Z'),
         ('eastshire', 0, 2025, 'S1', 'S2', 500000, '', '2025-11-20T10:00:00Z'); $(line virement 500000 '')" \
  "one for each such record"
ok east_pm "INSERT INTO poolbook.virements(agreement, id, year, from_scheme, to_scheme, amount_pence, actor, at)
  VALUES ('eastshire', 0, 2025, 'S1', 'S2', 500000, '', '2025-11-20T10:00:00Z'),
         ('eastshire', 0, 2025, 'S1', 'S2', 500000, '', '2025-11-20T10:00:00Z');
  $(line virement 500000 ''); $(line virement 500000 '')" ""

echo "postgres roles: $checks checks, $failures failed"
((failures == 0))
