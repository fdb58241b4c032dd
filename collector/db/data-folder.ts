// The embedded store's data folder. One process at a time may use it: `kehu serve` (or another
// command) holds kehu.lock, which names its process and, for a running server, the local control
// socket other `kehu` commands reach it through.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const LOCK = 'kehu.lock';
/** Files Kehu itself keeps in the folder beside the database's own. */
const OWN_FILES = new Set([LOCK, 'kehu.sock', 'kehu.synced']);

export interface LockInfo {
  pid: number;
  /** The control socket of a running `kehu serve`, if this process is one. */
  socket?: string;
  since: string;
}

/** The folder is held by another live process. */
export class DataFolderBusyError extends Error {
  override name = 'DataFolderBusyError';
  readonly holder: LockInfo;
  constructor(dir: string, holder: LockInfo) {
    super(
      `the data folder ${dir} is in use by another kehu process (pid ${holder.pid})${
        holder.socket ? '' : '; stop it first, or use PostgreSQL (--database-url) to run several at once'
      }`,
    );
    this.holder = holder;
  }
}

export class DataFolderError extends Error {
  override name = 'DataFolderError';
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, but belongs to someone else
  }
}

export function readLock(dir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(join(dir, LOCK), 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : null;
  } catch {
    return null;
  }
}

/** The live process holding the folder, if any. */
export function holderOf(dir: string): LockInfo | null {
  const info = readLock(resolve(dir));
  return info && info.pid !== process.pid && alive(info.pid) ? info : null;
}

export interface DataFolderLock {
  dir: string;
  /** Record this process's control socket in the lock so other commands can find it. */
  setSocket(path: string): void;
  release(): void;
}

/** Folders this process holds (its own pid in a lock file does not make the lock stale). */
const held = new Set<string>();

/**
 * Create the folder if needed, readable by its owner only (0700: the write-ahead log holds every
 * record and the token hashes), tighten an existing one to 0700, refuse a folder that holds
 * something other than a Kehu database, and take the lock (a stale lock of a dead process is
 * taken over).
 */
export function lockDataFolder(dirArg: string): DataFolderLock {
  const dir = resolve(dirArg);
  if (held.has(dir)) throw new DataFolderBusyError(dir, { pid: process.pid, since: '' });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const entries = readdirSync(dir).filter((f) => !OWN_FILES.has(f));
  if (entries.length > 0 && !existsSync(join(dir, 'PG_VERSION'))) {
    throw new DataFolderError(
      `${dir} is not empty and is not a Kehu data folder (no PG_VERSION); pass an empty or new folder with --data`,
    );
  }
  chmodSync(dir, 0o700); // a folder made by hand, or by an older Kehu, may be readable by others
  const path = join(dir, LOCK);
  const since = new Date().toISOString();
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeFileSync(fd, JSON.stringify({ pid: process.pid, since } satisfies LockInfo));
      closeSync(fd);
      held.add(dir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 5) throw e;
      const holder = holderOf(dir);
      if (holder) throw new DataFolderBusyError(dir, holder);
      rmSync(path, { force: true }); // stale: its process is gone (a crash, kill -9)
    }
  }
  let released = false;
  return {
    dir,
    setSocket(socket) {
      writeFileSync(path, JSON.stringify({ pid: process.pid, since, socket } satisfies LockInfo), { mode: 0o600 });
    },
    release() {
      if (released) return;
      released = true;
      held.delete(dir);
      if (readLock(dir)?.pid === process.pid) rmSync(path, { force: true });
    },
  };
}
