// `kehu export` with the .xlsx format and the filters (level, owner, site, dates), on a data folder.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kehu } from './process.ts';

describe('kehu export: xlsx and filters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-cli-export-'));
  const data = join(dir, 'data');
  beforeAll(() => {
    const csv = join(dir, 'customers.csv');
    writeFileSync(csv, 'id,name,domains,owner\nsh,上海贸易有限公司,shmy.example,王伟\nglobex,Globex,globex.example,li\n');
    const r = kehu(['import', '--data', data, '--entity', 'customers', csv]);
    expect(r.status, r.stderr).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes an .xlsx of one owner’s customers with their level and score', { timeout: 180_000 }, async () => {
    const out = join(dir, 'mine.xlsx');
    const r = kehu(['export', '--data', data, '--entity', 'customers', '--format', 'xlsx', '--owner', '王伟', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const workbook = new ExcelJS.Workbook();
    const bytes = readFileSync(out);
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const ws = workbook.worksheets[0] as ExcelJS.Worksheet;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(-2)).toEqual(['level', 'score']);
    expect(ws.rowCount).toBe(2);
    const row = (ws.getRow(2).values as unknown[]).slice(1);
    expect(row[header.indexOf('name')]).toBe('上海贸易有限公司');
    expect(row[header.indexOf('level')]).toBe('none');
    expect(row[header.indexOf('score')]).toBe(0);
  });

  it('filters by level (the old options still work) and refuses a bad filter naming it', { timeout: 180_000 }, () => {
    const none = kehu([
      'export',
      '--data',
      data,
      '--entity',
      'customers',
      '--format',
      'csv',
      '--level',
      'none',
      '--level',
      'red',
    ]);
    expect(none.status, none.stderr).toBe(0);
    expect(none.stdout).toContain('上海贸易有限公司');
    expect(none.stdout).toContain('Globex');
    const red = kehu([
      'export',
      '--data',
      data,
      '--entity',
      'customers',
      '--format',
      'ndjson',
      '--level',
      'red',
      '--from',
      '2000-01-01',
    ]);
    expect(red.status, red.stderr).toBe(0);
    expect(red.stdout.trim()).toBe('');
    const bad = kehu(['export', '--data', data, '--entity', 'customers', '--format', 'xlsx', '--level', 'purple']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/level.*must be one of none, blue, yellow, orange, red/);
    const site = kehu(['export', '--data', data, '--entity', 'customers', '--format', 'csv', '--site', 'shop']);
    expect(site.status).not.toBe(0);
    expect(site.stderr).toMatch(/site: applies only to responses/);
    const format = kehu(['export', '--data', data, '--entity', 'customers', '--format', 'xls']);
    expect(format.status).toBe(2);
    expect(format.stderr).toContain('--format must be csv, ndjson or xlsx');
  });
});
