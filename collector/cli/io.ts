// Standard input and output, closed pipes and progress, the way a command-line user expects them:
// `-` names standard input (a FILE) or standard output (--out), `kehu risk … | head` ends quietly,
// and long runs show one progress line on the terminal (standard error, and only on a terminal, so
// redirected output and logs stay clean).
import { readFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** The name that means standard input or standard output. */
export const STDIO = '-';

/** Whether the output goes to standard output (no --out, or --out -). */
export function toStdout(out: string | undefined): boolean {
  return out === undefined || out === STDIO;
}

/** A FILE argument as a byte stream: standard input for `-`. */
export function openInput(file: string): Readable {
  return file === STDIO ? process.stdin : createReadStream(file, { highWaterMark: 1 << 16 });
}

/**
 * Let a reader that stops early (`| head`) end the command: EPIPE on standard output exits with the
 * code so far, without a stack trace. Node reports a closed pipe as an 'error' event on the stream.
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw e;
  });
}

/** Kehu's version, from package.json. */
export function kehuVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export interface Progress {
  /** Show this line now (at most a few times a second). */
  update(line: string): void;
  /** Clear the line (the command's own summary follows). */
  done(): void;
}

/** One rewritten line on standard error while a long command runs; nothing when stderr is not a terminal. */
export function progress(stream: NodeJS.WriteStream = process.stderr, everyMs = 250): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(line) {
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      shown = true;
      stream.write(`\r\x1b[2K${line}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}

/** Bytes as a person reads them: 512 B, 3.4 MB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
