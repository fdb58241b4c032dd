// The customers at one warning level (the popup opens this list from a level's count).
import { CustomersAtRequest } from '#shared/model/extension-api.ts';
import { customersAtLevel } from '../../store/levels.ts';
import { defineMethod } from '../define.ts';

export const customersAt = defineMethod(CustomersAtRequest, async (ctx, { level }) => customersAtLevel(ctx.db, level));
