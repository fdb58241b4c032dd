// Counted messages follow each language's plural rules (Intl.PluralRules), not "(s)" or a special case for 1.
import { describe, expect, it } from 'vitest';
import { pluralForm } from '#shared/i18n/plural.ts';
import { renderEvidence } from '#shared/i18n/evidence.ts';
import { tCount } from '../../../extension/src/ui/strings/counted.ts';
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

  it('counts settings and follow-ups in the workspace without "(s)"', () => {
    expect(tCount('en', 'policy.changed', 1)).toBe('1 setting changed.');
    expect(tCount('en', 'policy.changed', 3)).toBe('3 settings changed.');
    expect(tCount('en', 'policy.invalid', 1)).toBe('1 setting needs fixing before the policy can be previewed or saved.');
    expect(tCount('en', 'key.planned', 2)).toBe('2 follow-ups planned.');
    expect(tCount('zh-CN', 'key.planned', 1)).toBe('已安排 1 个跟进。');
  });

  it('renders counted evidence by the count, in both languages', () => {
    const one = { code: 'payment.overdue_count', params: { count: 1, days: 10 } };
    const two = { code: 'payment.overdue_count', params: { count: 2, days: 45 } };
    expect(renderEvidence(one, 'en')).toBe('1 payment overdue, by 10 days');
    expect(renderEvidence(two, 'en')).toBe('2 payments overdue, the oldest by 45 days');
    expect(renderEvidence(two, 'zh-CN')).toBe('2 笔付款逾期，最久的逾期 45 天');
    expect(renderEvidence({ code: 'complaint.feedback', params: { count: 1, days: 180 } }, 'en')).toBe(
      '1 complaint through feedback in the last 180 days',
    );
  });
});
