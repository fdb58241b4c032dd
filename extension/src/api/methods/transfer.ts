// importText / exportText: the interchange files of docs/INTERFACES.md, as strings.
import { ExportTextRequest, type ImportResult, ImportTextRequest } from '#shared/model/index.ts';
import { exportText as exportFile, importText as importFile } from '../../store/transfer.ts';
import { defineMethod } from '../define.ts';

export const importText = defineMethod(ImportTextRequest, async (ctx, request): Promise<ImportResult & { unchanged: number }> => {
  const { result, customerIds } = await importFile(ctx.db, request, {
    now: ctx.now().toISOString(),
    by: await ctx.by(),
    timeZone: ctx.timeZone,
  });
  if (customerIds.size > 0) {
    await ctx.risk.recompute(customerIds);
    ctx.platform.changed(customerIds.size > 500 ? { all: true } : { customerIds: [...customerIds] });
  } else if (result.added > 0) {
    // New contacts without a customer still turn "unknown" badges into known people.
    ctx.platform.changed({ customerIds: [] });
  }
  return result;
});

export const exportText = defineMethod(ExportTextRequest, async (ctx, request) => exportFile(ctx.db, request));
