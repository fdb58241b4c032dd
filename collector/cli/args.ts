// Argument parsing shared by the commands (node:util parseArgs), and the store options every
// command that touches the store takes.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type ResolvedLocation, resolveLocation } from '../db/open.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const STORE_OPTIONS = {
  data: { type: 'string' },
  'database-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export const STORE_HELP = `  --data DIR            the embedded store's folder (default KEHU_DATA, else ./.kehu/data)
  --database-url URL    use PostgreSQL instead (also read from DATABASE_URL)`;

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, positionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: positionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function location(values: { data?: string | undefined; 'database-url'?: string | undefined }): ResolvedLocation {
  try {
    return resolveLocation({ data: values.data, databaseUrl: values['database-url'] });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Run a command body: usage errors print the usage and give exit code 2, other errors 1. */
export async function command(usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n\n${usage}`);
      return 2;
    }
    console.error(`kehu: ${(e as Error)?.message ?? String(e)}`);
    return 1;
  }
}
