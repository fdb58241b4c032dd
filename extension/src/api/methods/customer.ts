// One customer as the side panel shows it.
import { pickLocale } from '#shared/i18n/locale.ts';
import * as z from 'zod';
import { lastContact, latestResponse, openAlerts, openCases, timeline } from '../../store/history.ts';
import { defineMethod } from '../define.ts';

export const customerView = defineMethod(
  z.object({ customerId: z.string().max(128), locale: z.string().max(35).optional() }),
  async (ctx, { customerId, locale }) => {
    const customer = await ctx.db.customers.get(customerId);
    if (!customer || customer.deletedAt) return null;
    const assessment = await ctx.risk.assessment(customerId);
    const [contacts, recent, cases, alerts, response, last] = await Promise.all([
      ctx.db.contacts
        .where('customerId')
        .equals(customerId)
        .filter((c) => !c.deletedAt)
        .toArray(),
      timeline(ctx.db, customerId, 50),
      openCases(ctx.db, customerId),
      openAlerts(ctx.db, customerId),
      latestResponse(ctx.db, customerId),
      lastContact(ctx.db, customerId),
    ]);
    return {
      customer,
      assessment,
      reasons: assessment ? ctx.risk.reasons(assessment, pickLocale(locale), 10) : [],
      contacts,
      timeline: recent,
      openCases: cases,
      openAlerts: alerts,
      latestResponse: response,
      lastContactAt: last?.occurredAt ?? null,
    };
  },
);
