// SIGTERM drains: /readyz turns 503 for the load balancer, no new connections are taken, and a
// request already in flight (here a submission whose body is still arriving) is finished and
// stored before the process exits 0.
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kehu, killServers, serve } from './process.ts';

const ORIGIN = 'https://drain.test';

describe('kehu serve on SIGTERM', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-drain-'));
  afterAll(() => {
    killServers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the requests in flight, then stops', { timeout: 180_000 }, async () => {
    const data = ['--data', join(dir, 'data')];
    const site = kehu(['keys', 'site', ...data, '--name', 'drain', '--origin', ORIGIN]);
    expect(site.status, site.stderr).toBe(0);
    const served = await serve([...data, '--min-elapsed-ms', '0']);
    expect((await fetch(`${served.url}/readyz`)).status).toBe(200);

    const body = JSON.stringify({
      clientId: 'in-flight',
      kind: 'csat',
      score: 4,
      elapsedMs: 3000,
      submittedAt: '2026-05-01T10:00:00.000Z',
    });
    const half = Math.floor(body.length / 2);
    const { hostname, port } = new URL(served.url);
    // Expect: 100-continue: the server answers "continue" once it has the request's headers, so
    // the request is known to be in flight before the signal.
    const req = request({
      hostname,
      port,
      method: 'POST',
      path: `/v1/collect/${site.stdout.trim()}`,
      headers: { origin: ORIGIN, 'content-type': 'application/json', 'content-length': body.length, expect: '100-continue' },
    });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
    });
    await new Promise<void>((resolve) => req.once('continue', resolve));
    req.write(body.slice(0, half));

    const exited = served.stop(); // SIGTERM
    // The port stops taking connections: wait until a new one is refused.
    for (;;) {
      const refused = await fetch(`${served.url}/livez`, { headers: { connection: 'close' } }).then(
        () => false,
        () => true,
      );
      if (refused) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    req.end(body.slice(half));
    const { status, text } = await answer;
    expect(status, text).toBe(201);
    expect(await exited).toBe(0);

    // It was stored: a new process on the folder finds it as a replay.
    const again = await serve([...data, '--min-elapsed-ms', '0']);
    const replay = await fetch(`${again.url}/v1/collect/${site.stdout.trim()}`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body,
    });
    expect(replay.status).toBe(200);
    expect(await again.stop()).toBe(0);
  });
});
