// How much of a file one row may take. A row is parsed again each time a chunk adds to it, so an
// unbounded row (one huge quoted field) costs time that grows with the square of its size, on
// whatever thread parses it. A row past the limit stops the file with the line it starts on.

/** Characters one CSV row or NDJSON line may hold: far above any real record (texts are ≤ 10,000). */
export const MAX_ROW_CHARS = 1024 * 1024;

export class RowTooLargeError extends Error {
  override name = 'RowTooLargeError';
  /** The file's line (1-based) where the row starts. */
  readonly line: number;
  constructor(line: number, max: number) {
    super(`line ${line}: the row is longer than ${max.toLocaleString('en')} characters (an unclosed quote, or not a CSV file?)`);
    this.line = line;
  }
}
