// The rep's settings, read and changed by extension pages.
import { NoInput } from '#shared/model/index.ts';
import { SettingsPatch } from '../../store/settings.ts';
import { defineMethod } from '../define.ts';

export const getSettings = defineMethod(NoInput, async (ctx) => ({
  ...(await ctx.settings.get()),
  pagesGranted: await ctx.platform.pagesGranted(),
}));

export const setSettings = defineMethod(SettingsPatch, async (ctx, patch) => {
  const next = await ctx.settings.set(patch);
  return { ...next, pagesGranted: await ctx.platform.pagesGranted() };
});
