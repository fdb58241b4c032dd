// Helpers for benchmark files.
import type { Metric } from './run.ts';

/** Print the metrics line the harness reads. Call once, last. */
export function report(metrics: Record<string, Metric>): void {
  console.log(JSON.stringify({ metrics }));
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
