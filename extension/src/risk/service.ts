// The early-warning engine in the extension: assessments stored per customer, recomputed when a
// customer's data changes, in batches after an import, and daily for everyone.
// (Wired to shared/src/risk as soon as it lands; until then no assessment is computed.)
import type { Assessment } from '#shared/model/index.ts';
import type { Locale } from '#shared/i18n/locale.ts';
import type { Reason, RiskService } from '../api/context.ts';
import type { KehuDb } from '../store/db.ts';

export const DAILY_ALARM = 'kehu.daily-risk';

export interface RiskDeps {
  now: () => Date;
  newId: () => string;
  by?: () => Promise<string>;
}

export function createRiskService(db: KehuDb, _deps: RiskDeps): RiskService {
  return {
    async assessment(customerId: string): Promise<Assessment | null> {
      return (await db.assessments.get(customerId)) ?? null;
    },
    async assessments(ids: readonly string[]) {
      const out = new Map<string, Assessment>();
      for (const a of await db.assessments.bulkGet([...ids])) if (a) out.set(a.customerId, a);
      return out;
    },
    async recompute(_ids: Iterable<string>) {},
    async recomputeAll() {},
    reasons(_a: Assessment, _l: Locale): Reason[] {
      return [];
    },
  };
}
