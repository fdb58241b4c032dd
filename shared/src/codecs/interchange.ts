// The interchange formats of docs (customers, contacts, interactions, responses, cases as CSV and
// NDJSON): rows in, validated records out. Every rejection names the line, the field and the reason.
import { quote } from './quote.ts';
import type * as z from 'zod';
import { normaliseDomain, normaliseEmail } from '../identity/email.ts';
import { isFreeMailDomain, registrableDomain } from '../identity/domain.ts';
import { Case, CaseCategory, CaseStatus, Severity } from '../model/case.ts';
import { Contact } from '../model/contact.ts';
import { Customer, CustomerTier } from '../model/customer.ts';
import { KEY_CUSTOMER_COLUMNS, KEY_CUSTOMER_FIELD_COLUMNS } from '../model/key-customer.ts';
import { Interaction } from '../model/interaction.ts';
import type { ImportEntity, Rejection } from '../model/interchange.ts';
import { Response } from '../model/response.ts';
import { SCALES, isSurveyKind } from '../model/submission.ts';
import { CLOSEST, closestValue } from './forgiving.ts';
import { zodIssueWords } from '../i18n/zod-words.ts';
import { stableId } from './stable-id.ts';
import { parseDateTime } from './time.ts';

export interface ImportContext {
  /** The import's time, stamped on new records (`updatedAt`, `createdAt`). */
  now: string;
  /** Who imports: stamped as `updatedBy`. */
  by: string;
  /** IANA zone for dates and times written without a zone. */
  timeZone: string;
}

export type ImportRecord = {
  customers: Customer;
  contacts: Contact;
  interactions: Interaction;
  responses: Response;
  cases: Case;
};

/** A row kept with a value read differently from how it was written (see codecs/forgiving.ts). */
export type ImportWarning = Rejection;
export type MapResult<T> = { ok: true; record: T; warnings?: ImportWarning[] } | { ok: false; rejections: Rejection[] };

/** The columns of each interchange CSV, in the documented order, then the optional extras Kehu also reads. */
export const INTERCHANGE_COLUMNS: Record<ImportEntity, { required: string[]; optional: string[] }> = {
  customers: {
    required: ['id', 'name'],
    optional: [
      'domains',
      'industry',
      'tier',
      'stage',
      'owner',
      'cadence_days',
      'tags',
      'notes',
      'value',
      'currency',
      'consent',
      'credit',
      'owner_since',
      'previous_owner',
      ...KEY_CUSTOMER_COLUMNS,
    ],
  },
  contacts: {
    required: ['id'],
    optional: [
      'customer_id',
      'name',
      'emails',
      'phones',
      'title',
      'role',
      'status',
      'notes',
      'key',
      'preferred_channel',
      'left_at',
    ],
  },
  interactions: {
    required: ['customer_id', 'occurred_at', 'kind'],
    optional: ['amount', 'currency', 'summary', 'ref', 'id', 'contact_id', 'due_at', 'paid_at'],
  },
  responses: {
    required: ['kind', 'submitted_at'],
    optional: ['id', 'score', 'comment', 'respondent_email', 'customer_id', 'respondent_name'],
  },
  cases: {
    required: ['id', 'customer_id', 'title', 'opened_at'],
    optional: ['category', 'severity', 'status', 'due_at', 'closed_at', 'satisfaction', 'owner', 'assignee', 'decision_owner'],
  },
};

const SCHEMAS = {
  customers: Customer,
  contacts: Contact,
  interactions: Interaction,
  responses: Response,
  cases: Case,
} as const;

/** Words people write in spreadsheets for enum values, in Chinese and English. */
const ALIASES: Record<string, Record<string, string>> = {
  tier: {
    重点: 'key',
    重点客户: 'key',
    一般: 'general',
    普通: 'general',
    潜在: 'potential',
    无需求: 'no-need',
    nonneed: 'no-need',
    'no need': 'no-need',
    none: 'no-need',
  },
  stage: {
    考察期: 'exploring',
    形成期: 'forming',
    稳定期: 'stable',
    衰退期: 'declining',
    exploration: 'exploring',
    formation: 'forming',
    decline: 'declining',
  },
  status: { 在职: 'active', 离职: 'left', 已离职: 'left', inactive: 'left' },
  caseStatus: {
    open: 'listen',
    new: 'listen',
    处理中: 'analyse',
    已关闭: 'closed',
    关闭: 'closed',
    done: 'closed',
    resolved: 'closed',
  },
  severity: { 低: 'low', 中: 'medium', 高: 'high', 严重: 'critical', 紧急: 'critical' },
  kind: {
    订单: 'order',
    电话: 'call',
    会议: 'meeting',
    拜访: 'visit',
    付款: 'payment',
    退货: 'return',
    备注: 'note',
    来信: 'email_in',
    去信: 'email_out',
  },
};

/** Header cells as column names: trimmed, lower-case, spaces and dashes as underscores. */
export function normaliseHeader(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export interface RowMapper<E extends ImportEntity> {
  entity: E;
  /** Required columns the header lacks; when non-empty no row can be imported. */
  missing: string[];
  /** Map one CSV row's cells (in header order) to a record, or say why not. */
  map(cells: string[], line: number): MapResult<ImportRecord[E]>;
}

/** A mapper for CSV rows of one entity, given the file's header row. */
export function csvRowMapper<E extends ImportEntity>(entity: E, header: string[], ctx: ImportContext): RowMapper<E> {
  const names = header.map(normaliseHeader);
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    if (!index.has(n)) index.set(n, i);
  });
  const missing = INTERCHANGE_COLUMNS[entity].required.filter((c) => !index.has(c));
  const build = BUILDERS[entity];
  // Identical consecutive rows (the same order line twice) stay distinct records.
  let previousKey = '';
  let repeat = 0;
  return {
    entity,
    missing,
    map(cells, line) {
      const rejections: Rejection[] = [];
      const get = (column: string): string | undefined => {
        const i = index.get(column);
        if (i === undefined) return undefined;
        const v = cells[i]?.trim();
        return v ? v : undefined;
      };
      const fail = (field: string, error: string, reason?: Reason) => {
        rejections.push({ line, field, error, ...reason });
      };
      const warnings: ImportWarning[] = [];
      const warn = (field: string, error: string, reason?: Reason) => {
        warnings.push({ line, field, error, ...reason });
      };
      const raw = build({ get, fail, warn, ctx, line });
      if (rejections.length > 0) return { ok: false, rejections };
      if (raw.__contentKey !== undefined) {
        const key = raw.__contentKey as string;
        repeat = key === previousKey ? repeat + 1 : 0;
        previousKey = key;
        if (repeat > 0) raw.id = `${raw.id}-${repeat}`;
        delete raw.__contentKey;
      }
      const result = validate(entity, raw, line, FIELD_TO_COLUMN[entity]) as MapResult<ImportRecord[E]>;
      return result.ok && warnings.length > 0 ? { ...result, warnings } : result;
    },
  };
}

/** Map one NDJSON value (the entity's shared schema; sync metadata may be left out) to a record. */
export function jsonRecordMapper<E extends ImportEntity>(entity: E, ctx: ImportContext) {
  return (value: unknown, line: number): MapResult<ImportRecord[E]> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, rejections: [{ line, error: 'each line must be one JSON object', code: 'not_object' }] };
    }
    const raw: Record<string, unknown> = {
      rev: 1,
      updatedAt: ctx.now,
      updatedBy: ctx.by,
      deletedAt: null,
      ...(entity === 'customers' || entity === 'contacts' ? { createdAt: ctx.now } : {}),
      ...value,
    };
    if (raw.id === undefined && entity === 'interactions') {
      raw.id = stableId('i', [
        raw.customerId as string,
        raw.occurredAt as string,
        raw.kind as string,
        raw.amount as number,
        raw.summary as string,
      ]);
    }
    if (raw.id === undefined && entity === 'responses') {
      raw.id = stableId('r', [
        raw.kind as string,
        raw.score as number,
        raw.comment as string,
        raw.customerId as string,
        raw.submittedAt as string,
      ]);
    }
    return validate(entity, raw, line, {}) as MapResult<ImportRecord[E]>;
  };
}

function validate(
  entity: ImportEntity,
  raw: Record<string, unknown>,
  line: number,
  fieldToColumn: Record<string, string>,
): MapResult<unknown> {
  const parsed = (SCHEMAS[entity] as z.ZodType).safeParse(raw);
  if (parsed.success) return { ok: true, record: parsed.data };
  return {
    ok: false,
    rejections: parsed.error.issues.map((issue) => {
      const path = issue.path.map(String);
      const top = path[0] ?? '';
      return { line, field: fieldToColumn[top] ?? (path.join('.') || undefined), error: issue.message, ...zodIssueWords(issue) };
    }),
  };
}

// ---- per-entity builders: cells → a raw object for the entity schema ----

/** Why a cell was refused or read differently, for a client to say in its language (i18n/import-reasons.ts). */
type Reason = { code: string; params?: Record<string, unknown> };

interface BuildArgs {
  get: (column: string) => string | undefined;
  fail: (field: string, error: string, reason?: Reason) => void;
  /** The row is kept, with a warning line (a value read as its closest meaning). */
  warn: (field: string, error: string, reason?: Reason) => void;
  ctx: ImportContext;
  line: number;
}
type Raw = Record<string, unknown>;

function meta(ctx: ImportContext): Raw {
  return { rev: 1, updatedAt: ctx.now, updatedBy: ctx.by, deletedAt: null };
}

function list(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/[;；\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function enumValue(a: BuildArgs, column: string, aliases: Record<string, string> = {}): string | undefined {
  const v = a.get(column);
  if (v === undefined) return undefined;
  const lower = v.toLowerCase();
  return aliases[v] ?? aliases[lower] ?? lower.replace(/\s+/g, '_');
}

/**
 * A list value read forgivingly: the aliases, then the value itself, then its closest meaning or
 * `fallback`, with a warning. Returns the value and the original when it was read differently.
 */
function forgivingEnum(
  a: BuildArgs,
  column: string,
  allowed: readonly string[],
  aliases: Record<string, string> = {},
  fallback?: string,
): { value: string | undefined; original?: string } {
  const v = a.get(column);
  if (v === undefined) return { value: undefined };
  const aliased = aliases[v] ?? aliases[v.toLowerCase()];
  if (aliased && allowed.includes(aliased)) return { value: aliased };
  const r = closestValue(v, allowed, CLOSEST[column === 'status' ? 'caseStatus' : column], fallback);
  if (!r.warning) return { value: r.value };
  a.warn(column, r.warning, r.reason);
  return { value: r.value, original: v };
}

function decimal(a: BuildArgs, column: string): number | undefined {
  const v = a.get(column);
  if (v === undefined) return undefined;
  let s = v.replace(/^[¥￥$€£]\s*/, '').replace(/\s/g, '');
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  if (!/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) {
    a.fail(column, `${quote(v)} is not a number`, { code: 'not_number', params: { value: v } });
    return undefined;
  }
  return Number(s);
}

function integer(a: BuildArgs, column: string): number | undefined {
  const n = decimal(a, column);
  if (n !== undefined && !Number.isInteger(n)) {
    a.fail(column, `${quote(a.get(column))} is not a whole number`, { code: 'not_whole', params: { value: a.get(column) } });
    return undefined;
  }
  return n;
}

function instant(a: BuildArgs, column: string): string | undefined {
  const v = a.get(column);
  if (v === undefined) return undefined;
  const t = parseDateTime(v, a.ctx.timeZone);
  if (!t)
    a.fail(column, `${quote(v)} is not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)`, {
      code: 'not_date',
      params: { value: v },
    });
  return t ?? undefined;
}

function required(a: BuildArgs, column: string): string | undefined {
  const v = a.get(column);
  if (v === undefined) a.fail(column, 'is required', { code: 'required' });
  return v;
}

function requiredInstant(a: BuildArgs, column: string): string | undefined {
  return required(a, column) === undefined ? undefined : instant(a, column);
}

function bool(a: BuildArgs, column: string): boolean | undefined {
  const v = a.get(column)?.toLowerCase();
  if (v === undefined) return undefined;
  if (['true', 'yes', 'y', '1', '是'].includes(v)) return true;
  if (['false', 'no', 'n', '0', '否'].includes(v)) return false;
  a.fail(column, `${quote(v)} is not yes or no`, { code: 'not_yes_no', params: { value: v } });
  return undefined;
}

function emails(a: BuildArgs, column: string): string[] {
  const out: string[] = [];
  for (const e of list(a.get(column))) {
    const n = normaliseEmail(e);
    if (n) out.push(n);
    else a.fail(column, `${quote(e)} is not an email address`, { code: 'not_email', params: { value: e } });
  }
  return [...new Set(out)];
}

/** The key-customer work (model/key-customer.ts) read from its columns; an empty cell leaves the field out. */
function keyCustomerFields(a: BuildArgs): Raw {
  const out: Raw = {};
  for (const [field, column] of Object.entries(KEY_CUSTOMER_FIELD_COLUMNS)) out[field] = a.get(column);
  return out;
}

const BUILDERS: { [E in ImportEntity]: (a: BuildArgs) => Raw } = {
  customers(a) {
    const domains: string[] = [];
    for (const d of list(a.get('domains'))) {
      const host = normaliseDomain(d.replace(/^https?:\/\//i, '').replace(/\/.*$/, ''));
      if (!host) {
        a.fail('domains', `${quote(d)} is not a domain`, { code: 'not_domain', params: { value: d } });
      } else if (isFreeMailDomain(host)) {
        a.fail('domains', `${quote(d)} is a free-mail domain and cannot identify a customer`, {
          code: 'free_mail',
          params: { value: d },
        });
      } else {
        domains.push(registrableDomain(host) ?? host);
      }
    }
    const tier = forgivingEnum(a, 'tier', CustomerTier.options, ALIASES.tier);
    return {
      id: required(a, 'id'),
      name: required(a, 'name'),
      domains: [...new Set(domains)],
      industry: a.get('industry'),
      tier: tier.value,
      stage: enumValue(a, 'stage', ALIASES.stage),
      owner: a.get('owner'),
      ownerSince: instant(a, 'owner_since'),
      previousOwner: a.get('previous_owner'),
      cadenceDays: integer(a, 'cadence_days'),
      // A tier read differently is kept as a tag, so nothing the file said is lost.
      tags: tier.original ? [...list(a.get('tags')), `tier: ${tier.original}`] : list(a.get('tags')),
      notes: a.get('notes'),
      value: decimal(a, 'value'),
      currency: a.get('currency')?.toUpperCase(),
      consent: enumValue(a, 'consent'),
      credit: a.get('credit')?.toUpperCase(),
      ...keyCustomerFields(a),
      createdAt: a.ctx.now,
      ...meta(a.ctx),
    };
  },
  contacts(a) {
    return {
      id: required(a, 'id'),
      customerId: a.get('customer_id') ?? null,
      name: a.get('name') ?? '',
      emails: emails(a, 'emails'),
      phones: list(a.get('phones')),
      title: a.get('title'),
      role: a.get('role'),
      status: enumValue(a, 'status', ALIASES.status),
      notes: a.get('notes'),
      key: bool(a, 'key'),
      preferredChannel: enumValue(a, 'preferred_channel'),
      leftAt: instant(a, 'left_at'),
      createdAt: a.ctx.now,
      ...meta(a.ctx),
    };
  },
  interactions(a) {
    const customerId = required(a, 'customer_id');
    const occurredAt = requiredInstant(a, 'occurred_at');
    const kind = required(a, 'kind') && enumValue(a, 'kind', ALIASES.kind);
    const amount = decimal(a, 'amount');
    const currency = a.get('currency')?.toUpperCase();
    const summary = a.get('summary');
    const refText = a.get('ref');
    const ref = refText === undefined ? undefined : /^https?:\/\//i.test(refText) ? { url: refText } : { id: refText };
    const contentKey = [customerId, occurredAt, kind, amount, currency, refText, summary].join('\u001f');
    return {
      id: a.get('id') ?? stableId('i', [contentKey]),
      __contentKey: a.get('id') === undefined ? contentKey : undefined,
      customerId,
      contactId: a.get('contact_id'),
      kind,
      occurredAt,
      amount,
      currency,
      summary,
      ref,
      dueAt: instant(a, 'due_at'),
      paidAt: instant(a, 'paid_at'),
      source: 'import',
      ...meta(a.ctx),
    };
  },
  responses(a) {
    const kind = enumValue(a, 'kind');
    const score = integer(a, 'score');
    if (kind && isSurveyKind(kind)) {
      const scale = SCALES[kind];
      if (score === undefined && a.get('score') === undefined)
        a.fail('score', `is required for ${kind}`, { code: 'score_required', params: { kind } });
      else if (score !== undefined && (score < scale.min || score > scale.max)) {
        a.fail('score', `must be ${scale.min}–${scale.max} for ${kind}`, {
          code: 'score_range',
          params: { min: scale.min, max: scale.max, kind },
        });
      }
    } else if (score !== undefined) {
      a.fail('score', `must be empty for ${kind}`, { code: 'score_empty', params: { kind: kind ?? '' } });
    }
    const respondentEmail = a.get('respondent_email');
    const email = respondentEmail === undefined ? undefined : normaliseEmail(respondentEmail);
    if (respondentEmail !== undefined && !email)
      a.fail('respondent_email', `${quote(respondentEmail)} is not an email address`, {
        code: 'not_email',
        params: { value: respondentEmail },
      });
    const customerId = a.get('customer_id');
    if (!customerId && !respondentEmail)
      a.fail('customer_id', 'a row needs customer_id or respondent_email', { code: 'needs_customer' });
    const submittedAt = requiredInstant(a, 'submitted_at');
    const comment = a.get('comment');
    return {
      id: a.get('id') ?? stableId('r', [kind, score, comment, email, customerId, submittedAt]),
      kind,
      score,
      comment,
      respondent: { email: email ?? undefined, name: a.get('respondent_name') },
      customerId,
      submittedAt,
      ...meta(a.ctx),
    };
  },
  cases(a) {
    const closedAt = instant(a, 'closed_at');
    const read = forgivingEnum(a, 'status', CaseStatus.options, ALIASES.caseStatus);
    const status = read.value ?? (closedAt ? 'closed' : 'listen');
    const category = forgivingEnum(a, 'category', CaseCategory.options, {}, 'other');
    const severity = forgivingEnum(a, 'severity', Severity.options, ALIASES.severity);
    const openedAt = requiredInstant(a, 'opened_at');
    // What the file said where it was read differently, kept on the case's first step.
    const kept = [
      read.original && `status: ${read.original}`,
      category.original && `category: ${category.original}`,
      severity.original && `severity: ${severity.original}`,
    ].filter(Boolean);
    return {
      id: required(a, 'id'),
      customerId: required(a, 'customer_id'),
      title: required(a, 'title'),
      category: category.value,
      severity: severity.value,
      status,
      openedAt,
      dueAt: instant(a, 'due_at'),
      closedAt,
      satisfaction: integer(a, 'satisfaction'),
      owner: a.get('owner'),
      assignee: a.get('assignee'),
      decisionOwner: a.get('decision_owner'),
      steps: openedAt
        ? [{ step: status, at: closedAt ?? openedAt, ...(kept.length ? { note: `In the file: ${kept.join('; ')}` } : {}) }]
        : [],
      ...meta(a.ctx),
    };
  },
};

/** Schema field → CSV column, so that a schema error names the column the user sees. */
const FIELD_TO_COLUMN: Record<ImportEntity, Record<string, string>> = {
  customers: {
    cadenceDays: 'cadence_days',
    domains: 'domains',
    tier: 'tier',
    stage: 'stage',
    name: 'name',
    id: 'id',
    tags: 'tags',
    currency: 'currency',
    consent: 'consent',
    credit: 'credit',
    notes: 'notes',
    owner: 'owner',
    ownerSince: 'owner_since',
    previousOwner: 'previous_owner',
    industry: 'industry',
    value: 'value',
    ...KEY_CUSTOMER_FIELD_COLUMNS,
  },
  contacts: {
    customerId: 'customer_id',
    emails: 'emails',
    phones: 'phones',
    status: 'status',
    preferredChannel: 'preferred_channel',
    leftAt: 'left_at',
    name: 'name',
    id: 'id',
    title: 'title',
    role: 'role',
    notes: 'notes',
    key: 'key',
  },
  interactions: {
    customerId: 'customer_id',
    occurredAt: 'occurred_at',
    kind: 'kind',
    amount: 'amount',
    currency: 'currency',
    summary: 'summary',
    ref: 'ref',
    contactId: 'contact_id',
    dueAt: 'due_at',
    paidAt: 'paid_at',
    id: 'id',
  },
  responses: {
    kind: 'kind',
    score: 'score',
    comment: 'comment',
    respondent: 'respondent_email',
    customerId: 'customer_id',
    submittedAt: 'submitted_at',
    id: 'id',
  },
  cases: {
    customerId: 'customer_id',
    title: 'title',
    category: 'category',
    severity: 'severity',
    status: 'status',
    openedAt: 'opened_at',
    dueAt: 'due_at',
    closedAt: 'closed_at',
    satisfaction: 'satisfaction',
    id: 'id',
    owner: 'owner',
    assignee: 'assignee',
    decisionOwner: 'decision_owner',
  },
};
