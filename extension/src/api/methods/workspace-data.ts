// The popup's agenda and the options page's data: the risk policy (edit with a preview), batched
// import of records the page has already mapped and checked, chunked export, and erase all.
import {
  AgendaRequest,
  EraseRequest,
  ExportChunkRequest,
  ExportEntity,
  ExportTotalRequest,
  ImportBatch,
  NoInput,
  Policy,
  PolicyCandidate,
  ReassessRequest,
} from '#shared/model/index.ts';
import { policyChangePaths } from '#shared/risk/index.ts';
import type * as z from 'zod';
import { agenda } from '../../store/agenda.ts';
import { resolveCustomerRefs } from '../../store/customer-refs.ts';
import { eraseAll } from '../../store/erase.ts';
import { exportChunk, exportTotal, recordCountsAndOwners } from '../../store/export-chunks.ts';
import { currentPolicy, policyInForce, policyVersions, savePolicy, teamPolicy } from '../../store/policy.ts';
import { previewPolicy } from '../../store/risk-replay.ts';
import { upsertBatch } from '../../store/transfer.ts';
import { defineMethod } from '../define.ts';
import { allCustomerIds } from '../../store/people.ts';
import { writeContext } from './write.ts';

/** Today's agenda; `endOfDay` is the end of the rep's local day. */
export const agendaToday = defineMethod(AgendaRequest, async (ctx, { endOfDay }) =>
  agenda(ctx.db, ctx.now().toISOString(), endOfDay),
);

/**
 * The rep's own policy and its versions, and the team's version when one is synced: then the
 * team's is in force and the editor edits a draft starting from it (store/policy.ts).
 */
export const riskPolicy = defineMethod(NoInput, async (ctx) => {
  const versions = await policyVersions(ctx.db, ctx.now().toISOString());
  const current = versions[versions.length - 1]!;
  const team = await teamPolicy(ctx.db);
  return {
    current,
    versions: versions.map((p) => ({ version: p.version, createdAt: p.createdAt, createdBy: p.createdBy, note: p.note ?? '' })),
    paths: policyChangePaths(current),
    team: team ? { policy: team.policy, setAt: team.updatedAt, setBy: team.updatedBy } : null,
  };
});

function candidateFrom(
  current: Policy,
  edited: Record<string, unknown>,
  meta: { now: string; by: string; note?: string | undefined },
) {
  return Policy.safeParse({
    ...current,
    ...edited,
    version: current.version + 1,
    createdAt: meta.now,
    createdBy: meta.by,
    note: meta.note || undefined,
  });
}

const policyErrors = (error: z.ZodError) => error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));

/** How many customers would change level under the edited policy (nothing is stored). */
export const previewRiskPolicy = defineMethod(PolicyCandidate, async (ctx, { policy }) => {
  const w = await writeContext(ctx);
  const current = await currentPolicy(ctx.db, w.now);
  const parsed = candidateFrom(current, policy, w);
  if (!parsed.success) return { ok: false as const, errors: policyErrors(parsed.error) };
  // Against the levels customers have now: those of the team's version when it is in force.
  const inForce = await policyInForce(ctx.db, w.now);
  return {
    ok: true as const,
    preview: await previewPolicy(ctx.db, parsed.data, inForce, { now: ctx.now(), timeZone: ctx.timeZone }),
  };
});

/**
 * Store the edited policy as the rep's new version, then reassess every customer under it. While
 * the team's version is in force it is kept as a draft: no level changes, nobody is reassessed.
 */
export const saveRiskPolicy = defineMethod(PolicyCandidate, async (ctx, { policy, note }) => {
  const w = await writeContext(ctx);
  const current = await currentPolicy(ctx.db, w.now);
  const parsed = candidateFrom(current, policy, { ...w, note });
  if (!parsed.success) return { ok: false as const, errors: policyErrors(parsed.error) };
  const saved = await savePolicy(ctx.db, parsed.data, w.now);
  const team = await teamPolicy(ctx.db);
  if (!team) {
    await ctx.risk.recompute(await allCustomerIds(ctx.db));
    ctx.platform.changed({ all: true });
  }
  return { ok: true as const, policy: saved, draft: team !== null };
});

/**
 * One batch of an import the options page runs: records it read, mapped and checked with the shared
 * interchange mapper, checked again here against the shared schemas, and upserted by id (the same
 * file twice updates rather than duplicates). A reference to a customer by name instead of id is
 * resolved (see store/customer-refs.ts). Returns the customers touched; the page asks for their
 * reassessment once, at the end (`reassess`).
 */
export const importRecords = defineMethod(ImportBatch, async (ctx, batch) => {
  const customerIds = new Set<string>();
  const w = await writeContext(ctx);
  // A customer named rather than given by id (客户名称 in an orders sheet) is found by its name.
  const refs = await resolveCustomerRefs(
    ctx.db,
    batch.entity,
    batch.records as { customerId?: string | null }[],
    batch.run ?? w.now,
  );
  const counts = await upsertBatch(ctx.db, batch.entity, batch.records as never[], w, customerIds);
  return { ...counts, ...refs, customerIds: [...customerIds] };
});

/** Reassess these customers (after an import) and tell every tab. */
export const reassess = defineMethod(ReassessRequest, async (ctx, { customerIds }) => {
  if (customerIds.length > 0) await ctx.risk.recompute(customerIds);
  ctx.platform.changed(customerIds.length > 500 ? { all: true } : { customerIds });
  return { reassessed: customerIds.length };
});

export const exportChunkOf = defineMethod(ExportChunkRequest, async (ctx, req) => exportChunk(ctx.db, req));

export const exportTotalOf = defineMethod(ExportTotalRequest, async (ctx, { entity }) => exportTotal(ctx.db, entity));

/** What the options page shows about the store: records per entity, and the owners to filter by. */
export const dataSummary = defineMethod(NoInput, async (ctx) => recordCountsAndOwners(ctx.db, ExportEntity.options));

/** Erase every customer record in this browser. The caller must send the confirmation word. */
export const eraseEverything = defineMethod(EraseRequest, async (ctx) => {
  const erased = await eraseAll(ctx.db);
  ctx.platform.changed({ all: true });
  return erased;
});
