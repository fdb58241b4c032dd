// Export in chunks: the formula guard (cells that would run as spreadsheet formulas are defused,
// numbers never are), the byte-order mark and header once, filters by level, owner and date, and
// chunked output identical to the whole-file export.
import { readCsv } from '#shared/codecs/csv.ts';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../../../extension/src/api/router.ts';
import { exportChunk } from '../../../../extension/src/store/export-chunks.ts';
import { blobSink, fileName, runExport, type Sink } from '../../../../extension/src/ui/options/export-pipeline.ts';
import { testContext } from '../context.ts';

const CUSTOMERS = `id,name,domains,industry,tier,stage,owner,cadence_days,tags,notes
acme,=HYPERLINK("http://evil.example"),acme.example,Retail,key,stable,Lin,7,,"+1 call me"
globex,Globex,globex.example,,general,,Wang,,,@mention
initech,Initech,initech.example,,general,,lin,,,-plain note`;

const INTERACTIONS = `customer_id,occurred_at,kind,amount,currency,summary,ref
acme,2026-01-05,order,1200,EUR,first,
acme,2026-02-05,return,-35.5,EUR,=cmd|' /C calc'!A0,
globex,2026-03-05,order,800,EUR,globex order,
initech,2026-04-05,call,,,"multi
line",`;

async function seeded() {
  const t = testContext();
  const kehu = createApi(t);
  await kehu.importText({ entity: 'customers', format: 'csv', text: CUSTOMERS });
  await kehu.importText({ entity: 'interactions', format: 'csv', text: INTERACTIONS });
  // Levels as the engine would store them.
  const base = { asOf: '2026-11-20T10:00:00.000Z', contributions: [], trend: 'new' as const, policyVersion: 1, watched: false };
  await t.db.assessments.bulkPut([
    { ...base, customerId: 'acme', score: 80, level: 'red' },
    { ...base, customerId: 'globex', score: 5, level: 'none' },
    { ...base, customerId: 'initech', score: 35, level: 'yellow' },
  ]);
  return { t, kehu };
}

async function chunked(t: ReturnType<typeof testContext>, req: Omit<Parameters<typeof exportChunk>[1], 'after' | 'run'>) {
  let text = '';
  let after: string | null = null;
  let calls = 0;
  for (;;) {
    const c = await exportChunk(t.db, { ...req, after, run: 'test' });
    text += c.text;
    calls++;
    if (c.done) break;
    after = c.after;
  }
  return { text, calls };
}

async function rows(csv: string): Promise<string[][]> {
  const out: string[][] = [];
  for await (const r of readCsv([csv], { unguard: false })) out.push(r.cells);
  return out;
}

describe('export guard', () => {
  it('defuses cells that begin like a formula, keeps numbers (even negative) as numbers', async () => {
    const { t } = await seeded();
    const { text } = await chunked(t, { entity: 'customers', format: 'csv', filter: {}, limit: 2 });
    expect(text.startsWith('\uFEFFid,name,domains')).toBe(true);
    expect(text.match(/\uFEFF/g)).toHaveLength(1);
    expect(text).toContain('\r\n');
    const table = await rows(text);
    const acme = table.find((r) => r[0] === 'acme')!;
    expect(acme[1]).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(acme[9]).toBe("'+1 call me");
    expect(table.find((r) => r[0] === 'globex')![9]).toBe("'@mention");
    expect(table.find((r) => r[0] === 'initech')![9]).toBe("'-plain note");

    const inter = await rows((await chunked(t, { entity: 'interactions', format: 'csv', filter: {}, limit: 1 })).text);
    const ret = inter.find((r) => r[2] === 'return')!;
    expect(ret[3]).toBe('-35.5');
    expect(ret[5]).toBe("'=cmd|' /C calc'!A0");
    expect(inter.find((r) => r[2] === 'call')![5]).toBe('multi\nline');
  });

  it('chunks join into exactly the whole-file export, and round-trip through import', async () => {
    const { t, kehu } = await seeded();
    for (const format of ['csv', 'ndjson'] as const) {
      const whole = await kehu.exportText({ entity: 'interactions', format });
      const { text, calls } = await chunked(t, { entity: 'interactions', format, filter: {}, limit: 1 });
      expect(calls).toBe(5);
      expect(text).toBe(whole);
    }
    const csv = (await chunked(t, { entity: 'customers', format: 'csv', filter: {}, limit: 2 })).text;
    const again = await kehu.importText({ entity: 'customers', format: 'csv', text: csv });
    expect(again).toMatchObject({ added: 0, rejected: [] });
    expect(await t.db.customers.get('acme')).toMatchObject({ name: '=HYPERLINK("http://evil.example")', notes: '+1 call me' });
  });
});

describe('export filters', () => {
  it('selects customers by level and owner, and their records with them', async () => {
    const { t } = await seeded();
    const ids = async (entity: 'customers' | 'interactions', filter: Parameters<typeof exportChunk>[1]['filter']) =>
      (await chunked(t, { entity, format: 'ndjson', filter, limit: 2 })).text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: string; customerId?: string }).customerId ?? (JSON.parse(l) as { id: string }).id);
    expect(await ids('customers', { levels: ['red', 'yellow'] })).toEqual(['acme', 'initech']);
    expect(await ids('customers', { owner: 'LIN' })).toEqual(['acme', 'initech']);
    expect(await ids('customers', { owner: 'lin', levels: ['yellow'] })).toEqual(['initech']);
    expect((await ids('interactions', { levels: ['red'] })).sort()).toEqual(['acme', 'acme']);
    expect(await ids('interactions', { from: '2026-02-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' })).toEqual(
      expect.arrayContaining(['acme', 'globex']),
    );
    expect(await ids('interactions', { from: '2026-02-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' })).toHaveLength(2);
  });

  it('writes the header even when the filter selects nothing', async () => {
    const { t } = await seeded();
    const { text } = await chunked(t, { entity: 'customers', format: 'csv', filter: { levels: ['orange'] }, limit: 10 });
    expect(text).toBe(
      '\uFEFFid,name,domains,industry,tier,stage,owner,cadence_days,tags,notes,value,currency,consent,credit,owner_since,previous_owner,needs,requirements,workload,contact_analysis,long_term_volume,plan_who,plan_when,plan_how\r\n',
    );
  });
});

describe('export pipeline', () => {
  it('writes each chunk as it comes, asks for the next while writing, and stops when cancelled', async () => {
    const written: string[] = [];
    const sink: Sink = {
      kind: 'file',
      write: async (s) => void written.push(s),
      close: async () => void written.push('<closed>'),
      abort: async () => void written.push('<aborted>'),
    };
    const chunks = [
      { text: 'a', after: '1', done: false, rows: 1, scanned: 1 },
      { text: 'b', after: '2', done: false, rows: 1, scanned: 1 },
      { text: 'c', after: '3', done: true, rows: 1, scanned: 1 },
    ];
    const asked: (string | null)[] = [];
    const r = await runExport(
      async (after) => {
        asked.push(after);
        return chunks[asked.length - 1]!;
      },
      sink,
      () => {},
    );
    expect(r).toEqual({ rows: 3, cancelled: false });
    expect(asked).toEqual([null, '1', '2']);
    expect(written).toEqual(['a', 'b', 'c', '<closed>']);

    written.length = 0;
    asked.length = 0;
    const abort = new AbortController();
    const cancelled = await runExport(
      async (after) => {
        asked.push(after);
        if (asked.length === 2) abort.abort();
        return chunks[asked.length - 1]!;
      },
      sink,
      () => {},
      abort.signal,
    );
    expect(cancelled.cancelled).toBe(true);
    expect(written).toEqual(['a', '<aborted>']);
  });

  it('names files by entity and date', () => {
    expect(fileName('interactions', 'csv', new Date('2026-11-20T10:00:00Z'))).toBe('kehu-interactions-2026-11-20.csv');
    expect(fileName('cases', 'ndjson', new Date('2026-11-20T10:00:00Z'))).toBe('kehu-cases-2026-11-20.ndjson');
    expect(blobSink('x.csv', 'csv').kind).toBe('download');
  });
});

describe('export read-ahead', () => {
  it('reads the next page while a chunk is encoded, without mixing runs or skipping a page asked for again', async () => {
    const { t, kehu } = await seeded();
    const whole = await kehu.exportText({ entity: 'interactions', format: 'ndjson' });
    const req = { entity: 'interactions' as const, format: 'ndjson' as const, filter: {}, limit: 2 };
    // Two runs interleaved, and the first chunk asked for twice (a retried request): the same text.
    const a1 = await exportChunk(t.db, { ...req, after: null, run: 'a' });
    const b1 = await exportChunk(t.db, { ...req, after: null, run: 'b' });
    const a1again = await exportChunk(t.db, { ...req, after: null, run: 'a' });
    expect(a1again.text).toBe(a1.text);
    let textA = a1.text;
    let textB = b1.text;
    let afterA = a1.after;
    let afterB = b1.after;
    for (let i = 0; i < 5; i++) {
      const a = await exportChunk(t.db, { ...req, after: afterA, run: 'a' });
      const b = await exportChunk(t.db, { ...req, after: afterB, run: 'b' });
      textA += a.text;
      textB += b.text;
      afterA = a.after;
      afterB = b.after;
      if (a.done && b.done) break;
    }
    expect(textA).toBe(whole);
    expect(textB).toBe(whole);
  });
});
