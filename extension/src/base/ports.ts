// The ports: what the API layer needs from the features that implement it (the early-warning
// engine in risk/, the browser effects in platform.ts, team sync in sync/), as
// interfaces. They live in base/, the extension's floor, so api/ depends on these interfaces and
// never on the features themselves; the background entrypoint plugs the implementations in.
import type { Locale } from '#shared/i18n/locale.ts';
import type { Assessment, WarningLevel } from '#shared/model/index.ts';
import type { SyncView } from './sync-status.ts';

/** A warning reason as a rep reads it: the indicator, its points, and its evidence as sentences. */
export interface Reason {
  indicator: string;
  label: string;
  points: number;
  evidence: string[];
}

/** The early-warning engine as the extension uses it (see src/risk/service.ts). */
export interface RiskService {
  /** The stored assessment, computed now when the customer has none yet. */
  assessment(customerId: string): Promise<Assessment | null>;
  /** The same for many customers at once (one bulk read). */
  assessments(customerIds: readonly string[]): Promise<Map<string, Assessment>>;
  /** Recompute every customer (levels drift with time: silence grows). */
  recomputeAll(): Promise<void>;
  /** Recompute these customers (their data changed), store the results and any new alerts. */
  recompute(customerIds: Iterable<string>): Promise<void>;
  /** The strongest reasons behind an assessment, rendered in a language. */
  reasons(assessment: Assessment, locale: Locale, limit?: number): Reason[];
}

/** Effects outside the store, done by the browser. */
export interface Platform {
  /** Tell every tab that these customers' data changed (badges re-read their level). */
  changed(change: { customerIds: string[] } | { all: true }): void;
  /** Open the side panel on a customer in the tab a message came from. */
  openCustomer(target: { tabId?: number | undefined; windowId?: number | undefined }, customerId: string): Promise<void>;
  /** Whether the rep has granted access to all web pages. */
  pagesGranted(): Promise<boolean>;
}

/** Team sync with the collector (src/sync/service.ts), as API methods use it. */
export interface SyncControl {
  /** Sync now, or join the sync that is running; resolves when the records are in and reassessed. */
  syncNow(): Promise<SyncView>;
  /** The status, with the number of local changes waiting to be sent. */
  status(): Promise<SyncView>;
}

/** A badge's level: a warning level, or `unknown` for a sender who is no customer. */
export type BadgeLevel = WarningLevel | 'unknown';
