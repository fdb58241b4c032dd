import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCsv } from '#shared/codecs/csv.ts';
import { decodeText } from '#shared/codecs/text.ts';
import { ONLINE_RETAIL_GZ } from '../../data.ts';

describe('the real Online Retail file through the CSV codec', () => {
  it('streams 541,909 rows with the right columns', async () => {
    const before = process.memoryUsage().rss;
    const file = createReadStream(ONLINE_RETAIL_GZ);
    const bytes = file.pipe(createGunzip());
    file.on('error', (e) => bytes.destroy(e)); // pipe() does not forward errors
    let header: string[] | null = null;
    let rows = 0;
    let wrongWidth = 0;
    let quotedWithComma = 0;
    for await (const row of readCsv(decodeText(bytes))) {
      if (!header) {
        header = row.cells;
        continue;
      }
      rows++;
      if (row.cells.length !== header.length) wrongWidth++;
      if (row.cells[2]?.includes(',')) quotedWithComma++;
    }
    expect(header).toEqual([
      'InvoiceNo',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'UnitPrice',
      'CustomerID',
      'Country',
    ]);
    expect(rows).toBe(541_909);
    expect(wrongWidth).toBe(0);
    expect(quotedWithComma).toBeGreaterThan(0);
    // Streamed: the 45 MB of text never sits in memory at once.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });
});
