// Bytes → text, detecting the encodings real spreadsheet exports use: UTF-8 (with or without a
// byte-order mark), UTF-16 with a byte-order mark, and GBK/GB18030 as Excel writes CSV on a
// Chinese Windows. Streaming: chunks in, text out.

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export class EncodingError extends Error {
  override name = 'EncodingError';
}

/** How many bytes to look at before deciding on an encoding. */
const SAMPLE_BYTES = 64 * 1024;

/**
 * The encoding of a file from its first bytes: a byte-order mark decides; otherwise valid UTF-8
 * is UTF-8, and text that is not UTF-8 but is valid GB18030 (a superset of GBK) is GB18030.
 * Null when it is neither.
 */
export function detectEncoding(sample: Uint8Array): TextEncodingName | null {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  if (decodes(sample, 'utf-8')) return 'utf-8';
  if (decodes(sample, 'gb18030')) return 'gb18030';
  return null;
}

function decodes(sample: Uint8Array, encoding: TextEncodingName): boolean {
  try {
    // stream: true, so a character cut off at the end of the sample is not an error.
    new TextDecoder(encoding, { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Decode a stream of byte chunks to text chunks. The encoding is detected from the first 64 KB
 * unless given. A byte sequence invalid in that encoding stops the stream with an EncodingError
 * that says where and what to do, rather than silently producing replacement characters.
 */
export async function* decodeText(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  encoding?: TextEncodingName,
): AsyncGenerator<string> {
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let decoder: TextDecoder | null = null;
  let offset = 0;
  let chosen: TextEncodingName | null = encoding ?? null;

  const decode = (bytes: Uint8Array, stream: boolean): string => {
    if (!decoder) decoder = new TextDecoder(chosen ?? 'utf-8', { fatal: true });
    try {
      const text = decoder.decode(bytes, { stream });
      offset += bytes.length;
      return text;
    } catch {
      throw new EncodingError(
        `the file is not valid ${chosen} text (somewhere after byte ${offset}); save it as "CSV UTF-8" and import it again`,
      );
    }
  };

  const start = (): string => {
    const sample = concat(pending, pendingBytes);
    pending.length = 0;
    if (!chosen) {
      chosen = detectEncoding(sample);
      if (!chosen) {
        throw new EncodingError('the file is neither UTF-8 nor GBK/GB18030 text; save it as "CSV UTF-8" and import it again');
      }
    }
    return decode(sample, true);
  };

  for await (const chunk of chunks) {
    if (decoder) {
      const text = decode(chunk, true);
      if (text) yield text;
      continue;
    }
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= SAMPLE_BYTES) {
      const text = start();
      if (text) yield text;
    }
  }
  if (!decoder) {
    const text = start();
    if (text) yield text;
  }
  const rest = decode(new Uint8Array(0), false);
  if (rest) yield rest;
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Text chunks from one string, for callers that already hold the whole (small) text. */
export function* textChunks(text: string, size = 1 << 16): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
