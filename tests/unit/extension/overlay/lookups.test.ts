// Lookup batching and the cache (extension/src/overlay/lookups.ts) against the real API handlers.
import { describe, expect, it } from 'vitest';
import { createLookups } from '../../../../extension/src/overlay/lookups.ts';
import { createApi } from '../../../../extension/src/api/router.ts';
import { testContext } from '../context.ts';

async function seededApi() {
  const kehu = createApi(testContext());
  await kehu.importText({
    entity: 'customers',
    format: 'csv',
    text: 'id,name,domains,tier\nacme,ACME Trading,acme.example,key\n',
  });
  await kehu.importText({
    entity: 'contacts',
    format: 'csv',
    text: 'id,customer_id,name,emails\nc-wei,acme,Wei Wang,wei@acme.example\n',
  });
  const calls: string[][] = [];
  const api = {
    lookupMany: (input: { emails: string[] }) => {
      calls.push(input.emails);
      return kehu.lookupMany(input);
    },
  };
  return { kehu, api, calls };
}

function waitFor(results: Set<string>[], n: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (results.length >= n ? resolve() : setTimeout(check, 1));
    check();
  });
}

describe('lookups', () => {
  it('sends what is wanted in one message per chunk, never an address twice, and caches the answers', async () => {
    const { api, calls } = await seededApi();
    const results: Set<string>[] = [];
    const lookups = createLookups({ api, onResults: (emails) => results.push(new Set(emails)), chunk: 2 });
    for (const e of ['wei@acme.example', 'sam@newco.example', 'x@y.example', 'wei@acme.example']) lookups.want(e);
    lookups.flush();
    lookups.want('wei@acme.example'); // on its way: not asked again
    lookups.flush();
    expect(calls).toEqual([['wei@acme.example', 'sam@newco.example'], ['x@y.example']]);
    expect(lookups.messages()).toBe(2);
    await waitFor(results, 2);
    expect(lookups.get('wei@acme.example')).toMatchObject({ level: 'none', customerId: 'acme', name: 'ACME Trading' });
    expect(lookups.get('sam@newco.example')).toMatchObject({ level: 'unknown', customerId: null });
    // Cached: wanting it again sends nothing.
    lookups.want('wei@acme.example');
    lookups.flush();
    expect(calls).toHaveLength(2);
  });

  it('forgets what a change makes stale: unknown addresses and the changed customers; everything on "all"', async () => {
    const { api } = await seededApi();
    const results: Set<string>[] = [];
    const lookups = createLookups({ api, onResults: (emails) => results.push(new Set(emails)) });
    lookups.want('wei@acme.example');
    lookups.want('sam@newco.example');
    lookups.flush();
    await waitFor(results, 1);
    lookups.put({ email: 'li@globex.example', level: 'red', customerId: 'globex', contactId: null, name: 'Globex' });
    lookups.invalidate({ customerIds: ['acme'] });
    expect(lookups.get('wei@acme.example')).toBeUndefined();
    expect(lookups.get('sam@newco.example')).toBeUndefined();
    expect(lookups.get('li@globex.example')).toMatchObject({ level: 'red' });
    lookups.invalidate({ all: true });
    expect(lookups.get('li@globex.example')).toBeUndefined();
  });

  it('drops answers after stop, and a failed call leaves the address free to ask again', async () => {
    let fail = true;
    const calls: string[][] = [];
    const results: Set<string>[] = [];
    const lookups = createLookups({
      api: {
        lookupMany: async ({ emails }) => {
          calls.push(emails);
          if (fail) throw new Error('worker restarted');
          return emails.map((email) => ({ email, level: 'unknown' as const, customerId: null, contactId: null, name: '' }));
        },
      },
      onResults: (emails) => results.push(new Set(emails)),
    });
    lookups.want('a@b.example');
    lookups.flush();
    await new Promise((r) => setTimeout(r, 0));
    fail = false;
    lookups.want('a@b.example');
    lookups.flush();
    await waitFor(results, 1);
    expect(calls).toEqual([['a@b.example'], ['a@b.example']]);
    lookups.invalidate({ all: true });
    lookups.want('a@b.example');
    lookups.flush();
    lookups.stop();
    await new Promise((r) => setTimeout(r, 0));
    expect(results).toHaveLength(1);
    expect(lookups.get('a@b.example')).toBeUndefined();
  });
});
