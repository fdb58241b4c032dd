// The worker thread that runs PGlite for a data folder (see pglite-client.ts for the protocol).
// Transactions stay open across messages: `begin` starts one and parks it until `commit` or
// `rollback`; PGlite itself makes other statements wait while one is open.
import { parentPort, workerData } from 'node:worker_threads';
import { openPgliteEngine } from './pglite.ts';
import type { Queryable } from './sql.ts';
import type { Reply, Request } from './pglite-client.ts';

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts runs as a worker thread');
const { dir, durable } = workerData as { dir: string; durable: boolean };

const open = new Map<number, { tx: Queryable; commit: () => void; rollback: (e: Error) => void; done: Promise<unknown> }>();
let nextTx = 1;

function reply(message: Reply) {
  port?.postMessage(message);
}

function failure(e: unknown): Reply['error'] {
  const err = e as { name?: string; message?: string; code?: string };
  return { name: err?.name ?? 'Error', message: err?.message ?? String(e), ...(err?.code ? { code: err.code } : {}) };
}

try {
  const sql = await openPgliteEngine(dir, durable);

  const runner = (tx: number | undefined): Queryable => {
    if (tx === undefined) return sql;
    const t = open.get(tx);
    if (!t) throw new Error(`no open transaction ${tx}`);
    return t.tx;
  };

  async function handle(m: Request): Promise<unknown> {
    switch (m.op) {
      case 'query':
        return runner(m.tx).query(m.statement, m.params);
      case 'exec':
        return runner(m.tx).exec(m.text);
      case 'write':
        return sql.write(m.statement, m.params);
      case 'begin': {
        const id = nextTx++;
        let started!: () => void;
        const ready = new Promise<void>((r) => {
          started = r;
        });
        const done = sql.transaction(
          (tx) =>
            new Promise<void>((commit, rollback) => {
              open.set(id, { tx, commit: () => commit(), rollback, done });
              started();
            }),
        );
        done.catch(() => {}); // a rollback is reported to whoever asked for it
        await ready;
        return id;
      }
      case 'commit':
      case 'rollback': {
        const t = open.get(m.tx);
        if (!t) throw new Error(`no open transaction ${m.tx}`);
        open.delete(m.tx);
        if (m.op === 'commit') {
          t.commit();
          await t.done; // committed, and its WAL synced
        } else {
          t.rollback(new Error('rolled back'));
          await t.done.catch(() => {});
        }
        return null;
      }
      case 'close':
        await sql.close();
        return null;
    }
  }

  port.on('message', (m: Request) => {
    handle(m).then(
      (result) => reply({ id: m.id, result }),
      (e) => reply({ id: m.id, error: failure(e) }),
    );
  });
  reply({ id: 0, result: 'ready' });
} catch (e) {
  reply({ id: 0, error: failure(e) });
}
