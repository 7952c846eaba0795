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

-- The scheme of delegation, checked by the database ---------------------------------------
-- poolbook checks every action against the agreement's scheme of delegation before it writes;
-- here the database checks it again, whatever SQL a writer types:
--  - schemes: the scheme as adopted (people, partners, bodies with their voting members and
--    who records their decisions, the delegation rows), written by poolbook beside each
--    adopted text. The latest row is in force. A row that changes the scheme needs a carried
--    decision on agreement-variation, authorised under the scheme before it.
--  - An allowed line of the authority log is the actor's own (not another person's), and is
--    checked against the scheme in force as poolbook's authorise() checks it: the row of the
--    scheme that covers the amount, an officer alone within its limit, or a cited decision
--    that was carried, on that action, by a body with authority for the amount, recorded by
--    someone else, dated by then, ratified by every partner if the matter is reserved, and
--    not used beyond its amount.
--  - Every governed record is written in the same transaction as its allowed line, by the same
--    person: a manual journal (entries of source profile 'journal'), a close's entries (a
--    close of the month), a close or reopening, a virement, a contract payment, a change of
--    the scheme, a newly adopted text (with its scheme). Checked when the transaction commits.
--  - A decision or ratification is recorded by a clerk or the chair of its body.
-- Until an agreement's first scheme is adopted (init), none of this applies to it.
CREATE TABLE schemes(
  agreement text NOT NULL,
  id bigint NOT NULL,
  content jsonb NOT NULL,
  adopted_by text NOT NULL,
  tx bigint NOT NULL,
  PRIMARY KEY (agreement, id));

-- The transaction a record was written in (txid_current(): the top-level transaction, also
-- within a savepoint), whatever the INSERT says.
ALTER TABLE authority_log ADD COLUMN tx bigint NOT NULL DEFAULT 0;
ALTER TABLE period_log ADD COLUMN tx bigint NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN tx bigint NOT NULL DEFAULT 0;
CREATE FUNCTION stamp_tx() RETURNS trigger
  LANGUAGE plpgsql SET search_path = poolbook, pg_temp AS $$
BEGIN
  NEW.tx := txid_current();
  RETURN NEW;
END $$;
CREATE TRIGGER authority_log_tx BEFORE INSERT ON authority_log FOR EACH ROW EXECUTE FUNCTION stamp_tx();
CREATE TRIGGER period_log_tx BEFORE INSERT ON period_log FOR EACH ROW EXECUTE FUNCTION stamp_tx();
CREATE TRIGGER imports_tx BEFORE INSERT ON imports FOR EACH ROW EXECUTE FUNCTION stamp_tx();
CREATE TRIGGER schemes_tx BEFORE INSERT ON schemes FOR EACH ROW EXECUTE FUNCTION stamp_tx();
CREATE TRIGGER schemes_person BEFORE INSERT ON schemes FOR EACH ROW EXECUTE FUNCTION stamp_person('adopted_by');
CREATE TRIGGER schemes_numbered BEFORE INSERT ON schemes FOR EACH ROW EXECUTE FUNCTION number_row('id');

-- A scheme as poolbook compares two (governance_changes): people, bodies and delegation
-- rows, in any order; partners are not a change of who may do what.
CREATE FUNCTION scheme_compared(scheme jsonb) RETURNS jsonb
  LANGUAGE sql IMMUTABLE SET search_path = poolbook, pg_temp AS $$
  SELECT jsonb_build_object(
    'people', scheme -> 'people',
    'bodies', (SELECT coalesce(jsonb_object_agg(b.key, b.value || jsonb_build_object('recorders',
                 (SELECT coalesce(jsonb_agg(r ORDER BY r::text), '[]') FROM jsonb_array_elements(b.value -> 'recorders') r))),
                 '{}') FROM jsonb_each(scheme -> 'bodies') b),
    'delegations', (SELECT coalesce(jsonb_agg(d ORDER BY d::text), '[]')
                      FROM jsonb_array_elements(scheme -> 'delegations') d)) $$;

CREATE FUNCTION scheme_in_force(of_agreement text) RETURNS jsonb
  LANGUAGE sql STABLE SET search_path = poolbook, pg_temp AS $$
  SELECT content FROM schemes WHERE agreement = of_agreement ORDER BY id DESC LIMIT 1 $$;

-- Why the scheme in force does not let `actor` take `of_action` of `amount` pence citing
-- decision `cited` ('' for none) on `today`: {rule, reason}; NULL when it does.
CREATE FUNCTION authority_refusal(scheme jsonb, of_agreement text, actor text, of_action text, amount bigint,
                                  cited text, today date) RETURNS text[]
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = poolbook, pg_temp AS $$
DECLARE
  covering jsonb;
  body jsonb;
  taken decisions;
  used bigint;
  missing text;
BEGIN
  IF NOT coalesce(scheme -> 'people' ? actor, false) THEN
    RETURN ARRAY['authority.actor', format('%s is not a person of the agreement', actor)];
  END IF;
  SELECT r.value INTO covering FROM jsonb_array_elements(scheme -> 'delegations') WITH ORDINALITY r
   WHERE r.value ->> 'action' = of_action
     AND (jsonb_typeof(r.value -> 'up_to') = 'null' OR (r.value ->> 'up_to')::bigint >= amount)
   ORDER BY (r.value ->> 'up_to')::bigint NULLS LAST, r.ordinality LIMIT 1;
  IF covering IS NULL THEN
    RETURN ARRAY['authority.delegation',
                 format('the scheme of delegation gives no one authority for %s of %s pence', of_action, amount)];
  END IF;
  body := scheme -> 'bodies' -> (covering ->> 'body');
  IF body IS NULL THEN
    RETURN ARRAY['authority.delegation', format('the body %s is unknown', covering ->> 'body')];
  END IF;
  IF cited = '' THEN
    IF body ->> 'kind' = 'officer' AND (body -> 'members' ->> actor)::boolean IS TRUE
       AND NOT (covering ->> 'reserved')::boolean THEN
      RETURN NULL;
    END IF;
    RETURN ARRAY['authority.decision', format('%s of %s pence by %s needs a decision of %s', of_action, amount, actor,
                                              covering ->> 'body')];
  END IF;
  SELECT * INTO taken FROM decisions WHERE agreement = of_agreement AND id = cited;
  IF NOT FOUND THEN
    RETURN ARRAY['authority.decision', format('decision %s is not recorded', cited)];
  END IF;
  IF taken.recorded_by = actor THEN
    RETURN ARRAY['authority.maker-checker', format('%s recorded decision %s, so may not also act under it', actor, cited)];
  END IF;
  -- Who acts on a board's decision: an officer the scheme gives the action to (at any limit),
  -- or, where it gives it to no officer, any officer.
  IF EXISTS (SELECT 1 FROM jsonb_each(scheme -> 'bodies') o WHERE o.value ->> 'kind' = 'officer')
     AND NOT EXISTS (
       SELECT 1 FROM jsonb_each(scheme -> 'bodies') o
        WHERE o.value ->> 'kind' = 'officer' AND (o.value -> 'members' ->> actor)::boolean IS TRUE
          AND (EXISTS (SELECT 1 FROM jsonb_array_elements(scheme -> 'delegations') d
                        WHERE d.value ->> 'action' = of_action AND d.value ->> 'body' = o.key)
               OR NOT EXISTS (SELECT 1 FROM jsonb_each(scheme -> 'bodies') p
                               JOIN jsonb_array_elements(scheme -> 'delegations') d ON d.value ->> 'body' = p.key
                              WHERE p.value ->> 'kind' = 'officer' AND d.value ->> 'action' = of_action))) THEN
    RETURN ARRAY['authority.acting', format('%s may not act on decision %s: a board''s decision on %s is acted on by '
                                            'the officers the scheme of delegation names', actor, cited, of_action)];
  END IF;
  IF taken.action <> of_action THEN
    RETURN ARRAY['authority.decision', format('decision %s is on %s, not %s', cited, taken.action, of_action)];
  END IF;
  IF taken.outcome <> 'carried' THEN
    RETURN ARRAY['authority.decision', format('decision %s was not carried (%s)', cited, taken.outcome)];
  END IF;
  IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements(scheme -> 'delegations') d
                  WHERE d.value ->> 'action' = of_action AND d.value ->> 'body' = taken.body
                    AND (jsonb_typeof(d.value -> 'up_to') = 'null' OR (d.value ->> 'up_to')::bigint >= amount)) THEN
    RETURN ARRAY['authority.body', format('decision %s was taken by %s, which has no authority for %s of %s pence',
                                          cited, taken.body, of_action, amount)];
  END IF;
  IF taken.decided_on > today THEN
    RETURN ARRAY['authority.date', format('decision %s is dated %s, after %s', cited, taken.decided_on, today)];
  END IF;
  SELECT coalesce(sum(l.amount_pence), 0) INTO used FROM authority_log l
   WHERE l.agreement = of_agreement AND l.allowed AND l.action = of_action AND l.decision = cited;
  IF of_action IN ('agreement-variation', 'agreement-extension') AND EXISTS (
       SELECT 1 FROM authority_log l WHERE l.agreement = of_agreement AND l.allowed AND l.action = of_action
          AND l.decision = cited) THEN
    RETURN ARRAY['authority.used', format('decision %s has already been cited to adopt a variation', cited)];
  END IF;
  IF used + amount > taken.amount_pence THEN
    RETURN ARRAY['authority.used', format('decision %s authorised %s pence, of which %s is used: a further %s would '
                                          'go beyond it', cited, taken.amount_pence, used, amount)];
  END IF;
  IF (covering ->> 'reserved')::boolean THEN
    SELECT string_agg(p.value #>> '{}', ', ') INTO missing FROM jsonb_array_elements(scheme -> 'partners') p
     WHERE NOT EXISTS (
       SELECT 1 FROM jsonb_each(scheme -> 'bodies') g
         JOIN ratifications r ON r.agreement = of_agreement AND r.decision = cited AND r.body = g.key
        WHERE g.value ->> 'kind' = 'governing-body' AND g.value ->> 'partner' = p.value #>> '{}'
          AND r.ratified_on BETWEEN taken.decided_on AND today);
    IF missing IS NOT NULL THEN
      RETURN ARRAY['authority.ratification',
                   format('decision %s is on a reserved matter and is not yet ratified by: %s', cited, missing)];
    END IF;
  END IF;
  RETURN NULL;
END $$;

-- A close: as the scheme's period-close rows say, or, with none, whoever may post a manual
-- journal alone.
CREATE FUNCTION close_refusal(scheme jsonb, of_agreement text, actor text, today date) RETURNS text[]
  LANGUAGE plpgsql STABLE SET search_path = poolbook, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM jsonb_array_elements(scheme -> 'delegations') d WHERE d.value ->> 'action' = 'period-close')
     OR authority_refusal(scheme, of_agreement, actor, 'manual-journal', 0, '', today) IS NOT NULL THEN
    RETURN authority_refusal(scheme, of_agreement, actor, 'period-close', 0, '', today);
  END IF;
  RETURN NULL;
END $$;

-- An allowed line of the authority log: its actor's own, and within the scheme in force.
-- (A refused line keeps who asked as given: it allows nothing.)
CREATE FUNCTION check_authority() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = poolbook, pg_temp AS $$
DECLARE
  scheme jsonb;
  today date;
  refusal text[];
BEGIN
  IF NOT NEW.allowed THEN
    RETURN NEW;
  END IF;
  IF NEW.actor <> NEW.logged_by THEN
    RAISE EXCEPTION 'an allowed action is logged by the person who takes it: % is not %', NEW.actor, NEW.logged_by
      USING ERRCODE = 'insufficient_privilege', HINT = 'authority.actor';
  END IF;
  PERFORM lock_books(NEW.agreement);
  -- The scheme in force before this transaction: a scheme the same transaction adopts
  -- never authorises its own adoption.
  SELECT content INTO scheme FROM schemes WHERE agreement = NEW.agreement AND tx <> txid_current()
   ORDER BY id DESC LIMIT 1;
  IF scheme IS NULL THEN
    RETURN NEW;
  END IF;
  IF NEW.at::timestamptz > now() + interval '1 day' THEN
    RAISE EXCEPTION 'an action dated % has not happened yet', NEW.at USING ERRCODE = 'insufficient_privilege',
      HINT = 'authority.date';
  END IF;
  today := (NEW.at::timestamptz AT TIME ZONE 'Europe/London')::date;
  IF NEW.action = 'period-close' THEN
    refusal := close_refusal(scheme, NEW.agreement, NEW.actor, today);
  ELSIF NEW.action IN ('decide', 'ratify', 'manual-forecast')
        OR (NEW.action IN ('agreement-variation', 'agreement-extension') AND NEW.decision = '') THEN
    refusal := NULL;  -- checked where the record is written (decisions, ratifications) or by poolbook alone
  ELSE
    refusal := authority_refusal(scheme, NEW.agreement, NEW.actor, NEW.action, NEW.amount_pence, NEW.decision, today);
  END IF;
  IF refusal IS NOT NULL THEN
    RAISE EXCEPTION '%', refusal[2] USING ERRCODE = 'insufficient_privilege', HINT = refusal[1];
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER authority_log_within_scheme BEFORE INSERT ON authority_log
  FOR EACH ROW EXECUTE FUNCTION check_authority();

-- A decision or ratification is recorded by a clerk or the chair of its body.
CREATE FUNCTION check_recorder() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = poolbook, pg_temp AS $$
DECLARE
  scheme jsonb := scheme_in_force(NEW.agreement);
  body jsonb;
BEGIN
  IF scheme IS NULL THEN
    RETURN NEW;
  END IF;
  body := scheme -> 'bodies' -> NEW.body;
  IF body IS NULL OR NOT coalesce(body -> 'recorders' ? NEW.recorded_by, false) THEN
    RAISE EXCEPTION '% is neither a clerk nor the chair of %, so may not record its decisions', NEW.recorded_by,
      NEW.body USING ERRCODE = 'insufficient_privilege', HINT = 'authority.clerk';
  END IF;
  IF TG_TABLE_NAME = 'ratifications' AND body ->> 'kind' <> 'governing-body' THEN
    RAISE EXCEPTION '% is not a partner''s governing body', NEW.body
      USING ERRCODE = 'check_violation', HINT = 'decision.ratification';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER decisions_recorder BEFORE INSERT ON decisions FOR EACH ROW EXECUTE FUNCTION check_recorder();
CREATE TRIGGER ratifications_recorder BEFORE INSERT ON ratifications FOR EACH ROW EXECUTE FUNCTION check_recorder();

-- What a transaction has written that needs an allowed line of its own: one row per governed
-- record, kept by trigger (never by a person) and checked when it commits.
-- decision is NULL where any decision will do (a manual journal's, whose entries do not say;
-- a change of the scheme, which needs one); action 'close-entries' asks for a close of the
-- month in the transaction instead, and 'scheme' for the scheme beside an adopted text.
CREATE TABLE awaiting_authority(
  agreement text NOT NULL,
  tx bigint NOT NULL,
  person text NOT NULL,
  what text NOT NULL,
  action text NOT NULL,
  amount_pence bigint NOT NULL,
  decision text,
  source bigint,         -- entries: their source, the months they fall in, and the first
  periods integer[],     -- and last of the statement's entries of it (so that what they
  first_entry bigint,    -- debit is read by the journal's key, not by a scan of the
  last_entry bigint);    -- agreement's journal)
CREATE INDEX awaiting_by_transaction ON awaiting_authority(agreement, tx);

CREATE FUNCTION await_authority() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = poolbook, pg_temp AS $$
DECLARE
  previous jsonb;
BEGIN
  IF scheme_in_force(NEW.agreement) IS NULL AND TG_TABLE_NAME <> 'schemes' THEN
    RETURN NULL;
  END IF;
  CASE TG_TABLE_NAME
  WHEN 'virements' THEN
    INSERT INTO awaiting_authority VALUES (NEW.agreement, txid_current(), NEW.actor, 'virement ' || NEW.id, 'virement',
                                           NEW.amount_pence, coalesce(NEW.decision, ''));
  WHEN 'contract_payments' THEN
    INSERT INTO awaiting_authority VALUES (NEW.agreement, txid_current(), NEW.approved_by,
      format('the payment of %s for %s', NEW.contract, NEW.period), 'contract-payment',
      NEW.fixed_pence + NEW.earned_pence, NEW.decision);
  WHEN 'period_log' THEN
    INSERT INTO awaiting_authority VALUES (NEW.agreement, txid_current(), NEW.actor,
      format('the %s of month %s', NEW.action, NEW.period),
      CASE NEW.action WHEN 'close' THEN 'period-close' ELSE 'period-reopening' END, 0, coalesce(NEW.decision, ''));
  WHEN 'schemes' THEN
    SELECT content INTO previous FROM schemes WHERE agreement = NEW.agreement AND id < NEW.id ORDER BY id DESC LIMIT 1;
    IF previous IS NOT NULL AND scheme_compared(previous) <> scheme_compared(NEW.content) THEN
      INSERT INTO awaiting_authority VALUES (NEW.agreement, txid_current(), NEW.adopted_by,
        'a change of the scheme of delegation', 'agreement-variation', 0, NULL);
    END IF;
  WHEN 'settings' THEN
    IF NEW.key = 'agreement.text' THEN
      INSERT INTO awaiting_authority VALUES (NEW.agreement, txid_current(), acting_person(NEW.agreement),
        'an adopted agreement text', 'scheme', 0, '');
    END IF;
  END CASE;
  RETURN NULL;
END $$;

-- Entries a statement adds await their authority, a source at a time: an import's (its file
-- recorded in imports by the same transaction), a close's (profile 'close': the close of
-- their month, or of the month before, in the same transaction), or else a manual journal's
-- or reversal's allowed line for what they debit. Checked when the transaction commits.
-- (journal.sql's check of the statement calls this with the entries grouped by agreement,
-- source and month.)
CREATE OR REPLACE FUNCTION entries_added(groups entry_group[]) RETURNS void
  LANGUAGE sql SET search_path = poolbook, pg_temp AS $$
  INSERT INTO awaiting_authority
  SELECT u.agreement, txid_current(), s.actor, 'the entries of source ' || s.id,
         CASE s.profile WHEN 'close' THEN 'close-entries' ELSE 'manual-journal' END, 0, NULL, s.id, u.periods,
         u.first_entry, u.last_entry
    FROM (SELECT g.agreement, g.source, array_agg(DISTINCT g.period ORDER BY g.period) AS periods,
                 min(g.first_id) AS first_entry, max(g.last_id) AS last_entry
            FROM unnest(groups) g GROUP BY g.agreement, g.source) u
    JOIN sources s ON s.agreement = u.agreement AND s.id = u.source
   WHERE scheme_in_force(u.agreement) IS NOT NULL $$;

-- What a statement's entries of a source debit (those between two ids), and whether they
-- are an imported file's (its file recorded in imports by the same transaction and person).
CREATE FUNCTION source_debits(of_agreement text, of_source bigint, first_entry bigint, last_entry bigint)
  RETURNS bigint
  LANGUAGE sql STABLE SET search_path = poolbook, pg_temp AS $$
  SELECT coalesce(sum(x) FILTER (WHERE x > 0), 0)::bigint
    FROM entries e CROSS JOIN unnest(e.amounts) x
   WHERE e.agreement = of_agreement AND e.id BETWEEN first_entry AND last_entry AND e.source = of_source $$;
CREATE FUNCTION source_imported(of_agreement text, of_source bigint, of_tx bigint, of_person text) RETURNS boolean
  LANGUAGE sql STABLE SET search_path = poolbook, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM imports i JOIN sources s ON s.agreement = i.agreement AND s.source_digest = i.source_digest
                  WHERE i.agreement = of_agreement AND s.id = of_source AND i.tx = of_tx AND i.actor = of_person) $$;

-- Whether a transaction's closes by a person cover entries in these months: each is a closed
-- month or the month after one.
CREATE FUNCTION closes_cover(of_agreement text, of_tx bigint, of_person text, months integer[]) RETURNS boolean
  LANGUAGE sql STABLE SET search_path = poolbook, pg_temp AS $$
  SELECT NOT EXISTS (SELECT 1 FROM unnest(months) m
                      WHERE NOT EXISTS (SELECT 1 FROM period_log p
                                         WHERE p.agreement = of_agreement AND p.tx = of_tx AND p.action = 'close'
                                           AND p.actor = of_person
                                           AND (p.period = m OR (p.period % 100 = 12 AND m = p.period + 89)
                                                OR (p.period % 100 < 12 AND m = p.period + 1)))) $$;

-- At commit: each awaiting record has its allowed line (or close, or scheme) in the same
-- transaction, by the same person; records alike (action, amount, decision) need as many
-- lines as there are records, so that one line never covers two. The rows stay, a record of
-- what was checked (a few a month).
CREATE FUNCTION check_awaiting() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = poolbook, pg_temp AS $$
DECLARE
  answered boolean;
  debited bigint;
BEGIN
  IF NEW.source IS NOT NULL AND NEW.action = 'manual-journal' THEN
    IF source_imported(NEW.agreement, NEW.source, NEW.tx, NEW.person) THEN
      RETURN NULL;  -- an imported file's entries
    END IF;
    -- A close's reversals of earlier accruals (every entry of the source reverses one, in the
    -- months the close covers); other reversals are a manual journal's.
    IF NOT EXISTS (SELECT 1 FROM entries e WHERE e.agreement = NEW.agreement
                      AND e.id BETWEEN NEW.first_entry AND NEW.last_entry AND e.source = NEW.source
                      AND e.reverses IS NULL)
       AND closes_cover(NEW.agreement, NEW.tx, NEW.person, NEW.periods) THEN
      RETURN NULL;
    END IF;
    debited := source_debits(NEW.agreement, NEW.source, NEW.first_entry, NEW.last_entry);
    NEW.amount_pence := debited;
  END IF;
  answered := CASE NEW.action
     WHEN 'close-entries' THEN closes_cover(NEW.agreement, NEW.tx, NEW.person, NEW.periods)
     WHEN 'scheme' THEN
       EXISTS (SELECT 1 FROM schemes s WHERE s.agreement = NEW.agreement AND s.tx = NEW.tx)
     ELSE
       (SELECT count(*) FROM authority_log l
         WHERE l.agreement = NEW.agreement AND l.tx = NEW.tx AND l.allowed AND l.action = NEW.action
           AND l.actor = NEW.person AND l.amount_pence = NEW.amount_pence
           AND (NEW.action = 'manual-journal' OR l.decision = NEW.decision
                OR (NEW.decision IS NULL AND l.decision <> '')))
       >= CASE WHEN NEW.source IS NULL THEN
            (SELECT count(*) FROM awaiting_authority a
              WHERE a.agreement = NEW.agreement AND a.tx = NEW.tx AND a.action = NEW.action
                AND a.person = NEW.person AND a.source IS NULL AND a.amount_pence = NEW.amount_pence
                AND a.decision IS NOT DISTINCT FROM NEW.decision)
          ELSE  -- the manual journals of this transaction that debit as much: a line each
            (SELECT count(*) FROM awaiting_authority a
              WHERE a.agreement = NEW.agreement AND a.tx = NEW.tx AND a.action = 'manual-journal'
                AND a.person = NEW.person AND a.source IS NOT NULL
                AND NOT source_imported(a.agreement, a.source, a.tx, a.person)
                AND source_debits(a.agreement, a.source, a.first_entry, a.last_entry) = debited) END
     END;
  IF answered THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION '% was written without %', NEW.what,
    CASE NEW.action WHEN 'close-entries' THEN 'a close of their month'
                    WHEN 'scheme' THEN 'the scheme of delegation it adopts'
                    ELSE format('an allowed %s of %s pence by %s in the authority log, one for each such record',
                                NEW.action, NEW.amount_pence, NEW.person) END
    USING ERRCODE = 'insufficient_privilege', HINT = 'authority.log';
END $$;
CREATE CONSTRAINT TRIGGER awaiting_checked AFTER INSERT ON awaiting_authority DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION check_awaiting();

DO $awaiting$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['virements', 'contract_payments', 'period_log', 'schemes', 'settings'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I FOR EACH ROW EXECUTE FUNCTION await_authority()',
                   t || '_awaits_authority', t);
  END LOOP;
END
$awaiting$;

REVOKE ALL ON FUNCTION closes_cover(text, bigint, text, integer[]), source_debits(text, bigint, bigint, bigint),
  source_imported(text, bigint, bigint, text),
  stamp_tx(), scheme_compared(jsonb), scheme_in_force(text), authority_refusal(jsonb, text, text, text, bigint, text, date),
  close_refusal(jsonb, text, text, date), check_authority(), check_recorder(), await_authority(),
  entries_added(entry_group[]), check_awaiting() FROM PUBLIC;
REVOKE ALL ON awaiting_authority FROM PUBLIC;
REVOKE ALL ON schemes FROM PUBLIC;
GRANT SELECT ON schemes TO poolbook_writer, poolbook_reader;
GRANT INSERT ON schemes TO poolbook_writer;
ALTER TABLE schemes ENABLE ROW LEVEL SECURITY;
CREATE POLICY schemes_read ON schemes FOR SELECT USING (agreement IN (SELECT my_agreements()));
CREATE POLICY schemes_add ON schemes FOR INSERT WITH CHECK (agreement IN (SELECT my_agreements()));
CREATE TRIGGER z_chained AFTER INSERT ON schemes FOR EACH ROW EXECUTE FUNCTION chain_record();
