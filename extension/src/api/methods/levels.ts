// The customers at one warning level (the popup opens this list from a level's count).
import { WarningLevel } from '#shared/model/common.ts';
import * as z from 'zod';
import { customersAtLevel } from '../../store/levels.ts';
import { defineMethod } from '../define.ts';

export const customersAt = defineMethod(z.object({ level: WarningLevel }), async (ctx, { level }) =>
  customersAtLevel(ctx.db, level),
);
