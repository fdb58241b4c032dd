// Counted messages follow each language's plural rules (Intl.PluralRules), not "(s)" or a special case for 1.
import { describe, expect, it } from 'vitest';
import { pluralForm } from '#shared/i18n/plural.ts';
import { syncCountText } from '../../../extension/src/ui/sync-status-text.ts';

describe('plurals', () => {
  it('picks the form by the language: English one and other, Chinese other', () => {
    const forms = { one: '{count} change', other: '{count} changes' };
    expect(pluralForm('en', 1, forms)).toBe('{count} change');
    expect(pluralForm('en', 0, forms)).toBe('{count} changes');
    expect(pluralForm('en', 2, forms)).toBe('{count} changes');
    expect(pluralForm('zh-CN', 1, forms)).toBe('{count} changes');
  });

  it('says how many changes wait to be sent in both languages', () => {
    expect(syncCountText('en', 'pending', 1, '1')).toBe('1 change waiting to be sent.');
    expect(syncCountText('en', 'pending', 1234, '1,234')).toBe('1,234 changes waiting to be sent.');
    expect(syncCountText('zh-CN', 'pending', 1, '1')).toBe('1 项更改等待发送。');
  });
});
