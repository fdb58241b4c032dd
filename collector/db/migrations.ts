// The schema, as numbered migrations recorded in kehu_schema_migrations. They run on start, in
// order, all pending ones in one transaction; one set serves PGlite and PostgreSQL. A database whose
// schema is newer than this code knows is refused: an older collector must not write to it.
import type { Sql } from './sql.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'records, change log, history, keys',
    sql: `
      -- One global change sequence. Writers take this row's lock to number their changes, so
      -- changes become visible in sequence order and a puller never skips one.
      CREATE TABLE kehu_sequence (id integer PRIMARY KEY CHECK (id = 1), last bigint NOT NULL);
      INSERT INTO kehu_sequence (id, last) VALUES (1, 0);

      -- The current version of every record of every synced entity. The change log is this
      -- table ordered by seq: each record appears once, at the seq of its latest change.
      -- Ids and times compare byte by byte (COLLATE "C"): instants are ISO strings that sort as text.
      CREATE TABLE kehu_records (
        entity text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        seq bigint NOT NULL,
        rev integer NOT NULL,
        updated_at text NOT NULL,
        updated_by text NOT NULL,
        deleted_at text,
        at text COLLATE "C" NOT NULL, -- the record's own time (occurredAt, submittedAt, …): export ranges
        data jsonb NOT NULL,
        PRIMARY KEY (entity, id)
      );
      CREATE UNIQUE INDEX kehu_records_seq ON kehu_records (seq);
      CREATE INDEX kehu_records_entity_at ON kehu_records (entity, at, id);
      CREATE INDEX kehu_contacts_emails ON kehu_records USING gin ((data -> 'emails')) WHERE entity = 'contacts';
      CREATE INDEX kehu_customers_domains ON kehu_records USING gin ((data -> 'domains')) WHERE entity = 'customers';

      -- Versions that were overwritten by a newer one, or lost a concurrent edit.
      CREATE TABLE kehu_history (
        entity text NOT NULL,
        id text NOT NULL,
        rev integer NOT NULL,
        updated_at text NOT NULL,
        updated_by text NOT NULL,
        reason text NOT NULL CHECK (reason IN ('overwritten', 'lost')),
        recorded_at text NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (entity, id, rev, updated_at, updated_by)
      );

      -- Site keys are public (they sit in web pages); what guards them is the origin list.
      CREATE TABLE kehu_site_keys (
        key text PRIMARY KEY,
        name text NOT NULL,
        origins jsonb NOT NULL,
        created_at text NOT NULL,
        revoked_at text
      );
      CREATE UNIQUE INDEX kehu_site_keys_name ON kehu_site_keys (name) WHERE revoked_at IS NULL;

      -- Team tokens are stored only as SHA-256 hashes.
      CREATE TABLE kehu_tokens (
        hash text PRIMARY KEY,
        name text NOT NULL,
        scopes jsonb NOT NULL,
        created_at text NOT NULL,
        revoked_at text
      );
      CREATE UNIQUE INDEX kehu_tokens_name ON kehu_tokens (name) WHERE revoked_at IS NULL;
    `,
  },
  {
    version: 2,
    name: 'shared rate limits, key change notifications',
    sql: `
      -- Rate-limit buckets every collector process on this database takes from (http/rate-limit.ts).
      -- UNLOGGED: not worth a WAL write; after a database crash the buckets start full again.
      CREATE UNLOGGED TABLE kehu_rate_limits (
        key text COLLATE "C" PRIMARY KEY,
        tokens double precision NOT NULL,
        at double precision NOT NULL, -- ms since the epoch, on the database's clock
        asked integer NOT NULL,
        granted integer NOT NULL
      );

      -- Every process caches site keys and tokens; a change to either table (a revocation, from
      -- any process or from "kehu keys" on the database) tells them all to forget their caches.
      CREATE FUNCTION kehu_keys_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('kehu_keys', TG_TABLE_NAME);
        RETURN NULL;
      END $$;
      CREATE TRIGGER kehu_site_keys_changed AFTER UPDATE OR DELETE OR TRUNCATE ON kehu_site_keys
        FOR EACH STATEMENT EXECUTE FUNCTION kehu_keys_changed();
      CREATE TRIGGER kehu_tokens_changed AFTER UPDATE OR DELETE OR TRUNCATE ON kehu_tokens
        FOR EACH STATEMENT EXECUTE FUNCTION kehu_keys_changed();
    `,
  },
  {
    version: 3,
    name: 'console: sessions, customer levels',
    sql: `
      -- Console sign-ins: a random session id in an HttpOnly cookie, stored only as a SHA-256
      -- hash, tied to the team token it was exchanged for (revoking the token ends the session).
      CREATE TABLE kehu_sessions (
        hash text PRIMARY KEY,
        token_hash text NOT NULL,
        created_at text NOT NULL,
        expires_at text NOT NULL
      );
      CREATE INDEX kehu_sessions_expires ON kehu_sessions (expires_at);

      -- Each customer's level as the collector's run of the shared engine found it
      -- (collector/console/levels.ts): seq is the change the assessment has seen up to.
      -- Every customer has a row ('none' without history); pinyin holds the readings of a
      -- Chinese name (syllables and initials) for the worklist's search.
      CREATE TABLE kehu_levels (
        customer_id text COLLATE "C" PRIMARY KEY,
        level text NOT NULL,
        score integer NOT NULL,
        assessment jsonb,
        pinyin text,
        as_of text NOT NULL,
        policy_version integer NOT NULL
      );
      CREATE INDEX kehu_levels_level ON kehu_levels (level, score DESC);
      CREATE TABLE kehu_levels_state (id integer PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, as_of text NOT NULL);

      -- A customer's records (contacts, interactions, answers, cases…) for the customer page and
      -- for reassessing one customer.
      CREATE INDEX kehu_records_customer ON kehu_records ((data ->> 'customerId'), entity) WHERE data ? 'customerId';
    `,
  },
  {
    version: 4,
    name: 'suspect answers kept apart',
    sql: `
      -- Answers the SDK flagged as suspect (sent faster than a person fills the form in). They
      -- are kept here, out of the change log: not synced to reps, not counted in levels, until
      -- someone with the export or admin scope releases one (then it becomes a response record).
      CREATE TABLE kehu_suspect (
        id text COLLATE "C" PRIMARY KEY,
        site_key text NOT NULL,
        received_at text COLLATE "C" NOT NULL,
        email text,
        domain text,
        data jsonb NOT NULL,
        released_at text,
        released_by text
      );
      CREATE INDEX kehu_suspect_waiting ON kehu_suspect (received_at, id) WHERE released_at IS NULL;
    `,
  },
  {
    version: 5,
    name: 'team risk policy versions',
    sql: `
      -- The team's risk policy, every version kept: the newest is the one the collector's levels
      -- are computed with (Kehu's default, version 1, while there is none). Put in force by an admin.
      CREATE TABLE kehu_policies (
        version integer PRIMARY KEY,
        policy jsonb NOT NULL,
        set_at text NOT NULL,
        set_by text NOT NULL
      );
      `,
  },
  {
    version: 8,
    name: 'console overview: month-end levels, loss, 80/20 watch',
    sql: `
      -- The overview's figures over every customer's history, written by the levels' full pass
      -- (collector/console/overview.ts): per calendar month (in the collector's zone), the count of
      -- customers at each level at the month's last millisecond and the customer loss counts.
      CREATE TABLE kehu_overview_months (
        month text COLLATE "C" PRIMARY KEY, -- YYYY-MM
        month_end text NOT NULL,
        levels jsonb NOT NULL,
        active_at_start integer NOT NULL,
        lost integer NOT NULL,
        as_of text NOT NULL,
        policy_version integer NOT NULL
      );
      -- The top 20% of customers by 12-month revenue (the 80/20 watch), joined with kehu_levels.
      CREATE TABLE kehu_overview_top (
        customer_id text COLLATE "C" PRIMARY KEY,
        value double precision NOT NULL,
        as_of text NOT NULL
      );
      CREATE TABLE kehu_overview_state (
        id integer PRIMARY KEY CHECK (id = 1),
        as_of text NOT NULL,
        time_zone text NOT NULL,
        with_revenue integer NOT NULL,
        revenue double precision NOT NULL,
        top_revenue double precision NOT NULL
      );
      -- Open alerts by person, for the overview.
      CREATE INDEX kehu_records_open_alerts ON kehu_records ((data ->> 'status')) WHERE entity = 'alerts';
      `,
  },
  {
    version: 9,
    name: 'console: the customer worklist table',
    sql: `
      -- The console's worklist (collector/console/customers.ts) reads this narrow table: one row
      -- per customer that exists (not deleted), with the fields it filters and sorts on and the
      -- level the collector found. Triggers keep it equal to kehu_records and kehu_levels in the
      -- same transaction as every write to them, so a page is an index scan that stops after
      -- the page instead of reading every customer record.
      CREATE TABLE kehu_worklist (
        id text COLLATE "C" PRIMARY KEY,
        name text,
        owner text,
        tier text NOT NULL,
        stage text,
        tags jsonb,
        value double precision,
        currency text,
        domains text, -- the domains list as JSON text, for the free-text search
        level text NOT NULL,
        score integer NOT NULL,
        pinyin text,
        rank smallint GENERATED ALWAYS AS (CASE level WHEN 'blue' THEN 1 WHEN 'yellow' THEN 2 WHEN 'orange' THEN 3
                                                       WHEN 'red' THEN 4 ELSE 0 END) STORED
      );
      CREATE INDEX kehu_worklist_risk ON kehu_worklist (rank DESC, score DESC, name);
      CREATE INDEX kehu_worklist_name ON kehu_worklist (name, id);
      CREATE INDEX kehu_worklist_owner ON kehu_worklist (owner, name);
      CREATE INDEX kehu_worklist_value ON kehu_worklist (value DESC NULLS LAST, id);

      -- A customer record written: its row, with the level it has (if any).
      CREATE FUNCTION kehu_worklist_customer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          DELETE FROM kehu_worklist WHERE id = OLD.id;
        ELSIF NEW.deleted_at IS NOT NULL THEN
          DELETE FROM kehu_worklist WHERE id = NEW.id;
        ELSE
          INSERT INTO kehu_worklist (id, name, owner, tier, stage, tags, value, currency, domains, level, score, pinyin)
          SELECT NEW.id, NEW.data ->> 'name', NEW.data ->> 'owner', coalesce(NEW.data ->> 'tier', 'general'),
                 NEW.data ->> 'stage', NEW.data -> 'tags', (NEW.data ->> 'value')::double precision,
                 NEW.data ->> 'currency', (NEW.data -> 'domains')::text,
                 coalesce(l.level, 'none'), coalesce(l.score, 0), l.pinyin
            FROM (SELECT 1) one LEFT JOIN kehu_levels l ON l.customer_id = NEW.id
          ON CONFLICT (id) DO UPDATE SET name = excluded.name, owner = excluded.owner, tier = excluded.tier,
            stage = excluded.stage, tags = excluded.tags, value = excluded.value, currency = excluded.currency,
            domains = excluded.domains;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER kehu_worklist_customer_write AFTER INSERT OR UPDATE ON kehu_records
        FOR EACH ROW WHEN (NEW.entity = 'customers') EXECUTE FUNCTION kehu_worklist_customer();
      CREATE TRIGGER kehu_worklist_customer_delete AFTER DELETE ON kehu_records
        FOR EACH ROW WHEN (OLD.entity = 'customers') EXECUTE FUNCTION kehu_worklist_customer();

      -- A level written or removed: the customer's row follows.
      CREATE FUNCTION kehu_worklist_level() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          UPDATE kehu_worklist SET level = 'none', score = 0, pinyin = NULL WHERE id = OLD.customer_id;
        ELSE
          UPDATE kehu_worklist SET level = NEW.level, score = NEW.score, pinyin = NEW.pinyin
           WHERE id = NEW.customer_id AND (level, score, pinyin) IS DISTINCT FROM (NEW.level, NEW.score, NEW.pinyin);
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER kehu_worklist_level_write AFTER INSERT OR UPDATE OR DELETE ON kehu_levels
        FOR EACH ROW EXECUTE FUNCTION kehu_worklist_level();

      -- Emptied tables (tests, a reset): the rows follow too.
      CREATE FUNCTION kehu_worklist_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'kehu_records' THEN
          DELETE FROM kehu_worklist;
        ELSE
          UPDATE kehu_worklist SET level = 'none', score = 0, pinyin = NULL;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER kehu_worklist_records_truncated AFTER TRUNCATE ON kehu_records
        FOR EACH STATEMENT EXECUTE FUNCTION kehu_worklist_truncated();
      CREATE TRIGGER kehu_worklist_levels_truncated AFTER TRUNCATE ON kehu_levels
        FOR EACH STATEMENT EXECUTE FUNCTION kehu_worklist_truncated();

      -- The customers already stored.
      INSERT INTO kehu_worklist (id, name, owner, tier, stage, tags, value, currency, domains, level, score, pinyin)
      SELECT r.id, r.data ->> 'name', r.data ->> 'owner', coalesce(r.data ->> 'tier', 'general'), r.data ->> 'stage',
             r.data -> 'tags', (r.data ->> 'value')::double precision, r.data ->> 'currency', (r.data -> 'domains')::text,
             coalesce(l.level, 'none'), coalesce(l.score, 0), l.pinyin
        FROM kehu_records r LEFT JOIN kehu_levels l ON l.customer_id = r.id
       WHERE r.entity = 'customers' AND r.deleted_at IS NULL;
    `,
  },
  {
    version: 10,
    name: 'console: worklist free-text search index',
    sql: `
      -- The worklist's free-text search (name, domains, pinyin: ILIKE '%…%') through a trigram
      -- index, so a search reads the matching rows instead of every customer. pg_trgm is a contrib
      -- extension: PGlite loads it (db/pglite.ts), and PostgreSQL has it wherever its contrib
      -- modules are installed (Debian's postgresql package includes them). A server without it, or
      -- a role that may not create it, still works: the search then reads the whole table.
      -- The extension goes into public, not the migrating schema: a database may hold several
      -- Kehu schemas (the tests make one each and drop it afterwards, which would drop an extension
      -- created inside it), and the operator class is named with the schema it is in, wherever that is.
      DO $$
      DECLARE
        trgm_schema text;
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
          BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
          EXCEPTION WHEN insufficient_privilege OR invalid_schema_name OR unique_violation OR duplicate_object THEN
            -- No right to create it, no public schema, or another migration created it at the same moment.
            RAISE NOTICE 'pg_trgm not created here (%)', SQLERRM;
          END;
        END IF;
        SELECT n.nspname INTO trgm_schema
          FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
         WHERE e.extname = 'pg_trgm';
        IF trgm_schema IS NOT NULL THEN
          EXECUTE format(
            'CREATE INDEX kehu_worklist_search ON kehu_worklist USING gin '
            '(name %1$I.gin_trgm_ops, domains %1$I.gin_trgm_ops, pinyin %1$I.gin_trgm_ops)',
            trgm_schema);
        ELSE
          RAISE NOTICE 'pg_trgm is not installed: the worklist search reads every customer';
        END IF;
      END $$;
      `,
  },
  {
    version: 12,
    name: 'a notification when the team policy changes',
    sql: `
      -- Collector processes keep the newest team policy version in memory instead of reading it
      -- before every reassessment; a version put in force anywhere (another process, a tool on
      -- the database) is announced on the kehu_policies channel and every process reloads it.
      CREATE FUNCTION kehu_policies_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('kehu_policies', TG_OP);
        RETURN NULL;
      END $$;
      CREATE TRIGGER kehu_policies_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kehu_policies
        FOR EACH STATEMENT EXECUTE FUNCTION kehu_policies_changed();
    `,
  },
  {
    version: 13,
    name: 'console: keyset paging for the worklist',
    sql: `
      -- The worklist pages by keyset (collector/console/worklist-cursor.ts): a page asks for the rows
      -- after (or before) the last row it showed, in the sort's order, so a deep page reads as few
      -- rows as the first one (an OFFSET read and dropped every row before it). For that, each sort
      -- is one key whose columns all run the same way and are never NULL, compared as a row
      -- ((a, b, id) > ($1, $2, $3)), with an index in exactly that order:
      --   risk:  sort_risk (the level's rank, then the score, as one number, negated so the most
      --          urgent comes first), then the name, then the id;
      --   name:  the name, then the id;
      --   value: sort_value (the value negated, customers without one last), then the id;
      --   owner: customers without an owner last, then the owner, the name, the id.
      -- The opposite direction reads the same index backwards. rank is a generated column itself,
      -- so sort_risk spells out the levels again.
      ALTER TABLE kehu_worklist
        ADD COLUMN sort_risk bigint NOT NULL GENERATED ALWAYS AS (
          -((CASE level WHEN 'blue' THEN 1 WHEN 'yellow' THEN 2 WHEN 'orange' THEN 3 WHEN 'red' THEN 4 ELSE 0 END)::bigint
            * 4294967296 + score)) STORED,
        ADD COLUMN sort_name text NOT NULL GENERATED ALWAYS AS (coalesce(name, '')) STORED,
        ADD COLUMN sort_value double precision NOT NULL GENERATED ALWAYS AS (coalesce(-value, 'Infinity')) STORED,
        ADD COLUMN sort_no_owner boolean NOT NULL GENERATED ALWAYS AS (owner IS NULL) STORED,
        ADD COLUMN sort_owner text NOT NULL GENERATED ALWAYS AS (coalesce(owner, '')) STORED;
      -- These replace the sort indexes of migration 9 (kehu_worklist_owner stays: it serves the
      -- owner filter).
      DROP INDEX kehu_worklist_risk;
      DROP INDEX kehu_worklist_name;
      DROP INDEX kehu_worklist_value;
      CREATE INDEX kehu_worklist_by_risk ON kehu_worklist (sort_risk, sort_name, id);
      CREATE INDEX kehu_worklist_by_name ON kehu_worklist (sort_name, id);
      CREATE INDEX kehu_worklist_by_value ON kehu_worklist (sort_value, id);
      CREATE INDEX kehu_worklist_by_owner ON kehu_worklist (sort_no_owner, sort_owner, sort_name, id);

      -- The free-text search, lower-cased once when a row is written: name ILIKE '%…%' lower-cased
      -- both sides for every row it checked (ILIKE's own way in UTF-8), which made counting the
      -- matches of a broad search (a third of the customers) the slowest part of a page. The
      -- trigram index (migration 10) moves to this column; it still exists only where pg_trgm does.
      ALTER TABLE kehu_worklist
        ADD COLUMN search text NOT NULL GENERATED ALWAYS AS (lower(coalesce(name, '') || chr(10) || coalesce(domains, ''))) STORED;
      DO $$
      DECLARE
        trgm_schema text;
      BEGIN
        SELECT n.nspname INTO trgm_schema
          FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
         WHERE e.extname = 'pg_trgm';
        IF trgm_schema IS NOT NULL THEN
          DROP INDEX IF EXISTS kehu_worklist_search;
          EXECUTE format(
            'CREATE INDEX kehu_worklist_search ON kehu_worklist USING gin '
            '(search %1$I.gin_trgm_ops, pinyin %1$I.gin_trgm_ops)',
            trgm_schema);
        END IF;
      END $$;
    `,
  },
  {
    version: 14,
    name: 'console overview: tallies kept with the writes',
    sql: `
      -- The overview's live figures as small tallies that every write keeps exact in its own
      -- transaction, so a request reads a few hundred rows instead of every answer and every level
      -- (collector/console/overview.ts).

      -- Survey answers and exit answers per calendar month of the collector's zone. kind is
      -- nps, csat or ces (item: the score), exit (item '': the exit answers), exit_reason (item:
      -- a reason chosen) or exit_no_reason (item '': an exit answer without a reason). A writer
      -- adds to the rows of its slot (its server process's id modulo 8), so answers collected at
      -- the same moment on several connections do not queue for one row; a reader sums the slots.
      CREATE TABLE kehu_overview_zone (id integer PRIMARY KEY CHECK (id = 1), time_zone text NOT NULL);
      CREATE TABLE kehu_overview_answers (
        month text COLLATE "C" NOT NULL, -- YYYY-MM in kehu_overview_zone's zone
        kind text COLLATE "C" NOT NULL,
        item text COLLATE "C" NOT NULL,
        slot integer NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (month, kind, item, slot)
      );

      -- What one stored record adds to the tallies (nothing unless it is a live answer). The same
      -- rules as the overview's former live queries: a score is counted as written, an exit answer
      -- once and each of its reasons once ([null] when it chose none).
      CREATE FUNCTION kehu_overview_answer_items(rec kehu_records, zone text)
        RETURNS TABLE (month text, kind text, item text) LANGUAGE sql STABLE AS $f$
        SELECT to_char((rec.at::timestamptz) AT TIME ZONE zone, 'YYYY-MM'), x.kind, x.item
          FROM (
            SELECT rec.data ->> 'kind' AS kind, rec.data ->> 'score' AS item
             WHERE rec.data ->> 'kind' IN ('nps', 'csat', 'ces') AND rec.data ->> 'score' IS NOT NULL
            UNION ALL
            SELECT 'exit', '' WHERE rec.data ->> 'kind' = 'exit'
            UNION ALL
            SELECT CASE WHEN reason IS NULL THEN 'exit_no_reason' ELSE 'exit_reason' END, coalesce(reason, '')
              FROM jsonb_array_elements_text(
                     CASE WHEN jsonb_typeof(rec.data -> 'answers' -> 'reasons') = 'array'
                           AND jsonb_array_length(rec.data -> 'answers' -> 'reasons') > 0
                          THEN rec.data -> 'answers' -> 'reasons' ELSE '[null]'::jsonb END) AS reason
             WHERE rec.data ->> 'kind' = 'exit'
          ) x
         WHERE rec.entity = 'responses' AND rec.deleted_at IS NULL
      $f$;

      -- A write of an answer: its old version's items go, its new version's come (an edit that
      -- moves it to another month, a deletion, a changed score); an edit that changes none of
      -- them (linking it to a customer) writes nothing.
      CREATE FUNCTION kehu_overview_answer_written() RETURNS trigger LANGUAGE plpgsql AS $f$
      DECLARE
        zone text := (SELECT time_zone FROM kehu_overview_zone WHERE id = 1);
      BEGIN
        INSERT INTO kehu_overview_answers AS t (month, kind, item, slot, n)
        SELECT x.month, x.kind, x.item, pg_backend_pid() % 8, sum(x.d)
          FROM (SELECT i.*, 1 AS d FROM kehu_overview_answer_items(NEW, zone) i WHERE TG_OP <> 'DELETE'
                UNION ALL
                SELECT i.*, -1 FROM kehu_overview_answer_items(OLD, zone) i WHERE TG_OP <> 'INSERT') x
         GROUP BY 1, 2, 3 HAVING sum(x.d) <> 0
        ON CONFLICT (month, kind, item, slot) DO UPDATE SET n = t.n + excluded.n;
        RETURN NULL;
      END $f$;
      CREATE TRIGGER kehu_overview_answer_write AFTER INSERT OR UPDATE ON kehu_records
        FOR EACH ROW WHEN (NEW.entity = 'responses') EXECUTE FUNCTION kehu_overview_answer_written();
      CREATE TRIGGER kehu_overview_answer_delete AFTER DELETE ON kehu_records
        FOR EACH ROW WHEN (OLD.entity = 'responses') EXECUTE FUNCTION kehu_overview_answer_written();

      -- Count every answer again in another zone (the collector was started with another one).
      -- Writers wait meanwhile (the lock blocks them, and a second recount), so none is counted
      -- twice or missed.
      CREATE FUNCTION kehu_overview_answers_recount(zone text) RETURNS void LANGUAGE plpgsql AS $f$
      BEGIN
        LOCK TABLE kehu_records IN SHARE ROW EXCLUSIVE MODE;
        IF (SELECT time_zone FROM kehu_overview_zone WHERE id = 1) = zone THEN
          RETURN;
        END IF;
        INSERT INTO kehu_overview_zone (id, time_zone) VALUES (1, zone)
          ON CONFLICT (id) DO UPDATE SET time_zone = excluded.time_zone;
        DELETE FROM kehu_overview_answers;
        INSERT INTO kehu_overview_answers (month, kind, item, slot, n)
        SELECT x.month, x.kind, x.item, 0, count(*)
          FROM kehu_records r CROSS JOIN LATERAL kehu_overview_answer_items(r, zone) x
         WHERE r.entity = 'responses' AND r.deleted_at IS NULL
         GROUP BY 1, 2, 3;
      END $f$;

      -- Customers per level now (scope all: the rows of kehu_levels) and the top 20% by revenue
      -- per level now (scope top: kehu_overview_top, none where a customer has no level row).
      CREATE TABLE kehu_overview_levels (
        scope text COLLATE "C" NOT NULL CHECK (scope IN ('all', 'top')),
        level text COLLATE "C" NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (scope, level)
      );
      CREATE FUNCTION kehu_overview_levels_recount() RETURNS void LANGUAGE sql AS $f$
        DELETE FROM kehu_overview_levels;
        INSERT INTO kehu_overview_levels (scope, level, n)
        SELECT 'all', level, count(*) FROM kehu_levels GROUP BY level
        UNION ALL
        SELECT 'top', coalesce(l.level, 'none'), count(*)
          FROM kehu_overview_top p LEFT JOIN kehu_levels l ON l.customer_id = p.customer_id GROUP BY 2;
      $f$;
      -- Level changes as (customer, level, +1 or -1); a null level is "no row in kehu_levels".
      CREATE FUNCTION kehu_overview_levels_add(ids text[], levels text[], ds integer[]) RETURNS void LANGUAGE sql AS $f$
        INSERT INTO kehu_overview_levels AS t (scope, level, n)
        SELECT y.scope, y.level, sum(y.d) FROM (
          SELECT 'all' AS scope, x.level, x.d FROM unnest(ids, levels, ds) AS x(id, level, d) WHERE x.level IS NOT NULL
          UNION ALL
          SELECT 'top', coalesce(x.level, 'none'), x.d
            FROM unnest(ids, levels, ds) AS x(id, level, d) JOIN kehu_overview_top p ON p.customer_id = x.id
        ) y
        GROUP BY 1, 2 HAVING sum(y.d) <> 0
        ON CONFLICT (scope, level) DO UPDATE SET n = t.n + excluded.n;
      $f$;
      -- Once per statement (a full pass writes 2,000 levels a statement), from its transition
      -- tables. The level writes and the top's replacement each read the other table, so both take
      -- one lock first: neither counts from a half-done change of the other. Only these tallies
      -- take it, and always before touching them, so it cannot deadlock with their row locks.
      CREATE FUNCTION kehu_overview_levels_written() RETURNS trigger LANGUAGE plpgsql AS $f$
      BEGIN
        -- Nothing to count (most reassessments change a score, not a level; an upsert that
        -- updates fires the insert trigger too, with no rows).
        -- (Each test on its own: a trigger knows only its own transition tables.)
        IF TG_OP = 'INSERT' THEN
          IF NOT EXISTS (SELECT FROM new_rows) THEN RETURN NULL; END IF;
        ELSIF TG_OP = 'DELETE' THEN
          IF NOT EXISTS (SELECT FROM old_rows) THEN RETURN NULL; END IF;
        ELSIF TG_OP = 'UPDATE' THEN
          IF NOT EXISTS (SELECT FROM new_rows n JOIN old_rows o ON o.customer_id = n.customer_id
                          WHERE n.level IS DISTINCT FROM o.level) THEN
            RETURN NULL;
          END IF;
        END IF;
        PERFORM pg_advisory_xact_lock(7274914);
        IF TG_OP = 'INSERT' THEN
          PERFORM kehu_overview_levels_add(array_agg(id), array_agg(level), array_agg(d))
             FROM (SELECT customer_id AS id, level, 1 AS d FROM new_rows
                   UNION ALL SELECT customer_id, NULL, -1 FROM new_rows) x;
        ELSIF TG_OP = 'UPDATE' THEN
          PERFORM kehu_overview_levels_add(array_agg(id), array_agg(level), array_agg(d))
             FROM (SELECT customer_id AS id, level, 1 AS d FROM new_rows
                   UNION ALL SELECT customer_id, level, -1 FROM old_rows) x;
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM kehu_overview_levels_add(array_agg(id), array_agg(level), array_agg(d))
             FROM (SELECT customer_id AS id, level, -1 AS d FROM old_rows
                   UNION ALL SELECT customer_id, NULL, 1 FROM old_rows) x;
        ELSE
          PERFORM kehu_overview_levels_recount();
        END IF;
        RETURN NULL;
      END $f$;
      CREATE TRIGGER kehu_overview_levels_insert AFTER INSERT ON kehu_levels REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION kehu_overview_levels_written();
      CREATE TRIGGER kehu_overview_levels_update AFTER UPDATE ON kehu_levels
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION kehu_overview_levels_written();
      CREATE TRIGGER kehu_overview_levels_delete AFTER DELETE ON kehu_levels REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION kehu_overview_levels_written();
      CREATE TRIGGER kehu_overview_levels_truncate AFTER TRUNCATE ON kehu_levels
        FOR EACH STATEMENT EXECUTE FUNCTION kehu_overview_levels_written();

      -- The top 20% replaced (the full pass): customers joining count at their level now, leaving ones go.
      CREATE FUNCTION kehu_overview_top_written() RETURNS trigger LANGUAGE plpgsql AS $f$
      BEGIN
        PERFORM pg_advisory_xact_lock(7274914);
        IF TG_OP = 'INSERT' THEN
          INSERT INTO kehu_overview_levels AS t (scope, level, n)
          SELECT 'top', coalesce(l.level, 'none'), count(*)
            FROM new_rows p LEFT JOIN kehu_levels l ON l.customer_id = p.customer_id GROUP BY 2
          ON CONFLICT (scope, level) DO UPDATE SET n = t.n + excluded.n;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO kehu_overview_levels AS t (scope, level, n)
          SELECT 'top', coalesce(l.level, 'none'), -count(*)
            FROM old_rows p LEFT JOIN kehu_levels l ON l.customer_id = p.customer_id GROUP BY 2
          ON CONFLICT (scope, level) DO UPDATE SET n = t.n + excluded.n;
        ELSE
          PERFORM kehu_overview_levels_recount();
        END IF;
        RETURN NULL;
      END $f$;
      CREATE TRIGGER kehu_overview_top_insert AFTER INSERT ON kehu_overview_top REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION kehu_overview_top_written();
      CREATE TRIGGER kehu_overview_top_delete AFTER DELETE ON kehu_overview_top REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION kehu_overview_top_written();
      CREATE TRIGGER kehu_overview_top_truncate AFTER TRUNCATE ON kehu_overview_top
        FOR EACH STATEMENT EXECUTE FUNCTION kehu_overview_top_written();

      -- Emptied records (tests, a reset): so are the answers' tallies.
      CREATE FUNCTION kehu_overview_records_truncated() RETURNS trigger LANGUAGE plpgsql AS $f$
      BEGIN
        DELETE FROM kehu_overview_answers;
        RETURN NULL;
      END $f$;
      CREATE TRIGGER kehu_overview_records_truncated AFTER TRUNCATE ON kehu_records
        FOR EACH STATEMENT EXECUTE FUNCTION kehu_overview_records_truncated();

      -- What is stored already: answers counted in the zone of the last full pass (UTC before
      -- one; the collector counts again on start if its zone is another), levels as they are.
      SELECT kehu_overview_answers_recount(coalesce((SELECT time_zone FROM kehu_overview_state WHERE id = 1), 'UTC'));
      SELECT kehu_overview_levels_recount();
    `,
  },
  {
    version: 15,
    name: 'answers from sites are staged, then numbered into the change log in batches',
    sql: `
      -- An answer from a site is acknowledged once it is here: an insert that takes no shared
      -- lock, so concurrent commits share their WAL flushes. One mover at a time (store/collect.ts,
      -- moveCollected) then gives the staged answers their change-log numbers in one batch and
      -- writes them to kehu_records. A moved answer keeps its row, without its data, so a replay
      -- is recognised by the primary key at any time, also while its answer is being moved.
      CREATE TABLE kehu_collected (
        id text COLLATE "C" PRIMARY KEY, -- the response's id (store/collect.ts, responseId)
        n bigint GENERATED ALWAYS AS IDENTITY, -- arrival order: answers are moved in it
        email text,  -- the respondent's normalised address, for matching a contact
        domain text, -- its registrable domain, for matching a customer
        data jsonb   -- the Response record; NULL once moved into kehu_records
      );
      CREATE INDEX kehu_collected_waiting ON kehu_collected (n) WHERE data IS NOT NULL;
    `,
  },
  {
    version: 16,
    name: "console overview: a level's tally changes only when a level does",
    sql: `
      -- A reassessment writes one customer's level row, and mostly its score changes, not its
      -- level. Migration 14's statement trigger ran for every such write: it kept the statement's
      -- old and new rows and compared them in PL/pgSQL, which on PGlite took as long as the write
      -- itself. A row trigger whose WHEN compares the two levels runs nothing when they are equal.
      -- A full pass rewrites every level in one transaction and says so (kehu.levels_bulk, set
      -- locally by collector/console/levels.ts): there the statement trigger stays, since a row
      -- trigger per changed level would update the same few tally rows thousands of times in one
      -- transaction, each update walking the versions the ones before it left.
      DROP TRIGGER kehu_overview_levels_update ON kehu_levels;
      CREATE TRIGGER kehu_overview_levels_update AFTER UPDATE ON kehu_levels
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT WHEN (current_setting('kehu.levels_bulk', true) = 'on')
        EXECUTE FUNCTION kehu_overview_levels_written();
      -- One row's change, in statements PL/pgSQL plans once: kehu_overview_levels_add joins the
      -- top 20% as a set, which for one row read the whole top table (2 ms at 100,000 customers).
      CREATE FUNCTION kehu_overview_level_changed() RETURNS trigger LANGUAGE plpgsql AS $f$
      BEGIN
        PERFORM pg_advisory_xact_lock(7274914); -- as kehu_overview_levels_written
        INSERT INTO kehu_overview_levels AS t (scope, level, n) VALUES ('all', OLD.level, -1)
          ON CONFLICT (scope, level) DO UPDATE SET n = t.n + excluded.n;
        INSERT INTO kehu_overview_levels AS t (scope, level, n) VALUES ('all', NEW.level, 1)
          ON CONFLICT (scope, level) DO UPDATE SET n = t.n + excluded.n;
        IF EXISTS (SELECT FROM kehu_overview_top WHERE customer_id = OLD.customer_id) THEN
          INSERT INTO kehu_overview_levels AS t (scope, level, n) VALUES ('top', OLD.level, -1)
            ON CONFLICT (scope, level) DO UPDATE SET n = t.n + excluded.n;
        END IF;
        IF EXISTS (SELECT FROM kehu_overview_top WHERE customer_id = NEW.customer_id) THEN
          INSERT INTO kehu_overview_levels AS t (scope, level, n) VALUES ('top', NEW.level, 1)
            ON CONFLICT (scope, level) DO UPDATE SET n = t.n + excluded.n;
        END IF;
        RETURN NULL;
      END $f$;
      CREATE TRIGGER kehu_overview_level_changed AFTER UPDATE ON kehu_levels FOR EACH ROW
        WHEN ((OLD.level, OLD.customer_id) IS DISTINCT FROM (NEW.level, NEW.customer_id)
              AND current_setting('kehu.levels_bulk', true) IS DISTINCT FROM 'on')
        EXECUTE FUNCTION kehu_overview_level_changed();
    `,
  },
];

export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError';
}

/** Bring the schema up to date. Returns the version found and the version now. */
export async function migrate(db: Sql, now: string, migrations = MIGRATIONS): Promise<{ from: number; to: number }> {
  const latest = Math.max(...migrations.map((m) => m.version));
  return db.transaction(async (tx) => {
    // Several collectors starting at once on one PostgreSQL database: one migrates, the others wait.
    await tx.query('SELECT pg_advisory_xact_lock(7274911)');
    await tx.query(
      'CREATE TABLE IF NOT EXISTS kehu_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)',
    );
    const [row] = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM kehu_schema_migrations');
    const from = row?.v ?? 0;
    if (from > latest) {
      throw new SchemaTooNewError(
        `the database (${db.where}) has Kehu schema version ${from}, but this kehu knows versions up to ${latest}: ` +
          'it was written by a newer Kehu. Upgrade kehu to use it; this one will not touch it.',
      );
    }
    for (const m of migrations) {
      if (m.version <= from) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO kehu_schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        now,
      ]);
    }
    return { from, to: Math.max(from, latest) };
  });
}
