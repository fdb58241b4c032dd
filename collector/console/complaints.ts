// A complaint sent through <kehu-feedback> (or imported, or linked in the inbox) from a known
// customer becomes a case at step 1 (listen), owned by the customer's owner. The case's id comes
// from the answer's (caseIdForComplaint), so an extension that does the same converges on one
// record. A case that exists, even deleted by a rep, is never made again.
import { caseForComplaint } from '#shared/feedback/complaint-case.ts';
import type { Case } from '#shared/model/case.ts';
import type { Response } from '#shared/model/response.ts';
import { type Sql, int } from '../db/sql.ts';
import { writeRecords } from '../store/records.ts';

export class ComplaintCases {
  readonly #sql: Sql;
  readonly #now: () => Date;
  /** The last change looked at; 0 at start, so the first pass looks at every complaint. */
  #seq = 0;

  constructor(sql: Sql, now: () => Date) {
    this.#sql = sql;
    this.#now = now;
  }

  /** Make the cases of complaints that arrived since the last call. Returns the cases made. */
  async run(): Promise<Case[]> {
    // The end of the change log first: every change up to it is committed (a change takes its number
    // and moves `last` in one transaction), so the cursor can move there and miss nothing. Read after
    // the complaints, it could take in an answer moved meanwhile (by a read's or a pull's mover)
    // that the query did not see, and that answer would never become a case.
    const [top] = await this.#sql.query<{ last: unknown }>('SELECT last FROM kehu_sequence WHERE id = 1');
    const end = top ? int(top.last) : 0;
    const rows = await this.#sql.query<{ seq: unknown; data: Response; owner: string | null }>(
      `SELECT r.seq, r.data, c.data ->> 'owner' AS owner
         FROM kehu_records r
         JOIN kehu_records c ON c.entity = 'customers' AND c.id = r.data ->> 'customerId' AND c.deleted_at IS NULL
        WHERE r.entity = 'responses' AND r.seq > $1 AND r.seq <= $2 AND r.deleted_at IS NULL AND r.data ->> 'kind' = 'complaint'
        ORDER BY r.seq`,
      [this.#seq, end],
    );
    const now = this.#now().toISOString();
    // The same case an extension opens for the same answer (shared caseForComplaint): one model,
    // one id, so both sides converge on one record.
    const made = rows
      .map(({ data, owner }) =>
        caseForComplaint(data, { id: data.customerId as string, ...(owner ? { owner } : {}) }, { now, by: 'kehu' }),
      )
      .filter((c): c is Case => c !== null);
    // A case that exists, even deleted by a rep, is never made again.
    const existing =
      made.length === 0
        ? []
        : await this.#sql.query<{ id: string }>(`SELECT id FROM kehu_records WHERE entity = 'cases' AND id = ANY($1::text[])`, [
            made.map((c) => c.id),
          ]);
    const known = new Set(existing.map((r) => r.id));
    const cases = made.filter((c) => !known.has(c.id));
    if (cases.length > 0)
      await this.#sql.transaction((tx) =>
        writeRecords(
          tx,
          cases.map((record) => ({ entity: 'cases', record })),
          now,
        ),
      );
    this.#seq = Math.max(this.#seq, end);
    return cases;
  }
}
