-- poolbook's governance records on PostgreSQL: decisions and their ratifications, the
-- virements made under them, the authority log, disputes and their events, contracts' KPI
-- results and the payments approved on them, and outcome metrics' figures with the rows of
-- metrics files refused. Installed by the administrator right after journal.sql, in one
-- transaction (it uses journal.sql's roles, people, lock and record chain):
--
--   psql -v ON_ERROR_STOP=1 --single-transaction -d poolbook -f governance.sql
--
-- The controls are the journal's (journal.sql, docs/postgresql.md):
--  - A writer may SELECT and INSERT, never UPDATE, DELETE or TRUNCATE: a decision, a vote,
--    a line of the authority log is added once and never changed.
--  - Who recorded a row is the login role's person: recorded_by, actor, opened_by and
--    approved_by are set by trigger from poolbook.people, whatever the INSERT says. The
--    authority log is the exception: its actor is whoever asked for the action, a claimant
--    that may be nobody's login ("mallory", or "pool.manager as n.ahmed" on a refusal), so
--    it is kept as given and the log's logged_by is the column stamped.
--  - Numbered records (virements, authority log lines, KPI results, metric figures and
--    refusals, contract payments) are numbered 1, 2, ... within their agreement, by
--    trigger under the books' lock, whatever the INSERT says: as in a books file of its own.
--  - Row-level security by agreement; every row added is recorded in the record chain, which
--    the journal's verify compares with the tables.
-- Uniqueness (a decision's id, one ratification per body, a dispute's id, one payment per
-- contract and period) is per agreement. The programs check it first, under the books' lock,
-- to refuse with poolbook's own rule; the keys are what holds against any other SQL. What
-- the database cannot know is the agreement's scheme of delegation: poolbook checks it and
-- logs the outcome in authority_log.

SET LOCAL search_path = poolbook;
SET LOCAL ROLE poolbook_owner;

-- When a record was made: the program's clock, in UTC to the second, as ISO text
-- ("2025-10-16T09:30:00Z"), as on SQLite. The program's, not the server's, because
-- poolbookd --now fixes it: a rehearsal's records are then the same to the byte.
CREATE DOMAIN utc_time AS text CHECK (VALUE ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$');

-- A board's or officer's decision; present, votes ("d.hughes=for,s.wright=against") and
-- conflicted are written as on SQLite.
CREATE TABLE decisions(
  agreement text NOT NULL,
  id text NOT NULL,
  body text NOT NULL,
  decided_on date NOT NULL,
  matter text NOT NULL,
  action text NOT NULL,
  amount_pence bigint NOT NULL,
  year integer NOT NULL,
  refs text NOT NULL,
  present text NOT NULL,
  votes text NOT NULL,
  conflicted text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('carried', 'failed', 'not quorate')),
  conditions text NOT NULL,
  recorded_by text NOT NULL,
  recorded_at utc_time NOT NULL,
  PRIMARY KEY (agreement, id));

-- A partner's governing body confirming a decision: once per body.
CREATE TABLE ratifications(
  agreement text NOT NULL,
  decision text NOT NULL,
  body text NOT NULL,
  ratified_on date NOT NULL,
  recorded_by text NOT NULL,
  recorded_at utc_time NOT NULL,
  PRIMARY KEY (agreement, decision, body),
  FOREIGN KEY (agreement, decision) REFERENCES decisions(agreement, id));

CREATE TABLE virements(
  agreement text NOT NULL,
  id bigint NOT NULL,
  year integer NOT NULL,
  from_scheme text NOT NULL,
  to_scheme text NOT NULL,
  amount_pence bigint NOT NULL CHECK (amount_pence > 0),
  decision text,
  actor text NOT NULL,
  at utc_time NOT NULL,
  PRIMARY KEY (agreement, id),
  FOREIGN KEY (agreement, decision) REFERENCES decisions(agreement, id));
CREATE INDEX virements_by_decision ON virements(agreement, decision) WHERE decision IS NOT NULL;

-- Every action that needed authority, allowed or refused, and why. actor is who asked (kept
-- as given); logged_by is the person of the role that wrote the line (stamped).
CREATE TABLE authority_log(
  agreement text NOT NULL,
  id bigint NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  amount_pence bigint NOT NULL,
  decision text NOT NULL,
  allowed boolean NOT NULL,
  reason text NOT NULL,
  at utc_time NOT NULL,
  logged_by text NOT NULL,
  PRIMARY KEY (agreement, id));

-- A dispute between partners; recorded_seq is its place in the order disputes were opened
-- in the books (1, 2, ...), set by trigger.
CREATE TABLE disputes(
  agreement text NOT NULL,
  id text NOT NULL,
  recorded_seq bigint NOT NULL,
  opened_on date NOT NULL,
  parties text NOT NULL,
  matter text NOT NULL,
  amount_pence bigint,
  refs text NOT NULL,
  opened_by text NOT NULL,
  recorded_at utc_time NOT NULL,
  PRIMARY KEY (agreement, id),
  UNIQUE (agreement, recorded_seq));

-- A dispute's history up the dispute ladder; step counts the ladder's rungs from 1.
CREATE TABLE dispute_events(
  agreement text NOT NULL,
  dispute text NOT NULL,
  seq integer NOT NULL CHECK (seq >= 1),
  kind text NOT NULL CHECK (kind IN ('opened', 'escalated', 'closed')),
  on_date date NOT NULL,
  step integer NOT NULL CHECK (step >= 0),
  level text NOT NULL,
  due_on date NOT NULL,
  note text NOT NULL,
  actor text NOT NULL,
  recorded_at utc_time NOT NULL,
  PRIMARY KEY (agreement, dispute, seq),
  FOREIGN KEY (agreement, dispute) REFERENCES disputes(agreement, id));

-- A KPI's measured result for a contract's payment period; value is an exact ratio as text
-- ("83/100"), as on SQLite.
CREATE TABLE kpi_results(
  agreement text NOT NULL,
  id bigint NOT NULL,
  contract text NOT NULL,
  kpi text NOT NULL,
  period text NOT NULL,
  value text NOT NULL,
  written text NOT NULL,
  source text NOT NULL,
  file text NOT NULL,
  line bigint NOT NULL,
  file_digest text NOT NULL,
  recorded_by text NOT NULL,
  recorded_at utc_time NOT NULL,
  PRIMARY KEY (agreement, id));

-- A contract's payment for a period, approved once.
CREATE TABLE contract_payments(
  agreement text NOT NULL,
  id bigint NOT NULL,
  contract text NOT NULL,
  period text NOT NULL,
  fixed_pence bigint NOT NULL,
  at_risk_pence bigint NOT NULL,
  earned_pence bigint NOT NULL,
  withheld_pence bigint NOT NULL,
  results text NOT NULL,
  decision text NOT NULL,
  approved_by text NOT NULL,
  approved_at utc_time NOT NULL,
  PRIMARY KEY (agreement, id),
  UNIQUE (agreement, contract, period));

CREATE TABLE metric_results(
  agreement text NOT NULL,
  id bigint NOT NULL,
  metric text NOT NULL,
  period text NOT NULL,
  numerator bigint,
  denominator bigint,
  value text NOT NULL,
  source text NOT NULL,
  file text NOT NULL,
  line bigint NOT NULL,
  file_digest text NOT NULL,
  recorded_by text NOT NULL,
  recorded_at utc_time NOT NULL,
  PRIMARY KEY (agreement, id));

-- The rows of metrics files refused, with why (the metrics' quarantine).
CREATE TABLE metric_refusals(
  agreement text NOT NULL,
  id bigint NOT NULL,
  file text NOT NULL,
  line bigint NOT NULL,
  rule text NOT NULL,
  reason text NOT NULL,
  raw text NOT NULL,
  file_digest text NOT NULL,
  recorded_by text NOT NULL,
  recorded_at utc_time NOT NULL,
  PRIMARY KEY (agreement, id));

-- Who recorded a row is the session's person, whatever the INSERT says: the column the
-- trigger names (its argument) is set from the login role (acting_person, journal.sql),
-- which refuses a role mapped to no person of the row's agreement.
CREATE FUNCTION stamp_person() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = poolbook, pg_temp AS $$
BEGIN
  NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], acting_person(NEW.agreement)));
  RETURN NEW;
END $$;

-- A row's number within its agreement, the next after the last (the column the trigger
-- names), whatever the INSERT says. The books' lock is taken first, so two sessions never
-- take the same number.
CREATE FUNCTION number_row() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = poolbook, pg_temp AS $$
DECLARE
  next bigint;
BEGIN
  PERFORM lock_books(NEW.agreement);
  EXECUTE format('SELECT coalesce(max(%I), 0) + 1 FROM %I WHERE agreement = $1', TG_ARGV[0], TG_TABLE_NAME)
    INTO next USING NEW.agreement;
  NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], next));
  RETURN NEW;
END $$;

DO $stamped$
DECLARE
  pair text[];
BEGIN
  FOREACH pair SLICE 1 IN ARRAY ARRAY[['decisions', 'recorded_by'], ['ratifications', 'recorded_by'],
                                      ['virements', 'actor'], ['authority_log', 'logged_by'],
                                      ['disputes', 'opened_by'], ['dispute_events', 'actor'],
                                      ['kpi_results', 'recorded_by'], ['contract_payments', 'approved_by'],
                                      ['metric_results', 'recorded_by'], ['metric_refusals', 'recorded_by']] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW EXECUTE FUNCTION stamp_person(%L)',
                   pair[1] || '_person', pair[1], pair[2]);
  END LOOP;
  FOREACH pair SLICE 1 IN ARRAY ARRAY[['virements', 'id'], ['authority_log', 'id'], ['disputes', 'recorded_seq'],
                                      ['kpi_results', 'id'], ['contract_payments', 'id'],
                                      ['metric_results', 'id'], ['metric_refusals', 'id']] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW EXECUTE FUNCTION number_row(%L)',
                   pair[1] || '_numbered', pair[1], pair[2]);
  END LOOP;
END
$stamped$;

-- Privileges, row-level security and the record chain, on every governance table as on the
-- journal's: writers SELECT and INSERT, readers SELECT, nobody but the owner changes a row;
-- a role sees and adds only its own agreements' rows; every row added is chained (z_ so that
-- the chain records the row as stamped and numbered).
REVOKE ALL ON FUNCTION stamp_person(), number_row() FROM PUBLIC;
DO $controls$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['decisions', 'ratifications', 'virements', 'authority_log', 'disputes', 'dispute_events',
                           'kpi_results', 'contract_payments', 'metric_results', 'metric_refusals'] LOOP
    EXECUTE format('REVOKE ALL ON %I FROM PUBLIC', t);
    EXECUTE format('GRANT SELECT ON %I TO poolbook_writer, poolbook_reader', t);
    EXECUTE format('GRANT INSERT ON %I TO poolbook_writer', t);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (agreement IN (SELECT my_agreements()))',
                   t || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR INSERT WITH CHECK (agreement IN (SELECT my_agreements()))',
                   t || '_add', t);
    EXECUTE format('CREATE TRIGGER z_chained AFTER INSERT ON %I FOR EACH ROW EXECUTE FUNCTION chain_record()', t);
  END LOOP;
END
$controls$;
