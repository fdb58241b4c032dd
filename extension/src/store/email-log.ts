// Contact logging: a thread opened in webmail whose sender is a known contact becomes an email
// interaction — metadata only (from, to, date, subject, a link to the thread), never the body —
// once per message id, even when the thread is opened again or the record was deleted since.
import { stableId } from '#shared/codecs/stable-id.ts';
import { normaliseEmail } from '#shared/identity/email.ts';
import type { Interaction } from '#shared/model/index.ts';
import type { KehuDb } from './db.ts';
import { contactByEmail } from './people.ts';
import { type WriteContext, saveRecord } from './records.ts';

export interface SeenEmail {
  source: 'gmail' | 'outlook';
  messageId: string;
  threadId?: string | undefined;
  from: string;
  to: string[];
  subject: string;
  /** When the message was sent, if the page shows it; the time of logging otherwise. */
  sentAt?: string | undefined;
  url: string;
}

export type LogOutcome = 'logged' | 'already-logged' | 'not-a-contact' | 'no-customer';

/** The interaction id for a webmail message: the same message always maps to the same record. */
export function emailInteractionId(source: string, messageId: string): string {
  return stableId('mail', [source, messageId]);
}

export async function logEmail(
  db: KehuDb,
  seen: SeenEmail,
  ctx: WriteContext,
): Promise<{ outcome: LogOutcome; interaction?: Interaction }> {
  const from = normaliseEmail(seen.from);
  if (!from) return { outcome: 'not-a-contact' };
  const id = emailInteractionId(seen.source, seen.messageId);
  return db.transaction('rw', [db.interactions, db.contacts, db.changes], async () => {
    // A tombstone counts too: a rep who deleted the entry does not want it back.
    if (await db.interactions.get(id)) return { outcome: 'already-logged' as const };
    const contact = await contactByEmail(db, from);
    if (!contact) return { outcome: 'not-a-contact' as const };
    if (!contact.customerId) return { outcome: 'no-customer' as const };
    const to = [...new Set(seen.to.map((t) => normaliseEmail(t)).filter((t): t is string => !!t))].slice(0, 100);
    const subject = seen.subject.slice(0, 1000);
    const interaction = await saveRecord(
      db,
      'interactions',
      {
        id,
        customerId: contact.customerId,
        contactId: contact.id,
        kind: 'email_in',
        occurredAt: seen.sentAt ?? ctx.now,
        summary: subject,
        ref: { system: seen.source, id: (seen.threadId ?? seen.messageId).slice(0, 200), url: seen.url.slice(0, 2048) },
        email: { from, to, subject, messageId: seen.messageId.slice(0, 200), threadId: seen.threadId?.slice(0, 200) },
        source: seen.source,
        rev: 1,
        updatedAt: ctx.now,
        updatedBy: ctx.by,
        deletedAt: null,
      },
      ctx,
    );
    return { outcome: 'logged' as const, interaction };
  });
}
