// `kehu risk --backtest`, `--calibrate` and `--policy`, run for real on a small generated history.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Policy } from '#shared/model/policy.ts';
import { defaultPolicy } from '#shared/risk/index.ts';

const KEHU = fileURLToPath(new URL('../../../collector/bin/kehu.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kehu-backtest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function kehu(lang: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: lang };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  const r = spawnSync(process.execPath, [KEHU, 'risk', ...args], { encoding: 'utf8', timeout: 120_000, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
// 40 customers buying every 10 days through 2024; half stop on day 200.
const lines = ['customer_id,occurred_at,kind,amount,currency'];
for (let c = 0; c < 40; c++)
  for (let d = c % 10; d < (c % 2 ? 200 : 366); d += 10) lines.push(`c${c},${day(d)},order,${50 + c},EUR`);
const interactions = join(dir, 'interactions.csv');
writeFileSync(interactions, `${lines.join('\n')}\n`);

describe('kehu risk --backtest', { timeout: 300_000 }, () => {
  it('prints the report as JSON with the documented names, and a summary in the terminal language', () => {
    const r = kehu('zh_CN.UTF-8', '--interactions', interactions, '--as-of', day(210), '--tz', 'UTC', '--backtest', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ label_days: 90, customers: 40, lost: 20, label_complete: true });
    expect(report.auc).toBeGreaterThan(0.9);
    expect(Object.keys(report.levels)).toEqual(['blue', 'yellow', 'orange', 'red']);
    expect(report.levels.orange).toHaveProperty('precision');
    expect(report.levels.orange).toHaveProperty('recall');
    expect(Object.keys(report.lead_days)).toEqual(['lost_recently', 'warned', 'q1', 'median', 'q3']);
    expect(typeof report.alerts_per_rep_week).toBe('number');
    expect(report.indicators.purchase_recency.contribution).toBeGreaterThan(0);
    expect(r.stderr).toContain('的回测：流失 = 此后 90 天内没有订单也没有联系');
    const en = kehu('en_GB.UTF-8', '--interactions', interactions, '--as-of', day(210), '--tz', 'UTC', '--backtest');
    expect(en.stderr).toContain('lost = no order or contact in the following 90 days');
    expect(
      en.stdout
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .slice(0, 2),
    ).toEqual(['metric,value', `as_of,${day(210)}T23:59:59.999Z`]);
    expect(en.stdout).toContain('levels.orange.precision,');
  });

  it('takes --label-days and --policy, and says what is wrong with a bad --label-days', () => {
    const policy = join(dir, 'quiet.json');
    const base = { ...defaultPolicy('2024-01-01T00:00:00.000Z'), version: 7 };
    writeFileSync(policy, JSON.stringify({ ...base, weights: { ...base.weights, purchase_recency: 0, contact_silence: 0 } }));
    const r = kehu(
      'C.UTF-8',
      '--interactions',
      interactions,
      '--as-of',
      day(210),
      '--tz',
      'UTC',
      '--backtest',
      '--json',
      '--label-days',
      '30',
      '--policy',
      policy,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ label_days: 30, policy_version: 7, auc: 0.5 });
    const bad = kehu('C.UTF-8', '--interactions', interactions, '--as-of', day(210), '--backtest', '--label-days', 'ten');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--label-days must be a whole number of days from 1 to 3650, not "ten"');
  });
});

describe('kehu risk --calibrate', { timeout: 300_000 }, () => {
  it('writes a new policy version that --policy takes back, and lists the changes to review', () => {
    const out = join(dir, 'calibrated.json');
    const r = kehu(
      'C.UTF-8',
      '--interactions',
      interactions,
      '--as-of',
      day(365),
      '--tz',
      'UTC',
      '--calibrate',
      '--label-days',
      '60',
      '--policy-out',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    const policy = Policy.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(policy.version).toBe(2);
    expect(policy.createdBy).toBe('kehu risk --calibrate');
    expect(r.stderr).toContain('Calibrated policy v2 from v1');
    expect(r.stderr).toMatch(/Checked as of 2024-11-01 \(not used for fitting\): AUC/);
    const again = kehu('C.UTF-8', '--interactions', interactions, '--as-of', day(300), '--tz', 'UTC', '--policy', out);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('policy v2');
    const missing = kehu('C.UTF-8', '--interactions', interactions, '--as-of', day(365), '--calibrate');
    expect(missing.stderr).toContain('--calibrate needs --policy-out FILE');
  });
});
