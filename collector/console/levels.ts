// The collector's run of the shared early-warning engine (shared/src/risk), so the console shows
// the levels the extension and `kehu risk` compute for the same records, date and policy.
//
// A RiskBook in memory holds every customer's compact facts (never whole records). A full pass
// reads every record in the order `kehu risk` reads files (customers, contacts, interactions,
// answers, cases) and assesses everyone; afterwards `catchUp()` reads only the changes after the
// last one it saw (the change log's seq), rebuilds the facts of the customers those changes touch
// from the store, and reassesses just them. Each customer's level, score and assessment go to
// kehu_levels, which the console's lists and exports join.
//
// Every assessment is made from scratch as of its moment, with no previous assessment, as
// `kehu risk` does: a customer's level is a pure function of the records, the moment and the
// policy, whichever process or order computed it.
import { pinyin } from 'pinyin-pro';
import type { Case } from '#shared/model/case.ts';
import type { Contact } from '#shared/model/contact.ts';
import type { Customer } from '#shared/model/customer.ts';
import type { Interaction } from '#shared/model/interaction.ts';
import type { Policy } from '#shared/model/policy.ts';
import type { Response } from '#shared/model/response.ts';
import type { Assessment } from '#shared/model/risk.ts';
import type { CustomerFacts } from '#shared/risk/facts.ts';
import { RiskBook, defaultPolicy } from '#shared/risk/index.ts';
import { type Sql, type Statement, int } from '../db/sql.ts';
import { teamPolicy, teamPolicyVersion } from '../store/policies.ts';
import { scanRecords } from '../store/records.ts';
import { countAnswersIn, overviewHistory, writeOverviewHistory } from './overview.ts';

const DAY_MS = 86_400_000;

export interface LevelsOptions {
  /** The clock: assessments are made as of its moment. */
  now: () => Date;
  /** The zone whose calendar days count as one contact day (as `kehu risk --tz`). Default: this computer's. */
  timeZone?: string;
  /**
   * A fixed risk policy. Without one, the team's newest policy version in the store
   * (kehu_policies) is used, Kehu's default (version 1) while there is none, and a new version
   * there brings a full pass.
   */
  policy?: Policy;
  /** Told when a background pass fails (the next change or the daily pass tries again). */
  onError?: (e: unknown) => void;
  /**
   * The newest team policy version when it is kept in memory (the collector keeps it while
   * notifications tell it of changes), else null. Null or absent: each pass reads it from the
   * store, a catch-up in the same statement as the changes.
   */
  policyVersion?: () => Promise<number | null> | null;
}

/** The readings of a Chinese name for the worklist's pinyin search: syllables, then initials ("shanghaimaoyi shmy"). */
export function pinyinKey(name: string): string | null {
  if (!/\p{Script=Han}/u.test(name)) return null;
  const readings = pinyin(name, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' }).filter((r) => /^[a-z]+$/.test(r));
  if (readings.length === 0) return null;
  return `${readings.join('')} ${readings.map((r) => r[0]).join('')}`;
}

export class Levels {
  readonly #db: Sql;
  readonly #options: LevelsOptions;
  #book: RiskBook;
  #policy: Policy;
  /** The newest team policy version in the store at the last full pass (null: none). */
  #teamVersion: number | null = null;
  /** The last change (seq) the book has seen; -1 before the first full pass. */
  #seq = -1;
  /** Answers without a customer id that matched a customer by address, by that customer (rebuilt with it). */
  #byAddress = new Map<string, Response[]>();
  /** The name of every live customer record, by id (a level row's pinyin comes from it). */
  #names = new Map<string, string>();
  /**
   * Customers with records dated after the moment they were last assessed (a clock ahead, a
   * meeting booked): left out of the book then, so a later fact is not simply appended for them
   * (#appendOnly); their next catch-up rebuilds them from the store.
   */
  #later = new Set<string>();
  #running: Promise<void> = Promise.resolve();
  #pending = false;
  #daily: ReturnType<typeof setInterval> | null = null;

  constructor(db: Sql, options: LevelsOptions) {
    this.#db = db;
    this.#options = options;
    this.#policy = options.policy ?? defaultPolicy(options.now().toISOString());
    this.#book = new RiskBook({ timeZone: this.#timeZone() });
  }

  #timeZone(): string {
    return this.#options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  }

  /** The zone whose calendar days (and months, for the overview) count. */
  get timeZone(): string {
    return this.#timeZone();
  }

  get policy(): Policy {
    return this.#policy;
  }

  /** The full pass now (unless one ran already), then a full pass every day (the clock moves levels even without changes). */
  start(): Promise<void> {
    this.#daily ??= setInterval(() => void this.#queue(() => this.fullPass()), DAY_MS);
    this.#daily.unref?.();
    return this.#queue(async () => {
      if (this.#seq < 0) await this.fullPass();
    });
  }

  /** Stop the daily pass and wait for the one running. */
  async stop(): Promise<void> {
    if (this.#daily) clearInterval(this.#daily);
    this.#daily = null;
    await this.#running;
  }

  /** Reassess after a write (collect, push, import): runs after the pass in progress, coalesced. */
  changed(): Promise<void> {
    if (this.#pending) return this.#running;
    this.#pending = true;
    return this.#queue(async () => {
      this.#pending = false;
      if (this.#seq < 0) await this.fullPass();
      else await this.catchUp();
    });
  }

  #queue(work: () => Promise<unknown>): Promise<void> {
    const next = this.#running.then(work).then(
      () => {},
      (e) => this.#options.onError?.(e),
    );
    this.#running = next;
    return next;
  }

  /** The team's newest policy version, unless a policy was given; the default while there is none. */
  async #loadPolicy(): Promise<void> {
    if (this.#options.policy) return;
    this.#teamVersion = await this.#newestVersion();
    this.#policy = (await teamPolicy(this.#db)) ?? defaultPolicy(this.#options.now().toISOString());
  }

  #newestVersion(): Promise<number | null> {
    return this.#options.policyVersion?.() ?? teamPolicyVersion(this.#db);
  }

  /** Read every record and assess every customer as of now. */
  async fullPass(): Promise<{ customers: number }> {
    await this.#loadPolicy();
    const asOf = this.#options.now().toISOString();
    const t = Date.parse(asOf);
    const [top] = await this.#db.query<{ last: unknown }>('SELECT last FROM kehu_sequence WHERE id = 1');
    const seq = top ? int(top.last) : 0;
    const book = new RiskBook({ timeZone: this.#timeZone() });
    const byAddress = new Map<string, Response[]>();
    const names = new Map<string, string>();
    for await (const c of scanRecords(this.#db, 'customers', { pageSize: 5000 })) {
      book.addCustomer(c);
      names.set(c.id, c.name);
    }
    for await (const c of scanRecords(this.#db, 'contacts', { pageSize: 5000 })) book.addContact(c);
    for await (const i of scanRecords(this.#db, 'interactions', { pageSize: 5000, to: nextInstant(asOf) }))
      if (i.customerId && Date.parse(i.occurredAt) <= t) book.addInteraction(i as Interaction & { customerId: string });
    for await (const r of scanRecords(this.#db, 'responses', { pageSize: 5000, to: nextInstant(asOf) })) {
      if (Date.parse(r.submittedAt) > t) continue;
      const id = book.addResponse(r);
      if (id && !r.customerId) push(byAddress, id, r);
    }
    for await (const c of scanRecords(this.#db, 'cases', { pageSize: 5000, to: nextInstant(asOf) }))
      if (Date.parse(c.openedAt) <= t) book.addCase(c);
    const later = new Set<string>();
    for (const entity of ['interactions', 'responses', 'cases'] as const)
      for await (const r of scanRecords(this.#db, entity, { pageSize: 5000, from: nextInstant(asOf) })) {
        const id = r.customerId ?? (entity === 'responses' ? book.customerOfEmail((r as Response).respondent?.email) : null);
        if (id) later.add(id);
      }

    // The overview's month-end levels, loss rate and 80/20 watch, from the same book (before the
    // pass below: that pass leaves the book's key-account cutoff at `asOf` for the catch-ups).
    const history = await overviewHistory(book, asOf, this.#timeZone(), this.#policy);
    const rows: LevelRow[] = [];
    const assessed = new Set<string>();
    for (const a of book.assessAll(asOf, this.#policy)) {
      assessed.add(a.customerId);
      rows.push(levelRow(a, names.get(a.customerId)));
    }
    for (const [id, name] of names) if (!assessed.has(id)) rows.push(noLevel(id, name));
    await this.#write(rows, asOf, seq);
    await writeOverviewHistory(this.#db, history);
    // The overview's answer tallies follow this collector's zone (a recount only when it changed).
    await countAnswersIn(this.#db, this.#timeZone());
    // Fresh statistics for the planner, so that the incremental pass's lookups (a customer's
    // records, the changes after a seq) use their indexes. PGlite has no autovacuum to gather
    // them, and PostgreSQL's may not have run yet after a large import.
    await this.#db.exec('ANALYZE kehu_records, kehu_levels, kehu_worklist');
    this.#book = book;
    this.#byAddress = byAddress;
    this.#names = names;
    this.#later = later;
    this.#seq = seq;
    return { customers: rows.length };
  }

  /**
   * Reassess the customers touched by changes after the last one seen. Returns how many.
   *
   * After one collect this is two statements: one reads the changes (and the newest policy
   * version, unless it is kept in memory), the other writes the levels that changed. A change that
   * only adds a fact (#appendOnly: a new answer, order or case, later than the customer's facts of
   * its kind) goes into the book as it is; any other change has the customer's facts rebuilt from
   * its stored records (one more statement a customer). More only when needed: further pages of
   * changes, the earlier versions of edited records, customers reached by an address or left by a
   * moved record.
   */
  async catchUp(): Promise<{ customers: number }> {
    if (this.#seq < 0) return this.fullPass();
    const asOf = this.#options.now().toISOString();
    // The newest policy version: the one kept in memory (PostgreSQL, while its changes are
    // announced), else read with the changes. Read once either way.
    const kept = this.#options.policy ? null : (this.#options.policyVersion?.() ?? null);
    const known = kept === null ? undefined : await kept;
    const touched = new Set<string>();
    // Answers among the changes that name no customer but have an address: each may reach a
    // customer by that address (#reassess).
    const unlinked: Response[] = [];
    /** The touched customers' records, read after the changes. */
    const records = new Map<string, StoredRecord[]>();
    /** Every change read, in order. */
    const all: ChangeRow[] = [];
    let seq = this.#seq;
    for (let first = true; ; first = false) {
      // Prepared, with one plan for every pass on PGlite (see changes() below). Reading the named
      // customers' records in this statement too was tried: at 100,000 customers it took 70-380 ms
      // of server time a pass on PostgreSQL, so the records are read per customer below.
      const readPolicy = first && known === undefined && !this.#options.policy;
      const rows = await this.#db.query<ChangeRow>(readPolicy ? CHANGES_AND_POLICY : CHANGES, [seq]);
      const head = rows[0];
      // A new policy version changes every level: everyone is assessed again with it.
      if (first && !this.#options.policy) {
        const newest = known !== undefined ? known : head?.policy == null ? null : Number(head.policy);
        if (newest !== this.#teamVersion) return this.fullPass();
      }
      const changes = rows.filter((r) => r.entity !== null);
      if (changes.length === 0) break;
      all.push(...changes);
      const replaced: { entity: string; id: string }[] = [];
      for (const r of changes) {
        seq = Math.max(seq, int(r.seq));
        if (r.entity === 'customers') touched.add(r.id);
        else if (typeof r.data.customerId === 'string') touched.add(r.data.customerId);
        else if (r.entity === 'responses') {
          const email = (r.data.respondent as { email?: string } | undefined)?.email;
          const id = this.#book.customerOfEmail(email);
          if (id) touched.add(id);
          if (email && r.deleted_at === null) unlinked.push(r.data as unknown as Response);
        }
        if (r.rev > 1) replaced.push({ entity: r.entity as string, id: r.id });
      }
      // A record that moved (an answer linked to a customer, a contact to another company): the
      // customer it left is touched too. Its earlier versions are in kehu_history.
      if (replaced.length > 0) {
        const before = await this.#db.query<{ customer: string | null }>(
          `SELECT DISTINCT h.data ->> 'customerId' AS customer
             FROM unnest($1::text[], $2::text[]) AS k(entity, id)
             JOIN kehu_history h ON h.entity = k.entity AND h.id = k.id`,
          [replaced.map((r) => r.entity), replaced.map((r) => r.id)],
        );
        for (const b of before) if (b.customer) touched.add(b.customer);
      }
      if (changes.length < 5000) break;
    }
    // Many customers at once (an import): a full pass, which also recomputes the key-account
    // watch's value cutoff over everyone (an incremental pass reuses the day's cutoff).
    if (touched.size > Math.max(100, this.#book.customers.size / 100)) return this.fullPass();
    const appended = this.#appendOnly(all, Date.parse(asOf));
    if (appended) {
      const rows = this.#append(appended, asOf);
      await this.#writeChanged(rows, [], asOf);
      this.#seq = seq;
      return { customers: rows.length };
    }
    // Each touched customer's records: two index lookups each.
    for (const id of touched) records.set(id, await this.#db.query<StoredRecord>(RECORDS_OF, [id]));
    // Answers matched by address earlier that may have changed since (linked, deleted): read again, all at once.
    const earlier = [...touched].flatMap((id) => (this.#byAddress.get(id) ?? []).map((r) => r.id));
    const current = new Map<string, Response>();
    if (earlier.length > 0) {
      const rows = await this.#db.query<{ data: Response }>(
        "SELECT data FROM kehu_records WHERE entity = 'responses' AND id = ANY($1::text[]) AND deleted_at IS NULL",
        [earlier],
      );
      for (const r of rows) current.set(r.data.id, r.data);
    }
    const rows: LevelRow[] = [];
    const gone: string[] = [];
    for (const id of touched) {
      const row = this.#reassess(id, records.get(id) ?? [], asOf, unlinked, current);
      if (row === 'gone') gone.push(id);
      else if (row) rows.push(row);
    }
    await this.#writeChanged(rows, gone, asOf);
    this.#seq = seq;
    return { customers: touched.size };
  }

  /**
   * Rebuild one customer's facts from its stored records (customer, contacts, interactions,
   * answers, cases, in that order) and assess them. 'gone': no records, the level row goes.
   * `unlinked`: the changed answers without a customer id; `current`: the answers matched by
   * address before, as stored now.
   */
  #reassess(
    id: string,
    records: readonly StoredRecord[],
    asOf: string,
    unlinked: readonly Response[],
    current: ReadonlyMap<string, Response>,
  ): LevelRow | 'gone' | null {
    const t = Date.parse(asOf);
    const book = this.#book;
    book.customers.delete(id);
    let customer: Customer | null = null;
    let later = false;
    for (const { entity, data } of records) {
      switch (entity) {
        case 'customers':
          customer = data as unknown as Customer;
          book.addCustomer(customer);
          break;
        case 'contacts':
          book.addContact(data as unknown as Contact);
          break;
        case 'interactions': {
          const i = data as unknown as Interaction & { customerId: string };
          if (Date.parse(i.occurredAt) <= t) book.addInteraction(i);
          else later = true;
          break;
        }
        case 'responses': {
          const r = data as unknown as Response;
          if (Date.parse(r.submittedAt) <= t) book.addResponse(r);
          else later = true;
          break;
        }
        case 'cases': {
          const c = data as unknown as Case;
          if (Date.parse(c.openedAt) <= t) book.addCase(c);
          else later = true;
          break;
        }
      }
    }
    if (records.length === 0) {
      book.customers.delete(id);
      this.#byAddress.delete(id);
      this.#names.delete(id);
      this.#later.delete(id);
      return 'gone';
    }
    if (customer) this.#names.set(id, (customer as Customer).name);
    else this.#names.delete(id);
    // Answers without a customer id that reached this customer by the respondent's address.
    const byAddress: Response[] = [];
    for (const r of this.#byAddress.get(id) ?? []) {
      const now = current.get(r.id);
      if (now && !now.customerId) byAddress.push(now);
    }
    for (const r of unlinked)
      if (book.customerOfEmail(r.respondent?.email) === id && !byAddress.some((b) => b.id === r.id)) byAddress.push(r);
    for (const r of byAddress) {
      if (Date.parse(r.submittedAt) <= t) book.addResponse(r);
      else later = true;
    }
    this.#byAddress.set(id, byAddress);
    if (later) this.#later.add(id);
    else this.#later.delete(id);
    const a = book.assess(id, asOf, this.#policy);
    const name = (customer as Customer | null)?.name;
    if (a) return levelRow(a, name);
    // History but no customer record (kehu risk assesses such ids too): no row until there is history.
    return name === undefined ? null : noLevel(id, name);
  }

  /**
   * The changes, when every one only adds a fact to a customer the book holds: each with that
   * customer's id. Null when any change needs the customer's facts rebuilt from the store: an edit
   * or a deletion (rev above 1, deleted), a contact or customer, a record dated after `asOf`, one
   * for a customer without a live record or with records the book left out as dated after their
   * last assessment (#later), or one not later than that customer's latest fact of its kind (the
   * rebuild adds facts in time order, and appending keeps that order only for a later one).
   * Answers and interactions that reach no customer are left out, as a rebuild leaves them.
   */
  #appendOnly(changes: readonly ChangeRow[], asOf: number): { id: string; change: ChangeRow }[] | null {
    const latest = new Map<string, number>(); // customer and entity → its latest fact so far
    const out: { id: string; change: ChangeRow }[] = [];
    for (const r of changes) {
      const entity = r.entity as string;
      if (int(r.rev) !== 1 || r.deleted_at !== null || !(entity in FACT_TIME)) return null;
      const time = Date.parse(String(r.data[FACT_TIME[entity as keyof typeof FACT_TIME]]));
      if (!(time <= asOf)) return null;
      let id = typeof r.data.customerId === 'string' ? r.data.customerId : null;
      if (id === null && entity === 'responses') {
        const email = (r.data.respondent as { email?: string } | undefined)?.email;
        id = this.#book.customerOfEmail(email);
      }
      if (id === null) continue;
      const facts = this.#book.customers.get(id);
      if (!facts || !this.#names.has(id) || this.#later.has(id)) return null;
      const key = `${id}\u0000${entity}`;
      if (!(time > (latest.get(key) ?? latestFact(facts, entity)))) return null;
      latest.set(key, time);
      out.push({ id, change: r });
    }
    return out;
  }

  /** Add #appendOnly's facts to the book and assess their customers: the level rows. */
  #append(appended: readonly { id: string; change: ChangeRow }[], asOf: string): LevelRow[] {
    const touched = new Set<string>();
    for (const { id, change } of appended) {
      touched.add(id);
      const data = change.data as unknown;
      if (change.entity === 'interactions') this.#book.addInteraction(data as Interaction & { customerId: string });
      else if (change.entity === 'cases') this.#book.addCase(data as Case);
      else {
        const r = data as Response;
        this.#book.addResponse(r);
        if (!r.customerId) push(this.#byAddress, id, r);
      }
    }
    const rows: LevelRow[] = [];
    for (const id of touched) {
      const name = this.#names.get(id);
      const a = this.#book.assess(id, asOf, this.#policy);
      if (a) rows.push(levelRow(a, name));
      else if (name !== undefined) rows.push(noLevel(id, name));
    }
    return rows;
  }

  /**
   * An incremental pass's levels: rows of deleted customers go (a statement of its own, only when
   * there are some), and a level is written only where it differs from the stored one in more than its moment (as_of and the
   * assessment's asOf): level, score, reasons, pinyin or policy. So most catch-ups change one row or
   * none, and the console's tallies and lists are touched only by real changes. Derived data: its
   * commit does not wait for the disk (see #write).
   */
  async #writeChanged(rows: LevelRow[], gone: string[], asOf: string): Promise<void> {
    // Separate statements: a delete, even of no rows, runs the tallies' delete trigger.
    if (gone.length > 0) await this.#db.write(DELETE_GONE, [JSON.stringify(gone)]);
    if (rows.length === 0) return;
    const levels = rows.map((r) => ({
      customer_id: r.customerId,
      level: r.level,
      score: r.score,
      assessment: r.assessment,
      pinyin: r.pinyin,
      as_of: asOf,
      policy_version: this.#policy.version,
    }));
    await this.#db.write(WRITE_CHANGED, [JSON.stringify(levels)]);
  }

  /**
   * A full pass's levels and the change they have seen up to (kehu_levels_state; catch-ups keep
   * their place in memory only), in one transaction. Levels are derived from the records and
   * every start recomputes them all (start()), so their commit does not wait for the disk
   * (synchronous_commit off): after a crash the full pass writes them again.
   */
  async #write(rows: LevelRow[], asOf: string, seq: number): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await tx.query('SET LOCAL synchronous_commit = off');
      // Every level in one transaction: the overview's tallies follow per statement (migration 16).
      await tx.query("SET LOCAL kehu.levels_bulk = 'on'");
      for (let i = 0; i < rows.length; i += WRITE_CHUNK)
        await tx.query(UPSERT_LEVELS, this.#levelParams(rows.slice(i, i + WRITE_CHUNK), asOf));
      // Rows of customers that no longer exist go.
      await tx.query('DELETE FROM kehu_levels WHERE as_of <> $1', [asOf]);
      await tx.query(
        `INSERT INTO kehu_levels_state (id, seq, as_of) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, as_of = excluded.as_of`,
        [seq, asOf],
      );
    });
  }

  /** UPSERT_LEVELS's parameters $1…$7 for some rows. */
  #levelParams(part: LevelRow[], asOf: string): unknown[] {
    return [
      part.map((r) => r.customerId),
      part.map((r) => r.level),
      part.map((r) => r.score),
      part.map((r) => (r.assessment ? JSON.stringify(r.assessment) : null)),
      part.map((r) => r.pinyin),
      part.map(() => asOf),
      part.map(() => this.#policy.version),
    ];
  }
}

/** The field holding the time of each kind of record a change may add as a fact (see Levels.#appendOnly). */
const FACT_TIME = { interactions: 'occurredAt', responses: 'submittedAt', cases: 'openedAt' } as const;

/**
 * A customer's latest fact of an entity's kind (ms; -Infinity when none). Interactions out of time
 * order (they are sorted when next read) give +Infinity: nothing is later.
 */
function latestFact(facts: CustomerFacts, entity: string): number {
  let latest = Number.NEGATIVE_INFINITY;
  if (entity === 'interactions') {
    if (!facts.sorted) return Number.POSITIVE_INFINITY;
    const n = facts.events.length;
    if (n > 0) latest = facts.events[n - 3] as number;
  } else if (entity === 'responses') {
    for (const r of facts.responses) latest = Math.max(latest, r.at);
  } else {
    for (const c of facts.cases) latest = Math.max(latest, c.openedAt);
  }
  return latest;
}

/** A record as the catch-up reads it for a customer's facts. */
type StoredRecord = {
  entity: string;
  data: Record<string, unknown>;
};

/** A row of CHANGES: a change (part 'change'; the first also carries the policy version and the named customers) or a record of a named customer. */
type ChangeRow = {
  policy: unknown;
  entity: string | null;
  id: string;
  seq: unknown;
  rev: number;
  deleted_at: string | null;
  data: Record<string, unknown>;
};

/** The entities a customer's facts are built from, in the order they are added (as `kehu risk` reads its files). */
const FACT_ORDER = `CASE entity WHEN 'customers' THEN 0 WHEN 'contacts' THEN 1 WHEN 'interactions' THEN 2
                                WHEN 'responses' THEN 3 ELSE 4 END`;

/**
 * The live records of one customer ($1), in FACT_ORDER: the customer by its key and the records
 * that name it (kehu_records_customer), two index lookups (one condition with OR between them would
 * read the whole table). OFFSET 0 keeps the union a subquery run once: pulled up into the outer
 * query, PostgreSQL at 1.2 million records chose to walk the whole customerId index instead
 * (80–300 ms a pass). Each comparison names the collation of its index (ids compare as "C", a
 * record's customerId in the database's default), or the index is not used.
 */
const RECORDS_OF: Statement = {
  name: 'kehu_levels_records_of',
  types: ['text'],
  text: `
  SELECT entity, data FROM (
    SELECT entity, id, at, data FROM kehu_records WHERE entity = 'customers' AND id = ($1::text) COLLATE "C" AND deleted_at IS NULL
    UNION ALL
    SELECT entity, id, at, data FROM kehu_records
     WHERE data ->> 'customerId' = ($1::text) COLLATE "default" AND data ? 'customerId' AND deleted_at IS NULL
       AND entity IN ('contacts', 'interactions', 'responses', 'cases')
    OFFSET 0
  ) mine ORDER BY ${FACT_ORDER}, at, id`,
};

/**
 * An incremental pass's levels ($1: a JSON array of kehu_levels rows), in one statement that writes
 * a row only where it changed in more than its moment. Its commit does not wait for the disk (see
 * Levels.#write).
 */
const WRITE_CHANGED: Statement = {
  name: 'kehu_levels_write_changed',
  types: ['jsonb'],
  text: `WITH no_wait AS (SELECT set_config('synchronous_commit', 'off', true))
         INSERT INTO kehu_levels (customer_id, level, score, assessment, pinyin, as_of, policy_version)
         SELECT x.* FROM no_wait, jsonb_to_recordset($1) AS x(customer_id text, level text, score integer,
           assessment jsonb, pinyin text, as_of text, policy_version integer)
         ON CONFLICT (customer_id) DO UPDATE SET level = excluded.level, score = excluded.score,
           assessment = excluded.assessment, pinyin = excluded.pinyin, as_of = excluded.as_of,
           policy_version = excluded.policy_version
           WHERE (kehu_levels.level, kehu_levels.score, kehu_levels.assessment - 'asOf', kehu_levels.pinyin,
                  kehu_levels.policy_version)
                 IS DISTINCT FROM (excluded.level, excluded.score, excluded.assessment - 'asOf', excluded.pinyin,
                  excluded.policy_version)`,
};

/**
 * The level rows of customers that no longer exist ($1: a JSON array of ids; JSON, as PGlite's
 * prepared statements take their parameters as text), as WRITE_CHANGED writes (no wait for the disk).
 */
const DELETE_GONE: Statement = {
  name: 'kehu_levels_delete_gone',
  types: ['jsonb'],
  text: `WITH no_wait AS (SELECT set_config('synchronous_commit', 'off', true))
         DELETE FROM kehu_levels USING no_wait WHERE customer_id IN (SELECT jsonb_array_elements_text($1))`,
};

/**
 * The changes after seq $1 (5,000 at most), with the newest policy version when `readPolicy` (else
 * null). The first row is always there (a change, or nulls when there is none) and carries the
 * policy version.
 */
const changes = (readPolicy: boolean): Statement => ({
  name: readPolicy ? 'kehu_levels_changes_and_policy' : 'kehu_levels_changes',
  types: ['bigint'],
  // The index on seq for any seq (the LIMIT makes it the cheapest way); left to itself, PGlite
  // planned the statement on every pass (the planner's guess for an unknown seq is a third of the table).
  genericPlan: true,
  text: `
  WITH changes AS (
    SELECT entity, id, seq, rev, deleted_at, data FROM kehu_records
     WHERE seq > $1 AND entity IN ('customers', 'contacts', 'interactions', 'responses', 'cases')
     ORDER BY seq LIMIT 5000)
  SELECT ${readPolicy ? '(SELECT max(version) FROM kehu_policies)' : 'NULL::integer'} AS policy,
         c.entity, c.id, c.seq, c.rev, c.deleted_at, c.data
    FROM (SELECT 1) one LEFT JOIN changes c ON true
   ORDER BY c.seq`,
});
const CHANGES = changes(false);
const CHANGES_AND_POLICY = changes(true);

/** Levels written per statement. */
const WRITE_CHUNK = 2000;

/** Insert or replace levels: customer ids, levels, scores, assessments, pinyin, as-of, policy version ($1…$7). */
const UPSERT_LEVELS = `INSERT INTO kehu_levels (customer_id, level, score, assessment, pinyin, as_of, policy_version)
  SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::jsonb[], $5::text[], $6::text[], $7::int[])
  ON CONFLICT (customer_id) DO UPDATE SET level = excluded.level, score = excluded.score,
    assessment = excluded.assessment, pinyin = excluded.pinyin, as_of = excluded.as_of,
    policy_version = excluded.policy_version`;

interface LevelRow {
  customerId: string;
  level: string;
  score: number;
  assessment: Assessment | null;
  pinyin: string | null;
}

function levelRow(a: Assessment, name: string | undefined): LevelRow {
  return { customerId: a.customerId, level: a.level, score: a.score, assessment: a, pinyin: name ? pinyinKey(name) : null };
}

function noLevel(id: string, name: string): LevelRow {
  return { customerId: id, level: 'none', score: 0, assessment: null, pinyin: pinyinKey(name) };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The instant just after `iso` (an exclusive upper bound for a scan that includes `iso`). */
function nextInstant(iso: string): string {
  return new Date(Date.parse(iso) + 1).toISOString();
}
