import { describe, expect, it } from 'vitest';
import type { Submission } from '#shared/model/submission.ts';
import { checkSubmission } from '../../../sdk/src/send/check.ts';
import { QUEUE_KEY } from '../../../sdk/src/contract.ts';
import {
  backoff,
  createQueue,
  MAX_AGE,
  MAX_ITEMS,
  type QueueEnv,
  type QueueItem,
  retryAfter,
} from '../../../sdk/src/transport/queue.ts';

const URL = 'https://collector.example/v1/collect/site-1';
const answer = (clientId: string): Submission => ({
  clientId,
  kind: 'nps',
  score: 9,
  submittedAt: '2026-11-22T10:00:00.000Z',
});

type Reply = number | 'network' | ((body: Submission) => Response);

/** A queue over memory storage, a scripted fetch and a hand-driven clock. */
function setup(replies: Reply[] = []) {
  const store = new Map<string, string>();
  const sent: { body: Submission; keepalive: boolean }[] = [];
  const rejected: { item: QueueItem; status: number }[] = [];
  const timers: { at: number; fn: () => void }[] = [];
  const clock = { now: 1_000_000 };
  let checkerLoads = true;
  const env: QueueEnv = {
    storage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) },
    fetch: async (_url, init) => {
      const body = JSON.parse(String(init?.body)) as Submission;
      sent.push({ body, keepalive: !!init?.keepalive });
      const r = replies.shift() ?? 201;
      if (r === 'network') throw new TypeError('Failed to fetch');
      if (typeof r === 'function') return r(body);
      return new Response(JSON.stringify({ id: 'r1' }), { status: r });
    },
    now: () => clock.now,
    random: () => 0.5,
    setTimeout: (fn, ms) => timers.push({ at: clock.now + ms, fn }),
    clearTimeout: () => {},
    check: async (value) => {
      if (!checkerLoads) throw new TypeError('Failed to fetch dynamically imported module');
      return checkSubmission(value);
    },
    exclusive: (fn) => fn(),
    onRejected: (item, status) => rejected.push({ item, status }),
  };
  const queue = createQueue(env);
  return {
    queue,
    store,
    sent,
    rejected,
    clock,
    stored: () => JSON.parse(store.get(QUEUE_KEY) ?? '[]') as QueueItem[],
    checker: (ok: boolean) => {
      checkerLoads = ok;
    },
  };
}

describe('send queue', () => {
  it('sends an answer and forgets it once the collector has it', async () => {
    const t = setup([201]);
    expect(await t.queue.deliver(URL, answer('aaaaaaaa-1'))).toBe('sent');
    expect(t.sent.map((s) => s.body.clientId)).toEqual(['aaaaaaaa-1']);
    expect(t.stored()).toEqual([]);
  });

  it('keeps an answer through a failure and sends it exactly once later', async () => {
    const t = setup(['network', 503, 201]);
    expect(await t.queue.deliver(URL, answer('aaaaaaaa-2'))).toBe('queued');
    expect(t.stored()).toHaveLength(1);
    expect(t.stored()[0]).toMatchObject({ tries: 1, next: t.clock.now + backoff(1, 0.5) });
    // Not due yet: a flush sends nothing.
    await t.queue.flush();
    expect(t.sent).toHaveLength(1);
    t.clock.now += 60_000;
    await t.queue.flush();
    expect(t.sent).toHaveLength(2);
    t.clock.now += 60_000;
    await t.queue.flush();
    await t.queue.flush();
    expect(t.sent.map((s) => s.body.clientId)).toEqual(['aaaaaaaa-2', 'aaaaaaaa-2', 'aaaaaaaa-2']);
    expect(t.stored()).toEqual([]);
  });

  it('waits as long as Retry-After says', async () => {
    const t = setup([(_) => new Response('slow down', { status: 429, headers: { 'retry-after': '120' } })]);
    await t.queue.deliver(URL, answer('aaaaaaaa-3'));
    expect(t.stored()[0]?.next).toBe(t.clock.now + 120_000);
    expect(retryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT'))).toBe(60_000);
    expect(retryAfter('soon', 0)).toBeUndefined();
    expect(retryAfter(null, 0)).toBeUndefined();
  });

  it('backs off exponentially up to ten minutes', () => {
    expect([1, 2, 3, 4].map((n) => backoff(n, 0.5))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoff(30, 0.5)).toBe(600_000);
    expect(backoff(1, 0)).toBe(750);
    expect(backoff(1, 1)).toBe(1250);
  });

  it('drops an answer the collector refuses for good, and reports it', async () => {
    const t = setup([(_) => new Response('{"errors":["score"]}', { status: 400 })]);
    expect(await t.queue.deliver(URL, answer('aaaaaaaa-4'))).toEqual({ status: 400, message: '{"errors":["score"]}' });
    expect(t.stored()).toEqual([]);
    // A refusal during a background retry goes to onRejected.
    const u = setup(['network', 403]);
    await u.queue.deliver(URL, answer('aaaaaaaa-5'));
    await u.queue.flush(true);
    expect(u.rejected.map((r) => [r.item.body.clientId, r.status])).toEqual([['aaaaaaaa-5', 403]]);
  });

  it('queues the same answer only once and never sends it twice at the same time', async () => {
    let release: (r: Response) => void = () => {};
    const hanging = new Promise<Response>((r) => {
      release = r;
    });
    const t = setup([(_) => hanging as unknown as Response]);
    const first = t.queue.deliver(URL, answer('aaaaaaaa-6'));
    const again = t.queue.deliver(URL, answer('aaaaaaaa-6'));
    const flushes = [t.queue.flush(true), t.queue.flush(true)];
    await new Promise((r) => setTimeout(r, 10));
    expect(t.stored()).toHaveLength(1);
    release(new Response('{"id":"r1"}', { status: 201 }));
    await Promise.all([first, again, ...flushes]);
    expect(await first).toBe('sent');
    expect(t.sent.map((s) => s.body.clientId)).toEqual(['aaaaaaaa-6']);
    expect(t.stored()).toEqual([]);
  });

  it('checks every answer against the shared schema before it is sent', async () => {
    const t = setup();
    const bad = { ...answer('aaaaaaaa-7'), score: 11 };
    expect(await t.queue.deliver(URL, bad)).toEqual({ status: 0, message: expect.stringContaining('score') });
    expect(t.sent).toEqual([]);
    // When the checker cannot load (offline), the answer waits; it goes out once it can be checked.
    t.checker(false);
    expect(await t.queue.deliver(URL, answer('aaaaaaaa-8'))).toBe('queued');
    expect(t.sent).toEqual([]);
    t.checker(true);
    await t.queue.flush(true);
    expect(t.sent.map((s) => s.body.clientId)).toEqual(['aaaaaaaa-8']);
  });

  it('survives storage left by another version or tampered with', async () => {
    const t = setup();
    t.store.set(QUEUE_KEY, '{not json');
    expect(t.queue.load()).toEqual([]);
    t.store.set(
      QUEUE_KEY,
      JSON.stringify([
        { url: URL, body: answer('aaaaaaaa-9'), at: t.clock.now, tries: 0, next: 0 },
        { url: 42, body: answer('aaaaaaaa-10'), at: t.clock.now, tries: 0, next: 0 },
        { url: URL, body: null, at: t.clock.now, tries: 0, next: 0 },
        { url: URL, body: answer('aaaaaaaa-11'), at: t.clock.now - 31 * 864e5, tries: 0, next: 0 },
        'junk',
      ]),
    );
    expect(t.queue.load().map((i) => i.body.clientId)).toEqual(['aaaaaaaa-9']);
    await t.queue.flush();
    expect(t.sent.map((s) => s.body.clientId)).toEqual(['aaaaaaaa-9']);
  });

  it('forgets answers older than seven days, in storage too (they may hold personal data)', async () => {
    const t = setup();
    const day = 864e5;
    t.store.set(
      QUEUE_KEY,
      JSON.stringify([
        { url: URL, body: answer('aaaaaaaa-13'), at: t.clock.now - 8 * day, tries: 3, next: t.clock.now + 60_000 },
        { url: URL, body: answer('aaaaaaaa-14'), at: t.clock.now - 6 * day, tries: 3, next: t.clock.now + 60_000 },
      ]),
    );
    expect(t.queue.load().map((i) => i.body.clientId)).toEqual(['aaaaaaaa-14']);
    expect(t.stored().map((i) => i.body.clientId)).toEqual(['aaaaaaaa-14']);
    expect(MAX_AGE).toBe(7 * day);
  });

  it('keeps at most MAX_ITEMS answers, the newest', async () => {
    const t = setup(Array.from({ length: MAX_ITEMS + 1 }, () => 'network' as const));
    for (let i = 0; i <= MAX_ITEMS; i++) await t.queue.deliver(URL, answer(`aaaaaaaa-c${i}`));
    expect(t.stored()).toHaveLength(MAX_ITEMS);
    expect(t.stored().at(-1)?.body.clientId).toBe(`aaaaaaaa-c${MAX_ITEMS}`);
  });

  it('hands what is due to a keepalive request when the page is hidden, and leaves backed-off answers waiting', async () => {
    // The first answer failed and waits out its backoff; the second is still on its way when the page goes.
    const t = setup(['network']);
    await t.queue.deliver(URL, answer('aaaaaaaa-12'));
    t.store.set(
      QUEUE_KEY,
      JSON.stringify([...t.stored(), { url: URL, body: answer('aaaaaaaa-15'), at: t.clock.now, tries: 0, next: 0 }]),
    );
    t.sent.length = 0;
    t.queue.pagehide();
    await Promise.resolve();
    expect(t.sent.map((s) => [s.body.clientId, s.keepalive])).toEqual([['aaaaaaaa-15', true]]);
    // Once its backoff is over, the first one is due and goes too.
    t.clock.now += 60_000;
    t.sent.length = 0;
    t.queue.pagehide();
    await Promise.resolve();
    expect(t.sent.map((s) => [s.body.clientId, s.keepalive])).toEqual([
      ['aaaaaaaa-12', true],
      ['aaaaaaaa-15', true],
    ]);
    // Still queued: if a keepalive request did arrive, the next attempt gets 200 and removes it.
    expect(t.stored()).toHaveLength(2);
  });
});
