// Team sync: its status for the popup and options, and "sync now".
import * as z from 'zod';
import { defineMethod } from '../define.ts';

const NoInput = z.undefined().or(z.object({}).strict());

/** The sync status: state, last sync, changes waiting to be sent, the last error by kind. */
export const syncStatus = defineMethod(NoInput, async (ctx) => ctx.sync.status());

/** Sync with the team's collector now; resolves with the status once pulled records are reassessed. */
export const syncNow = defineMethod(NoInput, async (ctx) => ctx.sync.syncNow());
