// Sync between a replica (the extension's store) and the collector. Pure: the network, the
// store and the clock come in through ports.
//
// Wiring in the extension's background, in short:
//   const client = createSyncClient({
//     collector: url,
//     transport: createHttpTransport({ baseUrl: url, token, fetchFn: (u, init) => fetch(u, init as RequestInit) }),
//     local: dexieSyncStore,        // LocalSyncStore: localChanges + applyRemote (using decideMerge)
//     cursors: storageCursorStore,  // CursorStore in chrome.storage.local
//     now: () => new Date().toISOString(),
//     onStatus: (s) => broadcast(s),
//   });
//   await client.sync();            // on an alarm and on demand
export { canonicalJson, compareVersions, nextVersion, sameVersion, type Versioned } from './version.ts';
export { decideMerge, type MergeDecision } from './merge.ts';
export type { AbortSignalLike, CursorStore, LocalSyncStore, SyncCursor, SyncTransport } from './ports.ts';
export { SYNC_ERROR_KINDS, SYNC_ERROR_TEXT, SyncError, type SyncErrorKind, retryDelayMs } from './errors.ts';
export { createSyncClient, type SyncClient, type SyncClientOptions, type SyncState, type SyncStatus } from './client.ts';
export {
  KEHU_API_HEADER,
  KEHU_API_VERSION,
  createHttpTransport,
  type FetchLike,
  type HttpRequest,
  type HttpResponseLike,
  type HttpTransportOptions,
} from './http-transport.ts';
