// `kehu risk`: early-warning scores for every customer, from interchange files, as of a date.
// Streams every file (a million interactions fit in ordinary memory: the engine keeps a few numbers
// per interaction, never the rows), ignores rows dated after the as-of date, and stops at a bad
// file with the line and field at fault. Writes CSV: customer_id,score,level,reasons.
import { accessSync, constants, createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { csvLines, writeCsv } from '#shared/codecs/csv.ts';
import { type ImportItem, ImportFileError, readImport } from '#shared/codecs/import.ts';
import { EncodingError, decodeText } from '#shared/codecs/text.ts';
import { parseDateTime } from '#shared/codecs/time.ts';
import { LOCALES, type Locale } from '#shared/i18n/locale.ts';
import type { ImportEntity, Rejection } from '#shared/model/messages.ts';
import { Policy } from '#shared/model/policy.ts';
import { WARNING_LEVELS } from '#shared/model/common.ts';
import type { Assessment } from '#shared/model/risk.ts';
import { RiskBook, defaultPolicy, reasonsLine } from '#shared/risk/index.ts';

const USAGE = `usage: kehu risk --interactions FILE [--customers FILE] [--contacts FILE] [--responses FILE]
                 [--cases FILE] --as-of YYYY-MM-DD [--out FILE]
                 [--tz ZONE] [--locale en|zh-CN] [--policy FILE] [--skip-invalid]

Early-warning scores for every customer with history on or before the as-of date, as CSV:
customer_id,score,level,reasons (riskiest first). Rows dated after the as-of date are ignored.

  --interactions FILE  orders, calls, mail… (.csv or .ndjson, the interchange format)
  --customers FILE     customers (cadence_days, tier, owner, owner_since, previous_owner, value…)
  --contacts FILE      contacts (key, status, left_at): the key contact leaving is a signal
  --responses FILE     survey and feedback answers (NPS, CSAT, CES, complaints, comments)
  --cases FILE         complaints and other cases (severity, due_at, closed_at)
  --as-of DATE         assess as of the end of this day (YYYY-MM-DD)
  --out FILE           write the CSV here (UTF-8 with a byte-order mark); standard output when absent
  --tz ZONE            time zone of dates written without one, and of the as-of day (default: this computer's)
  --locale LOCALE      language of the reasons: en (default) or zh-CN
  --policy FILE        a risk policy as JSON (default: Kehu's default policy, docs/RISK.md)
  --skip-invalid       skip bad rows (reported on standard error) instead of stopping`;

/** How many bad rows are listed before reading stops. */
const MAX_LISTED = 20;

export async function run(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    console.error(`kehu risk: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    return await assess(args);
  } catch (e) {
    if (e instanceof InputError) {
      console.error(`kehu risk: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      interactions: { type: 'string' },
      customers: { type: 'string' },
      contacts: { type: 'string' },
      responses: { type: 'string' },
      cases: { type: 'string' },
      'as-of': { type: 'string' },
      out: { type: 'string' },
      tz: { type: 'string' },
      locale: { type: 'string' },
      policy: { type: 'string' },
      'skip-invalid': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true as const };
  if (!values.interactions) throw new Error('--interactions FILE is required');
  const asOfText = values['as-of'];
  if (!asOfText) throw new Error('--as-of YYYY-MM-DD is required');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOfText)) throw new Error(`--as-of must be a date like 2011-09-10, not "${asOfText}"`);
  const timeZone = values.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(`--tz "${timeZone}" is not a time zone (use a name like Europe/London or Asia/Shanghai)`);
  }
  const start = parseDateTime(asOfText, timeZone);
  if (!start) throw new Error(`--as-of "${asOfText}" is not a real date`);
  // The whole as-of day counts: the moment assessed is its last millisecond in the zone.
  const [y, m, d] = asOfText.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  const asOf = new Date(Date.parse(parseDateTime(next, timeZone) as string) - 1).toISOString();
  const locale = (values.locale ?? 'en') as Locale;
  if (!LOCALES.includes(locale)) throw new Error(`--locale must be ${LOCALES.join(' or ')}, not "${values.locale}"`);
  return {
    help: false as const,
    files: {
      customers: values.customers,
      contacts: values.contacts,
      interactions: values.interactions,
      responses: values.responses,
      cases: values.cases,
    } satisfies Record<ImportEntity, string | undefined>,
    asOfText,
    asOf,
    out: values.out,
    timeZone,
    locale,
    policyFile: values.policy,
    skipInvalid: values['skip-invalid'] === true,
  };
}

/** A file Kehu cannot read or a row it cannot take: a message naming the file, line and field. */
class InputError extends Error {}

type Args = Exclude<ReturnType<typeof parse>, { help: true }>;

async function assess(args: Args): Promise<number> {
  if (args.out) {
    // Fail before reading a million rows, not after.
    try {
      accessSync(dirname(resolve(args.out)), constants.W_OK);
    } catch {
      throw new InputError(`cannot write ${args.out}: its folder does not exist or is not writable`);
    }
  }
  const policy = args.policyFile ? await readPolicy(args.policyFile) : defaultPolicy(args.asOf);
  const book = new RiskBook({ timeZone: args.timeZone });
  const asOf = Date.parse(args.asOf);
  const ctx = { now: args.asOf, by: 'kehu risk', timeZone: args.timeZone };
  const counts: Record<string, number> = {};
  let unmatched = 0;
  let skipped = 0;
  // Progress on a terminal only (a long file takes a while; Ctrl-C cancels and leaves no partial output).
  const progress = process.stderr.isTTY === true;
  // Customers and contacts first: responses are matched to customers through them.
  const order: ImportEntity[] = ['customers', 'contacts', 'interactions', 'responses', 'cases'];
  for (const entity of order) {
    const file = args.files[entity];
    if (!file) continue;
    const format = ['.ndjson', '.jsonl'].includes(extname(file).toLowerCase()) ? 'ndjson' : 'csv';
    const bad: Rejection[] = [];
    let read = 0;
    try {
      for await (const item of readImport(entity, format, decodeText(openFile(file)), ctx) as AsyncGenerator<
        ImportItem<ImportEntity>
      >) {
        if (!item.ok) {
          bad.push(...item.rejections);
          if (!args.skipInvalid && bad.length >= MAX_LISTED) break;
          continue;
        }
        read++;
        if (progress && read % 100_000 === 0) process.stderr.write(`\r  ${file}: ${read.toLocaleString('en')} rows…`);
        const r = item.record;
        switch (entity) {
          case 'customers':
            book.addCustomer(r as Parameters<RiskBook['addCustomer']>[0]);
            break;
          case 'contacts':
            book.addContact(r as Parameters<RiskBook['addContact']>[0]);
            break;
          case 'interactions': {
            const i = r as Parameters<RiskBook['addInteraction']>[0];
            if (Date.parse(i.occurredAt) <= asOf) book.addInteraction(i);
            else skipped++;
            break;
          }
          case 'responses': {
            const x = r as Parameters<RiskBook['addResponse']>[0];
            if (Date.parse(x.submittedAt) > asOf) skipped++;
            else if (book.addResponse(x) === null) unmatched++;
            break;
          }
          case 'cases': {
            const c = r as Parameters<RiskBook['addCase']>[0];
            if (Date.parse(c.openedAt) <= asOf) book.addCase(c);
            else skipped++;
            break;
          }
        }
      }
    } catch (e) {
      if (e instanceof ImportFileError || e instanceof EncodingError) throw new InputError(`${file}: ${e.message}`);
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${file}: no such file`);
      if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw new InputError(`${file}: is a folder, not a file`);
      throw e;
    }
    counts[entity] = read;
    if (progress && read >= 100_000) process.stderr.write(`\r  ${file}: ${read.toLocaleString('en')} rows\n`);
    if (bad.length > 0) {
      const listed = bad
        .slice(0, MAX_LISTED)
        .map((b) => `  ${file}: line ${b.line}${b.field ? `, field ${b.field}` : ''}: ${b.error}`)
        .join('\n');
      const more = bad.length > MAX_LISTED ? `\n  … and ${bad.length - MAX_LISTED} more` : '';
      if (!args.skipInvalid) {
        throw new InputError(
          `${file} has rows that cannot be read (nothing was written):\n${listed}${more}\nfix them, or pass --skip-invalid to leave them out`,
        );
      }
      console.error(`kehu risk: skipped ${bad.length} bad row(s) of ${file}:\n${listed}${more}`);
    }
  }

  const assessments: Assessment[] = [...book.assessAll(args.asOf, policy)];
  assessments.sort((a, b) => b.score - a.score || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  const columns = [
    { name: 'customer_id', value: (a: Assessment) => a.customerId },
    { name: 'score', value: (a: Assessment) => a.score },
    { name: 'level', value: (a: Assessment) => a.level },
    { name: 'reasons', value: (a: Assessment) => reasonsLine(a, args.locale, 3) },
  ];
  if (args.out) {
    // Written beside the target and renamed when complete: an interrupted run leaves no half file.
    const partial = `${args.out}.partial-${process.pid}`;
    const out = createWriteStream(partial);
    const done = new Promise<void>((ok, fail) => {
      out.on('finish', ok);
      out.on('error', fail);
    });
    done.catch(() => {}); // awaited below; this only stops an early error from going unhandled
    const removePartial = () => rmSync(partial, { force: true });
    process.once('SIGINT', () => {
      removePartial();
      process.exit(130);
    });
    try {
      for await (const chunk of writeCsv(columns, assessments))
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      out.end();
      await done;
      renameSync(partial, args.out);
    } catch (e) {
      out.destroy();
      removePartial();
      throw new InputError(`cannot write ${args.out}: ${(e as Error).message}`);
    }
  } else {
    process.stdout.write(csvLines([columns.map((c) => c.name)]));
    for (let i = 0; i < assessments.length; i += 2000) {
      const chunk = csvLines(assessments.slice(i, i + 2000).map((a) => columns.map((c) => c.value(a))));
      if (!process.stdout.write(chunk)) await new Promise<void>((r) => process.stdout.once('drain', () => r()));
    }
  }

  const byLevel = WARNING_LEVELS.map((l) => `${l} ${assessments.filter((a) => a.level === l).length}`).join(', ');
  const notes = [
    `kehu risk: ${assessments.length} customer(s) as of ${args.asOfText} (${args.timeZone}), policy v${policy.version}: ${byLevel}`,
    `  read ${Object.entries(counts)
      .map(([entity, n]) => `${n.toLocaleString('en')} ${entity}`)
      .join(', ')}`,
    skipped > 0 ? `  ${skipped} row(s) dated after ${args.asOfText} ignored` : '',
    unmatched > 0
      ? `  ${unmatched} response(s) matched no customer (no customer_id, and the address matched no contact or customer domain)`
      : '',
  ];
  console.error(notes.filter(Boolean).join('\n'));
  return 0;
}

function openFile(file: string) {
  return createReadStream(file, { highWaterMark: 1 << 16 });
}

async function readPolicy(file: string): Promise<Policy> {
  let text = '';
  try {
    for await (const chunk of decodeText(openFile(file))) text += chunk;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${file}: no such file`);
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: not JSON (${(e as Error).message})`);
  }
  const parsed = Policy.safeParse(json);
  if (!parsed.success) {
    const list = parsed.error.issues.map((i) => `  ${file}: field ${i.path.join('.') || '(policy)'}: ${i.message}`).join('\n');
    throw new InputError(`${file} is not a valid risk policy:\n${list}`);
  }
  return parsed.data;
}
