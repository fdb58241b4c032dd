// The thread-side end of the PGlite worker: an Sql whose every call is a message to the worker
// thread that owns the database (pglite-worker.ts). Rows come back by structured clone.
import { Worker } from 'node:worker_threads';
import type { Queryable, Row, Sql, Statement } from './sql.ts';

export type Request = { id: number } & (
  | { op: 'query'; statement: string | Statement; params?: readonly unknown[]; tx?: number }
  | { op: 'exec'; text: string; tx?: number }
  | { op: 'write'; statement: string | Statement; params?: readonly unknown[] }
  | { op: 'begin' }
  | { op: 'commit' | 'rollback'; tx: number }
  | { op: 'close' }
);
type Op = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
export type Reply = { id: number; result?: unknown; error?: { name: string; message: string; code?: string } };

function toError(e: NonNullable<Reply['error']>): Error {
  return Object.assign(new Error(e.message), { name: e.name, ...(e.code ? { code: e.code } : {}) });
}

export function openWorker(dir: string, durable: boolean): Promise<Sql> {
  const worker = new Worker(new URL('./pglite-worker.ts', import.meta.url), { workerData: { dir, durable } });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let failed: Error | null = null;

  const call = <T>(op: Op): Promise<T> => {
    if (failed) return Promise.reject(failed);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...op, id });
    });
  };

  return new Promise<Sql>((resolveOpen, rejectOpen) => {
    const fail = (e: Error) => {
      failed = e;
      for (const p of pending.values()) p.reject(e);
      pending.clear();
      rejectOpen(e);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the database thread stopped (exit ${code})`)));
    worker.on('message', (m: Reply) => {
      if (m.id === 0) {
        if (m.error) fail(toError(m.error));
        else resolveOpen(sql);
        return;
      }
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error) p.reject(toError(m.error));
      else p.resolve(m.result);
    });

    const queryable = (tx?: number): Queryable => ({
      query: <T extends Row>(statement: string | Statement, params?: readonly unknown[]) =>
        call<T[]>({ op: 'query', statement, ...(params ? { params } : {}), ...(tx !== undefined ? { tx } : {}) }),
      exec: (text: string) => call<void>({ op: 'exec', text, ...(tx !== undefined ? { tx } : {}) }),
    });

    const sql: Sql = {
      kind: 'pglite',
      where: dir,
      ...queryable(),
      async transaction(work) {
        const tx = await call<number>({ op: 'begin' });
        let result: Awaited<ReturnType<typeof work>>;
        try {
          result = await work(queryable(tx));
        } catch (e) {
          await call({ op: 'rollback', tx }).catch(() => {});
          throw e;
        }
        await call({ op: 'commit', tx });
        return result;
      },
      write: <T extends Row>(statement: string | Statement, params?: readonly unknown[]) =>
        call<T[]>({ op: 'write', statement, ...(params ? { params } : {}) }),
      async close() {
        await call({ op: 'close' });
        worker.removeAllListeners('exit');
        await worker.terminate();
      },
    };
  });
}
