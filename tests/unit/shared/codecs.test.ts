import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from '#shared/codecs/csv.ts';
import { readNdjson, writeNdjson } from '#shared/codecs/ndjson.ts';
import { EncodingError, decodeText, detectEncoding } from '#shared/codecs/text.ts';
import { parseDateTime } from '#shared/codecs/time.ts';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Split text into chunks of a given size, to exercise chunk boundaries. */
function chunked(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

describe('readCsv', () => {
  it('copes with quotes, commas and line breaks in fields, a BOM and CRLF', async () => {
    const text = '\uFEFFid,name,notes\r\n1,"Acme, Ltd","line one\r\nline two"\r\n2,"say ""hi""",\r\n';
    for (const size of [1, 2, 3, 7, 1000]) {
      const rows = await collect(readCsv(chunked(text, size)));
      expect(rows, `chunk size ${size}`).toEqual([
        { line: 1, cells: ['id', 'name', 'notes'] },
        { line: 2, cells: ['1', 'Acme, Ltd', 'line one\r\nline two'] },
        { line: 4, cells: ['2', 'say "hi"', ''] },
      ]);
    }
  });
  it('reads LF files, skips blank lines and guesses semicolons and tabs', async () => {
    expect(await collect(readCsv(['a;b\n\n1;2\n']))).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 3, cells: ['1', '2'] },
    ]);
    expect(await collect(readCsv(['a\tb\n1\t2']))).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
    ]);
  });
});

describe('writeCsv', () => {
  it('writes a BOM, CRLF, RFC 4180 quoting and guards formulas but not numbers', async () => {
    const text = (
      await collect(
        writeCsv(
          [
            { name: 'a', value: (r: { a: string; n: number }) => r.a },
            { name: 'n', value: (r) => r.n },
          ],
          [
            { a: '=HYPERLINK("x")', n: -3.5 },
            { a: 'x, "y"', n: 2 },
            { a: '@SUM(A1)', n: 0 },
            { a: '\tlead', n: 1 },
          ],
        ),
      )
    ).join('');
    expect(text).toBe('\uFEFFa,n\r\n"\'=HYPERLINK(""x"")",-3.5\r\n"x, ""y""",2\r\n"\'@SUM(A1)",0\r\n"\'\tlead",1\r\n');
  });

  it('round-trips arbitrary Unicode text with quotes, commas and line breaks (property)', async () => {
    const cell = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: fc.constantFrom('"', ',', '\n', '\r', ' ', 'a', '王', '=', '+', '-', '@', '\t', "'", ';') }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 64 }),
        async (rows, size) => {
          // A row of two empty cells would be written as "," — keep rows non-blank like real data.
          const data = rows.map(([x, y]) => ({ x: x ?? '', y: `${y ?? ''}.` }));
          const text = (
            await collect(
              writeCsv(
                [
                  { name: 'x', value: (r: { x: string; y: string }) => r.x },
                  { name: 'y', value: (r) => r.y },
                ],
                data,
              ),
            )
          ).join('');
          const back = await collect(readCsv(chunked(text, size), { delimiter: ',' }));
          expect(back.map((r) => r.cells)).toEqual([['x', 'y'], ...data.map((d) => [d.x, d.y])]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('ndjson', () => {
  it('round-trips values and reports bad lines with their number', async () => {
    const text = (await collect(writeNdjson([{ a: 1 }, { b: '王\n' }]))).join('');
    expect(await collect(readNdjson(chunked(`${text}{oops\n\n`, 3)))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: { b: '王\n' } },
      { line: 3, error: expect.stringContaining('not valid JSON'), code: 'not_json', params: { detail: expect.any(String) } },
    ]);
  });
});

describe('text decoding', () => {
  const gbk = new Uint8Array([0xbf, 0xcd, 0xbb, 0xa7, 0xc3, 0xfb, 0xb3, 0xc6, 0x0d, 0x0a]); // 客户名称\r\n in GBK
  it('detects UTF-8, UTF-8 with BOM and GBK', () => {
    expect(detectEncoding(new TextEncoder().encode('客户'))).toBe('utf-8');
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe('utf-8');
    expect(detectEncoding(gbk)).toBe('gb18030');
  });
  it('decodes a GBK file, as Excel in China writes it, chunk by chunk', async () => {
    const chunks = [gbk.slice(0, 3), gbk.slice(3)];
    expect((await collect(decodeText(chunks))).join('')).toBe('客户名称\r\n');
  });
  it('decodes UTF-8 split inside a character', async () => {
    const bytes = new TextEncoder().encode('王伟,acme');
    expect((await collect(decodeText([bytes.slice(0, 1), bytes.slice(1, 4), bytes.slice(4)]))).join('')).toBe('王伟,acme');
  });
  it('rejects bytes that are neither, with a clear message', async () => {
    const junk = new Uint8Array([0xff, 0xff, 0xff, 0x80, 0x81]);
    await expect(collect(decodeText([junk]))).rejects.toThrow(EncodingError);
    await expect(collect(decodeText([junk]))).rejects.toThrow(/CSV UTF-8/);
  });
});

describe('parseDateTime', () => {
  it('reads dates and times with and without zones', () => {
    expect(parseDateTime('2011-12-09')).toBe('2011-12-09T00:00:00.000Z');
    expect(parseDateTime('2011-12-09 12:50:00', 'Europe/London')).toBe('2011-12-09T12:50:00.000Z');
    expect(parseDateTime('2011-07-09 12:50:00', 'Europe/London')).toBe('2011-07-09T11:50:00.000Z');
    expect(parseDateTime('2024/3/5 9:05', 'Asia/Shanghai')).toBe('2024-03-05T01:05:00.000Z');
    expect(parseDateTime('2024-03-05T09:05:00+08:00')).toBe('2024-03-05T01:05:00.000Z');
    expect(parseDateTime('2024-03-05T01:05:00.123Z')).toBe('2024-03-05T01:05:00.123Z');
  });
  it('rejects impossible dates and other text', () => {
    for (const bad of ['2023-02-30', '2023-13-01', 'yesterday', '12/09/2011', '2011-12-09 25:00']) {
      expect(parseDateTime(bad), bad).toBeNull();
    }
  });
});
