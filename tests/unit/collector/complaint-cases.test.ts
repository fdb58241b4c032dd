// Complaints from known customers become cases (collector/console/complaints.ts), each pass looking
// at the change log after its cursor. An answer moved into the log while a pass runs (by a console
// read's or a pull's mover, not the pass's own) must still become a case on a later pass.
import { expect, it } from 'vitest';
import { ComplaintCases } from '../../../collector/console/complaints.ts';
import { type Sql, statementText } from '../../../collector/db/sql.ts';
import { writeRecords } from '../../../collector/store/records.ts';
import { describeOnBackends } from './backends.ts';
import { T0, rec } from './fixtures.ts';

const complaint = (id: string) =>
  ({
    entity: 'responses',
    record: {
      id,
      kind: 'complaint',
      comment: `Broken again (${id})`,
      customerId: 'acme',
      respondent: { email: 'buyer@acme.example' },
      submittedAt: T0,
      rev: 1,
      updatedAt: T0,
      updatedBy: 'site:shop',
    },
  }) as never;

describeOnBackends('complaint cases on $name', (sql) => {
  it('makes the case of a complaint that entered the change log while a pass was reading it', async () => {
    await sql.transaction((tx) => writeRecords(tx, [rec.customer('acme', { owner: 'alice' }), complaint('first')], T0));
    // A store on which another writer commits a complaint in the middle of the pass: between its
    // two statements, whichever comes first.
    let injected = false;
    const query = (async (statement: Parameters<Sql['query']>[0], params?: readonly unknown[]) => {
      const result = await sql.query(statement, params);
      if (!injected && /kehu_sequence|'complaint'/.test(statementText(statement))) {
        injected = true;
        await sql.transaction((tx) => writeRecords(tx, [complaint('meanwhile')], T0));
      }
      return result;
    }) as Sql['query'];
    const racing = Object.assign(Object.create(sql) as Sql, { query });
    const cases = new ComplaintCases(racing, () => new Date(T0));
    const made = [...(await cases.run()), ...(await cases.run())];
    expect(made.map((c) => c.title).sort()).toEqual(['Broken again (first)', 'Broken again (meanwhile)']);
  });
});
