// Where sync keeps its state. No imports: the store modules (erase, search) read these names too.

/** `meta` row: the sync cursor ({collector, pulled, pushed}), saved after every page and batch. */
export const SYNC_CURSOR_KEY = 'sync.cursor';

/**
 * `meta` row: ids of customers whose records a pull changed and who still need reassessing. Written
 * in the same transaction as the pulled records, so a worker stopped between the two still reassesses.
 */
export const SYNC_REASSESS_KEY = 'sync.reassess';

/** `meta` row: a counter raised by every applied pull (pulled records leave no outbox rows; caches key on it). */
export const SYNC_APPLIED_KEY = 'sync.applied';

/** storage.local: the sync status the popup and options show (see view.ts). */
export const SYNC_STATUS_KEY = 'kehu.sync';

/** The periodic sync alarm, and the one-shot alarm set soon after a local change. */
export const SYNC_ALARM = 'kehu.sync';
export const SYNC_SOON_ALARM = 'kehu.sync.soon';
