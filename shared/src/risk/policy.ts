// The risk policy: defaults (values and reasons in model/policy-defaults.ts), and changes as new versions.
import { Policy } from '../model/policy.ts';
import type { PolicyChange } from '../model/risk.ts';
import { POLICY_DEFAULTS } from '../model/policy-defaults.ts';

/** Version 1 of the policy, with the documented defaults. */
export function defaultPolicy(now: string): Policy {
  return Policy.parse({
    version: 1,
    createdAt: now,
    createdBy: 'kehu',
    note: 'Kehu defaults (docs/RISK.md)',
    ...(JSON.parse(JSON.stringify(POLICY_DEFAULTS)) as typeof POLICY_DEFAULTS),
  });
}

/** Every numeric setting a policy change may name, as dotted paths (`thresholds.orange`, `weights.complaints`). */
export function policyChangePaths(policy: Policy): string[] {
  const out: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'number' && path !== 'version') out.push(path);
    else if (value && typeof value === 'object' && !Array.isArray(value))
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(policy, '');
  return out;
}

/**
 * A new policy version with one setting changed (a corrective item from a review, or a rep's
 * own tuning). The result is validated as a whole: a change that would make the policy invalid
 * (thresholds no longer rising, a weight above 100) throws an Error that says why.
 */
export function applyPolicyChange(policy: Policy, change: PolicyChange, ctx: { now: string; by: string; note?: string }): Policy {
  const paths = policyChangePaths(policy);
  if (!paths.includes(change.path)) {
    throw new Error(`"${change.path}" is not a policy setting; settings are: ${paths.join(', ')}`);
  }
  const next = JSON.parse(JSON.stringify(policy)) as Record<string, unknown>;
  const keys = change.path.split('.');
  let node = next;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  const old = node[keys[keys.length - 1] as string];
  node[keys[keys.length - 1] as string] = change.value;
  next.version = policy.version + 1;
  next.createdAt = ctx.now;
  next.createdBy = ctx.by;
  next.note = ctx.note ?? `${change.path}: ${String(old)} → ${change.value}`;
  const parsed = Policy.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${change.path} = ${change.value} makes the policy invalid: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return parsed.data;
}
