// The floor of `npm run bench -- collector.pg` (collector-pg.bench.ts): the least a collector on
// PostgreSQL could do with an answer, served over HTTP to the same load generator as
// `kehu serve`, so that the two are compared with the same client, concurrency and payloads.
// Each POST /v1/collect/{key} body is parsed, made into the Response record collect stores
// (toResponse, responseId) and inserted into kehu_records as its own durable transaction (the
// plain way to put one answer into PostgreSQL), over a pool of --pool-size connections; then
// 201 {id}. Nothing else: no checks, no rate limit, no matching to contacts, no change-log order.
// Usage: node tests/bench/collector-pg-floor.ts DATABASE_URL SITE_KEY POOL_SIZE
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { responseId, toResponse } from '../../collector/store/collect.ts';

const [url, siteKey, poolSize] = process.argv.slice(2);
if (!url || !siteKey) throw new Error('usage: collector-pg-floor.ts DATABASE_URL SITE_KEY POOL_SIZE');
const pool = new pg.Pool({ connectionString: url, max: Number(poolSize ?? 20) });
await pool.query('CREATE SEQUENCE IF NOT EXISTS kehu_bench_seq START 1000000000');
const INSERT = `INSERT INTO kehu_records (entity, id, seq, rev, updated_at, updated_by, deleted_at, at, data)
  VALUES ('responses', $1, nextval('kehu_bench_seq'), 1, $2, $3, NULL, $4, $5::jsonb)`;
const site = { key: siteKey, name: 'bench' };

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    try {
      const submission = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const now = new Date().toISOString();
      const id = responseId(siteKey, submission.clientId);
      const record = toResponse({ site, submission, email: submission.respondent?.email }, id, now);
      await pool.query(INSERT, [id, now, record.updatedBy, record.submittedAt, JSON.stringify(record)]);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
    } catch (e) {
      res.writeHead(500).end(String((e as Error).message));
    }
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  console.error(`floor listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});
