-- poolbook's journal on PostgreSQL: the tables, and the controls the database enforces
-- whatever program or SQL a person uses. Run once per database by an administrator (a
-- superuser, or a role with CREATEROLE that owns the database), in one transaction:
--
--   psql -v ON_ERROR_STOP=1 --single-transaction -d poolbook -f journal.sql
--
-- The controls (docs/postgresql.md):
--  - Every table belongs to poolbook_owner, a role nobody logs in as.
--  - People log in as their own roles. poolbook.people maps each role to the persons of
--    the agreements it acts in; only the owner (the administrator) writes it.
--  - A writer (member of poolbook_writer) may SELECT and INSERT, never UPDATE, DELETE or
--    TRUNCATE: the records are append-only by privilege, not by convention. What changes
--    (the maintained balances, a month's state, a quarantined row's status) is kept by
--    triggers that run as the owner, from rows a person inserts.
--  - Who acts is the database role: every row's actor is set from session_user by trigger,
--    whatever the INSERT says.
--  - Row-level security by agreement: a person sees and writes only the rows of the
--    agreements poolbook.people gives them; a reader (poolbook_reader) only sees them.
--  - An entry is refused unless its postings balance, its accounts are open, its month is
--    open, and it chains to the last entry of its agreement (previous hash, next id).

DO $roles$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'poolbook_owner') THEN
    CREATE ROLE poolbook_owner NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'poolbook_writer') THEN
    CREATE ROLE poolbook_writer NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'poolbook_reader') THEN
    CREATE ROLE poolbook_reader NOLOGIN;
  END IF;
END
$roles$;

CREATE SCHEMA poolbook AUTHORIZATION poolbook_owner;
REVOKE ALL ON SCHEMA poolbook FROM PUBLIC;
GRANT USAGE ON SCHEMA poolbook TO poolbook_writer, poolbook_reader;
SET LOCAL search_path = poolbook;
SET LOCAL ROLE poolbook_owner;

-- Which database role acts as which person of which agreement.
CREATE TABLE people(
  role_name name NOT NULL,
  agreement text NOT NULL,
  person text NOT NULL,
  PRIMARY KEY (role_name, agreement));

-- The agreements the session's role acts in (used by every policy).
CREATE FUNCTION my_agreements() RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = poolbook
  AS $$ SELECT agreement FROM people WHERE role_name = session_user $$;

-- The person the session's role is in an agreement; refused if none.
CREATE FUNCTION acting_person(of_agreement text) RETURNS text
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = poolbook AS $$
DECLARE
  found text;
BEGIN
  SELECT person INTO found FROM people WHERE role_name = session_user AND agreement = of_agreement;
  IF found IS NULL THEN
    RAISE EXCEPTION 'the database role % is not mapped to a person of agreement %', session_user, of_agreement
      USING ERRCODE = 'insufficient_privilege', HINT = 'authority.actor';
  END IF;
  RETURN found;
END $$;

CREATE TABLE accounts(
  agreement text NOT NULL,
  id bigint NOT NULL,
  path text NOT NULL,
  type text NOT NULL CHECK (type IN ('asset', 'liability', 'income', 'expenditure', 'equity')),
  name text NOT NULL,
  PRIMARY KEY (agreement, id),
  UNIQUE (agreement, path));

CREATE TABLE sources(
  agreement text NOT NULL,
  id bigint NOT NULL,
  source_digest text NOT NULL,
  profile text NOT NULL,
  actor text NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (agreement, id));

CREATE TABLE entries(
  agreement text NOT NULL,
  id bigint NOT NULL,
  entry_date date NOT NULL,
  period integer NOT NULL,
  kind text NOT NULL,
  description text NOT NULL,
  reference text NOT NULL,
  reverses bigint,
  source bigint NOT NULL,
  source_row bigint NOT NULL,
  postings jsonb NOT NULL,
  previous_hash bytea NOT NULL CHECK (length(previous_hash) = 32),
  hash bytea NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (agreement, id),
  FOREIGN KEY (agreement, source) REFERENCES sources(agreement, id),
  FOREIGN KEY (agreement, reverses) REFERENCES entries(agreement, id));
CREATE INDEX entries_by_reference ON entries(agreement, upper(reference));

-- Kept by the trigger on entries: never written by a person.
CREATE TABLE balances(
  agreement text NOT NULL,
  account bigint NOT NULL,
  period integer NOT NULL,
  movement_pence bigint NOT NULL,
  PRIMARY KEY (agreement, account, period));

-- A month's state, kept by the trigger on period_log: never written by a person.
CREATE TABLE periods(
  agreement text NOT NULL,
  period integer NOT NULL,
  state text NOT NULL CHECK (state IN ('open', 'closed')),
  PRIMARY KEY (agreement, period));

CREATE TABLE period_log(
  agreement text NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  period integer NOT NULL,
  action text NOT NULL CHECK (action IN ('close', 'reopen')),
  actor text NOT NULL,
  reason text NOT NULL DEFAULT '',
  decision text,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agreement, id));

CREATE TABLE imports(
  agreement text NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  source_digest text NOT NULL,
  file text NOT NULL,
  profile text NOT NULL,
  actor text NOT NULL,
  forced boolean NOT NULL,
  entries bigint NOT NULL,
  quarantined bigint NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agreement, id));

CREATE TABLE quarantine(
  agreement text NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  file text NOT NULL,
  source_digest text NOT NULL,
  line bigint NOT NULL,
  raw text NOT NULL,
  rule text NOT NULL,
  reason text NOT NULL,
  profile text NOT NULL,
  header text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agreement, id));

-- A quarantined row set aside or posted after all: added, never changed.
CREATE TABLE quarantine_resolutions(
  agreement text NOT NULL,
  quarantine_id bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('retried', 'dismissed')),
  actor text NOT NULL,
  resolution text NOT NULL,
  corrected_raw text NOT NULL DEFAULT '',
  entry_id bigint,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agreement, quarantine_id),
  FOREIGN KEY (agreement, quarantine_id) REFERENCES quarantine(agreement, id),
  FOREIGN KEY (agreement, entry_id) REFERENCES entries(agreement, id));

-- Who acts is the database role: each insert's actor is the session's person, whatever it says.
CREATE FUNCTION stamp_actor() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = poolbook AS $$
BEGIN
  NEW.actor := acting_person(NEW.agreement);
  RETURN NEW;
END $$;
CREATE TRIGGER sources_actor BEFORE INSERT ON sources FOR EACH ROW EXECUTE FUNCTION stamp_actor();
CREATE TRIGGER period_log_actor BEFORE INSERT ON period_log FOR EACH ROW EXECUTE FUNCTION stamp_actor();
CREATE TRIGGER imports_actor BEFORE INSERT ON imports FOR EACH ROW EXECUTE FUNCTION stamp_actor();
CREATE TRIGGER resolutions_actor BEFORE INSERT ON quarantine_resolutions
  FOR EACH ROW EXECUTE FUNCTION stamp_actor();

-- An entry: its source is the session's own, it chains on from the agreement's last entry,
-- its postings balance to the penny on open accounts, its month is open; then its movements
-- are added to the maintained balances. Entries of one agreement are serialised by a lock
-- on the agreement, so two sessions cannot both take the next id.
CREATE FUNCTION check_entry() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = poolbook AS $$
DECLARE
  last_id bigint;
  last_hash bytea;
  total numeric := 0;
  posting jsonb;
  source_actor text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('poolbook.entries/' || NEW.agreement, 0));
  SELECT actor INTO source_actor FROM sources WHERE agreement = NEW.agreement AND id = NEW.source;
  IF source_actor IS DISTINCT FROM acting_person(NEW.agreement) THEN
    RAISE EXCEPTION 'entry %: its source % was recorded by %, not by %', NEW.id, NEW.source, source_actor,
      acting_person(NEW.agreement) USING ERRCODE = 'insufficient_privilege', HINT = 'authority.actor';
  END IF;
  SELECT id, hash INTO last_id, last_hash FROM entries WHERE agreement = NEW.agreement ORDER BY id DESC LIMIT 1;
  IF NEW.id <> coalesce(last_id, 0) + 1 OR NEW.previous_hash <> coalesce(last_hash, decode(repeat('00', 32), 'hex')) THEN
    RAISE EXCEPTION 'entry % does not follow on from entry % of agreement %', NEW.id, coalesce(last_id, 0), NEW.agreement
      USING ERRCODE = 'serialization_failure', HINT = 'journal.chain';
  END IF;
  IF NEW.period <> (extract(year FROM NEW.entry_date - interval '3 months')::integer * 100
                    + extract(month FROM NEW.entry_date - interval '3 months')::integer) THEN
    RAISE EXCEPTION 'entry %: period % is not the month of %', NEW.id, NEW.period, NEW.entry_date
      USING ERRCODE = 'check_violation', HINT = 'entry.invalid';
  END IF;
  IF EXISTS (SELECT 1 FROM periods WHERE agreement = NEW.agreement AND period = NEW.period AND state = 'closed') THEN
    RAISE EXCEPTION 'entry % is dated %, in a closed month', NEW.id, NEW.entry_date
      USING ERRCODE = 'check_violation', HINT = 'period.closed';
  END IF;
  IF jsonb_typeof(NEW.postings) <> 'array' OR jsonb_array_length(NEW.postings) < 2 THEN
    RAISE EXCEPTION 'entry %: postings must be an array of at least two [account id, pence] pairs', NEW.id
      USING ERRCODE = 'check_violation', HINT = 'entry.invalid';
  END IF;
  FOR posting IN SELECT value FROM jsonb_array_elements(NEW.postings) LOOP
    IF jsonb_typeof(posting -> 1) <> 'number' OR (posting ->> 1)::numeric <> trunc((posting ->> 1)::numeric)
       OR NOT EXISTS (SELECT 1 FROM accounts WHERE agreement = NEW.agreement AND id = (posting ->> 0)::bigint) THEN
      RAISE EXCEPTION 'entry %: % is not an open account and a whole number of pence', NEW.id, posting
        USING ERRCODE = 'check_violation', HINT = 'account.unknown';
    END IF;
    total := total + (posting ->> 1)::numeric;
  END LOOP;
  IF total <> 0 THEN
    RAISE EXCEPTION 'entry % does not balance: its postings sum to % pence', NEW.id, total
      USING ERRCODE = 'check_violation', HINT = 'entry.unbalanced';
  END IF;
  INSERT INTO balances AS b(agreement, account, period, movement_pence)
    SELECT NEW.agreement, (value ->> 0)::bigint, NEW.period, sum((value ->> 1)::bigint)
      FROM jsonb_array_elements(NEW.postings) GROUP BY 2
  ON CONFLICT (agreement, account, period) DO UPDATE SET movement_pence = b.movement_pence + EXCLUDED.movement_pence;
  RETURN NEW;
END $$;
CREATE TRIGGER entries_checked BEFORE INSERT ON entries FOR EACH ROW EXECUTE FUNCTION check_entry();

-- A close or reopening sets the month's state; a reopening needs a reason and a closed month.
CREATE FUNCTION apply_period_log() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = poolbook AS $$
DECLARE
  current text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('poolbook.entries/' || NEW.agreement, 0));
  SELECT state INTO current FROM periods WHERE agreement = NEW.agreement AND period = NEW.period;
  IF NEW.action = 'close' AND current = 'closed' THEN
    RAISE EXCEPTION 'month % is already closed', NEW.period USING ERRCODE = 'unique_violation', HINT = 'period.closed';
  END IF;
  IF NEW.action = 'reopen' AND (current IS DISTINCT FROM 'closed' OR NEW.reason = '') THEN
    RAISE EXCEPTION 'month % can be reopened only when closed, with a reason', NEW.period
      USING ERRCODE = 'check_violation', HINT = 'period.reopen';
  END IF;
  INSERT INTO periods AS p(agreement, period, state)
    VALUES (NEW.agreement, NEW.period, CASE NEW.action WHEN 'close' THEN 'closed' ELSE 'open' END)
  ON CONFLICT (agreement, period) DO UPDATE SET state = EXCLUDED.state;
  RETURN NEW;
END $$;
CREATE TRIGGER period_log_applied AFTER INSERT ON period_log FOR EACH ROW EXECUTE FUNCTION apply_period_log();

-- Privileges: SELECT and INSERT for writers on the records they add; SELECT for readers;
-- nobody but the owner may UPDATE, DELETE or TRUNCATE anything.
REVOKE ALL ON ALL TABLES IN SCHEMA poolbook FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA poolbook FROM PUBLIC;
GRANT EXECUTE ON FUNCTION my_agreements(), acting_person(text) TO poolbook_writer, poolbook_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA poolbook TO poolbook_writer, poolbook_reader;
GRANT INSERT ON accounts, sources, entries, period_log, imports, quarantine, quarantine_resolutions TO poolbook_writer;

-- Row-level security: a role sees and adds only the rows of its own agreements.
DO $policies$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['accounts', 'sources', 'entries', 'balances', 'periods', 'period_log', 'imports',
                           'quarantine', 'quarantine_resolutions'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (agreement IN (SELECT my_agreements()))',
                   t || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR INSERT WITH CHECK (agreement IN (SELECT my_agreements()))',
                   t || '_add', t);
  END LOOP;
END
$policies$;
ALTER TABLE people ENABLE ROW LEVEL SECURITY;
CREATE POLICY people_own ON people FOR SELECT USING (role_name = session_user);
GRANT SELECT ON people TO poolbook_writer, poolbook_reader;
