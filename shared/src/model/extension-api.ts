// What the extension's API methods accept: one schema per method input, validated by the router
// (extension/src/api/router.ts) whether the call comes as a message from a content script or page,
// or through globalThis.kehu. The handlers in extension/src/api/methods/ import these and declare
// no input shapes of their own; the result shapes are the handlers' return types.
import * as z from 'zod';
import { Case } from './case.ts';
import { EmailAddress, Id, Instant, WarningLevel, WellFormed } from './common.ts';
import { Channel, Contact } from './contact.ts';
import { Customer } from './customer.ts';
import { ExportEntity, FileFormat, ImportEntity } from './interchange.ts';
import { PlanLevel } from './plan.ts';
import { Assessment, Indicator, Review, Strategy } from './risk.ts';
import { ENTITY_SCHEMAS } from './sync.ts';

/** Methods that take nothing: `undefined` or `{}`. */
export const NoInput = z.undefined().or(z.object({}).strict());

// ── Who is this (badges, the hover card, `kehu.lookup(email)`) ──

/** An address as a page shows it; normalised by the handler (a bad one finds nobody). */
export const LookupAddress = WellFormed().max(320);
export const LookupManyRequest = z.object({ emails: z.array(LookupAddress).max(2000) });
export const LookupHostRequest = z.object({ host: WellFormed().max(253) });
export const CardRequest = z.object({
  email: EmailAddress.optional(),
  customerId: WellFormed().max(128).optional(),
  locale: WellFormed().max(35).optional(),
});
/** What `lookup` answers: the contact and customer behind an address and the assessment, or null. */
export const LookupResult = z
  .object({
    customer: Customer.nullable(),
    contact: Contact.nullable(),
    assessment: Assessment.nullable(),
  })
  .nullable();
export type LookupResult = z.infer<typeof LookupResult>;

// ── People seen in the mailbox ──

export const AddSenderRequest = z.object({ email: EmailAddress, name: WellFormed().max(200).optional() });
export const OpenCustomerRequest = z.object({ customerId: WellFormed().max(128).optional(), email: EmailAddress.optional() });

/** One mail a rep opened, as the content script reads it: metadata only, never the body. */
export const SeenEmail = z.object({
  source: z.enum(['gmail', 'outlook']),
  messageId: WellFormed().trim().min(1).max(500),
  threadId: WellFormed().trim().min(1).max(500).optional(),
  from: EmailAddress,
  to: z.array(WellFormed().max(320)).max(200).default([]),
  subject: WellFormed().max(2000).default(''),
  sentAt: Instant.optional(),
  url: WellFormed().max(4096),
});
export const LogEmailsRequest = z.object({ messages: z.array(SeenEmail).max(200) });

// ── One customer in the side panel ──

export const ByCustomer = z.object({ customerId: Id });
export const ById = z.object({ id: Id });
/** A form's draft: field → value (checked against the shared schema by the store). */
export const Draft = z.record(WellFormed().max(64), z.unknown()).refine((d) => Object.keys(d).length <= 64, 'too many fields');
export const ContactDraftRequest = z.object({ customerId: Id.optional(), draft: Draft });
export const RecordRequest = z.object({ entity: z.enum(['interactions', 'responses', 'cases', 'alerts', 'followups']), id: Id });
export const SearchRequest = z.object({ query: WellFormed().max(200), limit: z.int().min(1).max(100).default(20) });

export const OpenCaseRequest = z.object({
  customerId: Id,
  contactId: Id.optional(),
  title: WellFormed().max(200),
  category: Case.shape.category.optional(),
  severity: Case.shape.severity.optional(),
  dueAt: Instant.optional(),
  description: WellFormed().max(10_000).optional(),
  desiredResolution: WellFormed().max(10_000).optional(),
  /** A logged mail interaction the complaint came from: its subject and link become the case's. */
  fromInteractionId: Id.optional(),
});

export const ChangeCaseRequest = z.object({
  id: Id,
  change: z
    .object({
      note: WellFormed().max(10_000).optional(),
      title: WellFormed().max(200).optional(),
      category: Case.shape.category.optional(),
      severity: Case.shape.severity.optional(),
      dueAt: Instant.or(z.literal('')).optional(),
      desiredResolution: WellFormed().max(10_000).optional(),
      cause: WellFormed().max(10_000).optional(),
      remedy: WellFormed().max(10_000).optional(),
    })
    .strict()
    .default({}),
  action: z.discriminatedUnion('action', [
    z.object({ action: z.literal('update') }),
    z.object({ action: z.literal('advance') }),
    z.object({ action: z.literal('close'), satisfaction: z.int().min(1).max(5).optional() }),
  ]),
});

/** One step of handling or reviewing an alert. */
export const AlertChange = z.discriminatedUnion('action', [
  z.object({ action: z.literal('start'), strategy: Strategy }),
  z.object({ action: z.literal('record'), note: WellFormed().max(10_000) }),
  z.object({ action: z.literal('step'), index: z.int().min(0).max(100), done: z.boolean() }),
  z.object({ action: z.literal('resolve') }),
  z.object({ action: z.literal('dismiss'), reason: WellFormed().max(10_000) }),
  z.object({ action: z.literal('review'), review: Review }),
  z.object({ action: z.literal('correction'), itemId: Id, done: z.boolean() }),
]);
export type AlertChange = z.infer<typeof AlertChange>;
export const ChangeAlertRequest = z.object({ id: Id, change: AlertChange });
export const CorrectiveItemRequest = z.object({ alertId: Id, itemId: Id });

export const PlanFollowUpRequest = z.object({
  customerId: Id,
  contactId: Id.optional(),
  dueAt: Instant,
  channel: Channel,
  purpose: WellFormed().max(10_000),
  alertId: Id.optional(),
});
export const FollowUpDoneRequest = z.object({ id: Id, done: z.boolean() });

/** What the side panel's quick log records. */
export const QUICK_LOG_KINDS = ['call', 'meeting', 'visit', 'note', 'order'] as const;
export type QuickLogKind = (typeof QUICK_LOG_KINDS)[number];
export const QuickLogRequest = z.object({
  customerId: Id,
  contactId: Id.optional(),
  kind: z.enum(QUICK_LOG_KINDS),
  occurredAt: Instant,
  summary: WellFormed().max(10_000).optional(),
  amount: z.number().finite().optional(),
  currency: WellFormed().max(3).optional(),
});

// ── The popup's agenda and the options page's data ──

/** `endOfDay` is the end of the rep's local day. */
export const AgendaRequest = z.object({ endOfDay: Instant });
/** A candidate policy: the one in force with the edited settings, checked as a whole by the Policy schema. */
export const PolicyCandidate = z.object({ policy: z.record(WellFormed(), z.unknown()), note: WellFormed().max(2000).optional() });

/** At most this many records per import message. */
export const IMPORT_BATCH_MAX = 5000;
/** Identifies one import run (its batches share the customer-name index); optional for single calls. */
const Run = WellFormed().min(1).max(100).optional();
/** One batch of records the options page has read, mapped and checked; checked again on arrival. */
export const ImportBatch = z.discriminatedUnion('entity', [
  z.object({ entity: z.literal('customers'), records: z.array(ENTITY_SCHEMAS.customers).max(IMPORT_BATCH_MAX), run: Run }),
  z.object({ entity: z.literal('contacts'), records: z.array(ENTITY_SCHEMAS.contacts).max(IMPORT_BATCH_MAX), run: Run }),
  z.object({ entity: z.literal('interactions'), records: z.array(ENTITY_SCHEMAS.interactions).max(IMPORT_BATCH_MAX), run: Run }),
  z.object({ entity: z.literal('responses'), records: z.array(ENTITY_SCHEMAS.responses).max(IMPORT_BATCH_MAX), run: Run }),
  z.object({ entity: z.literal('cases'), records: z.array(ENTITY_SCHEMAS.cases).max(IMPORT_BATCH_MAX), run: Run }),
]);
export const ReassessRequest = z.object({ customerIds: z.array(Id).max(200_000) });

/** Which records an export takes. */
export const ExportFilter = z
  .object({
    /** Only customers at these levels (a customer not assessed yet is at "none"), and their records. */
    levels: z.array(WarningLevel).max(5).optional(),
    /** Only customers with this owner (case-insensitive), and their records. */
    owner: WellFormed().trim().max(200).optional(),
    /** Records dated at or after this instant (see DATE_FIELD in the extension's export store). */
    from: Instant.optional(),
    /** Records dated before this instant. */
    to: Instant.optional(),
  })
  .strict();
export type ExportFilter = z.infer<typeof ExportFilter>;
export const ExportChunkRequest = z.object({
  entity: ExportEntity,
  format: FileFormat,
  filter: ExportFilter.default({}),
  after: WellFormed().max(200).nullable(),
  limit: z.int().min(1).max(20_000).default(5000),
  run: WellFormed().min(1).max(100),
});
export const ExportTotalRequest = z.object({ entity: ExportEntity });
/** "Erase all" needs the confirmation word. */
export const EraseRequest = z.object({ confirm: z.literal('ERASE') });

/** A whole file in one message (`kehu.importText`, small files and tests; the options page sends batches). */
export const ImportTextRequest = z.object({ entity: ImportEntity, format: FileFormat, text: WellFormed() });
export const ExportTextRequest = z.object({ entity: ExportEntity, format: FileFormat });

/**
 * A problem reported to the extension's local debug log: where (a short area name) and what (one
 * line). Content scripts may report too, so both are bounded.
 */
export const ReportProblemRequest = z.object({ area: WellFormed().min(1).max(60), message: WellFormed().max(500) });

/** One entry of the local debug log: when, from the background or a page, where, and what. */
export const DebugLogEntry = z.object({
  at: z.string(),
  source: z.enum(['background', 'page']),
  area: z.string(),
  message: z.string(),
});
export type DebugLogEntry = z.infer<typeof DebugLogEntry>;
// ── The team's plans (预案), edited in the options page ──

/** The plans in force for every indicator and level; built-in ones in `locale`. */
export const PlansRequest = z.object({ locale: WellFormed().max(35).optional() });
export const PlanKey = z.object({ indicator: Indicator, level: PlanLevel });
/** A plan as the editor sends it: checked against the shared Plan schema by the store, field by field. */
export const PlanDraftRequest = PlanKey.extend({
  title: WellFormed().max(1000),
  strategy: Strategy,
  dueInHours: z.number(),
  steps: z.array(WellFormed().max(20_000)).max(100),
  authority: WellFormed().max(20_000),
  note: WellFormed().max(20_000).optional(),
});

// ── The practice's working tools (side panel, popup, options) ──

/** An answer kept without a customer, linked to one by hand. */
export const LinkAnswerRequest = z.object({ responseId: Id, customerId: Id });
/** The key-customer plan: the next `count` follow-ups from the customer's cadence. */
export const PlanContactsRequest = z.object({
  customerId: Id,
  count: z.int().min(1).max(12).default(3),
  purpose: z.string().trim().min(1).max(10_000),
});
/** The customers at one warning level (the popup's counts). */
export const CustomersAtRequest = z.object({ level: WarningLevel });
/** An invoice: an order interaction with the day it is due. */
export const InvoiceRequest = z.object({
  customerId: Id,
  occurredAt: Instant,
  dueAt: Instant,
  amount: z.number().finite().min(0),
  currency: z.string().max(3).optional(),
  summary: z.string().max(10_000).optional(),
});
/** An invoice paid (at an instant) or not paid after all (null). */
export const InvoicePaidRequest = z.object({ id: Id, paidAt: Instant.nullable() });
/** The policy editor's draft (checked against Policy by the handler) and the days that count as lost. */
export const PolicyBacktestRequest = z.object({
  policy: z.record(z.string(), z.unknown()),
  labelDays: z.int().min(7).max(730).default(90),
});

const Person = z.string().trim().max(200);
/** A change of roles on an alert or case: assign, escalate, or log what was said to the customer. */
export const RoleChange = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign'), assignee: Person.optional(), decisionOwner: Person.optional() }),
  z.object({ action: z.literal('escalate'), to: Person.min(1), note: z.string().max(10_000).optional() }),
  z.object({ action: z.literal('say'), text: z.string().trim().min(1).max(10_000) }),
]);
export const RoleChangeRequest = z.object({ entity: z.enum(['alerts', 'cases']), id: Id, change: RoleChange });
