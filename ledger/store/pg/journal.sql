-- poolbook's journal on PostgreSQL: the tables, and the controls the database enforces
-- whatever program or SQL a person uses. Run once per database by an administrator (a
-- superuser, or a role with CREATEROLE that owns the database), in one transaction:
--
--   psql -v ON_ERROR_STOP=1 --single-transaction -d poolbook -f journal.sql
--
-- Every function that runs as the owner names its search path with pg_temp last, so that
-- a session's own temporary tables can never stand in for poolbook's.
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
--    agreements poolbook.people gives them; a reader (poolbook_reader) only sees them. (The
--    journal's partition, where an import's COPY goes, has none: nobody but the owner reads
--    it, and the check of each statement refuses entries of another agreement.)
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

-- Advisory locks in this database are poolbook's alone (lock_books, hold_books_for_daemon):
-- no other role may take one, so nobody can hold an agreement's lock to stall its writers or
-- keep poolbookd from starting. Only a superuser can revoke them (pg_catalog's functions are
-- the bootstrap superuser's); installed by a database owner with CREATEROLE, they stay open
-- to every role, with a warning.
DO $locks$
DECLARE
  f regprocedure;
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
              WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname ~ '^pg_(try_)?advisory_(xact_)?lock' LOOP
      EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
      EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO poolbook_owner', f);
    END LOOP;
  ELSE
    RAISE WARNING 'not a superuser: any role of this database may still take advisory locks and stall the books';
  END IF;
END
$locks$;

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
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = poolbook, pg_temp
  AS $$ SELECT agreement FROM people WHERE role_name = session_user $$;

-- The person the session's role is in an agreement; refused if none.
CREATE FUNCTION acting_person(of_agreement text) RETURNS text
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = poolbook, pg_temp AS $$
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

-- The schema's version: the programs refuse a database of another (store.version).
CREATE TABLE schema_version(version integer NOT NULL);
INSERT INTO schema_version VALUES (2);  -- 2: each agreement's journal a partition, postings as arrays

CREATE TABLE accounts(
  agreement text NOT NULL,
  id bigint NOT NULL,
  path text NOT NULL,
  type text NOT NULL CHECK (type IN ('asset', 'liability', 'income', 'expenditure', 'equity')),
  name text NOT NULL,
  PRIMARY KEY (agreement, id),
  UNIQUE (agreement, path));

-- Where entries came from: a file's digest and profile, who recorded it and when (the
-- text the entries' hashes cover).
CREATE TABLE sources(
  agreement text NOT NULL,
  id bigint NOT NULL,
  source_digest text NOT NULL,
  profile text NOT NULL,
  actor text NOT NULL,
  recorded_at text NOT NULL,
  PRIMARY KEY (agreement, id));

-- The journal: every agreement's entries, read under row-level security by agreement as
-- every table is. Each agreement's entries are a partition of their own (made when its first
-- person is mapped, below), into which an import's COPY goes straight (PostgreSQL refuses
-- COPY into a table under row-level security): only the agreement's own roles may add to its
-- partition, and nobody but the owner reads one. Whichever way rows come, the trigger checks
-- them a statement at a time (check_entries).
CREATE TABLE entries(
  agreement text NOT NULL,
  id bigint NOT NULL,
  entry_date date NOT NULL,
  period integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('contribution', 'draw', 'accrual', 'reversal', 'variation', 'settlement',
                                     'opening-balance', 'correction')),
  description text NOT NULL,
  reference text NOT NULL,
  reverses bigint,
  source bigint NOT NULL,
  source_row bigint NOT NULL,
  accounts bigint[] NOT NULL,  -- the postings: accounts.id of each, in order,
  amounts bigint[] NOT NULL,   -- and its pence (a debit positive, a credit negative)
  previous_hash bytea NOT NULL CHECK (length(previous_hash) = 32),
  hash bytea NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (agreement, id),
  CHECK (period % 100 BETWEEN 1 AND 12 AND period BETWEEN 190001 AND 299912),
  CONSTRAINT entries_reversal_kind CHECK ((kind = 'reversal') = (reverses IS NOT NULL))) PARTITION BY LIST (agreement);
CREATE INDEX entries_by_reference ON entries(agreement, upper(reference));
-- An entry is reversed once at most.
CREATE UNIQUE INDEX entries_reversing ON entries(agreement, reverses) WHERE reverses IS NOT NULL;

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

-- Closes and reopenings. A close records the journal's head as it stood (its last entry
-- and that entry's hash), set by trigger: the close's record commits to the journal.
CREATE TABLE period_log(
  agreement text NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  period integer NOT NULL CHECK (period % 100 BETWEEN 1 AND 12 AND period BETWEEN 190001 AND 299912),
  action text NOT NULL CHECK (action IN ('close', 'reopen')),
  actor text NOT NULL,
  reason text NOT NULL DEFAULT '',
  decision text,
  at timestamptz NOT NULL DEFAULT now(),
  journal_entries bigint,
  journal_hash text,
  PRIMARY KEY (agreement, id));

-- Settings kept with the books (the agreement they follow, its text): added, never changed;
-- a key's latest row is its value.
CREATE TABLE settings(
  agreement text NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  key text NOT NULL,
  value text NOT NULL,
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
CREATE INDEX imports_by_digest ON imports(agreement, source_digest);

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

-- The record chain: every row added to a table that says what the books say (all but the
-- entries, which chain themselves, and what triggers keep) is recorded here with its
-- content, each record's hash chained to the one before (SHA-256, hex, over the previous
-- hash, a newline, the table, a newline and the content). Filled by trigger, as the owner.
-- row_id is the row's numeric id, where it has one (a close's record is found by it).
CREATE TABLE record_chain(
  agreement text NOT NULL,
  seq bigint NOT NULL,
  tbl text NOT NULL,
  row_id bigint,
  content text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (agreement, seq));
CREATE INDEX record_chain_rows ON record_chain(agreement, tbl, row_id);
CREATE INDEX record_chain_contents ON record_chain(agreement, tbl, md5(content));

-- Every writer of an agreement's books takes this lock first: what it reads it may rely
-- on until it commits (the programs take it at the start of each write; the triggers again).
-- Only the agreement's own people (or the owner) may take it.
-- Writes are at READ COMMITTED: each statement after the lock then reads what the writer
-- before committed (an older snapshot would check an entry against a month since closed).
CREATE FUNCTION lock_books(of_agreement text) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = poolbook, pg_temp AS $$
BEGIN
  IF of_agreement NOT IN (SELECT my_agreements()) AND NOT pg_has_role(session_user, 'poolbook_owner', 'USAGE') THEN
    RAISE EXCEPTION 'the books of agreement % are not this role''s to lock', of_agreement
      USING ERRCODE = 'insufficient_privilege', HINT = 'authority.actor';
  END IF;
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'the books are written at READ COMMITTED only, not %', current_setting('transaction_isolation')
      USING ERRCODE = 'invalid_transaction_state', HINT = 'store.isolation';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('poolbook.entries/' || of_agreement, 0));
END $$;

-- poolbookd's hold on an agreement's books, for as long as its session lasts: true if taken,
-- false if another session holds it.
CREATE FUNCTION hold_books_for_daemon(of_agreement text) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = poolbook, pg_temp AS $$
BEGIN
  IF of_agreement NOT IN (SELECT my_agreements()) THEN
    RAISE EXCEPTION 'the books of agreement % are not this role''s to hold', of_agreement
      USING ERRCODE = 'insufficient_privilege', HINT = 'authority.actor';
  END IF;
  RETURN pg_try_advisory_lock(hashtextextended('poolbookd/' || of_agreement, 0));
END $$;

-- A row's content as the record chain keeps it: its JSON text, in UTC whatever the session.
CREATE FUNCTION record_content(item jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT item::text $$;

CREATE FUNCTION chain_record() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = poolbook, pg_temp SET TimeZone = 'UTC' AS $$
DECLARE
  last_seq bigint;
  last_hash text;
  body text := record_content(to_jsonb(NEW));
  key bigint;
BEGIN
  PERFORM lock_books(NEW.agreement);
  SELECT seq, hash INTO last_seq, last_hash FROM record_chain WHERE agreement = NEW.agreement
    ORDER BY seq DESC LIMIT 1;
  key := CASE WHEN jsonb_typeof(to_jsonb(NEW) -> 'id') = 'number' THEN (to_jsonb(NEW) ->> 'id')::bigint END;
  INSERT INTO record_chain VALUES (NEW.agreement, coalesce(last_seq, 0) + 1, TG_TABLE_NAME, key, body,
    encode(sha256(convert_to(coalesce(last_hash, repeat('0', 64)) || E'\n' || TG_TABLE_NAME || E'\n' || body,
                             'UTF8')), 'hex'));
  RETURN NULL;
END $$;

-- Who acts is the database role: each insert's actor is the session's person, whatever it says.
CREATE FUNCTION stamp_actor() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = poolbook, pg_temp AS $$
BEGIN
  NEW.actor := acting_person(NEW.agreement);
  RETURN NEW;
END $$;
CREATE TRIGGER sources_actor BEFORE INSERT ON sources FOR EACH ROW EXECUTE FUNCTION stamp_actor();
CREATE TRIGGER period_log_actor BEFORE INSERT ON period_log FOR EACH ROW EXECUTE FUNCTION stamp_actor();
CREATE TRIGGER imports_actor BEFORE INSERT ON imports FOR EACH ROW EXECUTE FUNCTION stamp_actor();
CREATE TRIGGER resolutions_actor BEFORE INSERT ON quarantine_resolutions
  FOR EACH ROW EXECUTE FUNCTION stamp_actor();

-- Entries, checked a statement at a time (an import's COPY is one statement): their sources
-- are the session's own, each chains on from the entry before it, their postings balance to
-- the penny on open accounts, their months are open and are their dates' months, what they
-- reverse is an earlier entry; then their movements are added to the maintained balances.
-- Entries of one agreement are serialised by the agreement's lock, so two sessions cannot
-- both take the next id.
--
-- A million rows are checked in three passes over them, each in the order they came: the
-- rows grouped by agreement, source and month; one pass for the chain and the plain
-- postings (two that cancel); one over the postings for the balances. What is not plain, or
-- does not follow the row before it, is then checked row by row, and a refusal names the
-- first entry at fault. (Without JIT: compiling the passes would cost more than it saves.)
CREATE TYPE entry_group AS (agreement text, source bigint, period integer, first_date date, last_date date,
                             first_id bigint, last_id bigint);
CREATE TYPE chain_start AS (agreement text, id bigint, previous_hash bytea);
CREATE TYPE movement AS (agreement text, account bigint, period integer, pence numeric);

-- The financial month (yyyymm, April month 1) of a date.
CREATE FUNCTION month_of(d date) RETURNS integer
  LANGUAGE sql IMMUTABLE AS $$
  SELECT extract(year FROM d - interval '3 months')::integer * 100 + extract(month FROM d - interval '3 months')::integer $$;

-- Whether an entry follows on from the one before it (the hash of entry id - 1, NULL if
-- there is none): the first entry from the zero hash.
CREATE FUNCTION follows_on(id bigint, previous_hash bytea, prior_hash bytea) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$
  SELECT (CASE WHEN id = 1 THEN previous_hash = decode(repeat('00', 32), 'hex') ELSE prior_hash = previous_hash END)
    IS TRUE $$;

-- Whether postings have their shape: at least two, an account and its pence each, in plain
-- lists (one dimension, from 1, no NULLs).
CREATE FUNCTION postings_shaped(accounts bigint[], amounts bigint[]) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$
  SELECT (array_ndims(accounts) = 1 AND array_lower(accounts, 1) = 1 AND cardinality(accounts) >= 2
          AND array_ndims(amounts) = 1 AND array_lower(amounts, 1) = 1 AND cardinality(amounts) = cardinality(accounts)
          AND array_position(accounts, NULL) IS NULL AND array_position(amounts, NULL) IS NULL) IS TRUE $$;

-- Whether postings are plain: two, shaped, cancelling (as most entries are).
CREATE FUNCTION postings_plain(accounts bigint[], amounts bigint[]) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$
  SELECT (array_ndims(accounts) = 1 AND array_lower(accounts, 1) = 1 AND cardinality(accounts) = 2
          AND array_ndims(amounts) = 1 AND array_lower(amounts, 1) = 1 AND cardinality(amounts) = 2
          AND accounts[1] IS NOT NULL AND accounts[2] IS NOT NULL
          AND amounts[1]::numeric + amounts[2]::numeric = 0) IS TRUE $$;

-- What else is kept of each statement's entries, given their groups: nothing here;
-- governance.sql replaces it (what the entries await, checked when the transaction commits).
CREATE FUNCTION entries_added(groups entry_group[]) RETURNS void
  LANGUAGE sql AS $$ SELECT $$;

CREATE FUNCTION check_entries() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = poolbook, pg_temp SET work_mem = '64MB' SET jit = off AS $$
DECLARE
  groups entry_group[];
  starts chain_start[];
  moves movement[];
  agreements integer;
  breaks bigint;
  unplain bigint;
  reversing bigint;
  bad record;
BEGIN
  groups := ARRAY(SELECT ROW(agreement, source, period, min(entry_date), max(entry_date), min(id), max(id))::entry_group
                    FROM added GROUP BY agreement, source, period);
  IF NOT pg_has_role(session_user, 'poolbook_writer', 'MEMBER') AND NOT pg_has_role(session_user, 'poolbook_owner', 'USAGE') THEN
    RAISE EXCEPTION 'the database role % is not a writer (poolbook_writer)', session_user
      USING ERRCODE = 'insufficient_privilege', HINT = 'authority.actor';
  END IF;
  PERFORM lock_books(a) FROM (SELECT DISTINCT g.agreement AS a FROM unnest(groups) g ORDER BY 1) mine;
  SELECT count(DISTINCT g.agreement) INTO agreements FROM unnest(groups) g;
  SELECT u.agreement, u.source, s.actor, acting_person(u.agreement) AS person INTO bad
    FROM (SELECT DISTINCT g.agreement, g.source FROM unnest(groups) g) u
    LEFT JOIN sources s ON s.agreement = u.agreement AND s.id = u.source
   WHERE s.actor IS DISTINCT FROM acting_person(u.agreement) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'entries of source %: it was recorded by %, not by %', bad.source, coalesce(bad.actor, 'nobody'),
      bad.person USING ERRCODE = 'insufficient_privilege', HINT = 'authority.actor';
  END IF;
  -- Months: each group's first and last dates in its month (the months run with the dates).
  IF EXISTS (SELECT 1 FROM unnest(groups) g WHERE month_of(g.first_date) <> g.period OR month_of(g.last_date) <> g.period) THEN
    SELECT n.id, n.period, n.entry_date INTO bad FROM added n WHERE n.period <> month_of(n.entry_date) ORDER BY n.id LIMIT 1;
    RAISE EXCEPTION 'entry %: period % is not the month of %', bad.id, bad.period, bad.entry_date
      USING ERRCODE = 'check_violation', HINT = 'entry.invalid';
  END IF;
  IF EXISTS (SELECT 1 FROM unnest(groups) g
               JOIN periods p ON p.agreement = g.agreement AND p.period = g.period AND p.state = 'closed') THEN
    SELECT n.id, n.entry_date INTO bad FROM added n
      JOIN periods p ON p.agreement = n.agreement AND p.period = n.period AND p.state = 'closed' ORDER BY n.id LIMIT 1;
    RAISE EXCEPTION 'entry % is dated %, in a closed month', bad.id, bad.entry_date
      USING ERRCODE = 'check_violation', HINT = 'period.closed';
  END IF;

  -- One pass in the order the rows came: the rows that do not follow the row before them
  -- (one an agreement when all is well), how many postings are not plain, how many entries
  -- reverse another.
  SELECT count(*) FILTER (WHERE prior_id IS NULL OR prior_agreement <> agreement OR prior_id <> id - 1
                                OR prior_hash <> previous_hash),
         array_agg(ROW(agreement, id, previous_hash)::chain_start) FILTER (WHERE prior_id IS NULL
           OR prior_agreement <> agreement OR prior_id <> id - 1 OR prior_hash <> previous_hash),
         count(*) FILTER (WHERE NOT plain), count(*) FILTER (WHERE reverses IS NOT NULL)
    INTO breaks, starts, unplain, reversing
    FROM (SELECT agreement, id, previous_hash, reverses, postings_plain(accounts, amounts) AS plain,
                 lag(agreement) OVER w AS prior_agreement, lag(id) OVER w AS prior_id, lag(hash) OVER w AS prior_hash
            FROM added WINDOW w AS ()) n;
  -- Each agreement's rows follow on from one another; then the first follows the journal.
  -- Otherwise, row by row, the first that does not.
  IF breaks > agreements OR EXISTS (SELECT 1 FROM unnest(starts) s
       LEFT JOIN entries p ON p.agreement = s.agreement AND p.id = s.id - 1
      WHERE NOT follows_on(s.id, s.previous_hash, p.hash)) THEN
    SELECT n.id, n.agreement INTO bad FROM added n
      LEFT JOIN entries p ON p.agreement = n.agreement AND p.id = n.id - 1
     WHERE NOT follows_on(n.id, n.previous_hash, p.hash)
     ORDER BY n.id LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'entry % does not follow on from entry % of agreement %', bad.id,
        coalesce((SELECT max(e.id) FROM entries e WHERE e.agreement = bad.agreement AND e.id < bad.id), 0), bad.agreement
        USING ERRCODE = 'serialization_failure', HINT = 'journal.chain';
    END IF;
  END IF;
  IF reversing > 0 THEN
    SELECT n.id, n.reverses INTO bad FROM added n
     WHERE n.reverses IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.agreement = n.agreement AND e.id = n.reverses AND e.id < n.id
                          AND e.reverses IS NULL AND e.accounts = n.accounts
                          AND e.amounts = ARRAY(SELECT -x FROM unnest(n.amounts) x))
     ORDER BY n.id LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'entry % reverses entry %, which is not an earlier entry of its agreement, not itself a '
                      'reversal, with the same postings the other way', bad.id, bad.reverses
        USING ERRCODE = 'check_violation', HINT = 'entry.reversal';
    END IF;
  END IF;
  -- Postings that are not plain, row by row: their shape, then their sum.
  IF unplain > 0 THEN
    SELECT n.id INTO bad FROM added n WHERE NOT postings_shaped(n.accounts, n.amounts) ORDER BY n.id LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'entry %: postings must be at least two accounts, each with its pence', bad.id
        USING ERRCODE = 'check_violation', HINT = 'entry.invalid';
    END IF;
    SELECT n.id, t.total INTO bad FROM added n, LATERAL (SELECT sum(x) AS total FROM unnest(n.amounts) x) t
     WHERE NOT postings_plain(n.accounts, n.amounts) AND t.total <> 0 ORDER BY n.id LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'entry % does not balance: its postings sum to % pence', bad.id, bad.total
        USING ERRCODE = 'check_violation', HINT = 'entry.unbalanced';
    END IF;
  END IF;

  -- The movements, in a pass over the postings; each on an open account of its agreement.
  moves := ARRAY(SELECT ROW(n.agreement, n.account, n.period, sum(n.pence))::movement
                   FROM (SELECT agreement, period, unnest(accounts) AS account, unnest(amounts) AS pence FROM added) n
                  GROUP BY n.agreement, n.account, n.period);
  SELECT m.agreement, m.account INTO bad FROM unnest(moves) m
    LEFT JOIN accounts a ON a.agreement = m.agreement AND a.id = m.account WHERE a.id IS NULL LIMIT 1;
  IF FOUND THEN
    SELECT n.id, bad.account AS account INTO bad FROM added n
     WHERE n.agreement = bad.agreement AND bad.account = ANY (n.accounts) ORDER BY n.id LIMIT 1;
    RAISE EXCEPTION 'entry %: account % is not an open account', bad.id, bad.account
      USING ERRCODE = 'check_violation', HINT = 'account.unknown';
  END IF;
  -- A movement that would leave a balance beyond what pence can hold refuses the statement.
  BEGIN
    INSERT INTO balances AS b(agreement, account, period, movement_pence)
      SELECT m.agreement, m.account, m.period, m.pence::bigint FROM unnest(moves) m
    ON CONFLICT (agreement, account, period) DO UPDATE SET movement_pence = b.movement_pence + EXCLUDED.movement_pence;
  EXCEPTION WHEN numeric_value_out_of_range THEN
    RAISE EXCEPTION 'a balance for a month would be larger than pence can hold'
      USING ERRCODE = 'numeric_value_out_of_range', HINT = 'money.overflow';
  END;
  PERFORM entries_added(groups);
  RETURN NULL;
END $$;
CREATE TRIGGER entries_checked AFTER INSERT ON entries REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION check_entries();

-- A close records the journal's head as it stands; a close or reopening then sets the
-- month's state. A reopening needs a reason and a closed month.
CREATE FUNCTION stamp_period_log() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = poolbook, pg_temp AS $$
DECLARE
  current text;
BEGIN
  PERFORM lock_books(NEW.agreement);
  SELECT state INTO current FROM periods WHERE agreement = NEW.agreement AND period = NEW.period;
  IF NEW.action = 'close' AND current = 'closed' THEN
    RAISE EXCEPTION 'month % is already closed', NEW.period USING ERRCODE = 'unique_violation', HINT = 'period.closed';
  END IF;
  IF NEW.action = 'reopen' AND (current IS DISTINCT FROM 'closed' OR NEW.reason = '') THEN
    RAISE EXCEPTION 'month % can be reopened only when closed, with a reason', NEW.period
      USING ERRCODE = 'check_violation', HINT = 'period.reopen';
  END IF;
  SELECT id, encode(hash, 'hex') INTO NEW.journal_entries, NEW.journal_hash FROM entries
   WHERE agreement = NEW.agreement ORDER BY id DESC LIMIT 1;
  NEW.journal_entries := coalesce(NEW.journal_entries, 0);
  NEW.journal_hash := coalesce(NEW.journal_hash, repeat('0', 64));
  RETURN NEW;
END $$;
CREATE TRIGGER period_log_checked BEFORE INSERT ON period_log FOR EACH ROW EXECUTE FUNCTION stamp_period_log();

CREATE FUNCTION apply_period_log() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = poolbook, pg_temp AS $$
BEGIN
  INSERT INTO periods AS p(agreement, period, state)
    VALUES (NEW.agreement, NEW.period, CASE NEW.action WHEN 'close' THEN 'closed' ELSE 'open' END)
  ON CONFLICT (agreement, period) DO UPDATE SET state = EXCLUDED.state;
  RETURN NEW;
END $$;
CREATE TRIGGER period_log_applied AFTER INSERT ON period_log FOR EACH ROW EXECUTE FUNCTION apply_period_log();

-- The record chain's triggers (named z_ so that they run after the actor is stamped).
DO $chained$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['accounts', 'sources', 'period_log', 'settings', 'imports', 'quarantine',
                           'quarantine_resolutions'] LOOP
    EXECUTE format('CREATE TRIGGER z_chained AFTER INSERT ON %I FOR EACH ROW EXECUTE FUNCTION chain_record()', t);
  END LOOP;
END
$chained$;

-- Lookups an import makes for every row, and verify's comparison of a table with its
-- records, as functions that run as the owner for the caller's own agreements: under
-- row-level security, PostgreSQL will not use an index on upper(reference) (upper() is not
-- leakproof), and every lookup would scan the journal.
CREATE FUNCTION reference_posted(of_agreement text, of_profile text, of_reference text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = poolbook, pg_temp AS $$
  SELECT of_agreement IN (SELECT my_agreements()) AND EXISTS (
    SELECT 1 FROM entries e JOIN sources s ON s.agreement = e.agreement AND s.id = e.source
     WHERE e.agreement = of_agreement AND upper(e.reference) = upper(of_reference) AND e.reference = of_reference
       AND s.profile = of_profile
       AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.agreement = e.agreement AND r.reverses = e.id)) $$;

-- Entries not reversed with this reference in any case and this date: probable duplicates.
CREATE FUNCTION entries_alike(of_agreement text, of_reference text, of_date date)
  RETURNS TABLE(id bigint, postings text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = poolbook, pg_temp AS $$
  SELECT e.id, '[' || (SELECT string_agg('[' || a || ',' || p || ']', ',' ORDER BY o)
                         FROM unnest(e.accounts, e.amounts) WITH ORDINALITY u(a, p, o)) || ']' FROM entries e
   WHERE of_agreement IN (SELECT my_agreements()) AND e.agreement = of_agreement
     AND upper(e.reference) = upper(of_reference) AND e.entry_date = of_date
     AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.agreement = e.agreement AND r.reverses = e.id)
   ORDER BY e.id $$;

-- A chained table against its records: its rows, the records of it, and the first row (as
-- the chain keeps content) that no record holds.
CREATE FUNCTION chain_mismatch(of_agreement text, of_table text)
  RETURNS TABLE(table_rows bigint, recorded bigint, first_unrecorded text)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = poolbook, pg_temp SET TimeZone = 'UTC' AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'poolbook' AND c.relname = of_table AND t.tgname = 'z_chained') THEN
    RAISE EXCEPTION '% is not a table under the record chain', of_table
      USING ERRCODE = 'invalid_parameter_value', HINT = 'store.chain';
  END IF;
  IF of_agreement NOT IN (SELECT my_agreements()) THEN
    RAISE EXCEPTION 'the records of agreement % are not this role''s to read', of_agreement
      USING ERRCODE = 'insufficient_privilege', HINT = 'authority.actor';
  END IF;
  RETURN QUERY EXECUTE format(
    'SELECT (SELECT count(*) FROM %1$I WHERE agreement = $1), '
    '(SELECT count(*) FROM record_chain WHERE agreement = $1 AND tbl = $2), '
    '(SELECT min(left(c.content, 200)) FROM (SELECT record_content(to_jsonb(x)) AS content FROM %1$I x '
    '   WHERE x.agreement = $1) c WHERE NOT EXISTS (SELECT 1 FROM record_chain r WHERE r.agreement = $1 '
    '   AND r.tbl = $2 AND md5(r.content) = md5(c.content) AND r.content = c.content))', of_table)
    USING of_agreement, of_table;
END $$;

-- Privileges: SELECT and INSERT for writers on the records they add; SELECT for readers;
-- nobody but the owner may UPDATE, DELETE or TRUNCATE anything.
REVOKE ALL ON ALL TABLES IN SCHEMA poolbook FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA poolbook FROM PUBLIC;
GRANT EXECUTE ON FUNCTION my_agreements(), acting_person(text), record_content(jsonb), reference_posted(text, text, text),
  entries_alike(text, text, date), chain_mismatch(text, text) TO poolbook_writer, poolbook_reader;
GRANT EXECUTE ON FUNCTION lock_books(text), hold_books_for_daemon(text) TO poolbook_writer;
GRANT SELECT ON ALL TABLES IN SCHEMA poolbook TO poolbook_writer, poolbook_reader;
GRANT INSERT ON accounts, sources, entries, period_log, settings, imports, quarantine, quarantine_resolutions
  TO poolbook_writer;

-- Row-level security: a role sees and adds only the rows of its own agreements.
DO $policies$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['accounts', 'sources', 'entries', 'balances', 'periods', 'period_log', 'settings',
                           'imports', 'quarantine', 'quarantine_resolutions', 'record_chain'] LOOP
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

-- Each agreement's partition of the journal, made when its first person is mapped: named by
-- the agreement (journal_ and the MD5 of its name), checked by the same trigger, added to by
-- the agreement's own writers only (a writer mapped is given INSERT on it, unmapped loses it;
-- a reader is given nothing), read by nobody but the owner. poolbook copies an import into
-- journal_of(agreement). The partition is made apart and then attached, which does not wait
-- for (or hold up) readers and writers of the other agreements.
CREATE FUNCTION journal_name(of_agreement text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT 'journal_' || md5(of_agreement) $$;

CREATE FUNCTION journal_of(of_agreement text) RETURNS text
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = poolbook, pg_temp AS $$
BEGIN
  IF of_agreement NOT IN (SELECT my_agreements()) THEN
    RAISE EXCEPTION 'the books of agreement % are not this role''s to write', of_agreement
      USING ERRCODE = 'insufficient_privilege', HINT = 'authority.actor';
  END IF;
  RETURN format('poolbook.%I', journal_name(of_agreement));
END $$;

CREATE FUNCTION map_journal() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = poolbook, pg_temp SET lock_timeout = '10s' AS $$
DECLARE
  partition text;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND to_regclass(format('poolbook.%I', journal_name(OLD.agreement))) IS NOT NULL
     AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = OLD.role_name) THEN
    EXECUTE format('REVOKE INSERT ON poolbook.%I FROM %I', journal_name(OLD.agreement), OLD.role_name);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = NEW.role_name) THEN
      RAISE EXCEPTION 'there is no database role %: create it before mapping it to a person', NEW.role_name
        USING ERRCODE = 'undefined_object', HINT = 'authority.actor';
    END IF;
    partition := journal_name(NEW.agreement);
    IF to_regclass(format('poolbook.%I', partition)) IS NULL THEN
      EXECUTE format('CREATE TABLE poolbook.%I (LIKE poolbook.entries INCLUDING CONSTRAINTS INCLUDING DEFAULTS)',
                     partition);
      EXECUTE format('REVOKE ALL ON poolbook.%I FROM PUBLIC', partition);
      EXECUTE format('CREATE TRIGGER journal_checked AFTER INSERT ON poolbook.%I REFERENCING NEW TABLE AS added '
                     'FOR EACH STATEMENT EXECUTE FUNCTION poolbook.check_entries()', partition);
      EXECUTE format('ALTER TABLE poolbook.entries ATTACH PARTITION poolbook.%I FOR VALUES IN (%L)', partition,
                     NEW.agreement);
    END IF;
    IF pg_has_role(NEW.role_name, 'poolbook_writer', 'MEMBER') THEN
      EXECUTE format('GRANT INSERT ON poolbook.%I TO %I', partition, NEW.role_name);
    END IF;
  END IF;
  RETURN NULL;
END $$;

-- People are unmapped one at a time (each taking back what its mapping gave).
CREATE FUNCTION people_not_truncated() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'people are unmapped one at a time (DELETE), so that each loses what its mapping gave'
    USING ERRCODE = 'feature_not_supported', HINT = 'authority.actor';
END $$;
CREATE TRIGGER people_truncated BEFORE TRUNCATE ON people FOR EACH STATEMENT EXECUTE FUNCTION people_not_truncated();
CREATE TRIGGER people_journal AFTER INSERT OR UPDATE OR DELETE ON people FOR EACH ROW EXECUTE FUNCTION map_journal();
REVOKE ALL ON FUNCTION journal_name(text), journal_of(text), map_journal(), people_not_truncated() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION journal_of(text) TO poolbook_writer;
