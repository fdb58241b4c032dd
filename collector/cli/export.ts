// kehu export --entity E --format csv|ndjson|xlsx [--out FILE] [--from DATE] [--to DATE]
//             [--level L …] [--owner NAME] [--site NAME] [--deleted]
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EXPORT_ENTITIES } from '#shared/model/interchange.ts';
import { STORE_HELP, STORE_OPTIONS, UsageError, command, location, parse } from './args.ts';
import { progress, sizeText, toStdout } from './io.ts';
import { jsonOf, withStore } from './store-client.ts';
import { help, t } from './text.ts';

const USAGE = () =>
  help({
    en: `usage: kehu export --entity ${EXPORT_ENTITIES.join('|')} --format csv|ndjson|xlsx [--out FILE]

Writes every record of an entity: CSV that Excel opens correctly (UTF-8 with BOM), NDJSON in the
shared schema, or an Excel workbook (.xlsx). Customers carry their current level and score.
Standard output when --out is absent or -.
  --from DATE           only records whose own time (occurredAt, submittedAt, openedAt, …) is at or after DATE
  --to DATE             … and before DATE (YYYY-MM-DD or an ISO date-time)
  --level LEVEL         only customers at this level now (none, blue, yellow, orange, red), or records
                        of such customers; repeat it or list levels with commas
  --owner NAME          only customers this person owns, or records of such customers
  --site NAME           only answers and feedback that came through this site (responses only)
  --deleted             include deleted records
${STORE_HELP}`,
    'zh-CN': `用法：kehu export --entity ${EXPORT_ENTITIES.join('|')} --format csv|ndjson|xlsx [--out 文件]

导出某类记录的全部数据：Excel 可直接打开的 CSV（带 BOM 的 UTF-8）、共享模型的 NDJSON，
或 Excel 工作簿（.xlsx）。客户带有当前的预警级别（level）和分数（score）。
未给 --out 或 --out 为 - 时写到标准输出。
  --from 日期           只导出自身时间（发生时间、提交时间、立案时间等）不早于该日期的记录
  --to 日期             ……且早于该日期（YYYY-MM-DD 或 ISO 日期时间）
  --level 级别          只导出当前处于该级别（none、blue、yellow、orange、red）的客户或其记录；
                        可重复，或用逗号列出多个级别
  --owner 姓名          只导出此人负责的客户或其记录
  --site 站点           只导出经该站点收到的答复和反馈（仅 responses）
  --deleted             包含已删除的记录
  --data 目录           内置存储的目录（默认 KEHU_DATA，否则 ./.kehu/data）
  --database-url URL    改用 PostgreSQL（也读取 DATABASE_URL）`,
  });

export async function run(argv: string[]): Promise<number> {
  return command(USAGE(), async () => {
    const { values } = parse(argv, {
      ...STORE_OPTIONS,
      entity: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      level: { type: 'string', multiple: true },
      owner: { type: 'string' },
      site: { type: 'string' },
      deleted: { type: 'boolean', default: false },
    });
    if (values.help) {
      console.log(USAGE());
      return 0;
    }
    const entity = values.entity;
    if (!entity || !(EXPORT_ENTITIES as readonly string[]).includes(entity)) {
      throw new UsageError(`--entity must be one of ${EXPORT_ENTITIES.join(', ')}`);
    }
    const format = values.format;
    if (format !== 'csv' && format !== 'ndjson' && format !== 'xlsx')
      throw new UsageError('--format must be csv, ndjson or xlsx');
    // The collector checks the filters (a bad one comes back naming the field).
    const query = new URLSearchParams();
    if (values.from) query.set('from', values.from);
    if (values.to) query.set('to', values.to);
    for (const level of values.level ?? []) query.append('level', level);
    if (values.owner) query.set('owner', values.owner);
    if (values.site) query.set('site', values.site);
    if (values.deleted) query.set('deleted', 'true');
    const out = toStdout(values.out) ? undefined : values.out;
    const shown = progress();
    let written = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        shown.update(t('writing', { entity: entity as string, size: sizeText(written) }));
        done(null, chunk);
      },
    });

    await withStore(location(values), async (call) => {
      const response = await call(`/v1/export/${entity}.${format}${query.size ? `?${query}` : ''}`);
      if (!response.ok || !response.body) {
        await jsonOf(response); // throws with the collector's message
        return;
      }
      const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
      if (!out) {
        // Standard output: let a closed pipe (| head) end the export quietly.
        await pipeline(
          body,
          counted,
          new Writable({
            write: (chunk, _e, done) => (process.stdout.write(chunk) ? done() : process.stdout.once('drain', done)),
          }),
        ).catch((e) => {
          if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
        });
        return;
      }
      // Write beside the target and rename at the end: a failed export leaves no half file.
      const partial = `${out}.partial`;
      try {
        await pipeline(body, counted, createWriteStream(partial));
        renameSync(partial, out);
      } catch (e) {
        rmSync(partial, { force: true });
        throw e;
      }
    });
    shown.done();
    if (out) console.error(t('exported', { file: out }));
    return 0;
  });
}
