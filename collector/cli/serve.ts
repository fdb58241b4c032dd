// kehu serve [--host 127.0.0.1] [--port 8787] [--data DIR | --database-url URL] [--workers N]
import { type AddressInfo, createServer } from 'node:net';
import { COUNT_AHEAD } from '../console/customers.ts';
import { openSql } from '../db/open.ts';
import { describeUrl } from '../db/postgres.ts';
import { stdoutLog } from '../http/app.ts';
import { LOG_LEVELS, type LogLevel, atLevel } from '../log-level.ts';
import { startServer } from '../server.ts';
import { STORE_HELP, STORE_OPTIONS, UsageError, command, location, parse } from './args.ts';
import { kehuVersion } from './io.ts';
import { help, t } from './text.ts';
import { isWorker, leaveCluster, runWorkers } from './workers.ts';

const USAGE = () =>
  help({
    en: `usage: kehu serve [--host 127.0.0.1] [--port 8787] [--data DIR | --database-url URL] [options]

Runs the collector: survey answers from sites, sync for the team's extensions, exports.
${STORE_HELP}
  --host HOST           address to listen on (default HOST, else 127.0.0.1)
  --port PORT           port (default PORT, else 8787; 0 picks a free one)
  --trust-proxy         take client addresses from X-Forwarded-For as one proxy of yours wrote it
  --proxy-hops N        the same, with N proxies of yours in a row (a CDN and nginx: 2)
  --rate-limit N        answers per minute per site key and client address (default 60)
  --min-elapsed-ms MS   answers given faster are taken for bots (default 1000)
  --worklist-count N    the console's worklist counts this many customers past a page, then
                        says "more than" (default 10000)
  --workers N           run N processes on this port (PostgreSQL only; default 1)
  --pool-size N         PostgreSQL connections per process (default 10)
  --log-level LEVEL     debug, info (default; one line per request), warn, error or off; also KEHU_LOG_LEVEL`,
    'zh-CN': `用法：kehu serve [--host 127.0.0.1] [--port 8787] [--data 目录 | --database-url URL] [选项]

运行收集服务：接收网站的问卷回答，为团队的扩展同步数据，提供导出。
  --data 目录           内置存储的目录（默认 KEHU_DATA，否则 ./.kehu/data）
  --database-url URL    改用 PostgreSQL（也读取 DATABASE_URL）
  --host 地址           监听地址（默认 HOST，否则 127.0.0.1）
  --port 端口           端口（默认 PORT，否则 8787；0 表示任选空闲端口）
  --trust-proxy         按自己的一层反向代理写入的 X-Forwarded-For 读取客户端地址
  --proxy-hops N        同上，前面有 N 层自己的代理（例如 CDN 加 nginx：2）
  --rate-limit N        每个站点密钥和客户端地址每分钟允许的回答数（默认 60）
  --min-elapsed-ms 毫秒 比这更快的回答视为机器人（默认 1000）
  --worklist-count N    控制台客户列表从当前页起最多计数 N 个客户，超出时显示“超过”（默认 10000）
  --workers N           在同一端口上运行 N 个进程（仅限 PostgreSQL；默认 1）
  --pool-size N         每个进程的 PostgreSQL 连接数（默认 10）
  --log-level 级别      debug、info（默认；每个请求一行）、warn、error 或 off；也读取 KEHU_LOG_LEVEL`,
  });

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function positiveInt(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}`);
  return n;
}

export async function run(argv: string[]): Promise<number> {
  return command(USAGE(), async () => {
    const { values } = parse(argv, {
      ...STORE_OPTIONS,
      host: { type: 'string' },
      port: { type: 'string' },
      'log-level': { type: 'string' },
      'trust-proxy': { type: 'boolean', default: false },
      'proxy-hops': { type: 'string' },
      workers: { type: 'string' },
      'pool-size': { type: 'string' },
      'rate-limit': { type: 'string' },
      'min-elapsed-ms': { type: 'string' },
      'worklist-count': { type: 'string' },
    });
    if (values.help) {
      console.log(USAGE());
      return 0;
    }
    // The flags win; then the environment (HOST, PORT) as a container or process manager sets it.
    const port = positiveInt('port', values.port ?? process.env.PORT, 8787, 0);
    if (port > 65535) throw new UsageError('--port must be at most 65535');
    const perMinute = positiveInt('rate-limit', values['rate-limit'], 60);
    const host = values.host ?? (process.env.HOST || '127.0.0.1');
    const logLevel = values['log-level'] ?? (process.env.KEHU_LOG_LEVEL || 'info');
    if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
      throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
    }
    const proxyHops = positiveInt('proxy-hops', values['proxy-hops'], values['trust-proxy'] ? 1 : 0, 0);
    const workers = positiveInt('workers', values.workers, 1);
    const poolSize = positiveInt('pool-size', values['pool-size'], 10);
    const where = location(values);
    if (workers > 1 && !isWorker()) {
      if (where.kind !== 'postgres') throw new UsageError(t('workersNeedPostgres', { count: workers }));
      // Migrate once here, so a database that is too new or unreachable is told once, not N times.
      await (await openSql(where, { poolSize: 1 })).close();
      console.error(t('workers', { count: workers, where: describeUrl(where.url) }));
      // Port 0 would give each worker a port of its own: choose one free port for all of them.
      const shared = port === 0 ? await freePort(host) : port;
      return runWorkers(workers, ['serve', ...argv, '--port', String(shared)]);
    }
    const server = await startServer({
      location: where,
      host,
      port,
      trustProxy: proxyHops,
      poolSize,
      collect: {
        rateLimit: { perMinute, burst: Math.max(20, Math.ceil(perMinute / 3)) },
        minElapsedMs: positiveInt('min-elapsed-ms', values['min-elapsed-ms'], 1000, 0),
      },
      worklistCountAhead: positiveInt('worklist-count', values['worklist-count'], COUNT_AHEAD),
      version: kehuVersion(),
      log: atLevel(logLevel as LogLevel, stdoutLog),
      onCreate: (dir) => console.error(t('creating', { dir })),
    });
    console.error(t('listening', { url: server.url, where: server.sql.where }));
    if (!/^(127\.|::1$|localhost$)/.test(host)) console.error(t('notLoopback', { host }));

    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        console.error(t('stopping'));
        server.close().then(resolve, (e) => {
          console.error(`kehu: ${(e as Error).message}`);
          resolve();
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    leaveCluster();
    return 0;
  });
}
