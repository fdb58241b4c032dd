// An open-loop load generator: requests are sent at a fixed rate, evenly spaced, whatever the
// answers' latency, and each latency counts from the moment its request was due, not from when a
// busy client got round to sending it (so a stalled server cannot hide its queue: no coordinated
// omission). Used for a latency target at a given load; a closed loop (autocannon's default) instead
// keeps every connection busy and measures the queue it builds itself.
//
// Why not autocannon's `overallRate`: it splits the rate across connections, each on its own timer,
// so on a busy machine the timers fire together and the requests arrive in bursts of up to one per
// connection; the burst's own queue then dominates the percentiles (measured here: p50 26–39 ms at
// 70% of the floor's rate, for the floor and the collector alike).
import http from 'node:http';
import { percentile } from './lib.ts';

export interface OpenLoopResult {
  /** Requests answered 2xx per second of the run. */
  rps: number;
  sent: number;
  ok: number;
  failed: number;
  /** Milliseconds from each request's due time to its last response byte. */
  p50: number;
  p99: number;
  max: number;
  /** CPU time this process spent per second of the run (1 = one core busy): the client's own cost. */
  clientCpu: number;
}

export interface OpenLoopOptions {
  port: number;
  path: string;
  headers: Record<string, string>;
  /** The n-th request's body. */
  body: (n: number) => string;
  rate: number;
  seconds: number;
  /** The most requests open at once (sockets); a request due while all are busy waits, and its wait counts. */
  connections: number;
}

export async function openLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const send = (n: number, due: number) =>
    new Promise<void>((resolve) => {
      const payload = o.body(n);
      const req = http.request(
        {
          host: '127.0.0.1',
          port: o.port,
          path: o.path,
          method: 'POST',
          agent,
          headers: { ...o.headers, 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - due);
            if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) ok++;
            else failed++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(payload);
    });

  const total = Math.round(o.rate * o.seconds);
  const interval = 1000 / o.rate;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const inFlight: Promise<void>[] = [];
  let n = 0;
  // Every millisecond or so, send whatever has come due; a late tick sends the backlog at once but
  // each request keeps its own due time.
  while (n < total) {
    const now = performance.now();
    while (n < total && started + n * interval <= now) {
      inFlight.push(send(n, started + n * interval));
      n++;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    rps: ok / elapsed,
    sent: total,
    ok,
    failed,
    p50: r(percentile(latencies, 50)),
    p99: r(percentile(latencies, 99)),
    max: r(latencies[latencies.length - 1] ?? Number.NaN),
    clientCpu: Math.round(((used.user + used.system) / 1e6 / elapsed) * 100) / 100,
  };
}
