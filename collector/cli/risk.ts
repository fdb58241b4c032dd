// `kehu risk`: early-warning scores for every customer, from interchange files, as of a date.
// Streams every file (a million interactions fit in ordinary memory: the engine keeps a few numbers
// per interaction, never the rows), ignores rows dated after the as-of date, and stops at a bad
// file with the line and field at fault. Writes CSV: customer_id,score,level,reasons.
import { accessSync, constants, createWriteStream, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { csvLines, writeCsv } from '#shared/codecs/csv.ts';
import { type ImportItem, ImportFileError, readImport } from '#shared/codecs/import.ts';
import { EncodingError, decodeText } from '#shared/codecs/text.ts';
import { parseDateTime } from '#shared/codecs/time.ts';
import { format, LOCALES, type Locale, type Messages } from '#shared/i18n/locale.ts';
import { type PluralForms, pluralForm } from '#shared/i18n/plural.ts';
import type { ImportEntity, Rejection } from '#shared/model/interchange.ts';
import { Policy } from '#shared/model/policy.ts';
import { WARNING_LEVELS } from '#shared/model/common.ts';
import type { Assessment } from '#shared/model/risk.ts';
import { BacktestCancelled, DEFAULT_LABEL_DAYS, backtest } from '#shared/risk/backtest.ts';
import { calibrate } from '#shared/risk/calibrate.ts';
import { DAY_MS } from '#shared/risk/facts.ts';
import { RiskBook, defaultPolicy, reasonsLine } from '#shared/risk/index.ts';
import { openInput, STDIO, toStdout } from './io.ts';
import { backtestRows, backtestSummary, calibrationSummary } from './risk-backtest.ts';
import { cliLocale, help } from './text.ts';

const USAGE = () =>
  help({
    en: `usage: kehu risk --interactions FILE [--customers FILE] [--contacts FILE] [--responses FILE]
                 [--cases FILE] --as-of YYYY-MM-DD [--out FILE]
                 [--tz ZONE] [--locale en|zh-CN] [--policy FILE] [--skip-invalid]
       kehu risk --backtest --as-of YYYY-MM-DD [--label-days 90] [--json] [--out FILE] …the same input files
       kehu risk --calibrate --as-of YYYY-MM-DD [--label-days 90] --policy-out FILE …the same input files

Early-warning scores for every customer with history on or before the as-of date, as CSV:
customer_id,score,level,reasons (riskiest first). Rows dated after the as-of date are ignored.

  --interactions FILE  orders, calls, mail… (.csv or .ndjson, the interchange format)
  --customers FILE     customers (cadence_days, tier, owner, owner_since, previous_owner, value…)
  --contacts FILE      contacts (key, status, left_at): the key contact leaving is a signal
  --responses FILE     survey and feedback answers (NPS, CSAT, CES, complaints, comments)
  --cases FILE         complaints and other cases (severity, due_at, closed_at)
  --as-of DATE         assess as of the end of this day (YYYY-MM-DD)
  --out FILE           write the CSV here (UTF-8 with a byte-order mark); standard output when absent or -; a FILE of - reads standard input
  --tz ZONE            time zone of dates written without one, and of the as-of day (default: this computer's)
  --locale LOCALE      language of the reasons: en or zh-CN (default: the terminal's, from LANG)
  --policy FILE        a risk policy as JSON (default: Kehu's default policy, docs/RISK.md)
  --skip-invalid       skip bad rows (reported on standard error) instead of stopping

  --backtest           how the policy would have done: assess as of the date, compare with the
                       following --label-days (a customer with no order or contact then is lost);
                       a summary on standard error, the numbers as CSV (metric,value) or JSON
  --label-days N       days without an order or contact that count as lost (default 90)
  --json               the backtest as JSON instead of CSV
  --calibrate          fit the policy's weights and thresholds to the history up to the date (fitted
                       on the cut 2 × label days before it, checked on the cut 1 × label days before it)
  --policy-out FILE    where --calibrate writes the new policy version (JSON, as the extension saves it)`,
    'zh-CN': `用法：kehu risk --interactions 文件 [--customers 文件] [--contacts 文件] [--responses 文件]
                 [--cases 文件] --as-of YYYY-MM-DD [--out 文件]
                 [--tz 时区] [--locale en|zh-CN] [--policy 文件] [--skip-invalid]
      kehu risk --backtest --as-of YYYY-MM-DD [--label-days 90] [--json] [--out 文件] ……同样的输入文件
      kehu risk --calibrate --as-of YYYY-MM-DD [--label-days 90] --policy-out 文件 ……同样的输入文件

按截至日期为每个有往来记录的客户计算预警分数，输出 CSV：customer_id,score,level,reasons
（风险最高的在前）。截至日期之后的行会被忽略。

  --interactions 文件  订单、电话、邮件……（.csv 或 .ndjson，交换格式）
  --customers 文件     客户（cadence_days、tier、owner、owner_since、previous_owner、value……）
  --contacts 文件      联系人（key、status、left_at）：关键联系人离职是预警信号
  --responses 文件     问卷与反馈答复（NPS、CSAT、CES、投诉、评论）
  --cases 文件         投诉及其他案件（severity、due_at、closed_at）
  --as-of 日期         评估截至该日结束（YYYY-MM-DD）
  --out 文件           把 CSV 写入该文件（UTF-8，带字节顺序标记）；不给或为 - 时输出到标准输出；文件为 - 时读取标准输入
  --tz 时区            未写时区的日期及截至日所用的时区（默认本机时区）
  --locale 语言        原因的语言：en 或 zh-CN（默认跟随终端的 LANG）
  --policy 文件        JSON 格式的预警策略（默认使用 Kehu 的默认策略，见 docs/RISK.md）
  --skip-invalid       跳过无法读取的行（在标准错误中列出），而不是停止

  --backtest           回测：策略按截至日期评估，再与此后 --label-days 天的实际情况比较（期间既无订单
                       也无联系的客户记为流失）；摘要输出到标准错误，数字以 CSV（metric,value）或 JSON 输出
  --label-days 天数    多少天没有订单也没有联系记为流失（默认 90）
  --json               回测结果以 JSON 而不是 CSV 输出
  --calibrate          用截至日期之前的历史拟合策略的权重与阈值（在截至日前 2 倍标注天数处拟合，
                       在前 1 倍标注天数处检验）
  --policy-out 文件    --calibrate 写出的新策略版本（JSON，与扩展保存的格式相同）`,
  });

/** What `kehu risk` says besides its CSV, in the terminal's language. */
const TEXT = {
  en: {
    needInteractions: '--interactions FILE is required',
    needAsOf: '--as-of YYYY-MM-DD is required',
    oneStdin: 'only one FILE can be - (standard input)',
    asOfFormat: '--as-of must be a date like 2011-09-10, not "{value}"',
    badZone: '--tz "{value}" is not a time zone (use a name like Europe/London or Asia/Shanghai)',
    notADate: '--as-of "{value}" is not a real date',
    badLocale: '--locale must be en or zh-CN, not "{value}"',
    folderNotWritable: 'cannot write {file}: its folder does not exist or is not writable',
    cannotWrite: 'cannot write {file}: {error}',
    noSuchFile: '{file}: no such file',
    isFolder: '{file}: is a folder, not a file',
    notJson: '{file}: not JSON ({error})',
    badPolicy: '{file} is not a valid risk policy:',
    policyField: '  {file}: field {field}: {error}',
    rowAt: '  {file}: line {line}: {error}',
    rowAtField: '  {file}: line {line}, field {field}: {error}',
    more: '  … and {count} more',
    badRows: '{file} has rows that cannot be read (nothing was written):',
    badRowsHint: 'fix them, or pass --skip-invalid to leave them out',
    rowsRead: '  {file}: {count} rows…',
    rowsDone: '  {file}: {count} rows',
    read: '  read {counts}',
    readCount: '{count} {entity}',
    badLabelDays: '--label-days must be a whole number of days from 1 to 3650, not "{value}"',
    oneMode: '--backtest and --calibrate cannot be used together',
    needPolicyOut: '--calibrate needs --policy-out FILE (where the new policy version is written)',
    jsonNeedsBacktest: '--json and --label-days go with --backtest or --calibrate',
    replayed: '  replayed {done} of {total} weeks…',
    policyWritten:
      'kehu risk: wrote policy v{version} to {file}; review the changes above, then import it in the extension (Settings → Warning policy) or pass it with --policy',
  },
  'zh-CN': {
    needInteractions: '必须给出 --interactions 文件',
    needAsOf: '必须给出 --as-of YYYY-MM-DD',
    oneStdin: '只能有一个文件为 -（标准输入）',
    asOfFormat: '--as-of 应为 2011-09-10 这样的日期，而不是“{value}”',
    badZone: '--tz“{value}”不是时区（请用 Europe/London、Asia/Shanghai 这样的名称）',
    notADate: '--as-of“{value}”不是真实存在的日期',
    badLocale: '--locale 只能是 en 或 zh-CN，而不是“{value}”',
    folderNotWritable: '无法写入 {file}：所在目录不存在或不可写',
    cannotWrite: '无法写入 {file}：{error}',
    noSuchFile: '{file}：文件不存在',
    isFolder: '{file}：这是目录，不是文件',
    notJson: '{file}：不是 JSON（{error}）',
    badPolicy: '{file} 不是有效的预警策略：',
    policyField: '  {file}：字段 {field}：{error}',
    rowAt: '  {file}：第 {line} 行：{error}',
    rowAtField: '  {file}：第 {line} 行，字段 {field}：{error}',
    more: '  ……另有 {count} 处',
    badRows: '{file} 中有无法读取的行（没有写出任何结果）：',
    badRowsHint: '请修正这些行，或加上 --skip-invalid 跳过它们',
    rowsRead: '  {file}：{count} 行……',
    rowsDone: '  {file}：{count} 行',
    read: '  读取了 {counts}',
    readCount: '{entity} {count} 条',
    badLabelDays: '--label-days 必须是 1 到 3650 之间的整数天数，而不是“{value}”',
    oneMode: '--backtest 与 --calibrate 不能同时使用',
    needPolicyOut: '--calibrate 需要 --policy-out 文件（新策略版本写到哪里）',
    jsonNeedsBacktest: '--json 和 --label-days 只能与 --backtest 或 --calibrate 一起使用',
    replayed: '  已回放 {done}/{total} 周……',
    policyWritten:
      'kehu risk：已把策略 v{version} 写入 {file}；请先审阅上面的改动，再在扩展中导入（设置 → 预警策略）或用 --policy 使用',
  },
} satisfies Messages<string>;

const say = (key: keyof (typeof TEXT)['en'], params: Record<string, string | number> = {}) =>
  format(TEXT[cliLocale()][key], params);

/** What `kehu risk` says with a count, by the language's plural rules. */
const COUNTED = {
  en: {
    skippedRows: {
      one: 'kehu risk: skipped {count} bad row of {file}:',
      other: 'kehu risk: skipped {count} bad rows of {file}:',
    },
    summary: {
      one: 'kehu risk: {count} customer as of {date} ({zone}), policy v{version}: {levels}',
      other: 'kehu risk: {count} customers as of {date} ({zone}), policy v{version}: {levels}',
    },
    later: { one: '  {count} row dated after {date} ignored', other: '  {count} rows dated after {date} ignored' },
    unmatched: {
      one: '  {count} response matched no customer (no customer_id, and the address matched no contact or customer domain)',
      other: '  {count} responses matched no customer (no customer_id, and the address matched no contact or customer domain)',
    },
  },
  'zh-CN': {
    skippedRows: { other: 'kehu risk：跳过了 {file} 中 {count} 个无法读取的行：' },
    summary: { other: 'kehu risk：截至 {date}（{zone}）共 {count} 个客户，策略 v{version}：{levels}' },
    later: { other: '  忽略了 {count} 个晚于 {date} 的行' },
    unmatched: { other: '  {count} 条答复没有对应的客户（没有 customer_id，地址也不匹配任何联系人或客户域名）' },
  },
} satisfies Record<Locale, Record<string, PluralForms>>;

const sayCount = (key: keyof (typeof COUNTED)['en'], count: number, params: Record<string, string | number> = {}) =>
  format(pluralForm(cliLocale(), count, COUNTED[cliLocale()][key]), { ...params, count });

/** How many bad rows are listed before reading stops. */
const MAX_LISTED = 20;

export async function run(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    console.error(`kehu risk: ${(e as Error).message}\n\n${USAGE()}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE());
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
      backtest: { type: 'boolean' },
      calibrate: { type: 'boolean' },
      'label-days': { type: 'string' },
      json: { type: 'boolean' },
      'policy-out': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true as const };
  if (!values.interactions) throw new Error(say('needInteractions'));
  const asOfText = values['as-of'];
  if (!asOfText) throw new Error(say('needAsOf'));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOfText)) throw new Error(say('asOfFormat', { value: asOfText }));
  const timeZone = values.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(say('badZone', { value: timeZone }));
  }
  const start = parseDateTime(asOfText, timeZone);
  if (!start) throw new Error(say('notADate', { value: asOfText }));
  // The whole as-of day counts: the moment assessed is its last millisecond in the zone.
  const [y, m, d] = asOfText.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  const asOf = new Date(Date.parse(parseDateTime(next, timeZone) as string) - 1).toISOString();
  const fromStdin = [values.customers, values.contacts, values.interactions, values.responses, values.cases, values.policy];
  if (fromStdin.filter((f) => f === STDIO).length > 1) throw new Error(say('oneStdin'));
  const locale = (values.locale ?? cliLocale()) as Locale;
  if (!LOCALES.includes(locale)) throw new Error(say('badLocale', { value: String(values.locale) }));
  const mode = values.backtest ? ('backtest' as const) : values.calibrate ? ('calibrate' as const) : ('score' as const);
  if (values.backtest && values.calibrate) throw new Error(say('oneMode'));
  if (mode === 'score' && (values.json || values['label-days'] !== undefined)) throw new Error(say('jsonNeedsBacktest'));
  if (mode === 'calibrate' && !values['policy-out']) throw new Error(say('needPolicyOut'));
  const labelText = values['label-days'] ?? String(DEFAULT_LABEL_DAYS);
  const labelDays = Number(labelText);
  if (!/^\d+$/.test(labelText) || labelDays < 1 || labelDays > 3650) throw new Error(say('badLabelDays', { value: labelText }));
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
    out: toStdout(values.out) ? undefined : values.out,
    timeZone,
    locale,
    policyFile: values.policy,
    skipInvalid: values['skip-invalid'] === true,
    mode,
    labelDays,
    json: values.json === true,
    policyOut: values['policy-out'],
  };
}

/** A file Kehu cannot read or a row it cannot take: a message naming the file, line and field. */
class InputError extends Error {}

type Args = Exclude<ReturnType<typeof parse>, { help: true }>;

async function assess(args: Args): Promise<number> {
  for (const target of [args.out, args.policyOut]) {
    if (!target) continue;
    // Fail before reading a million rows, not after.
    try {
      accessSync(dirname(resolve(target)), constants.W_OK);
    } catch {
      throw new InputError(say('folderNotWritable', { file: target }));
    }
  }
  const policy = args.policyFile ? await readPolicy(args.policyFile) : defaultPolicy(args.asOf);
  const book = new RiskBook({ timeZone: args.timeZone });
  // A backtest reads on past the date: what happened in the label window is what it is compared with.
  const asOf = Date.parse(args.asOf) + (args.mode === 'backtest' ? args.labelDays * DAY_MS : 0);
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
        if (progress && read % 100_000 === 0)
          process.stderr.write(`\r${say('rowsRead', { file, count: read.toLocaleString('en') })}`);
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
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(say('noSuchFile', { file }));
      if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw new InputError(say('isFolder', { file }));
      throw e;
    }
    counts[entity] = read;
    if (progress && read >= 100_000) process.stderr.write(`\r${say('rowsDone', { file, count: read.toLocaleString('en') })}\n`);
    if (bad.length > 0) {
      const listed = bad
        .slice(0, MAX_LISTED)
        .map((b) =>
          b.field
            ? say('rowAtField', { file, line: b.line, field: b.field, error: b.error })
            : say('rowAt', { file, line: b.line, error: b.error }),
        )
        .join('\n');
      const more = bad.length > MAX_LISTED ? `\n${say('more', { count: bad.length - MAX_LISTED })}` : '';
      if (!args.skipInvalid) {
        throw new InputError(`${say('badRows', { file })}\n${listed}${more}\n${say('badRowsHint')}`);
      }
      console.error(`${sayCount('skippedRows', bad.length, { file })}\n${listed}${more}`);
    }
  }

  if (args.mode !== 'score') {
    const notes = [
      say('read', {
        counts: Object.entries(counts)
          .map(([entity, n]) => say('readCount', { entity, count: n.toLocaleString('en') }))
          .join(', '),
      }),
      unmatched > 0 ? sayCount('unmatched', unmatched) : '',
    ];
    console.error(notes.filter(Boolean).join('\n'));
    return args.mode === 'backtest' ? await runBacktest(book, policy, args) : await runCalibrate(book, policy, args);
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
      throw new InputError(say('cannotWrite', { file: args.out, error: (e as Error).message }));
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
    sayCount('summary', assessments.length, {
      date: args.asOfText,
      zone: args.timeZone,
      version: policy.version,
      levels: byLevel,
    }),
    say('read', {
      counts: Object.entries(counts)
        .map(([entity, n]) => say('readCount', { entity, count: n.toLocaleString('en') }))
        .join(', '),
    }),
    skipped > 0 ? sayCount('later', skipped, { date: args.asOfText }) : '',
    unmatched > 0 ? sayCount('unmatched', unmatched) : '',
  ];
  console.error(notes.filter(Boolean).join('\n'));
  return 0;
}

/** Write a small file beside the target and rename it: an interrupted run leaves no half file. */
function writeWhole(file: string, text: string): void {
  const partial = `${file}.partial-${process.pid}`;
  try {
    writeFileSync(partial, text);
    renameSync(partial, file);
  } catch (e) {
    rmSync(partial, { force: true });
    throw new InputError(say('cannotWrite', { file, error: (e as Error).message }));
  }
}

/** Progress on a terminal: weeks replayed (Ctrl-C cancels; nothing is written before the end). */
function progressLine(done: number, total: number): undefined {
  if (process.stderr.isTTY) process.stderr.write(`\r${say('replayed', { done, total })}${done === total ? '\n' : ''}`);
  return undefined;
}

async function runBacktest(book: RiskBook, policy: Policy, args: Args): Promise<number> {
  let report: ReturnType<typeof backtest>;
  try {
    report = backtest(book, policy, { asOf: args.asOf, labelDays: args.labelDays, onProgress: progressLine });
  } catch (e) {
    if (e instanceof BacktestCancelled) return 130;
    throw e;
  }
  const text = args.json ? `${JSON.stringify(report, null, 2)}\n` : csvLines([['metric', 'value'], ...backtestRows(report)]);
  if (args.out) writeWhole(args.out, args.json ? text : `\uFEFF${text}`);
  else process.stdout.write(text);
  console.error(backtestSummary(report, args.locale));
  return 0;
}

async function runCalibrate(book: RiskBook, policy: Policy, args: Args): Promise<number> {
  // Only the history up to the date is read: fitted on the cut two label windows before it, checked
  // on the cut one label window before it (whose labels end at the date).
  const at = Date.parse(args.asOf);
  const fitAsOf = new Date(at - 2 * args.labelDays * DAY_MS).toISOString();
  const checkAsOf = new Date(at - args.labelDays * DAY_MS).toISOString();
  const result = calibrate(book, policy, {
    fitAsOf,
    checkAsOf,
    labelDays: args.labelDays,
    now: new Date(at).toISOString(),
    by: 'kehu risk --calibrate',
    onProgress: progressLine,
  });
  writeWhole(args.policyOut as string, `${JSON.stringify(result.policy, null, 2)}\n`);
  if (args.json)
    process.stdout.write(`${JSON.stringify({ changes: result.changes, fit: result.fit, check: result.check }, null, 2)}\n`);
  console.error(calibrationSummary(result, policy, args.locale));
  console.error(say('policyWritten', { version: result.policy.version, file: args.policyOut as string }));
  return 0;
}

function openFile(file: string) {
  return openInput(file);
}

async function readPolicy(file: string): Promise<Policy> {
  let text = '';
  try {
    for await (const chunk of decodeText(openFile(file))) text += chunk;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(say('noSuchFile', { file }));
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(say('notJson', { file, error: (e as Error).message }));
  }
  const parsed = Policy.safeParse(json);
  if (!parsed.success) {
    const list = parsed.error.issues
      .map((i) => say('policyField', { file, field: i.path.join('.') || '(policy)', error: i.message }))
      .join('\n');
    throw new InputError(`${say('badPolicy', { file })}\n${list}`);
  }
  return parsed.data;
}
