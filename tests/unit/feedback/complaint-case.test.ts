// A complaint through the feedback form opens a case at step 1 for the customer's owner, with the
// id every replica derives from the answer's id.
import { describe, expect, it } from 'vitest';
import { caseForAnswer, caseForComplaint, complaintTitle } from '#shared/feedback/complaint-case.ts';
import { Response } from '#shared/model/index.ts';

const meta = { rev: 1, updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'collector', deletedAt: null };
const answer = (patch: Partial<Response> = {}) =>
  Response.parse({
    id: 'r1',
    kind: 'complaint',
    comment: 'The order arrived broken\nand nobody answered the phone',
    answers: { resolution: 'refund' },
    customerId: 'globex',
    pageUrl: 'https://shop.example/help',
    submittedAt: '2026-01-02T08:00:00.000Z',
    ...meta,
    ...patch,
  });
const ctx = { now: '2026-01-02T09:00:00.000Z', by: 'rep' };

describe('a complaint opens a case', () => {
  it('at step 1, for the owner, id fb-<answer id>, with the wanted resolution and the page', () => {
    const c = caseForComplaint(answer(), { id: 'globex', owner: 'wang@team.example' }, ctx);
    expect(c).toMatchObject({
      id: 'fb-r1',
      customerId: 'globex',
      title: 'The order arrived broken',
      status: 'listen',
      owner: 'wang@team.example',
      assignee: 'wang@team.example',
      openedAt: '2026-01-02T08:00:00.000Z',
      desiredResolution: 'refund',
      ref: { system: 'kehu-feedback', id: 'r1', url: 'https://shop.example/help' },
      steps: [
        { step: 'listen', at: '2026-01-02T08:00:00.000Z', note: 'The order arrived broken\nand nobody answered the phone' },
      ],
    });
  });

  it('not for other kinds, for an answer without a customer, or a deleted one', () => {
    expect(caseForComplaint(answer({ kind: 'praise' }), { id: 'globex' }, ctx)).toBeNull();
    expect(caseForComplaint(answer({ customerId: undefined }), undefined, ctx)).toBeNull();
    expect(caseForComplaint(answer({ deletedAt: ctx.now }), { id: 'globex' }, ctx)).toBeNull();
    expect(caseForComplaint(answer(), { id: 'someone-else' }, ctx)).toBeNull();
  });

  it('titles: the first line, shortened, or a plain title in the answer’s language', () => {
    expect(complaintTitle({ comment: 'x'.repeat(300) })).toHaveLength(120);
    expect(complaintTitle({ comment: '  ', locale: 'zh-CN' })).toBe('来自反馈表单的投诉');
    expect(complaintTitle({})).toBe('Complaint from the feedback form');
  });

  it('by hand, from any answer: the same id, the owner and title chosen, not for an answer without a customer', () => {
    const detractor = answer({ kind: 'nps', score: 2, comment: 'Late again', answers: undefined });
    expect(caseForComplaint(detractor, { id: 'globex', owner: 'wang' }, ctx)).toBeNull();
    expect(
      caseForAnswer(detractor, { id: 'globex', owner: 'wang' }, { ...ctx, owner: 'li@team.example', title: 'Call back' }),
    ).toMatchObject({
      id: 'fb-r1',
      customerId: 'globex',
      title: 'Call back',
      status: 'listen',
      owner: 'li@team.example',
      assignee: 'li@team.example',
      steps: [{ step: 'listen', note: 'Late again' }],
    });
    expect(caseForAnswer(detractor, undefined, ctx)).toMatchObject({ title: 'Late again' });
    expect(caseForAnswer(answer({ customerId: undefined }), undefined, { ...ctx, owner: 'li' })).toBeNull();
  });
});
