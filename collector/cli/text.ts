// What the command line says, in zh-CN and en: the language follows LC_ALL / LC_MESSAGES / LANG.
import { type Locale, type Messages, format, pickLocale } from '#shared/i18n/locale.ts';

export function cliLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  // POSIX names (zh_CN.UTF-8) → BCP 47 (zh-CN)
  return pickLocale((env.LC_ALL || env.LC_MESSAGES || env.LANG || '').replace(/_/g, '-'));
}

const MESSAGES = {
  en: {
    creating: 'Creating the embedded data folder {dir} (first start takes a few seconds)…',
    listening: 'Kehu collector listening on {url} ({where}). Logs follow, one JSON line per request. Ctrl-C stops it.',
    notLoopback: 'Note: {host} is not a loopback address. Put a TLS-terminating proxy in front before exposing the collector.',
    stopping: 'Stopping: finishing requests in flight…',
    workers: 'Starting {count} collector processes on one port ({where}).',
    workerExited: 'A collector process (pid {pid}) stopped ({how}).',
    workersNeedPostgres:
      '--workers {count} needs PostgreSQL (--database-url): the embedded store (PGlite) is one process’s own folder. Run one process, or move to PostgreSQL.',
    siteCreated: 'Site key "{name}" for {origins}. Embed it like this:',
    tokenCreated: 'Team token "{name}" with scopes {scopes}. It is shown only this once: store it now (Kehu keeps only a hash).',
    revoked: 'Revoked {kind} "{name}".',
    siteKeyWord: 'site key',
    tokenWord: 'token',
    noKeys: 'No site keys or tokens yet.',
    imported: '{file}: {added} added, {updated} updated, {unchanged} unchanged, {rejected} rejected.',
    rejectedMore: '… and {count} more rejected rows.',
    exported: 'Wrote {file}.',
    usage: 'usage: kehu <command> [options]',
    usageMore: "kehu <command> --help shows a command's options; kehu --version prints the version.",
    unknownCommand: 'unknown command "{name}"',
    summaryServe: 'run the collector service (PGlite in ./.kehu/data, or PostgreSQL)',
    summaryKeys: 'create, list and revoke site keys and team tokens',
    summaryImport: 'import a CSV or NDJSON file into the store',
    summaryExport: 'export an entity from the store as CSV, NDJSON or XLSX',
    summaryRisk: 'early-warning scores for every customer, from files, as of a date',
    stdinName: 'standard input',
    rejectedLine: '  line {line}: {error}',
    rejectedLineField: '  line {line}, {field}: {error}',
    sending: 'Sending {file}: {size}…',
    sendingOf: 'Sending {file}: {size} of {total} ({percent} %)…',
    writing: 'Exporting {entity}: {size} written…',
  },
  'zh-CN': {
    creating: '正在创建内置数据目录 {dir}（首次启动需要几秒钟）……',
    listening: 'Kehu 收集服务已在 {url} 监听（{where}）。以下为日志，每个请求一行 JSON。按 Ctrl-C 停止。',
    notLoopback: '注意：{host} 不是本机回环地址。对外开放前，请在前面部署支持 TLS 的反向代理。',
    stopping: '正在停止：等待处理中的请求完成……',
    workers: '正在同一端口上启动 {count} 个收集服务进程（{where}）。',
    workerExited: '一个收集服务进程（pid {pid}）已停止（{how}）。',
    workersNeedPostgres:
      '--workers {count} 需要 PostgreSQL（--database-url）：内置存储（PGlite）只能由一个进程使用其目录。请只运行一个进程，或改用 PostgreSQL。',
    siteCreated: '站点密钥“{name}”，允许来源 {origins}。嵌入方式：',
    tokenCreated: '团队令牌“{name}”，权限 {scopes}。令牌只显示这一次，请立即保存（Kehu 只保存其哈希值）。',
    revoked: '已吊销{kind}“{name}”。',
    siteKeyWord: '站点密钥',
    tokenWord: '令牌',
    noKeys: '还没有站点密钥或令牌。',
    imported: '{file}：新增 {added}，更新 {updated}，未变 {unchanged}，拒绝 {rejected}。',
    rejectedMore: '……另有 {count} 行被拒绝。',
    exported: '已写入 {file}。',
    usage: '用法：kehu <命令> [选项]',
    usageMore: 'kehu <命令> --help 显示该命令的选项；kehu --version 显示版本。',
    unknownCommand: '没有“{name}”这个命令',
    summaryServe: '运行收集服务（内置 PGlite，数据在 ./.kehu/data；或使用 PostgreSQL）',
    summaryKeys: '创建、列出和吊销站点密钥与团队令牌',
    summaryImport: '把 CSV 或 NDJSON 文件导入存储',
    summaryExport: '把某类记录从存储导出为 CSV、NDJSON 或 XLSX',
    summaryRisk: '根据文件计算每个客户截至某日的预警分数',
    stdinName: '标准输入',
    rejectedLine: '  第 {line} 行：{error}',
    rejectedLineField: '  第 {line} 行，{field}：{error}',
    sending: '正在发送 {file}：{size}……',
    sendingOf: '正在发送 {file}：{size} / {total}（{percent}%）……',
    writing: '正在导出 {entity}：已写出 {size}……',
  },
} satisfies Messages<string>;

export type MessageKey = keyof (typeof MESSAGES)['en'];

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return format(MESSAGES[cliLocale()][key], params);
}

/** Pick the help text in the user's language. */
export function help(texts: Record<Locale, string>): string {
  return texts[cliLocale()];
}
