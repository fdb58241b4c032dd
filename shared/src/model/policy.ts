import * as z from 'zod';
import { Instant, ShortText } from './common.ts';
import { INDICATORS, type Indicator } from './risk.ts';

const Weights = z.object(
  Object.fromEntries(INDICATORS.map((i) => [i, z.number().min(0).max(100)])) as Record<Indicator, z.ZodNumber>,
);

/**
 * The risk policy: how signals become a score and a level. Versioned: a change makes a new
 * version, and every assessment names the version that produced it. The default values and the
 * reason for each live in shared/src/risk/policy.ts.
 */
export const Policy = z
  .object({
    version: z.int().min(1),
    createdAt: Instant,
    createdBy: ShortText.default('kehu'),
    note: z.string().max(2000).optional(),
    /** Maximum points each indicator can add to the score. */
    weights: Weights,
    /** Score at or above which each level starts. */
    thresholds: z.object({
      blue: z.number().min(0).max(100),
      yellow: z.number().min(0).max(100),
      orange: z.number().min(0).max(100),
      red: z.number().min(0).max(100),
    }),
    /** Points a score must fall below a threshold before the level drops (stops flapping). */
    hysteresis: z.number().min(0).max(20),
    /** Days past a customer's own rhythm before silence counts (the practice cites three). */
    graceDays: z.number().min(0).max(365),
    windows: z.object({
      /** Recent window for spend decline and returns. */
      recentDays: z.int().min(7).max(730),
      /** Baseline window the recent window is compared with. */
      baselineDays: z.int().min(14).max(3650),
      /** How far back survey answers and feedback text count. */
      feedbackDays: z.int().min(7).max(3650),
    }),
    watch: z.object({
      /** Share of customers, by value, under key-account watch. */
      share: z.number().min(0).max(1),
      /** Multiplier on signal strength for watched customers (more sensitive thresholds). */
      sensitivity: z.number().min(1).max(3),
    }),
  })
  .superRefine((p, ctx) => {
    const t = p.thresholds;
    if (!(t.blue < t.yellow && t.yellow < t.orange && t.orange < t.red)) {
      ctx.addIssue({ code: 'custom', path: ['thresholds'], message: 'must rise: blue < yellow < orange < red' });
    }
    if (p.windows.recentDays >= p.windows.baselineDays) {
      ctx.addIssue({ code: 'custom', path: ['windows', 'recentDays'], message: 'must be shorter than baselineDays' });
    }
  });
export type Policy = z.infer<typeof Policy>;
