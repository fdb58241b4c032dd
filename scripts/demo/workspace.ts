// The demo workspace, kept in its folder (default .kehu/demo/) so that a second `npm start` reuses
// everything:
//   data/            the collector's embedded PostgreSQL (PGlite)
//   workspace.json   the shop's site key, the team token, the people the pages show, whether the
//                    data is loaded (readable only by you: it holds the token)
//   files/*.csv      the demo data as interchange files (try importing them in the extension)
//   collector.log    the collector's request log
//   browser/         the profile of the browser the demo opens (the extension's data lives there)
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { IMPORT_ENTITIES, type ImportEntity } from '#shared/model/interchange.ts';
import type { Sql } from '../../collector/db/sql.ts';
import { createSiteKey, createToken, findSiteKey, findToken, revokeKey } from '../../collector/store/credentials.ts';
import type { DemoData } from './data.ts';

export const SITE_KEY_NAME = 'demo-shop';
export const TOKEN_NAME = 'demo-rep';
export const TOKEN_SCOPES = ['read', 'write', 'export'];

const Person = z.object({
  email: z.string(),
  name: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  level: z.enum(['none', 'blue', 'yellow', 'orange', 'red', 'unknown']),
  chinese: z.boolean(),
});

/** What workspace.json holds; checked when read (a hand-edited or damaged file is not trusted). */
const WorkspaceFile = z.object({
  version: z.literal(1),
  siteKey: z.object({ key: z.string(), origin: z.string() }).nullable(),
  token: z.string().nullable(),
  data: z
    .object({
      builtAt: z.string(),
      shiftDays: z.number(),
      counts: z.record(z.string(), z.number()),
      levels: z.record(z.string(), z.number()),
      buyer: Person,
      shoppers: z.array(Person),
      threads: z.array(
        z.object({
          id: z.string(),
          from: Person,
          subject: z.string(),
          body: z.string(),
          sentAt: z.string(),
          unread: z.boolean(),
        }),
      ),
    })
    .nullable(),
  loadedAt: z.string().nullable(),
});
export type WorkspaceFile = z.infer<typeof WorkspaceFile>;
export type DemoPeople = NonNullable<WorkspaceFile['data']>;

export class DemoFolder {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }
  get dataDir() {
    return join(this.dir, 'data');
  }
  get filesDir() {
    return join(this.dir, 'files');
  }
  get profileDir() {
    return join(this.dir, 'browser');
  }
  get logFile() {
    return join(this.dir, 'collector.log');
  }
  get runningFile() {
    return join(this.dir, 'running.json');
  }
  private get file() {
    return join(this.dir, 'workspace.json');
  }

  /** The saved workspace; a missing file is a new workspace, a damaged one is reported and started afresh. */
  read(warn: (message: string) => void): WorkspaceFile {
    const empty: WorkspaceFile = { version: 1, siteKey: null, token: null, data: null, loadedAt: null };
    if (!existsSync(this.file)) return empty;
    let parsed: z.ZodSafeParseResult<WorkspaceFile>;
    try {
      parsed = WorkspaceFile.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch (e) {
      warn(`${this.file} is not JSON (${(e as Error).message}): new keys are made; the data already loaded is kept`);
      return empty;
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      warn(
        `${this.file}: ${issue?.path.join('.') || 'file'} ${issue?.message}: new keys are made; the data already loaded is kept`,
      );
      return empty;
    }
    return parsed.data;
  }

  /** Written whole and renamed, readable by the owner only (it holds the team token). */
  write(ws: WorkspaceFile): void {
    mkdirSync(this.dir, { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(ws, null, 2)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }

  hasFiles(): boolean {
    return IMPORT_ENTITIES.every((e) => existsSync(join(this.filesDir, `${e}.csv`)));
  }

  writeFiles(files: Record<ImportEntity, string>): void {
    mkdirSync(this.filesDir, { recursive: true });
    for (const e of IMPORT_ENTITIES) writeFileSync(join(this.filesDir, `${e}.csv`), `\uFEFF${files[e]}`);
  }

  readFile(entity: ImportEntity): string {
    return readFileSync(join(this.filesDir, `${entity}.csv`), 'utf8');
  }
}

export function peopleOf(data: DemoData): DemoPeople {
  const { files: _files, ...rest } = data;
  return rest;
}

/**
 * The shop's site key (allowed origin: the demo shop) and the rep's team token, reused when the
 * store still knows them; otherwise made anew (a key for another origin is revoked and replaced).
 */
export async function ensureKeys(
  sql: Sql,
  ws: WorkspaceFile,
  shopOrigin: string,
  now: string,
): Promise<{ ws: WorkspaceFile; tokenKnown: boolean }> {
  let siteKey = ws.siteKey;
  const site = siteKey ? await findSiteKey(sql, siteKey.key) : null;
  if (!site?.origins.includes(shopOrigin)) {
    await revokeKey(sql, 'site', SITE_KEY_NAME, now);
    const made = await createSiteKey(sql, { name: SITE_KEY_NAME, origins: [shopOrigin] }, now);
    siteKey = { key: made.key, origin: shopOrigin };
  }
  let token = ws.token;
  const tokenKnown = !!token && !!(await findToken(sql, token));
  if (!tokenKnown) {
    await revokeKey(sql, 'token', TOKEN_NAME, now);
    token = (await createToken(sql, { name: TOKEN_NAME, scopes: TOKEN_SCOPES }, now)).token;
  }
  return { ws: { ...ws, siteKey, token }, tokenKnown };
}

/** Import the interchange files into the collector over its HTTP API, as a team would (`POST /v1/import/…`). */
export async function importFiles(
  collectorUrl: string,
  token: string,
  read: (entity: ImportEntity) => string,
  progress: (entity: ImportEntity, added: number, updated: number, unchanged: number) => void,
): Promise<void> {
  for (const entity of IMPORT_ENTITIES) {
    const res = await fetch(`${collectorUrl}/v1/import/${entity}.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv; charset=utf-8' },
      body: read(entity),
    });
    const body = (await res.json().catch(() => null)) as {
      added?: number;
      updated?: number;
      unchanged?: number;
      rejected?: unknown[];
      message?: string;
    } | null;
    if (!res.ok || !body) throw new Error(`importing ${entity} into the collector: HTTP ${res.status} ${body?.message ?? ''}`);
    if (body.rejected?.length)
      throw new Error(`importing ${entity}: rows rejected: ${JSON.stringify(body.rejected.slice(0, 3))}`);
    progress(entity, body.added ?? 0, body.updated ?? 0, body.unchanged ?? 0);
  }
}
