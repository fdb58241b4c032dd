// CSV columns of every entity for export. The interchange entities use exactly the documented
// headers first (so an export re-imports), then extra columns Kehu also reads.
import type { ExportEntity } from '../model/interchange.ts';
import { KEY_CUSTOMER_FIELD_COLUMNS, type KeyCustomerField } from '../model/key-customer.ts';
import type { EntityRecord } from '../model/sync.ts';
import type { CsvValue } from './csv.ts';

type Column<T> = { name: string; value: (record: T) => CsvValue };
const join = (xs: readonly string[] | undefined) => (xs ?? []).join(';');

export const EXPORT_COLUMNS: { [E in ExportEntity]: Column<EntityRecord<E>>[] } = {
  customers: [
    { name: 'id', value: (r) => r.id },
    { name: 'name', value: (r) => r.name },
    { name: 'domains', value: (r) => join(r.domains) },
    { name: 'industry', value: (r) => r.industry },
    { name: 'tier', value: (r) => r.tier },
    { name: 'stage', value: (r) => r.stage },
    { name: 'owner', value: (r) => r.owner },
    { name: 'cadence_days', value: (r) => r.cadenceDays },
    { name: 'tags', value: (r) => join(r.tags) },
    { name: 'notes', value: (r) => r.notes },
    { name: 'value', value: (r) => r.value },
    { name: 'currency', value: (r) => r.currency },
    { name: 'consent', value: (r) => r.consent },
    { name: 'credit', value: (r) => r.credit },
    { name: 'owner_since', value: (r) => r.ownerSince },
    { name: 'previous_owner', value: (r) => r.previousOwner },
    // The key-customer work (four steps), in the columns import reads back.
    ...(Object.entries(KEY_CUSTOMER_FIELD_COLUMNS) as [KeyCustomerField, string][]).map(([field, name]) => ({
      name,
      value: (r: EntityRecord<'customers'>) => r[field],
    })),
  ],
  contacts: [
    { name: 'id', value: (r) => r.id },
    { name: 'customer_id', value: (r) => r.customerId },
    { name: 'name', value: (r) => r.name },
    { name: 'emails', value: (r) => join(r.emails) },
    { name: 'phones', value: (r) => join(r.phones) },
    { name: 'title', value: (r) => r.title },
    { name: 'role', value: (r) => r.role },
    { name: 'status', value: (r) => r.status },
    { name: 'notes', value: (r) => r.notes },
    { name: 'key', value: (r) => (r.key ? 'true' : 'false') },
    { name: 'preferred_channel', value: (r) => r.preferredChannel },
    { name: 'left_at', value: (r) => r.leftAt },
  ],
  interactions: [
    { name: 'customer_id', value: (r) => r.customerId },
    { name: 'occurred_at', value: (r) => r.occurredAt },
    { name: 'kind', value: (r) => r.kind },
    { name: 'amount', value: (r) => r.amount },
    { name: 'currency', value: (r) => r.currency },
    { name: 'summary', value: (r) => r.summary ?? r.email?.subject },
    { name: 'ref', value: (r) => r.ref?.url ?? r.ref?.id },
    { name: 'id', value: (r) => r.id },
    { name: 'contact_id', value: (r) => r.contactId },
    { name: 'due_at', value: (r) => r.dueAt },
    { name: 'paid_at', value: (r) => r.paidAt },
  ],
  responses: [
    { name: 'id', value: (r) => r.id },
    { name: 'kind', value: (r) => r.kind },
    { name: 'score', value: (r) => r.score },
    { name: 'comment', value: (r) => r.comment },
    { name: 'respondent_email', value: (r) => r.respondent.email },
    { name: 'customer_id', value: (r) => r.customerId },
    { name: 'submitted_at', value: (r) => r.submittedAt },
    { name: 'respondent_name', value: (r) => r.respondent.name },
  ],
  cases: [
    { name: 'id', value: (r) => r.id },
    { name: 'customer_id', value: (r) => r.customerId },
    { name: 'title', value: (r) => r.title },
    { name: 'category', value: (r) => r.category },
    { name: 'severity', value: (r) => r.severity },
    { name: 'status', value: (r) => r.status },
    { name: 'opened_at', value: (r) => r.openedAt },
    { name: 'due_at', value: (r) => r.dueAt },
    { name: 'closed_at', value: (r) => r.closedAt },
    { name: 'satisfaction', value: (r) => r.satisfaction },
    { name: 'owner', value: (r) => r.owner },
    { name: 'assignee', value: (r) => r.assignee },
    { name: 'decision_owner', value: (r) => r.decisionOwner },
    { name: 'escalations', value: (r) => escalationsCell(r.escalations) },
    { name: 'said_to_customer', value: (r) => customerLogCell(r.customerLog) },
  ],
  alerts: [
    { name: 'id', value: (r) => r.id },
    { name: 'customer_id', value: (r) => r.customerId },
    { name: 'indicator', value: (r) => r.indicator },
    { name: 'level', value: (r) => r.level },
    { name: 'status', value: (r) => r.status },
    { name: 'raised_at', value: (r) => r.raisedAt },
    { name: 'strategy', value: (r) => r.strategy },
    { name: 'owner', value: (r) => r.owner },
    { name: 'due_at', value: (r) => r.dueAt },
    { name: 'resolved_at', value: (r) => r.resolvedAt },
    { name: 'dismissed_reason', value: (r) => r.dismissedReason },
    { name: 'policy_version', value: (r) => r.policyVersion },
    { name: 'assignee', value: (r) => r.assignee },
    { name: 'decision_owner', value: (r) => r.decisionOwner },
    { name: 'escalations', value: (r) => escalationsCell(r.escalations) },
    { name: 'said_to_customer', value: (r) => customerLogCell(r.customerLog) },
  ],
  followups: [
    { name: 'id', value: (r) => r.id },
    { name: 'customer_id', value: (r) => r.customerId },
    { name: 'contact_id', value: (r) => r.contactId },
    { name: 'due_at', value: (r) => r.dueAt },
    { name: 'channel', value: (r) => r.channel },
    { name: 'purpose', value: (r) => r.purpose },
    { name: 'done', value: (r) => (r.done ? 'true' : 'false') },
  ],
};

/** Escalations in one cell, oldest first: "2026-01-02T09:00:00.000Z li@x.example → boss@x.example: note". */
function escalationsCell(list: readonly { at: string; by: string; to: string; note: string }[]): string | undefined {
  return list.length ? list.map((e) => `${e.at} ${e.by} → ${e.to}${e.note ? `: ${e.note}` : ''}`).join('\n') : undefined;
}

/** What was said to the customer, one line per entry. */
function customerLogCell(list: readonly { at: string; by?: string | undefined; text: string }[]): string | undefined {
  return list.length ? list.map((e) => `${e.at}${e.by ? ` ${e.by}` : ''}: ${e.text}`).join('\n') : undefined;
}
