// The one SQL layer the collector stores through. Two adapters implement it: PGlite (embedded
// Postgres in a data folder, the default) and PostgreSQL (a server, through node-postgres). Both
// take `$1` parameters and speak the same SQL, so one set of queries and migrations serves both.
import { findString } from '#shared/model/well-formed.ts';

export type Row = Record<string, unknown>;

export interface Queryable {
  /**
   * Run one statement; the rows it returns (none for most writes). A named Statement is prepared
   * once (per connection) and then only executed: for a statement run on every pass, that saves
   * parsing and, once PostgreSQL settles on a generic plan, planning.
   */
  query<T extends Row = Row>(statement: string | Statement, params?: readonly unknown[]): Promise<T[]>;
  /** Run a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

/** A statement to prepare once: its name, the SQL types of its parameters, its text ($1, $2 …). */
export interface Statement {
  name: string;
  types: readonly string[];
  text: string;
  /**
   * Its plan is the same whatever the parameters are, though the planner cannot tell (a range on
   * an indexed column with a LIMIT): PGlite plans it once and keeps that plan, instead of planning
   * every call. PostgreSQL decides for itself (planning there costs far less).
   */
  genericPlan?: boolean;
}

/** A statement's SQL text, whether given as text or as a named Statement. */
export function statementText(statement: string | Statement): string {
  return typeof statement === 'string' ? statement : statement.text;
}

export interface Sql extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives, for messages: a folder or host/database (never a password). */
  readonly where: string;
  /**
   * Run `work` in one transaction: committed when it resolves, rolled back when it throws.
   * When this resolves the commit is durable (see each adapter).
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * One statement as its own transaction, durable when this resolves (cheaper than
   * transaction()). A named statement is prepared once and then only executed: for a busy
   * statement that saves parsing and planning on every call.
   */
  write<T extends Row = Row>(statement: string | Statement, params?: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
  /**
   * PostgreSQL only: listen for notifications on a channel on a connection of its own. `onEvent`
   * is called with each payload, and with null whenever the connection was lost (notifications
   * may have been missed) or is back. `listening()` says whether the connection is up now.
   */
  listen?(channel: string, onEvent: (payload: string | null) => void): Promise<Listening>;
}

export interface Listening {
  listening(): boolean;
  close(): Promise<void>;
}

/** int8 columns come back as strings (node-postgres) or numbers (PGlite): read them as numbers. */
export function int(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

/**
 * Where in a JSON value a string (or key) contains U+0000, which PostgreSQL text and jsonb cannot
 * hold: its path, or null. Iterative, so any nesting depth is safe.
 */
export function nulAt(value: unknown): (string | number)[] | null {
  return findString(value, (text) => text.includes('\0'));
}

/** Whether any string (or key) in a JSON value contains U+0000. */
export function containsNul(value: unknown): boolean {
  return nulAt(value) !== null;
}
