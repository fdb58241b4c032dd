// Who a client is and how it is limited: trusted proxy hops (never the client-written part of
// X-Forwarded-For), IPv6 by /64, a guard in front of site-key lookups, and buckets shared by
// every app on one PostgreSQL database.
import { beforeEach, describe, expect, it } from 'vitest';
import { type Sql, statementText } from '../../../collector/db/sql.ts';
import { createApp } from '../../../collector/http/app.ts';
import type { AppOptions } from '../../../collector/http/context.ts';
import { addressKey, clientAddress } from '../../../collector/http/rate-limit.ts';
import { createSiteKey } from '../../../collector/store/credentials.ts';
import { describeOnBackends } from './backends.ts';
import { ORIGIN, T0, submission } from './fixtures.ts';

describe('client addresses', () => {
  it('takes the address the outermost trusted proxy saw, never what the client wrote', () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; nginx appended the peer it saw.
    expect(clientAddress('10.0.0.2', '6.6.6.6, 203.0.113.9', 1)).toBe('203.0.113.9');
    // A CDN then nginx: the CDN appended the client, nginx appended the CDN's edge.
    expect(clientAddress('10.0.0.2', '6.6.6.6, 203.0.113.9, 198.51.100.20', 2)).toBe('203.0.113.9');
    // A chain shorter than the hops configured: the leftmost entry (a trusted proxy wrote it).
    expect(clientAddress('10.0.0.2', '203.0.113.9', 2)).toBe('203.0.113.9');
    // No trusted proxies: the header is ignored.
    expect(clientAddress('10.0.0.2', '6.6.6.6', 0)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', undefined, 1)).toBe('10.0.0.2');
  });

  it('limits IPv6 clients by their /64 and IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:0db8:0001:0002::/64');
    expect(addressKey('2001:DB8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:0db8:0001:0002::/64');
    expect(addressKey('2001:db8:1:3::1')).toBe('2001:0db8:0001:0003::/64');
    expect(addressKey('::1')).toBe('0000:0000:0000:0000::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0000:0000:0000::/64');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
  });
});

describeOnBackends('rate limits on collect ($name)', (sql, backend) => {
  let siteKey: string;
  beforeEach(async () => {
    await sql.query('DELETE FROM kehu_rate_limits');
    siteKey = (await createSiteKey(sql, { name: 'shop', origins: [ORIGIN] }, T0)).key;
  });

  // A burst of 3, then one a minute: however slowly a busy machine runs the requests below, no
  // token refills between them.
  const small = (extra: Partial<AppOptions> = {}) =>
    createApp({ sql, log: () => {}, collect: { rateLimit: { perMinute: 1, burst: 3 } }, ...extra }).app;
  const send = (
    app: ReturnType<typeof small>,
    peer: string,
    headers: Record<string, string> = {},
    key = siteKey,
  ): Promise<Response> =>
    Promise.resolve(
      app.request(
        `/v1/collect/${key}`,
        {
          method: 'POST',
          headers: { origin: ORIGIN, 'content-type': 'application/json', ...headers },
          body: JSON.stringify(submission()),
        },
        { incoming: { socket: { remoteAddress: peer } } },
      ),
    );
  const statuses = async (n: number, request: (i: number) => Promise<Response>) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await request(i)).status);
    return out;
  };

  it('behind a trusted proxy, a client cannot dodge the limit by writing its own X-Forwarded-For', async () => {
    const app = small({ trustProxy: true });
    // Every request comes from nginx (10.0.0.2) for the same client, each with a made-up first entry.
    const got = await statuses(5, (i) => send(app, '10.0.0.2', { 'x-forwarded-for': `6.6.6.${i}, 203.0.113.9` }));
    expect(got).toEqual([201, 201, 201, 429, 429]);
    // Another real client behind the same proxy has its own budget.
    expect((await send(app, '10.0.0.2', { 'x-forwarded-for': '6.6.6.6, 198.51.100.1' })).status).toBe(201);
  });

  it('counts proxy hops from the right', async () => {
    const app = small({ trustProxy: 2 });
    const got = await statuses(4, (i) =>
      send(app, '10.0.0.2', { 'x-forwarded-for': `6.6.6.${i}, 203.0.113.9, 198.51.100.${i}` }),
    );
    expect(got).toEqual([201, 201, 201, 429]);
  });

  it('limits IPv6 clients by /64: a fresh address in the same /64 is the same client', async () => {
    const app = small();
    const got = await statuses(4, (i) => send(app, `2001:db8:1:2::${(i + 1).toString(16)}`));
    expect(got).toEqual([201, 201, 201, 429]);
    expect((await send(app, '2001:db8:1:3::1')).status).toBe(201); // another /64
  });

  it('refuses an address that keeps naming unknown site keys before looking the next one up', async () => {
    let lookups = 0;
    const counting: Sql = {
      ...sql,
      query: (statement, params) => {
        if (statementText(statement).includes('FROM kehu_site_keys')) lookups++;
        return sql.query(statement, params);
      },
    };
    const app = createApp({ sql: counting, log: () => {}, collect: { rateLimit: { perMinute: 1, burst: 3 } } }).app;
    const got = await statuses(8, (i) => send(app, '203.0.113.50', {}, `ks_unknown_${i}`));
    expect(got).toEqual([403, 403, 403, 429, 429, 429, 429, 429]);
    expect(lookups).toBe(3);
    // A known key from another address still works, and costs that address nothing.
    expect((await send(app, '203.0.113.51')).status).toBe(201);
  });

  if (backend.name === 'PostgreSQL') {
    it('shares the buckets between every app on one PostgreSQL database', async () => {
      const [a, b, c] = [small(), small(), small()];
      const apps = [a, b, c];
      const got = await statuses(6, (i) => send(apps[i % 3] as ReturnType<typeof small>, '203.0.113.77'));
      expect(got).toEqual([201, 201, 201, 429, 429, 429]);
    });

    it('takes each token once when many requests race', async () => {
      const apps = [small(), small()];
      const got = await Promise.all(
        Array.from({ length: 20 }, (_, i) => send(apps[i % 2] as ReturnType<typeof small>, '203.0.113.78')),
      );
      expect(got.filter((r) => r.status === 201)).toHaveLength(3);
      expect(got.filter((r) => r.status === 429)).toHaveLength(17);
    });
  }
});
