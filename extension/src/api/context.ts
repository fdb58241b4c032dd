// What API handlers work with. The background builds one context from the real browser; unit
// tests build one over fake-indexeddb with a fixed clock.
import type { Platform, RiskService, SyncControl } from '../base/ports.ts';
import type { SettingsStore } from '../store/settings.ts';
import type { KehuDb } from '../store/db.ts';

export interface ApiContext {
  db: KehuDb;
  settings: SettingsStore;
  risk: RiskService;
  platform: Platform;
  sync: SyncControl;
  now(): Date;
  newId(): string;
  /** Who writes: the rep's name, or this install's id. */
  by(): Promise<string>;
  /** IANA zone for imported dates without one. */
  timeZone: string;
  /** The extension's version. */
  version: string;
}

/** Where a message came from (absent when called directly, e.g. from DevTools via globalThis.kehu). */
export interface Sender {
  tabId?: number | undefined;
  windowId?: number | undefined;
  url?: string | undefined;
}
