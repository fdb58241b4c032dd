// Names of the `meta` rows where sync keeps its state in the store. Here, in store/, because the
// store's own modules (erase, search) read them as well as sync/dexie-store.ts.

/** `meta` row: the sync cursor ({collector, pulled, pushed}), saved after every page and batch. */
export const SYNC_CURSOR_KEY = 'sync.cursor';

/**
 * `meta` row: ids of customers whose records a pull changed and who still need reassessing. Written
 * in the same transaction as the pulled records, so a worker stopped between the two still reassesses.
 * A pull that touched more customers than a list is worth keeping writes 'all' instead (sync/dexie-store.ts).
 */
export const SYNC_REASSESS_KEY = 'sync.reassess';
/** The value of SYNC_REASSESS_KEY that stands for every customer. */
export const REASSESS_ALL = 'all';

/** `meta` row: a counter raised by every applied pull (pulled records leave no outbox rows; caches key on it). */
export const SYNC_APPLIED_KEY = 'sync.applied';
