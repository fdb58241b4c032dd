// The team token is kept apart from the other settings (content scripts can read storage.local),
// an older install's token moves out of storage.local, and the collector must be https:// unless
// it runs on this computer.
import { describe, expect, it } from 'vitest';
import { dbTokenStore } from '../../../extension/src/secrets.ts';
import { collectorAddressAllowed, SETTINGS_KEY, storageSettings } from '../../../extension/src/store/settings.ts';
import { freshDb } from './context.ts';

function memoryArea(initial: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = structuredClone(initial);
  return {
    data,
    get: async (key: string) => (key in data ? { [key]: structuredClone(data[key]) } : {}),
    set: async (items: Record<string, unknown>) => void Object.assign(data, structuredClone(items)),
  };
}

describe('the team token', () => {
  it('is saved in the extension database, never in storage.local', async () => {
    const db = freshDb();
    const area = memoryArea();
    let saves = 0;
    const settings = storageSettings(area, dbTokenStore(db), () => saves++);
    const saved = await settings.set({ collectorUrl: 'https://kehu.example.com', collectorToken: 'team-secret' });
    expect(saved).toMatchObject({ collectorUrl: 'https://kehu.example.com', collectorToken: 'team-secret' });
    expect(JSON.stringify(area.data)).not.toContain('team-secret');
    expect(area.data[SETTINGS_KEY]).toMatchObject({ collectorUrl: 'https://kehu.example.com' });
    expect(await db.meta.get('collectorToken')).toMatchObject({ value: 'team-secret' });
    // Another worker life reads it back; changing another setting keeps it.
    const again = storageSettings(area, dbTokenStore(db));
    await again.set({ repName: 'Wei' });
    expect(await again.get()).toMatchObject({ repName: 'Wei', collectorToken: 'team-secret' });
    expect(saves).toBe(1);
    // Clearing it deletes the row.
    await again.set({ collectorToken: '' });
    expect(await db.meta.get('collectorToken')).toBeUndefined();
  });

  it('moves a token an earlier version kept in storage.local, and deletes it there', async () => {
    const db = freshDb();
    const area = memoryArea({
      [SETTINGS_KEY]: { locale: 'zh-CN', collectorUrl: 'https://kehu.example.com', collectorToken: 'old-secret' },
    });
    const settings = storageSettings(area, dbTokenStore(db));
    expect(await settings.get()).toMatchObject({ locale: 'zh-CN', collectorToken: 'old-secret' });
    expect(JSON.stringify(area.data)).not.toContain('old-secret');
    expect(area.data[SETTINGS_KEY]).toEqual({
      locale: 'zh-CN',
      logEmails: true,
      repName: '',
      collectorUrl: 'https://kehu.example.com',
    });
    expect(await storageSettings(area, dbTokenStore(db)).get()).toMatchObject({ collectorToken: 'old-secret' });
  });
});

describe('the collector address', () => {
  it('is https://, or http:// on this computer only', async () => {
    for (const ok of [
      'https://kehu.example.com',
      'https://10.0.0.5:8443',
      'http://localhost:8787',
      'http://127.0.0.1:9',
      'http://127.4.5.6',
      'http://[::1]:8787',
    ]) {
      expect(collectorAddressAllowed(ok), ok).toBe(true);
    }
    for (const bad of [
      'http://kehu.example.com',
      'http://10.0.0.5',
      'http://127.0.0.1.evil.example',
      'http://localhost.evil.example',
      'ftp://localhost',
      'kehu.example.com',
      '',
    ]) {
      expect(collectorAddressAllowed(bad), bad).toBe(false);
    }
    const settings = storageSettings(memoryArea(), dbTokenStore(freshDb()));
    await expect(settings.set({ collectorUrl: 'http://kehu.example.com' })).rejects.toThrow(/https/);
    expect(await settings.get()).toMatchObject({ collectorUrl: '' });
  });
});
