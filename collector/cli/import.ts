// kehu import --entity customers|contacts|interactions|responses|cases [--format csv|ndjson] FILE
import { existsSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { Transform } from 'node:stream';
import { rejectionText } from '#shared/i18n/import-reasons.ts';
import { IMPORT_ENTITIES } from '#shared/model/interchange.ts';
import type { ImportSummary } from '../store/import.ts';
import { STORE_HELP, STORE_OPTIONS, UsageError, command, location, parse } from './args.ts';
import { openInput, progress, STDIO, sizeText } from './io.ts';
import { jsonOf, withStore } from './store-client.ts';
import { cliLocale, help, t } from './text.ts';

const USAGE = () =>
  help({
    en: `usage: kehu import --entity ${IMPORT_ENTITIES.join('|')} [--format csv|ndjson] FILE

Imports an interchange file (CSV with a header, or NDJSON; UTF-8 or GBK) into the store. Rows for
records that exist update them; rows that cannot be read are listed by line and field and skipped.
FILE - reads standard input (give --format; CSV when absent).
Exit code 0 when every row was taken, 1 when some were rejected (the others are imported).
  --format csv|ndjson   default: from the file's extension
  --tz ZONE             time zone of times written without one (default: this machine's)
  --by NAME             who the changes are recorded as (default cli:<your user name>)
${STORE_HELP}`,
    'zh-CN': `用法：kehu import --entity ${IMPORT_ENTITIES.join('|')} [--format csv|ndjson] 文件

把交换文件（带表头的 CSV 或 NDJSON；UTF-8 或 GBK 编码）导入存储。已有记录会被更新；无法读取的行
按行号和字段列出并跳过。全部导入时退出码为 0，有行被拒绝时为 1（其余行仍会导入）。
文件为 - 时读取标准输入（请给出 --format；默认 CSV）。
  --format csv|ndjson   默认按文件扩展名判断
  --tz 时区             未写时区的时间按此时区理解（默认本机时区）
  --by 名称             记录为谁的修改（默认 cli:<用户名>）
  --data 目录           内置存储的目录（默认 KEHU_DATA，否则 ./.kehu/data）
  --database-url URL    改用 PostgreSQL（也读取 DATABASE_URL）`,
  });

export async function run(argv: string[]): Promise<number> {
  return command(USAGE(), async () => {
    const { values, positionals } = parse(
      argv,
      {
        ...STORE_OPTIONS,
        entity: { type: 'string' },
        format: { type: 'string' },
        tz: { type: 'string' },
        by: { type: 'string' },
      },
      true,
    );
    if (values.help) {
      console.log(USAGE());
      return 0;
    }
    const entity = values.entity;
    if (!entity || !(IMPORT_ENTITIES as readonly string[]).includes(entity)) {
      throw new UsageError(`--entity must be one of ${IMPORT_ENTITIES.join(', ')}`);
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one FILE');
    const file = positionals[0] as string;
    const stdin = file === STDIO;
    if (!stdin && (!existsSync(file) || !statSync(file).isFile())) throw new UsageError(`no such file: ${file}`);
    const format =
      values.format ?? (extname(file).toLowerCase() === '.ndjson' || extname(file).toLowerCase() === '.jsonl' ? 'ndjson' : 'csv');
    if (format !== 'csv' && format !== 'ndjson') throw new UsageError('--format must be csv or ndjson');
    const tz = values.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';

    // The body counts what it sends, for the progress line (a terminal only).
    const name = stdin ? t('stdinName') : basename(file);
    const total = stdin ? 0 : statSync(file).size;
    const bar = progress();
    let sent = 0;
    const body = openInput(file).pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          sent += chunk.length;
          bar.update(
            total > 0
              ? t('sendingOf', {
                  file: name,
                  size: sizeText(sent),
                  total: sizeText(total),
                  percent: Math.floor((sent / total) * 100),
                })
              : t('sending', { file: name, size: sizeText(sent) }),
          );
          done(null, chunk);
        },
      }),
    );
    const summary = await withStore(
      location(values),
      async (call) =>
        jsonOf<ImportSummary>(
          await call(`/v1/import/${entity}.${format}?tz=${encodeURIComponent(tz)}`, {
            method: 'POST',
            body,
            headers: { 'content-type': format === 'csv' ? 'text/csv' : 'application/x-ndjson' },
          }),
        ),
      values.by ? { by: values.by } : {},
    );
    bar.done();
    console.log(
      t('imported', {
        file: name,
        added: summary.added,
        updated: summary.updated,
        unchanged: summary.unchanged,
        rejected: summary.rejectedRows,
      }),
    );
    // Rows kept with a value read differently: a warning line each (the record keeps the original).
    for (const w of (summary.warnings ?? []).slice(0, 50))
      console.error(`  warning: line ${w.line}${w.field ? `, ${w.field}` : ''}: ${w.error}`);
    for (const r of summary.rejected.slice(0, 50)) {
      console.error(
        r.field
          ? t('rejectedLineField', { line: r.line, field: r.field, error: rejectionText(cliLocale(), r) })
          : t('rejectedLine', { line: r.line, error: rejectionText(cliLocale(), r) }),
      );
    }
    const shown = Math.min(50, summary.rejected.length);
    if (summary.rejectedRows > shown) console.error(t('rejectedMore', { count: summary.rejectedRows - shown }));
    return summary.rejectedRows > 0 ? 1 : 0;
  });
}
