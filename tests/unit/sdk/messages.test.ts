import { describe, expect, it } from 'vitest';
import { scale } from '../../../sdk/src/ui/answer.ts';
import { messages as en } from '../../../sdk/src/ui/locales/en.ts';
import { messages as zh } from '../../../sdk/src/ui/locales/zh-CN.ts';
import { EXIT_REASONS, loadMessages, RESOLUTIONS } from '../../../sdk/src/ui/messages.ts';

const MESSAGES = { en, 'zh-CN': zh };

describe('SDK messages', () => {
  it('exist in both languages with the same keys and no empty text', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of [...Object.entries(en), ...Object.entries(zh)]) {
      expect(text.replaceAll('|', '').trim(), key).not.toBe('');
    }
  });

  it('label every choice in both languages', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const m = MESSAGES[locale];
      expect(m.resolutions.split('|')).toHaveLength(RESOLUTIONS.length);
      expect(m.exitChoices.split('|')).toHaveLength(EXIT_REASONS.length);
      for (const text of [...m.resolutions.split('|'), ...m.exitChoices.split('|')]) expect(text.trim()).not.toBe('');
      expect(scale('nps', m).map((p) => p.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(scale('csat', m).every((p) => p.label)).toBe(true);
      expect(scale('ces', m)).toHaveLength(7);
      expect(scale('ces', m).every((p) => p.label)).toBe(true);
      // NPS labels only its two ends.
      const nps = scale('nps', m);
      expect([nps[0]?.label, nps[10]?.label].every(Boolean)).toBe(true);
      expect(nps.slice(1, 10).every((p) => p.label === '')).toBe(true);
    }
  });

  it('load one language at a time', async () => {
    expect(await loadMessages('zh-CN')).toBe(zh);
    expect(await loadMessages('en')).toBe(en);
  });

  it('use the natural Chinese NPS wording', () => {
    expect(MESSAGES['zh-CN']['question.nps']).toBe('您有多大可能向朋友或同事推荐我们？');
    expect(scale('nps', zh)[0]?.label).toBe('完全不可能');
    expect(scale('nps', zh)[10]?.label).toBe('极有可能');
  });
});
