// The team token, where content scripts cannot read it. Content scripts share storage.local with
// the background (they read the language from it), so the token lives in the extension's own
// IndexedDB (a `meta` row): only documents at the extension's origin — the service worker and the
// extension's pages — can open that database. The background keeps it in memory once read.
import type { TokenStore } from './store/settings.ts';
import type { KehuDb } from './store/db.ts';

/** The `meta` row that holds the team token. */
export const TOKEN_KEY = 'collectorToken';

export function dbTokenStore(db: KehuDb): TokenStore {
  let cached: string | undefined;
  return {
    async get() {
      if (cached === undefined) {
        const value = (await db.meta.get(TOKEN_KEY))?.value;
        cached = typeof value === 'string' ? value : '';
      }
      return cached;
    },
    async set(token) {
      if (token) await db.meta.put({ key: TOKEN_KEY, value: token });
      else await db.meta.delete(TOKEN_KEY);
      cached = token;
    },
  };
}
