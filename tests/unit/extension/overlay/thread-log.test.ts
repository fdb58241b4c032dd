// Contact logging (extension/src/overlay/thread-log.ts) against the real logEmails handler.
import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OpenMessage } from '../../../../extension/src/overlay/adapter.ts';
import { createThreadLog } from '../../../../extension/src/overlay/thread-log.ts';
import { createApi } from '../../../../extension/src/api/router.ts';
import { testContext } from '../context.ts';

const doc = parseHTML('<html><body></body></html>').document as unknown as Document;
const message = (id: string): OpenMessage => ({
  messageId: id,
  threadId: 't1',
  from: 'wei@acme.example',
  to: ['rep@kehu-test.example'],
  subject: 'Order delayed again',
  sentAt: '2026-11-02T09:15:00.000Z',
  url: `https://mail.google.com/mail/u/0/#inbox/${id}`,
});

afterEach(() => vi.useRealTimers());

async function until(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise((r) => setTimeout(r, 1));
}

describe('thread log', () => {
  it('logs the open thread once it settles, each message once, and nothing while inactive', async () => {
    const ctx = testContext();
    const kehu = createApi(ctx);
    await kehu.importText({ entity: 'customers', format: 'csv', text: 'id,name,domains\nacme,ACME Trading,acme.example\n' });
    await kehu.importText({
      entity: 'contacts',
      format: 'csv',
      text: 'id,customer_id,name,emails\nc-wei,acme,Wei Wang,wei@acme.example\n',
    });
    const sent: number[] = [];
    const calls: Promise<unknown>[] = [];
    let open = [message('m1')];
    let active = true;
    const log = createThreadLog({
      api: {
        logEmails: (input) => {
          sent.push(input.messages.length);
          const call = kehu.logEmails(input);
          calls.push(call);
          return call;
        },
      },
      adapter: { name: 'gmail', openMessages: () => open },
      doc,
      settleMs: 0,
      active: () => active,
    });
    log.schedule();
    await until(() => sent.length === 1);
    open = [message('m1'), message('m2')];
    log.schedule();
    await until(() => sent.length === 2);
    expect(sent).toEqual([1, 1]); // only the new one
    expect(log.logged()).toBe(2);
    active = false;
    open = [message('m3')];
    log.schedule();
    // The check ran (a timer after it has fired) and sent nothing.
    await new Promise((r) => setTimeout(r, 5));
    expect(sent).toEqual([1, 1]);
    await Promise.all(calls);
    const interactions = await kehu.exportText({ entity: 'interactions', format: 'ndjson' });
    expect(interactions.trim().split('\n')).toHaveLength(2);
  });

  it('tries a message again after a failed call, and survives an adapter that throws', async () => {
    vi.useFakeTimers();
    let fail = true;
    let throws = true;
    const sent: string[][] = [];
    const log = createThreadLog({
      api: {
        logEmails: async (input) => {
          sent.push(input.messages.map((m) => m.messageId));
          if (fail) throw new Error('worker restarted');
          return { logged: input.messages.length, skipped: 0 } as never;
        },
      },
      adapter: {
        name: 'outlook',
        openMessages: () => {
          if (throws) throw new Error('page changed');
          return [message('m1')];
        },
      },
      doc,
      active: () => true,
    });
    log.schedule();
    await vi.advanceTimersByTimeAsync(400);
    expect(sent).toEqual([]);
    throws = false;
    fail = true;
    log.schedule();
    log.schedule(); // a second change restarts the wait
    await vi.advanceTimersByTimeAsync(399);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([['m1']]);
    fail = false;
    log.schedule();
    await vi.advanceTimersByTimeAsync(400);
    expect(sent).toEqual([['m1'], ['m1']]);
    log.schedule();
    await vi.advanceTimersByTimeAsync(400);
    expect(sent).toEqual([['m1'], ['m1']]); // logged once it went through
  });
});
