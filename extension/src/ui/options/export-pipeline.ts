// Exporting from the options page without holding the whole file: the background encodes one
// chunk at a time (see store/export-chunks.ts) and the page writes each chunk to the file before
// the next but one is asked for.
//
// Where the file goes:
// * With the File System Access API (Chrome, Edge), the rep picks the file first and every chunk
//   is written to it as it comes: the page holds one chunk at a time.
// * Elsewhere (Firefox), each chunk becomes a Blob part and the parts are saved as one download at
//   the end. The page keeps only references; the browser keeps the bytes (Chromium moves large blob
//   data to disk; Firefox keeps it in memory), so memory use depends on the browser there.
import type { ExportEntity, FileFormat } from '#shared/model/interchange.ts';

export interface Sink {
  /** 'file': written to disk as it goes; 'download': saved as one download at the end. */
  kind: 'file' | 'download';
  write(text: string): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

interface WritableLike {
  write(data: string): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
}
type SavePicker = (options: {
  suggestedName: string;
  types?: { description: string; accept: Record<string, string[]> }[];
}) => Promise<{ createWritable(): Promise<WritableLike> }>;

export function fileName(entity: ExportEntity, format: FileFormat, today = new Date()): string {
  const d = today.toISOString().slice(0, 10);
  return `kehu-${entity}-${d}.${format === 'csv' ? 'csv' : 'ndjson'}`;
}

const MIME: Record<FileFormat, string> = { csv: 'text/csv', ndjson: 'application/x-ndjson' };

/**
 * Ask where to save. Call first thing in the click handler: the save picker needs the rep's
 * gesture. Returns null when the rep cancels the picker.
 */
export async function openSink(name: string, format: FileFormat, description: string): Promise<Sink | null> {
  const picker = (globalThis as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
  if (typeof picker === 'function') {
    let handle: Awaited<ReturnType<SavePicker>>;
    try {
      handle = await picker({
        suggestedName: name,
        types: [{ description, accept: { [MIME[format]]: [format === 'csv' ? '.csv' : '.ndjson'] } }],
      });
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') return null;
      throw e;
    }
    const writable = await handle.createWritable();
    return {
      kind: 'file',
      write: (text) => writable.write(text),
      close: () => writable.close(),
      abort: () => writable.abort().catch(() => {}),
    };
  }
  return blobSink(name, format);
}

/** The fallback: Blob parts, saved as a download when closed. */
export function blobSink(name: string, format: FileFormat): Sink {
  let parts: Blob[] = [];
  return {
    kind: 'download',
    async write(text) {
      parts.push(new Blob([text], { type: MIME[format] }));
    },
    async close() {
      const url = URL.createObjectURL(new Blob(parts, { type: `${MIME[format]};charset=utf-8` }));
      parts = [];
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.style.display = 'none';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    async abort() {
      parts = [];
    },
  };
}

export interface Chunk {
  text: string;
  after: string | null;
  done: boolean;
  rows: number;
  scanned: number;
}

export interface ExportProgress {
  rows: number;
  scanned: number;
}

/**
 * Pull chunks and write them. The next chunk is requested while the current one is written, so
 * the worker reads while the disk writes; at most two chunks are held at once.
 */
export async function runExport(
  fetchChunk: (after: string | null) => Promise<Chunk>,
  sink: Sink,
  onProgress: (p: ExportProgress) => void,
  signal?: AbortSignal,
): Promise<{ rows: number; cancelled: boolean }> {
  const progress: ExportProgress = { rows: 0, scanned: 0 };
  try {
    let next: Promise<Chunk> = fetchChunk(null);
    for (;;) {
      const chunk = await next;
      if (signal?.aborted) {
        await sink.abort();
        return { rows: progress.rows, cancelled: true };
      }
      if (!chunk.done) next = fetchChunk(chunk.after);
      if (chunk.text) await sink.write(chunk.text);
      progress.rows += chunk.rows;
      progress.scanned += chunk.scanned;
      onProgress({ ...progress });
      if (chunk.done) break;
    }
    await sink.close();
    return { rows: progress.rows, cancelled: false };
  } catch (e) {
    await sink.abort();
    throw e;
  }
}
