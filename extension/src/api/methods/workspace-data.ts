// The popup's agenda and the options page's data: the risk policy (edit with a preview), batched
// import of records the page has already mapped and checked, chunked export, and erase all.
import { ExportEntity, FileFormat, Id, Instant, Policy } from '#shared/model/index.ts';
import { ENTITY_SCHEMAS } from '#shared/model/sync.ts';
import { policyChangePaths } from '#shared/risk/index.ts';
import * as z from 'zod';
import { agenda } from '../../store/agenda.ts';
import { resolveCustomerRefs } from '../../store/customer-refs.ts';
import { eraseAll } from '../../store/erase.ts';
import { ExportFilter, exportChunk, exportTotal } from '../../store/export-chunks.ts';
import { currentPolicy, policyVersions, savePolicy } from '../../store/policy.ts';
import { previewPolicy } from '../../store/risk-views.ts';
import { upsertBatch } from '../../store/transfer.ts';
import { defineMethod } from '../define.ts';
import { writeContext } from './workspace.ts';

/** Today's agenda; `endOfDay` is the end of the rep's local day. */
export const agendaToday = defineMethod(z.object({ endOfDay: Instant }), async (ctx, { endOfDay }) =>
  agenda(ctx.db, ctx.now().toISOString(), endOfDay),
);

export const riskPolicy = defineMethod(z.undefined().or(z.object({}).strict()), async (ctx) => {
  const versions = await policyVersions(ctx.db, ctx.now().toISOString());
  const current = versions[versions.length - 1]!;
  return {
    current,
    versions: versions.map((p) => ({ version: p.version, createdAt: p.createdAt, createdBy: p.createdBy, note: p.note ?? '' })),
    paths: policyChangePaths(current),
  };
});

/** A candidate policy: the one in force with the edited settings, checked as a whole by the shared schema. */
const Candidate = z.object({ policy: z.record(z.string(), z.unknown()), note: z.string().max(2000).optional() });

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
export const previewRiskPolicy = defineMethod(Candidate, async (ctx, { policy }) => {
  const w = await writeContext(ctx);
  const current = await currentPolicy(ctx.db, w.now);
  const parsed = candidateFrom(current, policy, w);
  if (!parsed.success) return { ok: false as const, errors: policyErrors(parsed.error) };
  return {
    ok: true as const,
    preview: await previewPolicy(ctx.db, parsed.data, current, { now: ctx.now(), timeZone: ctx.timeZone }),
  };
});

/** Store the edited policy as a new version, then reassess every customer under it. */
export const saveRiskPolicy = defineMethod(Candidate, async (ctx, { policy, note }) => {
  const w = await writeContext(ctx);
  const current = await currentPolicy(ctx.db, w.now);
  const parsed = candidateFrom(current, policy, { ...w, note });
  if (!parsed.success) return { ok: false as const, errors: policyErrors(parsed.error) };
  const saved = await savePolicy(ctx.db, parsed.data, w.now);
  await ctx.risk.recompute(await ctx.db.customers.toCollection().primaryKeys());
  ctx.platform.changed({ all: true });
  return { ok: true as const, policy: saved };
});

/** At most this many records per import message. */
export const IMPORT_BATCH_MAX = 5000;

/** Identifies one import run (its batches share the customer-name index); optional for single calls. */
const Run = z.string().min(1).max(100).optional();

const ImportBatch = z.discriminatedUnion('entity', [
  z.object({ entity: z.literal('customers'), records: z.array(ENTITY_SCHEMAS.customers).max(IMPORT_BATCH_MAX), run: Run }),
  z.object({ entity: z.literal('contacts'), records: z.array(ENTITY_SCHEMAS.contacts).max(IMPORT_BATCH_MAX), run: Run }),
  z.object({ entity: z.literal('interactions'), records: z.array(ENTITY_SCHEMAS.interactions).max(IMPORT_BATCH_MAX), run: Run }),
  z.object({ entity: z.literal('responses'), records: z.array(ENTITY_SCHEMAS.responses).max(IMPORT_BATCH_MAX), run: Run }),
  z.object({ entity: z.literal('cases'), records: z.array(ENTITY_SCHEMAS.cases).max(IMPORT_BATCH_MAX), run: Run }),
]);

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
export const reassess = defineMethod(z.object({ customerIds: z.array(Id).max(200_000) }), async (ctx, { customerIds }) => {
  if (customerIds.length > 0) await ctx.risk.recompute(customerIds);
  ctx.platform.changed(customerIds.length > 500 ? { all: true } : { customerIds });
  return { reassessed: customerIds.length };
});

export const exportChunkOf = defineMethod(
  z.object({
    entity: ExportEntity,
    format: FileFormat,
    filter: ExportFilter.default({}),
    after: z.string().max(200).nullable(),
    limit: z.int().min(1).max(20_000).default(5000),
    run: z.string().min(1).max(100),
  }),
  async (ctx, req) => exportChunk(ctx.db, req),
);

export const exportTotalOf = defineMethod(z.object({ entity: ExportEntity }), async (ctx, { entity }) =>
  exportTotal(ctx.db, entity),
);

/** What the options page shows about the store: records per entity, and the owners to filter by. */
export const dataSummary = defineMethod(z.undefined().or(z.object({}).strict()), async (ctx) => {
  const owners = new Set<string>();
  await ctx.db.customers.each((c) => {
    if (!c.deletedAt && c.owner) owners.add(c.owner);
  });
  const counts: Record<string, number> = {};
  for (const entity of ExportEntity.options) counts[entity] = await ctx.db.table(entity).count();
  return { counts, owners: [...owners].sort((a, b) => a.localeCompare(b)) };
});

/** Erase every customer record in this browser. The caller must send the confirmation word. */
export const eraseEverything = defineMethod(z.object({ confirm: z.literal('ERASE') }), async (ctx) => {
  const erased = await eraseAll(ctx.db);
  ctx.platform.changed({ all: true });
  return erased;
});
