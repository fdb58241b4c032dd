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
