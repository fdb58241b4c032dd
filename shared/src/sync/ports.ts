// The ports a sync client works through. The extension implements them over its Dexie store and
// chrome.storage; tests implement them in memory. The collector's HTTP API is one transport
// (http-transport.ts).
import type { PullResponse, PushResponse, SyncRecord } from '../model/sync.ts';

/** The least an abort signal offers; pass a real AbortSignal. */
export interface AbortSignalLike {
  readonly aborted: boolean;
}

/**
 * A page of the change log as a transport hands it over: the changes this replica can read, and
 * those it cannot (set aside by the sync client, which goes on past them).
 */
export type PullPage = PullResponse & {
  unreadable?: { entity: string | null; id: string | null; reason: string }[];
};

/** GET and POST /v1/changes. Throws a SyncError when the collector cannot be used. */
export interface SyncTransport {
  pull(since: number, limit: number, signal?: AbortSignalLike): Promise<PullPage>;
  push(changes: SyncRecord[], signal?: AbortSignalLike): Promise<PushResponse>;
}

/**
 * The local store, seen from sync. Local writes are numbered by a local sequence that only
 * grows; the client remembers up to where it has pushed.
 */
export interface LocalSyncStore {
  /**
   * Records changed locally after local sequence `after`, oldest first, at most `limit`, each in
   * its current version; `next` is the local sequence to continue after. No changes: `next`
   * may equal `after`. A store that keeps several records under one sequence never splits them:
   * when the first such group holds more than `limit`, it comes whole (a push takes up to 1000).
   */
  localChanges(after: number, limit: number): Promise<{ changes: SyncRecord[]; next: number }>;
  /**
   * Apply versions that came from the collector, each through decideMerge (merge.ts) against the
   * local version, atomically per call. These are not local changes: they must not come back
   * out of localChanges.
   */
  applyRemote(records: SyncRecord[]): Promise<void>;
}

/** Where the client keeps its place. Saved after every page and batch, so a stopped sync resumes. */
export interface SyncCursor {
  /** Which collector the cursor belongs to (its URL): a cursor of another collector is not used. */
  collector: string;
  /** The collector's change sequence up to which changes have been applied locally. */
  pulled: number;
  /** The local sequence up to which local changes have been accepted by the collector. */
  pushed: number;
}

export interface CursorStore {
  load(): Promise<SyncCursor | null>;
  save(cursor: SyncCursor): Promise<void>;
}

export type { PullResponse, PushResponse, SyncRecord };
