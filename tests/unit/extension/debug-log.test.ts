// The local debug log: problems worked around are kept (the last 200), listed, cleared and erased
// with everything else; content scripts may add to it but never read it.
import { afterEach, describe, expect, it } from 'vitest';
import type { DebugLogEntry } from '#shared/model/index.ts';
import { callFrom, createApi } from '../../../extension/src/api/router.ts';
import { connectProblemSink, describeProblem, reportProblem, reportTo } from '../../../extension/src/base/problems.ts';
import { appendEntry, dbDebugLog } from '../../../extension/src/store/debug-log.ts';
import { debugLogText } from '../../../extension/src/ui/options/debug-log.tsx';
import { freshDb, NOW, testContext } from './context.ts';

const entry = (n: number) => ({
  at: `2026-11-20T10:00:${String(n).padStart(2, '0')}.000Z`,
  source: 'background' as const,
  area: 'test',
  message: `problem ${n}`,
});

afterEach(() => connectProblemSink((area, problem) => console.debug(area, problem)));

describe('debug log', () => {
  it('keeps the newest entries up to its capacity', () => {
    let entries: DebugLogEntry[] = [entry(0)];
    for (let i = 1; i < 5; i++) entries = appendEntry(entries, entry(i), 3);
    expect(entries.map((e) => e.message)).toEqual(['problem 2', 'problem 3', 'problem 4']);
  });

  it('keeps every one of many problems reported at once, in order', async () => {
    const log = dbDebugLog(freshDb());
    await Promise.all(Array.from({ length: 20 }, (_, i) => log.record(entry(i))));
    expect((await log.list()).map((e) => e.message)).toEqual(Array.from({ length: 20 }, (_, i) => `problem ${i}`));
    await log.clear();
    expect(await log.list()).toEqual([]);
  });

  it('turns reported problems into entries through the connected sink, never throwing', async () => {
    const db = freshDb();
    const log = dbDebugLog(db);
    const recorded: Promise<void>[] = [];
    connectProblemSink((area, problem) => {
      recorded.push(log.record({ at: NOW.toISOString(), source: 'background', area, message: describeProblem(problem) }));
    });
    await Promise.reject(new TypeError('alarms is undefined')).catch(reportTo('reminders'));
    reportProblem('sync.status', 'quota exceeded');
    await Promise.all(recorded);
    expect(await log.list()).toEqual([
      { at: NOW.toISOString(), source: 'background', area: 'reminders', message: 'TypeError: alarms is undefined' },
      { at: NOW.toISOString(), source: 'background', area: 'sync.status', message: 'quota exceeded' },
    ]);
    connectProblemSink(() => {
      throw new Error('the sink itself fails');
    });
    expect(() => reportProblem('x', 'y')).not.toThrow();
    expect(describeProblem(new Error('x'.repeat(2000))).length).toBe(500);
  });

  it('is reached through the API: pages add, the options page lists and clears, erase removes it', async () => {
    const ctx = testContext();
    const kehu = createApi(ctx);
    await kehu.reportProblem({ area: 'overlay.open', message: 'Error: the panel could not open' });
    expect(await kehu.debugLogEntries({})).toEqual([
      { at: NOW.toISOString(), source: 'page', area: 'overlay.open', message: 'Error: the panel could not open' },
    ]);
    expect(debugLogText(await kehu.debugLogEntries({}))).toBe(
      `${NOW.toISOString()} page overlay.open: Error: the panel could not open`,
    );
    await expect(kehu.reportProblem({ area: 'a'.repeat(61), message: 'm' })).rejects.toThrow(/area/);
    await kehu.clearDebugLog({});
    expect(await kehu.debugLogEntries({})).toEqual([]);
    await kehu.reportProblem({ area: 'x', message: 'y' });
    await kehu.eraseEverything({ confirm: 'ERASE' });
    expect(await kehu.debugLogEntries({})).toEqual([]);
  });

  it('lets a content script add to the log but not read or clear it', async () => {
    const ctx = testContext();
    await expect(callFrom(ctx, 'content', 'debugLogEntries', {})).rejects.toThrow(/only the extension's own pages/);
    await expect(callFrom(ctx, 'content', 'clearDebugLog', {})).rejects.toThrow(/only the extension's own pages/);
    await callFrom(ctx, 'content', 'reportProblem', { area: 'overlay', message: 'm' });
    expect(await createApi(ctx).debugLogEntries({})).toHaveLength(1);
  });
});
