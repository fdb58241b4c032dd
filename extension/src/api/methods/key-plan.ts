// The key-customer plan's follow-ups, generated from the customer's cadence (store/key-plan.ts).
import { Id } from '#shared/model/common.ts';
import * as z from 'zod';
import { planFromCadence } from '../../store/key-plan.ts';
import { defineMethod } from '../define.ts';
import { writeContext } from './write.ts';

export const planContactsFor = defineMethod(
  z.object({ customerId: Id, count: z.int().min(1).max(12).default(3), purpose: z.string().trim().min(1).max(10_000) }),
  async (ctx, { customerId, count, purpose }) => {
    const planned = await planFromCadence(ctx.db, customerId, count, purpose, await writeContext(ctx));
    ctx.platform.changed({ customerIds: [customerId] });
    return planned;
  },
);
