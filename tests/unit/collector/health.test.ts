// /livez (alive), /readyz (ready for traffic) and /healthz (as before: the store answers).
import { expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../collector/db/migrations.ts';
import { type Sql, statementText } from '../../../collector/db/sql.ts';
import { createApp } from '../../../collector/http/app.ts';
import { describeOnBackends } from './backends.ts';

describeOnBackends('health ($name)', { resetBetweenTests: false }, (sql) => {
  it('is alive and ready on a migrated store, and not ready once draining', async () => {
    const collector = createApp({ sql, log: () => {} });
    const live = await collector.app.request('/livez');
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ ok: true, pid: process.pid, schema: SCHEMA_VERSION });
    expect((await collector.app.request('/readyz')).status).toBe(200);
    expect((await collector.app.request('/healthz')).status).toBe(200);

    collector.setDraining();
    const draining = await collector.app.request('/readyz');
    expect(draining.status).toBe(503);
    expect(await draining.json()).toMatchObject({ error: 'draining' });
    expect((await collector.app.request('/livez')).status).toBe(200);
    expect((await collector.app.request('/healthz')).status).toBe(200); // unchanged meaning
  });

  it('is alive but not ready when the store does not answer or is not migrated', async () => {
    const broken = { ...sql, query: async () => Promise.reject(new Error('down')) } as Sql;
    const down = createApp({ sql: broken, log: () => {} }).app;
    expect((await down.request('/livez')).status).toBe(200);
    const ready = await down.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ error: 'store_unavailable' });
    expect((await down.request('/healthz')).status).toBe(503);

    const behind = {
      ...sql,
      query: async (statement: Parameters<Sql['query']>[0], params?: readonly unknown[]) =>
        statementText(statement).includes('kehu_schema_migrations') ? [{ v: SCHEMA_VERSION - 1 }] : sql.query(statement, params),
    } as Sql;
    const migrating = await createApp({ sql: behind, log: () => {} }).app.request('/readyz');
    expect(migrating.status).toBe(503);
    expect(await migrating.json()).toMatchObject({ error: 'migrating' });
  });
});
