// Who is this? Lookups for badges (many addresses at once), for the page badge (a host), for the
// card shown on hover, and the documented `kehu.lookup(email)`.
import { pickLocale } from '#shared/i18n/locale.ts';
import { normaliseEmail } from '#shared/identity/email.ts';
import type { Assessment } from '#shared/model/index.ts';
import { CardRequest, LookupAddress, LookupHostRequest, LookupManyRequest, type LookupResult } from '#shared/model/index.ts';
import {
  customerById,
  customerForHost,
  type Person,
  personWithAssessment,
  resolveAddress,
  resolveAddresses,
} from '../../store/people.ts';
import { lastContact, latestResponse, openCases } from '../../store/history.ts';
import type { BadgeLevel, Reason } from '../../base/ports.ts';
import type { ApiContext } from '../context.ts';
import { defineMethod } from '../define.ts';

/** What a badge needs: small, so a page full of senders costs one short message. */
export interface BadgeInfo {
  email: string;
  level: BadgeLevel;
  customerId: string | null;
  contactId: string | null;
  /** The customer's name, else the contact's. */
  name: string;
}

/** A person's badge, given the customer's assessment (absent: not assessed yet). */
function badgeOf(person: Person, assessment: Assessment | null | undefined): BadgeInfo {
  const customerId = person.customer?.id ?? null;
  return {
    email: person.email,
    level: customerId ? (assessment?.level ?? 'none') : person.contact ? 'none' : 'unknown',
    customerId,
    contactId: person.contact?.id ?? null,
    name: person.customer?.name ?? person.contact?.name ?? '',
  };
}

async function badgeFor(ctx: ApiContext, person: Person): Promise<BadgeInfo> {
  const customerId = person.customer?.id ?? null;
  return badgeOf(person, customerId ? await ctx.risk.assessment(customerId) : null);
}

export async function badgeForEmail(ctx: ApiContext, email: string): Promise<BadgeInfo> {
  return badgeFor(ctx, await resolveAddress(ctx.db, email));
}

export const lookup = defineMethod(LookupAddress, async (ctx, raw): Promise<LookupResult> => {
  const email = normaliseEmail(raw);
  if (!email) return null;
  // One read transaction for the index hits (address → contact, domain → customer, assessment).
  const { person, stored } = await personWithAssessment(ctx.db, email);
  if (!person.contact && !person.customer) return null;
  const assessment = person.customer ? (stored ?? (await ctx.risk.assessment(person.customer.id))) : null;
  return { customer: person.customer, contact: person.contact, assessment };
});

export const lookupMany = defineMethod(LookupManyRequest, async (ctx, { emails }) => {
  const normal = [...new Set(emails.map((e) => normaliseEmail(e)).filter((e): e is string => !!e))];
  const people = await resolveAddresses(ctx.db, normal);
  const ids = [...new Set(people.map((p) => p.customer?.id).filter((id): id is string => !!id))];
  const assessments = await ctx.risk.assessments(ids);
  return people.map((person) => badgeOf(person, person.customer ? assessments.get(person.customer.id) : null));
});

export const lookupHost = defineMethod(LookupHostRequest, async (ctx, { host }): Promise<BadgeInfo | null> => {
  const customer = await customerForHost(ctx.db, host);
  if (!customer) return null;
  return badgeFor(ctx, { email: '', contact: null, customer });
});

/** Everything the hover card shows. */
export interface CardView {
  email: string;
  level: BadgeLevel;
  customer: { id: string; name: string; tier: string; stage: string | null } | null;
  contact: { id: string; name: string; title: string | null; status: string } | null;
  score: number | null;
  watched: boolean;
  lastContact: { at: string; kind: string } | null;
  openCases: { count: number; titles: string[] };
  reasons: Reason[];
  latestResponse: { kind: string; score: number | null; comment: string | null; at: string } | null;
}

export const card = defineMethod(CardRequest, async (ctx, req): Promise<CardView | null> => {
  const locale = pickLocale(req.locale);
  let person: Person;
  if (req.email) person = await resolveAddress(ctx.db, req.email);
  else if (req.customerId) {
    person = { email: '', contact: null, customer: await customerById(ctx.db, req.customerId) };
  } else return null;
  const badge = await badgeFor(ctx, person);
  if (badge.level === 'unknown') return null;
  const c = person.customer;
  const assessment = c ? await ctx.risk.assessment(c.id) : null;
  const [last, cases, response] = c
    ? await Promise.all([lastContact(ctx.db, c.id), openCases(ctx.db, c.id), latestResponse(ctx.db, c.id)])
    : [null, [], null];
  return {
    email: person.email,
    level: badge.level,
    customer: c ? { id: c.id, name: c.name, tier: c.tier, stage: c.stage ?? null } : null,
    contact: person.contact
      ? { id: person.contact.id, name: person.contact.name, title: person.contact.title ?? null, status: person.contact.status }
      : null,
    score: assessment?.score ?? null,
    watched: assessment?.watched ?? false,
    lastContact: last ? { at: last.occurredAt, kind: last.kind } : null,
    openCases: { count: cases.length, titles: cases.slice(0, 3).map((x) => x.title) },
    reasons: assessment ? ctx.risk.reasons(assessment, locale, 3) : [],
    latestResponse: response
      ? { kind: response.kind, score: response.score ?? null, comment: response.comment ?? null, at: response.submittedAt }
      : null,
  };
});
