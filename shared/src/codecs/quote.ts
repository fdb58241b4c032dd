// Quoting a raw cell in a rejection message: the message goes back to whoever imported the file
// and into pages and logs, so a cell is shortened and its control characters (and halves of
// characters) are shown as escapes, never sent on as they came.

/** At most this many characters of a cell are quoted. */
export const QUOTE_CHARS = 40;

/** Control characters (\p{Cc}: C0, DEL, C1), line and paragraph separators, and lone UTF-16 surrogates. */
const UNPRINTABLE = /\p{Cc}|[\u2028\u2029]|\p{Cs}/gu;

/** Text with its unprintable characters written as escapes (\n, \t, \u0000 …). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
  });
}

/** A cell for a message: in quotes, at most QUOTE_CHARS characters (then "…"), escaped. */
export function quote(cell: string | undefined): string {
  if (cell === undefined) return '""';
  const chars = Array.from(cell);
  const shown = chars.length > QUOTE_CHARS ? `${chars.slice(0, QUOTE_CHARS).join('')}…` : cell;
  return `"${printable(shown)}"`;
}
