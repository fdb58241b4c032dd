// Import rejections and warnings carry a code and parameters beside the English sentence, so the
// extension's preview and `kehu import` say them in Chinese from the code, not by matching English.
import { describe, expect, it } from 'vitest';
import { type ImportItem, readImport } from '#shared/codecs/import.ts';
import { IMPORT_REASON_CODES, IMPORT_REASON_TEXT, rejectionText } from '#shared/i18n/import-reasons.ts';
import type { Rejection } from '#shared/model/interchange.ts';

const CTX = { now: '2026-11-25T00:00:00.000Z', by: 'test', timeZone: 'Asia/Shanghai' };

async function problems(entity: 'customers' | 'interactions' | 'responses', format: 'csv' | 'ndjson', text: string) {
  const rejected: Rejection[] = [];
  const warned: Rejection[] = [];
  for await (const item of readImport(entity, format, [text], CTX) as AsyncGenerator<ImportItem<typeof entity>>) {
    if (!item.ok) rejected.push(...item.rejections);
    else if ('warnings' in item && item.warnings) warned.push(...item.warnings);
  }
  return { rejected, warned };
}

describe('import reasons', () => {
  it('refused cells carry their code and value, said in Chinese from the code', async () => {
    const { rejected } = await problems(
      'interactions',
      'csv',
      'customer_id,occurred_at,kind,amount\nacme,yesterday,order,1\nacme,2026-01-05,order,12,5\nacme,2026-01-05,order,many\n',
    );
    expect(rejected.map((r) => [r.line, r.field, r.code, r.params])).toEqual([
      [2, 'occurred_at', 'not_date', { value: 'yesterday' }],
      [4, 'amount', 'not_number', { value: 'many' }],
    ]);
    expect(rejected.map((r) => rejectionText('zh-CN', r))).toEqual([
      '“yesterday”不是日期（请用 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM:SS）',
      '“many”不是数字',
    ]);
    // In English the mapper's own sentence is the text.
    expect(rejectionText('en', rejected[0]!)).toBe(rejected[0]!.error);
  });

  it('a value read as its closest meaning is a warning with its code', async () => {
    const { warned } = await problems('customers', 'csv', 'id,name,tier\nc1,ACME,VIP\n');
    expect(warned[0]).toMatchObject({ line: 2, field: 'tier', code: 'read_as_closest', params: { value: 'VIP', read: 'key' } });
    expect(rejectionText('zh-CN', warned[0]!)).toMatch(/^“VIP”不在可选值（.*）中：按最接近的含义读作“key”$/);
  });

  it('NDJSON lines: bad JSON and non-objects by code; a schema check in zod’s own Chinese', async () => {
    const { rejected } = await problems('responses', 'ndjson', '{"kind":\n[1]\n{"kind":"nps","score":"ten"}\n');
    expect(rejected.slice(0, 2).map((r) => r.code)).toEqual(['not_json', 'not_object']);
    expect(rejectionText('zh-CN', rejected[0]!)).toMatch(/^不是有效的 JSON：/);
    expect(rejectionText('zh-CN', rejected[1]!)).toBe('每行必须是一个 JSON 对象');
    const zod = rejected.slice(2).find((r) => r.field === 'score');
    expect(zod?.code).toBe('invalid_type');
    expect(rejectionText('zh-CN', zod!)).toMatch(/^无效输入：/);
  });

  it('has Chinese words for every code', () => {
    for (const code of IMPORT_REASON_CODES) expect(IMPORT_REASON_TEXT['zh-CN'][code], code).toMatch(/[\u4e00-\u9fff]/);
  });
});
