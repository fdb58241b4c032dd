// Newline-delimited JSON both ways, streaming: one JSON value per line.
import { MAX_ROW_CHARS, RowTooLargeError } from './limits.ts';
import { printable } from './quote.ts';

/** A line's value, or why it has none: in English (`error`) and as a code with its parameters. */
export type NdjsonLine =
  | { line: number; value: unknown }
  | { line: number; error: string; code: 'not_json' | 'line_too_long'; params: Record<string, string | number> };

export async function* readNdjson(
  chunks: AsyncIterable<string> | Iterable<string>,
  maxLineChars = MAX_ROW_CHARS,
): AsyncGenerator<NdjsonLine> {
  let partial = '';
  let line = 0;
  let first = true;
  for await (let chunk of chunks) {
    if (first && chunk.length > 0) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    const text = partial + chunk;
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      line++;
      const parsed =
        nl - start > maxLineChars
          ? {
              line,
              error: `the line is longer than ${maxLineChars.toLocaleString('en')} characters`,
              code: 'line_too_long' as const,
              params: { max: maxLineChars },
            }
          : parseLine(text.slice(start, nl), line);
      if (parsed) yield parsed;
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    partial = text.slice(start);
    if (partial.length > maxLineChars) throw new RowTooLargeError(line + 1, maxLineChars);
  }
  if (partial.trim().length > 0) {
    const parsed = parseLine(partial, line + 1);
    if (parsed) yield parsed;
  }
}

function parseLine(raw: string, line: number): NdjsonLine | null {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (text.trim().length === 0) return null;
  try {
    return { line, value: JSON.parse(text) };
  } catch (e) {
    const detail = printable((e as Error).message).slice(0, 200);
    return { line, error: `not valid JSON: ${detail}`, code: 'not_json', params: { detail } };
  }
}

export async function* writeNdjson(
  records: AsyncIterable<unknown> | Iterable<unknown>,
  batchSize = 2000,
): AsyncGenerator<string> {
  let batch: string[] = [];
  for await (const r of records) {
    batch.push(JSON.stringify(r));
    if (batch.length >= batchSize) {
      yield `${batch.join('\n')}\n`;
      batch = [];
    }
  }
  if (batch.length > 0) yield `${batch.join('\n')}\n`;
}
