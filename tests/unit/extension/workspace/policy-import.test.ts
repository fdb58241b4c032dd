// Reading a calibrated policy file into the policy editor: a good file lists exactly the settings it
// changes against the policy in force; a bad one is refused with each problem by field; nothing is
// applied by reading.
import { describe, expect, it } from 'vitest';
import { readPolicyFile } from '../../../../extension/src/ui/options/policy-import.ts';
import { applyPolicyChange, defaultPolicy, policyChangePaths } from '../../../../shared/src/risk/index.ts';

const NOW = '2025-01-01T00:00:00.000Z';
const current = defaultPolicy(NOW);
const paths = policyChangePaths(current);

/** A version 2 as `kehu risk --calibrate --policy-out` writes it: the whole policy, pretty JSON. */
function calibratedFile(): string {
  let p = applyPolicyChange(current, { path: 'weights.purchase_recency', value: 100 }, { now: NOW, by: 'calibrate' });
  p = applyPolicyChange(p, { path: 'thresholds.orange', value: 45 }, { now: NOW, by: 'calibrate' });
  return `${JSON.stringify({ ...p, version: 2, alertMinLevel: 'orange' }, null, 2)}\n`;
}

describe('readPolicyFile', () => {
  it('lists each setting the file changes, from the value in force to the file’s', () => {
    const r = readPolicyFile(calibratedFile(), current, paths);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.changes).toEqual([
      { path: 'weights.purchase_recency', from: current.weights.purchase_recency, to: 100 },
      { path: 'thresholds.orange', from: current.thresholds.orange, to: 45 },
      { path: 'alertMinLevel', from: 'yellow', to: 'orange' },
    ]);
    expect(r.policy.version).toBe(2);
  });

  it('finds no change in the policy in force itself', () => {
    const r = readPolicyFile(JSON.stringify(current), current, paths);
    expect(r.ok && r.changes).toEqual([]);
  });

  it('refuses a file the schema rejects, naming each field', () => {
    const bad = JSON.parse(calibratedFile());
    bad.weights.complaints = -5;
    bad.thresholds.red = 'high';
    const r = readPolicyFile(JSON.stringify(bad), current, paths);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field).sort()).toEqual(['thresholds.red', 'weights.complaints']);
    expect(r.problems.find((p) => p.field === 'weights.complaints')).toMatchObject({ code: 'too_small', params: { minimum: 0 } });
  });

  it('refuses text that is not JSON, and a file too large to be a policy', () => {
    expect(readPolicyFile('weights.purchase_recency=100', current, paths)).toMatchObject({
      ok: false,
      problems: [{ field: '', code: 'policy_file_not_json' }],
    });
    expect(readPolicyFile(' '.repeat(300 * 1024), current, paths)).toMatchObject({
      ok: false,
      problems: [{ code: 'policy_file_too_big' }],
    });
  });
});
