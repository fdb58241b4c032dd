// What every route module gets: the store, the clock, settings, and the request's identity.
import type { Sql } from '../db/sql.ts';
import type { Scope } from '../store/credentials.ts';

export interface CollectSettings {
  /** Answers given faster than this (the SDK's elapsedMs) are taken for bots. Default 1000. */
  minElapsedMs: number;
  /** Per site key and client address. Default 60 a minute, bursts of 20. */
  rateLimit: { perMinute: number; burst: number };
  /** Most submissions per group commit. Default 500. */
  maxBatch: number;
}

export interface AppOptions {
  sql: Sql;
  /** The clock (tests pass their own). */
  now?: () => Date;
  /** Where the one-line-per-request log goes. Default: standard output, as JSON lines. */
  log?: (entry: Record<string, unknown>) => void;
  collect?: Partial<CollectSettings>;
  /**
   * Take the client address from X-Forwarded-For, as written by this many proxies of your own in
   * front of the collector (true: one). Default false: the socket's peer.
   */
  trustProxy?: boolean | number;
  /** How long site keys and tokens are cached, in ms (a revocation takes effect within it). Default 30 s. */
  keyCacheMs?: number;
  /** The most an answer from a site waits for the pass that makes its case and reassesses its customer, in ms. Default 200. */
  afterCollectMs?: number;
  /**
   * The local control socket of `kehu serve`, and commands run directly on a store: every
   * scope without a token. Whoever can open the socket can open the data folder anyway.
   * `by` is stamped as updatedBy on imports.
   */
  local?: { by: string };
  /** The zone whose calendar days the collector's assessments count in (as `kehu risk --tz`). Default: this computer's. */
  timeZone?: string;
  /** Where the built team console is (default dist/console/). */
  consoleDir?: string;
  /** How many customers past a page the console's worklist counts before it says "more than" (default 10,000). */
  worklistCountAhead?: number;
  /** The largest import body in bytes (default 256 MB). */
  maxImportBytes?: number;
  /** The Kehu version, shown by /healthz. */
  version?: string;
}

/** Who is calling: a team token or the local command line. */
export interface Caller {
  name: string;
  scopes: readonly Scope[];
}

export type AppEnv = {
  Variables: { requestId: string; caller: Caller };
};
