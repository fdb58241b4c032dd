import * as z from 'zod';
import { POLICY_DEFAULTS as D, SEASON_OFF } from './policy-defaults.ts';
import { Instant, ShortText, Text, WarningLevel } from './common.ts';
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
    note: Text(2000).optional(),
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
      /** Watched customers reach each level at the threshold divided by this (more sensitive thresholds). */
      sensitivity: z.number().min(1).max(3),
    }),
    // Fields below were added after the first schema; their defaults let a stored policy parse.
    /** How purchase recency reads a buying history (docs/RISK.md). */
    purchase: z
      .object({
        /** The buying rhythm assumed before a customer has shown their own. */
        priorGapDays: z.number().min(1).max(3650),
        /** How many observed gaps the assumed rhythm counts as. */
        priorWeight: z.number().min(0).max(50),
        /** Odds that a customer with one order and no silence yet is already lost. */
        firstOrderLapseOdds: z.number().min(0.01).max(100),
      })
      .default({ ...D.purchase }),
    /** How contact silence reads a contact rhythm. */
    silence: z
      .object({
        /** Gaps between contact days needed before their median counts as the customer's rhythm. */
        minGaps: z.int().min(1).max(1000),
        /** Usual cycles of silence (after the grace days) at which the signal is at full strength. */
        fullCycles: z.number().min(1.1).max(50),
      })
      .default({ ...D.silence }),
    decline: z
      .object({
        /** Orders needed in the baseline window before a fall in spend counts. */
        minBaselineOrders: z.int().min(1).max(1000),
        /** Fall against the baseline rate (0–1) below which nothing is signalled. */
        minDrop: z.number().min(0).max(0.95),
      })
      .default({ ...D.decline }),
    returns: z
      .object({
        /** Share of returns in orders (0–1) below which nothing is signalled. */
        minShare: z.number().min(0).max(1),
        /** Share of returns above the usual at which the signal is at full strength. */
        fullShare: z.number().min(0.01).max(1),
      })
      .default({ ...D.returns }),
    complaints: z
      .object({
        /** Days a complaint counts as new. */
        newDays: z.int().min(1).max(365),
      })
      .default({ ...D.complaints }),
    payment: z
      .object({
        /** Days overdue at which the signal is at full strength. */
        fullDays: z.int().min(1).max(3650),
        /** Days overdue from which the signal is severe. */
        severeDays: z.int().min(1).max(3650),
      })
      .default({ ...D.payment }),
    people: z
      .object({
        /** Days a departure or owner change counts fully. */
        windowDays: z.int().min(1).max(3650),
      })
      .default({ ...D.people }),
    /** The lowest level whose rise raises an alert (severe signals raise one at any level). */
    alertMinLevel: WarningLevel.default(D.alertMinLevel),
    /** Score change below which the trend is flat. */
    trendDelta: z.number().min(0).max(50).default(D.trendDelta),
    /** How a customer's spend level lowers the odds of a purchase lapse (risk/indicators/spend-level.ts). */
    spendLevel: z
      .object({
        /** Days of silence ÷ (1 + factor × spend ÷ watch cutoff) ^ exponent (fading with the customer's own orders); 0 turns it off. */
        factor: z.number().min(0).max(100),
        exponent: z.number().min(0).max(5),
      })
      .default({ ...D.spendLevel }),
    /**
     * How an order in the same weeks a year earlier slows the silence in purchase recency
     * (risk/indicators/season.ts). A policy saved before this setting existed reads it as off, so
     * it scores as it did; the default policy has it on.
     */
    season: z
      .object({
        /** Days from a year ago in which an order counts as the customer's season. */
        windowDays: z.int().min(7).max(365),
        /** Days of silence since that order's window opened count ÷ this until its anniversary; 1 turns it off. */
        silenceDivisor: z.number().min(1).max(10),
      })
      .default({ ...SEASON_OFF }),
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
