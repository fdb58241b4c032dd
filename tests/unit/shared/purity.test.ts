// shared/ is the pure core: no clock reads, no I/O, no DOM, no Node. The typecheck keeps DOM and
// Node types out; this test catches what types cannot (clock reads, dynamic globals).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../shared/src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const FORBIDDEN: [RegExp, string][] = [
  [/\bDate\.now\(/, 'reads the clock: pass time in'],
  [/new Date\(\)/, 'reads the clock: pass time in'],
  [/\bperformance\.now\(/, 'reads the clock'],
  [/\bMath\.random\(/, 'is not deterministic: pass ids in'],
  [/\bcrypto\./, 'is an environment API'],
  [/\b(fetch|XMLHttpRequest|indexedDB|localStorage|document|window|process|Buffer)\b\s*[.(]/, 'is I/O or environment'],
  [/from ['"]node:/, 'imports Node'],
];

describe('shared/ stays pure', () => {
  const all = files(ROOT);
  it('has source files', () => expect(all.length).toBeGreaterThan(5));
  for (const file of all) {
    it(file.slice(ROOT.length + 1), () => {
      const lines = readFileSync(file, 'utf8').split('\n');
      const problems: string[] = [];
      lines.forEach((line, i) => {
        if (/^\s*(\/\/|\*)/.test(line)) return;
        for (const [re, why] of FORBIDDEN) if (re.test(line)) problems.push(`${i + 1}: ${line.trim()} — ${why}`);
      });
      expect(problems).toEqual([]);
    });
  }
});
