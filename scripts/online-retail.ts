// The Online Retail data set (UCI; data/online-retail/online-retail.csv.gz) as Kehu sees it: its
// invoice lines become one order per invoice with the invoice's total; cancellations (invoice
// numbers starting with C) become returns; lines without a customer are dropped. Used by the
// early-warning evaluation (`npm run eval:risk`) and the demo's data (`npm start`).
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { readCsv } from '#shared/codecs/csv.ts';
import { decodeText } from '#shared/codecs/text.ts';
import { parseDateTime } from '#shared/codecs/time.ts';
import { ONLINE_RETAIL_GZ } from '../tests/data.ts';

/** InvoiceDate is UK local time. */
export const ONLINE_RETAIL_ZONE = 'Europe/London';

export interface Invoice {
  /** Online Retail's CustomerID without its `.0` (e.g. 17850). */
  customerId: string;
  invoiceNo: string;
  /** Epoch milliseconds. */
  at: number;
  /** Sum of quantity × unit price over the invoice's lines (negative for a cancellation). */
  total: number;
  cancellation: boolean;
  /** The customer's country as the invoice names it. */
  country: string;
}

export interface OnlineRetail {
  /** Sorted by time. */
  invoices: Invoice[];
  /** Invoice lines read (without the header). */
  lines: number;
  /** Lines without a customer. */
  dropped: number;
}

/** Read the whole file (541,909 lines: about two seconds). */
export async function readInvoices(file = ONLINE_RETAIL_GZ): Promise<OnlineRetail> {
  const byNumber = new Map<string, Invoice>();
  let header: string[] | null = null;
  let lines = 0;
  let dropped = 0;
  const stream = createReadStream(file);
  const bytes = stream.pipe(createGunzip());
  stream.on('error', (e) => bytes.destroy(e));
  const col: Record<string, number> = {};
  for await (const row of readCsv(decodeText(bytes))) {
    if (!header) {
      header = row.cells;
      header.forEach((h, i) => {
        col[h] = i;
      });
      continue;
    }
    lines++;
    const cell = (name: string) => row.cells[col[name] as number] ?? '';
    const customer = cell('CustomerID').trim();
    if (!customer) {
      dropped++;
      continue;
    }
    const number = cell('InvoiceNo');
    let inv = byNumber.get(number);
    if (!inv) {
      const at = parseDateTime(cell('InvoiceDate'), ONLINE_RETAIL_ZONE);
      if (!at) throw new Error(`line ${row.line}: InvoiceDate "${cell('InvoiceDate')}" is not a date`);
      inv = {
        // Customer ids are written like 17850.0.
        customerId: customer.replace(/\.0+$/, ''),
        invoiceNo: number,
        at: Date.parse(at),
        total: 0,
        cancellation: number.startsWith('C'),
        country: cell('Country').trim(),
      };
      byNumber.set(number, inv);
    }
    inv.total += Number(cell('Quantity')) * Number(cell('UnitPrice'));
  }
  const invoices = [...byNumber.values()].sort((a, b) => a.at - b.at);
  return { invoices, lines, dropped };
}

/** An invoice as Kehu's interaction: an order, or a return for a cancellation, with its amount in pounds. */
export function invoiceInteraction(v: Invoice): { kind: 'order' | 'return'; occurredAt: string; amount: number } {
  return {
    kind: v.cancellation ? 'return' : 'order',
    occurredAt: new Date(v.at).toISOString(),
    amount: Math.round(Math.abs(v.total) * 100) / 100,
  };
}
