// metrics: codec.csv_read_rows_per_s codec.csv_read_peak_mb
// Streams the real Online Retail file (541,909 lines, gzip) through the shared CSV codec.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { readCsv } from '#shared/codecs/csv.ts';
import { decodeText } from '#shared/codecs/text.ts';
import { ONLINE_RETAIL_GZ } from '../data.ts';
import { report, round } from './lib.ts';

let peak = 0;
const sample = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const started = performance.now();
let rows = 0;
for await (const _ of readCsv(decodeText(createReadStream(ONLINE_RETAIL_GZ).pipe(createGunzip())))) rows++;
const seconds = (performance.now() - started) / 1000;
clearInterval(sample);
peak = Math.max(peak, process.memoryUsage().rss);
report({
  'codec.csv_read_rows_per_s': { value: Math.round(rows / seconds), unit: 'rows/s', better: 'higher' },
  'codec.csv_read_peak_mb': { value: round(peak / 2 ** 20, 1), unit: 'MB' },
});
