import { describe, expect, it } from 'vitest';
import { EXIT_REASONS, MESSAGES, RESOLUTIONS } from '../../../sdk/src/ui/messages.ts';
import { scale } from '../../../sdk/src/ui/answer.ts';

describe('SDK messages', () => {
  it('exist in both languages with the same keys and no empty text', () => {
    const en = MESSAGES.en;
    const zh = MESSAGES['zh-CN'];
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
      expect(scale('nps', locale).map((p) => p.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(scale('csat', locale).every((p) => p.label)).toBe(true);
      expect(scale('ces', locale)).toHaveLength(7);
      expect(scale('ces', locale).every((p) => p.label)).toBe(true);
      // NPS labels only its two ends.
      const nps = scale('nps', locale);
      expect([nps[0]?.label, nps[10]?.label].every(Boolean)).toBe(true);
      expect(nps.slice(1, 10).every((p) => p.label === '')).toBe(true);
    }
  });

  it('use the natural Chinese NPS wording', () => {
    expect(MESSAGES['zh-CN']['question.nps']).toBe('您有多大可能向朋友或同事推荐我们？');
    expect(scale('nps', 'zh-CN')[0]?.label).toBe('完全不可能');
    expect(scale('nps', 'zh-CN')[10]?.label).toBe('极有可能');
  });
});
