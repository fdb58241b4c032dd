// `kehu serve --workers N`: N collector processes on one machine sharing one port (node:cluster:
// the first process holds the port and hands connections to the workers in turn). Each worker is
// a whole `kehu serve` on the same PostgreSQL database; they share rate limits and key
// revocations through it, so they behave as one collector. This process only starts them,
// starts a new one when one dies, and stops them all on SIGTERM or SIGINT.
import cluster, { type Worker } from 'node:cluster';
import { t } from './text.ts';

export function isWorker(): boolean {
  return cluster.isWorker;
}

/** A worker that has closed its server and store: let go of the channel to the first process, so it exits. */
export function leaveCluster(): void {
  if (cluster.isWorker) cluster.worker?.disconnect();
}

/**
 * Run `count` workers, each `kehu` with `args`, until a signal stops them. Resolves with the exit
 * code for the command.
 */
export function runWorkers(count: number, args: string[]): Promise<number> {
  cluster.setupPrimary({ args });
  return new Promise((resolve) => {
    let stopping = false;
    let failed = false;
    const running = new Set<Worker>();
    const listening = new Set<Worker>();
    const fork = () => running.add(cluster.fork());
    cluster.on('listening', (worker) => listening.add(worker));

    cluster.on('exit', (worker, code, signal) => {
      running.delete(worker);
      const served = listening.delete(worker);
      if (!stopping) {
        console.error(t('workerExited', { pid: worker.process.pid ?? '?', how: signal ?? String(code) }));
        if (served) fork();
        else {
          // It could not start (a port in use, a database that refuses it): stop, don't loop.
          failed = true;
          stop();
        }
      }
      if (stopping && running.size === 0) {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(failed ? 1 : 0);
      }
    });

    const stop = () => {
      if (stopping) return;
      stopping = true;
      console.error(t('stopping'));
      for (const worker of running) worker.process.kill('SIGTERM');
      if (running.size === 0) resolve(failed ? 1 : 0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    for (let i = 0; i < count; i++) fork();
  });
}
