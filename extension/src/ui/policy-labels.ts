// Names of the risk policy's settings, for the policy editor and for corrective items that propose
// a change ("Threshold: Orange (II)", "Weight: Contact silence").
import { INDICATOR_LABELS } from '#shared/i18n/evidence.ts';
import type { Indicator, Policy, WarningLevel } from '#shared/model/index.ts';
import { type Locale, levelLabel } from './i18n.ts';
import { hasText, t } from './text.ts';

export function policyLabel(locale: Locale, path: string): string {
  const [group, name] = path.split('.');
  if (group === 'weights' && name)
    return t(locale, 'policy.weight', { indicator: INDICATOR_LABELS[locale][name as Indicator] ?? name });
  if (group === 'thresholds' && name) return t(locale, 'policy.threshold', { level: levelLabel(locale, name as WarningLevel) });
  const key = `policy.${path}`;
  return hasText(key) ? t(locale, key) : path;
}

/** The value at a dotted path of a policy. */
export function policyValue(policy: Policy, path: string): number | undefined {
  let node: unknown = policy;
  for (const k of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[k];
  return typeof node === 'number' ? node : undefined;
}

/** A copy of a policy-like object with the value at a dotted path replaced. */
export function withPolicyValue<T extends object>(policy: T, path: string, value: unknown): T {
  const copy = JSON.parse(JSON.stringify(policy)) as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  node[keys[keys.length - 1]!] = value;
  return copy as T;
}
