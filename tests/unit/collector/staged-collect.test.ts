// Answers from sites are acknowledged once staged (kehu_collected), then moved into the change log
// by one mover at a time (store/collect.ts). What must hold, on every store: an acknowledged answer
// is never lost (one acknowledged just before a crash is moved by the next start or pull), never
// stored twice (a replay is recognised while staged, while being moved and after), and a puller's
// cursor never skips a record while answers, pushes and moves run at once.
import { beforeEach, expect, it } from 'vitest';
import { PullResponse } from '#shared/model/sync.ts';
import type { Sql } from '../../../collector/db/sql.ts';
import { createApp } from '../../../collector/http/app.ts';
import { type CollectItem, moveCollected, responseId, stageBatch } from '../../../collector/store/collect.ts';
import { pullChanges, writeRecords } from '../../../collector/store/records.ts';
import { storeSuspect } from '../../../collector/store/suspect.ts';
import { describeOnBackends } from './backends.ts';
import { T0, harness, rec, submission } from './fixtures.ts';

const SITE = { key: 'ks_staged', name: 'shop' };
const NOW = '2026-03-02T10:00:05.000Z';

function item(patch: Parameters<typeof submission>[0] = {}): CollectItem {
  const s = submission(patch);
  return { site: SITE, submission: s, email: s.respondent?.email };
}

async function count(sql: Sql, where: string): Promise<number> {
  const [row] = await sql.query<{ n: unknown }>(`SELECT count(*) AS n FROM ${where}`);
  return Number(row?.n);
}

async function lastSeq(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ last: unknown }>('SELECT last FROM kehu_sequence WHERE id = 1');
  return Number(row?.last);
}

describeOnBackends('answers staged, then moved into the change log, on $name', (sql) => {
  beforeEach(async () => {
    await sql.transaction((tx) =>
      writeRecords(
        tx,
        [
          rec.customer('acme', { domains: ['acme.example'] }),
          rec.contact('p1', { customerId: 'acme', emails: ['buyer@acme.example'] }),
        ],
        T0,
      ),
    );
  });

  it('acknowledges an answer without a change-log number; the move numbers it and matches its customer', async () => {
    const before = await lastSeq(sql);
    const a = item({ respondent: { email: 'buyer@acme.example', consent: true } });
    const [result] = await stageBatch(sql, [a], NOW);
    expect(result).toEqual({ id: responseId(SITE.key, a.submission.clientId), replay: false });
    // Acknowledged: staged, durable, but not in the change log yet, and no number taken.
    expect(await count(sql, "kehu_records WHERE entity = 'responses'")).toBe(0);
    expect(await lastSeq(sql)).toBe(before);
    expect(await count(sql, 'kehu_collected WHERE data IS NOT NULL')).toBe(1);

    expect(await moveCollected(sql)).toBe(1);
    const page = await pullChanges(sql, before, 100);
    expect(page.changes.map((c) => [c.seq, c.entity, c.record.id])).toEqual([[before + 1, 'responses', result?.id]]);
    expect(page.changes[0]?.record).toMatchObject({ contactId: 'p1', customerId: 'acme', receivedAt: NOW });
    // Nothing left to move: a second mover moves nothing and takes no number.
    expect(await moveCollected(sql)).toBe(0);
    expect(await lastSeq(sql)).toBe(before + 1);
  });

  it('moves an answer acknowledged just before a crash: the next process pulls it, and its start pass moves it', async () => {
    // Acknowledged by a process that died before any pass or pull: only the staged row is left.
    const [lost] = await stageBatch(sql, [item()], NOW);
    // A new process: a rep's pull through it gets the answer (the pull moves first).
    const h = await harness(sql);
    const res = await h.call('/v1/changes?since=0&limit=100', { token: h.tokens.rw });
    expect(res.status).toBe(200);
    const page = PullResponse.parse(await res.json());
    expect(page.changes.filter((c) => c.entity === 'responses').map((c) => c.record.id)).toEqual([lost?.id]);

    // Another one acknowledged and then the process stops: the next start's pass moves it.
    const [second] = await stageBatch(sql, [item()], NOW);
    const next = createApp({ sql, log: () => {} });
    await next.afterWrite(); // what `kehu serve` runs at start
    expect(await count(sql, `kehu_records WHERE entity = 'responses' AND id = '${second?.id}'`)).toBe(1);
    expect(await count(sql, 'kehu_collected WHERE data IS NOT NULL')).toBe(0);
    await next.drain();
  });

  it("exports and the console's feedback inbox include an answer acknowledged a moment before", async () => {
    const h = await harness(sql);
    const [exported] = await stageBatch(sql, [item({ comment: 'Quick delivery.' })], NOW);
    const res = await h.call('/v1/export/responses.ndjson', { token: h.tokens.export });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(exported?.id);

    const [shown] = await stageBatch(sql, [item({ score: 1, comment: 'Late again.' })], NOW);
    const session = await h.call('/console/api/session', {
      method: 'POST',
      headers: { origin: 'http://localhost' },
      body: JSON.stringify({ token: h.tokens.read }),
    });
    const cookie = /kehu_console=([^;]*)/.exec(session.headers.get('set-cookie') ?? '')?.[1];
    expect(cookie).toBeTruthy();
    const inbox = await h.call('/console/api/feedback', { headers: { cookie: `kehu_console=${cookie}` } });
    expect(inbox.status).toBe(200);
    const rows = ((await inbox.json()) as { rows: { response: { id: string } }[] }).rows;
    expect(rows.map((r) => r.response.id)).toContain(shown?.id);
    await h.drain();
  });

  it('recognises a replay while staged, after the move, and within one batch; stores each answer once', async () => {
    const a = item();
    const b = item();
    expect((await stageBatch(sql, [a, b, a], NOW)).map((r) => r.replay)).toEqual([false, false, true]);
    expect((await stageBatch(sql, [a], NOW)).map((r) => r.replay)).toEqual([true]);
    await moveCollected(sql);
    expect((await stageBatch(sql, [b, a], NOW)).map((r) => r.replay)).toEqual([true, true]);
    await moveCollected(sql);
    expect(await count(sql, "kehu_records WHERE entity = 'responses'")).toBe(2);
    // The same answer sent again flagged suspect is a replay too, staged or moved: not kept apart.
    const c = item();
    await stageBatch(sql, [c], NOW);
    expect(await storeSuspect(sql, c, NOW)).toMatchObject({ replay: true });
    expect(await storeSuspect(sql, a, NOW)).toMatchObject({ replay: true });
    expect(await count(sql, 'kehu_suspect')).toBe(0);
  });

  it('concurrent answers, replays, pushes and moves: each answer stored once, and a puller skips nothing', async () => {
    const answers = Array.from({ length: 120 }, () => item());
    const seen = new Set<string>();
    let since = 0;
    let done = false;
    const puller = (async () => {
      for (;;) {
        const writersDone = done; // read before the query: a query that started earlier may miss the last commit
        await moveCollected(sql); // as GET /v1/changes does
        const page = await pullChanges(sql, since, 50);
        for (const c of page.changes) seen.add(`${c.entity}:${c.record.id}`);
        since = page.next;
        if (writersDone && !page.more) break;
      }
    })();
    // 40 batches of answers, each answer sent twice in different batches (a replay racing its first),
    // pushes of customers, and movers running all the while.
    const stagings = Array.from({ length: 40 }, (_, b) =>
      stageBatch(
        sql,
        Array.from({ length: 6 }, (_, i) => answers[(b * 3 + i) % answers.length] as CollectItem),
        NOW,
      ),
    );
    const pushes = Array.from({ length: 10 }, (_, w) =>
      sql.transaction((tx) =>
        writeRecords(
          tx,
          Array.from({ length: 3 }, (_, i) => rec.customer(`w${w}-${i}`)),
          NOW,
        ),
      ),
    );
    const movers = Array.from({ length: 5 }, () => moveCollected(sql, 7));
    const staged = (await Promise.all(stagings)).flat();
    await Promise.all([...pushes, ...movers]);
    done = true;
    await puller;

    // Every answer was acknowledged as new exactly once; all other sends were replays.
    const fresh = staged.filter((r) => !r.replay).map((r) => r.id);
    expect(new Set(fresh).size).toBe(fresh.length);
    expect(new Set(fresh)).toEqual(new Set(answers.map((a) => responseId(SITE.key, a.submission.clientId))));
    expect(await count(sql, "kehu_records WHERE entity = 'responses'")).toBe(answers.length);
    // The puller saw every answer and every pushed customer.
    for (const id of fresh) expect(seen.has(`responses:${id}`)).toBe(true);
    for (let w = 0; w < 10; w++) for (let i = 0; i < 3; i++) expect(seen.has(`customers:w${w}-${i}`)).toBe(true);
  });
});

describeOnBackends('collect on $name', { only: 'PostgreSQL', resetBetweenTests: false }, (sql) => {
  it('acknowledges answers while another writer holds the change-log lock (their commits do not queue on it)', async () => {
    const h = await harness(sql);
    // A push in progress holds kehu_sequence's row lock until it commits; answers must not wait for it.
    const statuses = await sql.transaction(async (tx) => {
      await tx.query('SELECT last FROM kehu_sequence WHERE id = 1 FOR UPDATE');
      return Promise.all(Array.from({ length: 5 }, async () => (await h.collect(submission())).status));
    });
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
    await h.drain();
    expect(await count(sql, "kehu_records WHERE entity = 'responses'")).toBe(5);
  });
});
