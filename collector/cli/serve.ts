// kehu serve [--host 127.0.0.1] [--port 8787] [--data DIR | --database-url URL]
import { stdoutLog } from '../http/app.ts';
import { LOG_LEVELS, type LogLevel, atLevel } from '../log-level.ts';
import { startServer } from '../server.ts';
import { STORE_HELP, STORE_OPTIONS, UsageError, command, location, parse } from './args.ts';
import { kehuVersion } from './io.ts';
import { help, t } from './text.ts';

const USAGE = () =>
  help({
    en: `usage: kehu serve [--host 127.0.0.1] [--port 8787] [--data DIR | --database-url URL] [options]

Runs the collector: survey answers from sites, sync for the team's extensions, exports.
${STORE_HELP}
  --host HOST           address to listen on (default HOST, else 127.0.0.1)
  --port PORT           port (default PORT, else 8787; 0 picks a free one)
  --trust-proxy         take client addresses from X-Forwarded-For (only behind your own proxy)
  --rate-limit N        answers per minute per site key and client address (default 60)
  --min-elapsed-ms MS   answers given faster are taken for bots (default 1000)
  --log-level LEVEL     debug, info (default; one line per request), warn, error or off; also KEHU_LOG_LEVEL`,
    'zh-CN': `用法：kehu serve [--host 127.0.0.1] [--port 8787] [--data 目录 | --database-url URL] [选项]

运行收集服务：接收网站的问卷回答，为团队的扩展同步数据，提供导出。
  --data 目录           内置存储的目录（默认 KEHU_DATA，否则 ./.kehu/data）
  --database-url URL    改用 PostgreSQL（也读取 DATABASE_URL）
  --host 地址           监听地址（默认 HOST，否则 127.0.0.1）
  --port 端口           端口（默认 PORT，否则 8787；0 表示任选空闲端口）
  --trust-proxy         从 X-Forwarded-For 读取客户端地址（仅在自己的反向代理之后使用）
  --rate-limit N        每个站点密钥和客户端地址每分钟允许的回答数（默认 60）
  --min-elapsed-ms 毫秒 比这更快的回答视为机器人（默认 1000）
  --log-level 级别      debug、info（默认；每个请求一行）、warn、error 或 off；也读取 KEHU_LOG_LEVEL`,
  });

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
      'trust-proxy': { type: 'boolean', default: false },
      'rate-limit': { type: 'string' },
      'min-elapsed-ms': { type: 'string' },
      'log-level': { type: 'string' },
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
    const server = await startServer({
      location: location(values),
      host,
      port,
      trustProxy: values['trust-proxy'] ?? false,
      collect: {
        rateLimit: { perMinute, burst: Math.max(20, Math.ceil(perMinute / 3)) },
        minElapsedMs: positiveInt('min-elapsed-ms', values['min-elapsed-ms'], 1000, 0),
      },
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
    return 0;
  });
}
