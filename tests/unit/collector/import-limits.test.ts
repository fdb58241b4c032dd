// Imports cannot hold the collector hostage: a row longer than the format allows and a body over
// the import limit end the import with a 413 naming the line, the server answers other requests
// while an import's body is still arriving, and rejection messages quote raw cells shortened and
// escaped. On every store backend.
import { beforeEach, expect, it } from 'vitest';
import { MAX_ROW_CHARS } from '#shared/codecs/limits.ts';
import { describeOnBackends } from './backends.ts';
import { type Harness, harness } from './fixtures.ts';

const HEADER = 'id,name,domains,notes\n';
const row = (i: number) => `c${i},Customer ${i},,\n`;
const encoder = new TextEncoder();

/** A request body streamed from `parts`, one chunk per part (a generator may wait between them). */
function streamed(parts: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const it = parts[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await it.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
  });
}

describeOnBackends('import limits on $name', (sql) => {
  let h: Harness;
  const post = (file: string, body: BodyInit) =>
    h.call(`/v1/import/${file}`, {
      method: 'POST',
      body,
      token: h.tokens.rw,
      headers: { 'content-type': 'text/csv' },
      duplex: 'half',
    } as RequestInit & { token: string });

  beforeEach(async () => {
    h = await harness(sql, { maxImportBytes: 8 * 1024 * 1024 });
  });

  it('a CSV row with one huge field ends the import with 413 naming its line; the rows before it are kept', async () => {
    async function* parts() {
      yield HEADER + row(1) + row(2);
      yield 'c3,"Huge'; // line 4 starts a quoted field that never ends within the limit
      for (let sent = 0; sent <= MAX_ROW_CHARS; sent += 64 * 1024) yield 'x'.repeat(64 * 1024);
      yield '",,\n';
    }
    const r = await post('customers.csv', streamed(parts()));
    expect(r.status).toBe(413);
    const body = (await r.json()) as { error: string; message: string };
    expect(body.error).toBe('row_too_large');
    expect(body.message).toMatch(/^line 4: the row is longer than 1,048,576 characters/);
    expect(body.message).toContain('(the 2 rows before it were imported)');
    const stored = await sql.query("SELECT id FROM kehu_records WHERE entity = 'customers'");
    expect(stored).toHaveLength(2);
  });

  it('an NDJSON line over the limit is rejected alone; one that never ends is a 413 naming its line', async () => {
    const line = (i: number) => `${JSON.stringify({ id: `n${i}`, name: `N${i}`, createdAt: '2026-01-01T00:00:00.000Z' })}\n`;
    const long = `${JSON.stringify({ id: 'big', name: 'x'.repeat(MAX_ROW_CHARS + 10) })}\n`;
    const r = await post('customers.ndjson', `${line(1)}${long}${line(3)}`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ added: 2, rejected: [{ line: 2, error: expect.stringMatching(/longer than/) }] });

    async function* parts() {
      yield line(4);
      yield '{"id": "endless", "name": "';
      for (let sent = 0; sent <= MAX_ROW_CHARS; sent += 64 * 1024) yield 'x'.repeat(64 * 1024);
    }
    const endless = await post('customers.ndjson', streamed(parts()));
    expect(endless.status).toBe(413);
    expect(((await endless.json()) as { message: string }).message).toMatch(/^line 2: .*\(the 1 rows before it were imported\)/);
  });

  it('a body over the import limit is a 413, whether or not Content-Length says so', async () => {
    const notes = 'n'.repeat(5000);
    const big = HEADER + Array.from({ length: 1700 }, (_, i) => `c${i},Customer ${i},,${notes}\n`).join('');
    expect(big.length).toBeGreaterThan(8 * 1024 * 1024);
    const declared = await post('customers.csv', big);
    expect(declared.status).toBe(413);
    async function* parts() {
      for (let at = 0; at < big.length; at += 256 * 1024) yield big.slice(at, at + 256 * 1024);
    }
    const undeclared = await post('customers.csv', streamed(parts()));
    expect(undeclared.status).toBe(413);
    expect(((await undeclared.json()) as { message: string }).message).toMatch(/larger than 8 MB.*rows before it were imported/);
  });

  it('answers a health request while an import is still running', async () => {
    let health: Promise<Response> | null = null;
    let healthAnswered = false;
    async function* parts() {
      yield HEADER;
      for (let i = 0; i < 50; i++) {
        yield Array.from({ length: 100 }, (_, k) => row(i * 100 + k)).join('');
        if (i === 10) {
          // Half-way through the body: the server must answer this before the import can end.
          health = Promise.resolve(h.app.request('/healthz')).then((r) => {
            healthAnswered = true;
            return r;
          });
          await health;
        }
      }
    }
    const r = await post('customers.csv', streamed(parts()));
    expect(r.status).toBe(200);
    expect(healthAnswered).toBe(true);
    expect((await (health as unknown as Promise<Response>)).status).toBe(200);
    expect(((await r.json()) as { added: number }).added).toBe(5_000);
  });

  it('rejection messages quote a raw cell shortened, with control characters escaped', async () => {
    const cell = `12\u0007${'9'.repeat(5000)}\u001b[31m`;
    const csv = `customer_id,occurred_at,kind,amount\nacme,2026-01-02,order,"${cell}"\n`;
    const r = await post('interactions.csv', csv);
    expect(r.status).toBe(200);
    const summary = (await r.json()) as { rejected: { line: number; field: string; error: string }[] };
    const [rejection] = summary.rejected;
    expect(rejection).toMatchObject({ line: 2, field: 'amount' });
    expect(rejection?.error).toContain('"12\\u0007999');
    expect(rejection?.error).toContain('…"');
    expect(rejection?.error.length).toBeLessThan(120);
    expect(rejection?.error).not.toMatch(/\p{Cc}/u);
  });
});
