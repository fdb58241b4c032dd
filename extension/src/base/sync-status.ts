// The shape of the sync status: the state, the last sync, the changes waiting to be sent, and the
// last error by kind. The background writes it (sync/), the popup and options show it
// (ui/sync-status.tsx, words in ui/sync-status-text.ts). Types, one constant and one pure helper,
// in base/ so that every layer can name them without importing sync/.
import type { SetAsideRecord } from '#shared/sync/client.ts';
import type { SyncErrorKind } from '#shared/sync/errors.ts';

export type SyncViewState = 'off' | 'idle' | 'pushing' | 'pulling' | 'reassessing' | 'error';

/** The status as the background keeps it in storage.local (SYNC_STATUS_KEY). */
export interface StoredSyncStatus {
  /** The collector this status is about (its base URL); empty when none is configured. */
  collector: string;
  state: SyncViewState;
  /** When the last sync finished without error (ISO time). */
  lastSyncedAt: string | null;
  /** When the last sync started. */
  lastAttemptAt: string | null;
  /** The last sync's error; null after one that finished. */
  error: { kind: SyncErrorKind; message: string; status?: number; retryAfterMs?: number } | null;
  /** Failed syncs in a row; with `error.retryAfterMs`, when the alarm tries again. */
  failures: number;
  /** What the current (or last) sync moved. */
  progress: { pushed: number; pulled: number; conflicts: number };
  /** The earliest time the alarm syncs again after a failure (ISO time), or null. */
  retryAt: string | null;
  /**
   * Records sync set aside and went on without (the collector refused one, or a pulled one could
   * not be read), counted since this collector was set up; `recent` holds the latest few and why.
   * Absent in a status saved by an older version.
   */
  setAside?: { count: number; recent: SetAsideRecord[] };
}

/** The status with the live count of local changes not yet sent (the syncStatus API method). */
export interface SyncView extends StoredSyncStatus {
  configured: boolean;
  pending: number;
}

export const IDLE_STATUS: StoredSyncStatus = {
  collector: '',
  state: 'off',
  lastSyncedAt: null,
  lastAttemptAt: null,
  error: null,
  failures: 0,
  progress: { pushed: 0, pulled: 0, conflicts: 0 },
  retryAt: null,
  setAside: { count: 0, recent: [] },
};

/** How many set-aside records the status keeps with their reasons. */
export const SET_ASIDE_KEPT = 10;

/** Whether a sync is running (by its state). */
export function isSyncing(state: SyncViewState): boolean {
  return state === 'pushing' || state === 'pulling' || state === 'reassessing';
}
