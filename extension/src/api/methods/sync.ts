// Team sync: its status for the popup and options, and "sync now".
import { NoInput } from '#shared/model/index.ts';
import { defineMethod } from '../define.ts';

/** The sync status: state, last sync, changes waiting to be sent, the last error by kind. */
export const syncStatus = defineMethod(NoInput, async (ctx) => ctx.sync.status());

/** Sync with the team's collector now; resolves with the status once pulled records are reassessed. */
export const syncNow = defineMethod(NoInput, async (ctx) => ctx.sync.syncNow());
