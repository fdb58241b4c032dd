import { describe, expect, it } from 'vitest';
import { guessColumns, mappedHeader, unmappedRequired } from '#shared/codecs/column-guess.ts';
import { csvRowMapper } from '#shared/codecs/interchange.ts';

describe('guessColumns', () => {
  it('maps Chinese spreadsheet headers for customers', () => {
    const header = ['客户编号', '客户名称', '网址', '行业', '客户级别', '负责人', '备注'];
    expect(guessColumns('customers', header)).toEqual({ id: 0, name: 1, domains: 2, industry: 3, tier: 4, owner: 5, notes: 6 });
  });
  it('maps English headers regardless of case, spaces and underscores', () => {
    const header = ['Customer ID', 'Company Name', 'Website', 'Account Owner'];
    expect(guessColumns('customers', header)).toEqual({ id: 0, name: 1, domains: 2, owner: 3 });
  });
  it('maps contacts with 邮箱 and 电话 and a compound header', () => {
    const header = ['联系人编号', '所属客户', '姓名', '联系人邮箱', '手机号码', '职务'];
    expect(guessColumns('contacts', header)).toEqual({ id: 0, customer_id: 1, name: 2, emails: 3, phones: 4, title: 5 });
  });
  it('maps interactions with 日期 and 金额, each header used once', () => {
    const header = ['客户编号', '日期', '类型', '金额', '币种', '订单号', '说明'];
    expect(guessColumns('interactions', header)).toEqual({
      customer_id: 0,
      occurred_at: 1,
      kind: 2,
      amount: 3,
      currency: 4,
      ref: 5,
      summary: 6,
    });
  });
  it('keeps the documented names as the first choice', () => {
    const header = ['customer_id', 'occurred_at', 'kind', 'amount', 'currency', 'summary', 'ref'];
    expect(guessColumns('interactions', header)).toEqual({
      customer_id: 0,
      occurred_at: 1,
      kind: 2,
      amount: 3,
      currency: 4,
      summary: 5,
      ref: 6,
    });
  });
  it('reports required columns it could not find', () => {
    expect(unmappedRequired('customers', guessColumns('customers', ['公司', '地址']))).toEqual(['id']);
  });
});

describe('a guessed mapping feeds the interchange mapper', () => {
  it('imports a Chinese sheet as customers', () => {
    const header = ['客户编号', '客户名称', '城市', '客户级别'];
    const mapper = csvRowMapper('customers', mappedHeader(header, guessColumns('customers', header)), {
      now: '2026-11-25T00:00:00.000Z',
      by: 'test',
      timeZone: 'Asia/Shanghai',
    });
    expect(mapper.missing).toEqual([]);
    expect(mapper.map(['C-1', '华东机械', '上海', '重点'], 2)).toMatchObject({
      ok: true,
      record: { id: 'C-1', name: '华东机械', tier: 'key' },
    });
  });
});
