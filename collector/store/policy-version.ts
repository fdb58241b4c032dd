// The newest team policy version, kept in memory. The levels ask for it before every catch-up,
// which on a busy collector is many times a second; the answer changes only when an admin puts a
// policy in force. On PostgreSQL every change is announced on the kehu_policies channel (a
// trigger, migration 12): while this process listens, the version read once is kept until a
// notification comes. While it does not listen (PGlite, or the listening connection is down),
// every ask reads the store.
import type { Queryable } from '../db/sql.ts';
import { teamPolicyVersion } from './policies.ts';

export class PolicyVersionCache {
  readonly #db: Queryable;
  #on = false;
  #kept: Promise<number | null> | null = null;

  constructor(db: Queryable) {
    this.#db = db;
  }

  /** The newest version (null: none put in force). */
  read(): Promise<number | null> {
    if (!this.#on) return teamPolicyVersion(this.#db);
    if (!this.#kept) {
      const reading = teamPolicyVersion(this.#db);
      this.#kept = reading;
      // A failed read is not kept: the next ask tries again.
      reading.catch(() => {
        if (this.#kept === reading) this.#kept = null;
      });
    }
    return this.#kept;
  }

  /**
   * The newest version while it is kept (this process listens), else null: the caller reads it
   * from the store itself, with its other reads (the levels' catch-up reads it with the changes).
   */
  kept(): Promise<number | null> | null {
    return this.#on ? this.read() : null;
  }

  /** A policy may have been put in force: the next ask reads the store. */
  forget(): void {
    this.#kept = null;
  }

  /** Keep the version (true while every change is announced to this process), or read it every time. */
  enable(on: boolean): void {
    this.#on = on;
    this.#kept = null;
  }
}
