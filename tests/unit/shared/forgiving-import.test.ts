// Import is forgiving where a person would be: values outside a list are read as the closest
// meaning or "other", the original kept, with a warning line; rejections stay for what cannot be
// understood (no id, a date that is not a date).
import { describe, expect, it } from 'vitest';
import { type ImportItem, readImport } from '#shared/codecs/import.ts';
import type { ImportEntity } from '#shared/model/interchange.ts';

const ctx = { now: '2026-11-25T00:00:00.000Z', by: 'test', timeZone: 'UTC' };

async function run<E extends ImportEntity>(entity: E, text: string) {
  const out: ImportItem<E>[] = [];
  for await (const item of readImport(entity, 'csv', [text], ctx)) out.push(item);
  return out;
}

const CASES = 'id,customer_id,title,category,severity,status,opened_at\n';

describe('forgiving import', () => {
  it('a case category "quality" is read as product, status "investigating" as analyse, with warning lines', async () => {
    const [item] = await run('cases', `${CASES}k1,c1,Broken lid,quality,urgent,investigating,2026-01-05\n`);
    expect(item).toMatchObject({
      ok: true,
      record: {
        category: 'product',
        severity: 'critical',
        status: 'analyse',
        steps: [{ step: 'analyse', note: 'In the file: status: investigating; category: quality; severity: urgent' }],
      },
    });
    const warnings = item?.ok ? (item.warnings ?? []) : [];
    expect(warnings.map((w) => [w.line, w.field])).toEqual([
      [2, 'status'],
      [2, 'category'],
      [2, 'severity'],
    ]);
    expect(warnings[1]?.error).toBe(
      '"quality" is not one of product, service, delivery, billing, staff, other: read as "product" (the closest meaning)',
    );
  });

  it('a category with no close meaning becomes "other", the original kept on the case', async () => {
    const [item] = await run('cases', `${CASES}k1,c1,Odd,weather,,,2026-01-05\n`);
    expect(item).toMatchObject({ ok: true, record: { category: 'other', steps: [{ note: 'In the file: category: weather' }] } });
  });

  it('a tier in another spelling or language is read as its meaning', async () => {
    const items = await run('customers', 'id,name,tier\nc1,A,VIP\nc2,B,Key Account\nc3,C,大客户\nc4,D,prospect\nc5,E,key\n');
    expect(items.map((i) => (i.ok ? i.record.tier : null))).toEqual(['key', 'key', 'key', 'potential', 'key']);
    expect(items.map((i) => (i.ok ? (i.warnings?.length ?? 0) : -1))).toEqual([1, 1, 1, 1, 0]);
  });

  it('still rejects what cannot be understood: no id, a date that is not a date', async () => {
    const items = await run('cases', `${CASES},c1,No id,quality,,,2026-01-05\nk2,c1,Bad date,quality,,,someday\n`);
    expect(items.map((i) => i.ok)).toEqual([false, false]);
  });
});
