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
