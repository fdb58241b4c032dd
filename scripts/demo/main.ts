// The demo `npm start` runs after the build: the collector on embedded PGlite with the demo
// workspace and data, the demo pages (shop, mailbox), and — when there is a display and a
// Chromium — a browser with the extension loaded and connected. Ctrl-C stops everything.
//
//   npm start [-- --headless] [--data DIR] [--collector-port N] [--pages-port N] [--customers N] [--reset]
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Locale, pickLocale } from '#shared/i18n/locale.ts';
import { type RunningServer, startServer } from '../../collector/server.ts';
import { readInvoices } from '../online-retail.ts';
import type { DemoBrowser } from './browser.ts';
import { buildDemoData, DEFAULT_CUSTOMERS } from './data.ts';
import { type PagesServer, startPagesServer } from './pages/server.ts';
import { type DemoPeople, DemoFolder, ensureKeys, importFiles, peopleOf } from './workspace.ts';

const REPO = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = resolve(REPO, 'dist/extension/chrome-mv3');
export const FIREFOX_DIR = resolve(REPO, 'dist/extension/firefox-mv2');
const SDK_DIR = resolve(REPO, 'dist/sdk');

export interface DemoOptions {
  /** The demo folder (default .kehu/demo). */
  dir: string;
  collectorPort: number;
  pagesPort: number;
  customers: number;
  /** Chromium to open, or null for none (no display, no Chromium, or --headless). */
  chromiumPath: string | null;
  say: (line: string) => void;
  locale: Locale;
  now?: () => number;
}

export interface RunningDemo {
  collectorUrl: string;
  pagesUrl: string;
  token: string;
  siteKey: string;
  people: DemoPeople;
  /** Whether the data was loaded by this start (false: reused). */
  loadedNow: boolean;
  browser: DemoBrowser | null;
  close(): Promise<void>;
}

const MESSAGES = {
  en: {
    building: 'Building the demo data from the Online Retail orders…',
    built:
      '  {customers} customers, {contacts} contacts, {interactions} orders and returns, {responses} answers, {cases} complaints (levels: {levels})',
    loading: 'Loading the demo data into the collector…',
    loaded: '  {entity}: {added} added, {updated} updated, {unchanged} unchanged',
    reused: 'Reusing the demo workspace in {dir} (data loaded {at}).',
    opening: 'Opening Chromium with the extension, connected to the demo collector…',
    synced: '  the extension pulled {pulled} records from the collector',
    browserFailed:
      'Could not open the browser ({error}). Everything else is running: see below for loading the extension yourself.',
    browserClosed: 'The browser was closed. The servers keep running; Ctrl-C stops them.',
    portBusy:
      'Port {port} on 127.0.0.1 is in use (another "npm start" or "kehu serve"?). Stop it, or pick another port with {flag} N.',
  },
  'zh-CN': {
    building: '正在根据 Online Retail 订单生成演示数据……',
    built:
      '  {customers} 个客户、{contacts} 位联系人、{interactions} 笔订单和退货、{responses} 条回答、{cases} 起投诉（级别：{levels}）',
    loading: '正在把演示数据导入团队服务器……',
    loaded: '  {entity}：新增 {added}，更新 {updated}，未变 {unchanged}',
    reused: '沿用 {dir} 中的演示工作区（数据导入于 {at}）。',
    opening: '正在打开 Chromium，加载扩展并连接演示团队服务器……',
    synced: '  扩展从团队服务器取得了 {pulled} 条记录',
    browserFailed: '无法打开浏览器（{error}）。其余部分都在运行：请按下面的说明自行加载扩展。',
    browserClosed: '浏览器已关闭。服务仍在运行，按 Ctrl-C 停止。',
    portBusy: '127.0.0.1 的端口 {port} 已被占用（另一个 “npm start” 或 “kehu serve”？）。请先停止它，或用 {flag} N 换一个端口。',
  },
} satisfies Record<Locale, Record<string, string>>;

const fill = (s: string, p: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (m, k: string) => String(p[k] ?? m));

/** Start the demo; resolves when everything is ready. */
export async function startDemo(o: DemoOptions): Promise<RunningDemo> {
  const m = MESSAGES[o.locale];
  const now = o.now ?? Date.now;
  const folder = new DemoFolder(o.dir);
  let ws = folder.read((w) => o.say(`! ${w}`));
  mkdirSync(o.dir, { recursive: true });
  const log = createWriteStream(folder.logFile, { flags: 'a' });
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch((e) => o.say(`! ${(e as Error).message}`));
    await new Promise<void>((r) => log.end(() => r()));
    rmSync(folder.runningFile, { force: true });
  };

  try {
    if (!existsSync(resolve(SDK_DIR, 'kehu.js'))) throw new Error(`no SDK build in ${SDK_DIR}: run "npm run build"`);
    // The pages first: the site key names the shop's origin.
    let people: DemoPeople | null = ws.data;
    let site: { siteKey: string; collectorUrl: string } | null = null;
    let browserOpened = false;
    let ready = false;
    const pages: PagesServer = await listenOrExplain(
      () =>
        startPagesServer(
          {
            sdkDir: SDK_DIR,
            site: () => {
              if (!people || !site || !ready) return null;
              return {
                ...site,
                buyer: people.buyer,
                shoppers: people.shoppers,
                threads: people.threads,
                home: {
                  ...site,
                  token: ws.token ?? '',
                  extensionDir: EXTENSION_DIR,
                  buyer: people.buyer,
                  counts: people.counts,
                  browserOpened,
                },
              };
            },
          },
          o.pagesPort,
        ),
      o.pagesPort,
      '--pages-port',
      m,
    );
    closers.push(() => pages.close());

    const collector: RunningServer = await listenOrExplain(
      () =>
        startServer({
          location: { kind: 'pglite', dir: folder.dataDir },
          host: '127.0.0.1',
          port: o.collectorPort,
          log: (entry) => log.write(`${JSON.stringify(entry)}\n`),
          version: 'demo',
        }),
      o.collectorPort,
      '--collector-port',
      m,
    );
    closers.push(() => collector.close());

    const keys = await ensureKeys(collector.sql, ws, new URL(pages.url).origin, new Date(now()).toISOString());
    // A store that did not know our token is not the one the data went into (its folder was removed):
    // load the data again (imports are idempotent, so nothing doubles).
    ws = keys.tokenKnown ? keys.ws : { ...keys.ws, loadedAt: null };
    folder.write(ws);
    site = { siteKey: ws.siteKey?.key as string, collectorUrl: collector.url };

    let loadedNow = false;
    if (!ws.loadedAt || !people) {
      if (!people || !folder.hasFiles()) {
        o.say(m.building);
        const data = await buildDemoData(await readInvoices(), { now: now(), customers: o.customers });
        folder.writeFiles(data.files);
        people = peopleOf(data);
        ws = { ...ws, data: people, loadedAt: null };
        folder.write(ws);
        o.say(
          fill(m.built, {
            ...data.counts,
            levels: Object.entries(data.levels)
              .map(([l, n]) => `${l} ${n}`)
              .join(', '),
          }),
        );
      }
      o.say(m.loading);
      await importFiles(
        collector.url,
        ws.token as string,
        (e) => folder.readFile(e),
        (entity, added, updated, unchanged) => o.say(fill(m.loaded, { entity, added, updated, unchanged })),
      );
      ws = { ...ws, loadedAt: new Date(now()).toISOString() };
      folder.write(ws);
      loadedNow = true;
    } else {
      o.say(fill(m.reused, { dir: o.dir, at: ws.loadedAt }));
    }

    ready = true;
    let browser: DemoBrowser | null = null;
    if (o.chromiumPath) {
      o.say(m.opening);
      const { launchDemoBrowser } = await import('./browser.ts');
      try {
        browserOpened = true;
        browser = await launchDemoBrowser({
          chromiumPath: o.chromiumPath,
          extensionDir: EXTENSION_DIR,
          profileDir: folder.profileDir,
          pagesUrl: pages.url,
          collector: { url: collector.url, token: ws.token as string },
          onSynced: (r) => o.say(fill(m.synced, { pulled: r.progress.pulled })),
        });
        const opened = browser;
        let closing = false;
        closers.push(async () => {
          closing = true;
          await opened.close();
        });
        opened.context.on('close', () => {
          if (!closing) o.say(m.browserClosed);
        });
      } catch (e) {
        browserOpened = false;
        o.say(fill(m.browserFailed, { error: (e as Error).message.split('\n')[0] ?? '' }));
      }
    }

    const running = {
      pid: process.pid,
      collectorUrl: collector.url,
      pagesUrl: pages.url,
      dataDir: folder.dataDir,
      extensionDir: EXTENSION_DIR,
    };
    writeFileSync(folder.runningFile, `${JSON.stringify(running, null, 2)}\n`);
    return {
      collectorUrl: collector.url,
      pagesUrl: pages.url,
      token: ws.token as string,
      siteKey: site.siteKey,
      people: people as DemoPeople,
      loadedNow,
      browser,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

async function listenOrExplain<T>(start: () => Promise<T>, port: number, flag: string, m: (typeof MESSAGES)['en']): Promise<T> {
  try {
    return await start();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(fill(m.portBusy, { port, flag }));
    throw e;
  }
}

// ---- the command line ----

const TEXT = {
  en: {
    ready: '✔ Kehu demo is ready ({seconds} s).',
    collector: 'Collector (team server, PGlite in {dir})',
    shop: 'Demo shop with the survey widgets',
    mailbox: 'Demo mailbox',
    teamConsole: 'Team console (signed in in the demo browser; elsewhere sign in with the team token below)',
    start: 'Start page (what to try)',
    browser:
      'Chromium is open with Kehu loaded and connected. In that browser, https://mail.google.com/ is the demo mailbox (served by this demo; nothing reaches Google), so the Gmail badges appear there.',
    noBrowser: 'No browser opened ({why}). To try the extension:',
    whyHeadless: '--headless',
    whyDisplay: 'no display: $DISPLAY and $WAYLAND_DISPLAY are not set',
    whyChromium: 'no Chromium found: set CHROME_PATH, or install Debian’s chromium package',
    load: [
      'Chrome or Edge: open chrome://extensions, turn on Developer mode, click “Load unpacked” and pick {dir}',
      'Firefox: open about:debugging#/runtime/this-firefox, click “Load Temporary Add-on…” and pick {firefox}/manifest.json',
      'Connect it: Kehu’s settings → Team collector: Collector address {collector}, Team token {token} → Test connection (allow access) → Save',
      'The mailbox at {mailbox} is shaped like Gmail, but Kehu’s Gmail badges run only on mail.google.com. To see badges on it, turn on “Show badges on all web pages” in Kehu’s settings (Privacy, pages and language): the addresses written in the page then get their badges.',
    ],
    keys: 'Site key {key} (allowed origin {origin}); team token {token} (read, write, export). Both are kept in {dir}/workspace.json.',
    files: 'The demo data as interchange files (import them into the extension to try importing): {dir}/files/',
    stop: 'Ctrl-C stops everything; "npm start" again reuses the data ("npm start -- --reset" starts over).',
    stopping: 'Stopping the browser, the servers and the collector…',
    stillStopping: 'Still stopping…',
    stopped: 'Stopped.',
    tooSlow: 'Stopping took longer than 20 s: exiting anyway.',
    failed: 'The demo could not start: {message}',
    reset: 'Removed the demo workspace {dir}.',
    usage:
      'usage: npm start [-- --headless] [--reset] [--no-build] [--data DIR] [--collector-port N] [--pages-port N] [--customers N]\n  --customers applies when the data is first built (a new workspace, or with --reset).',
  },
  'zh-CN': {
    ready: '✔ Kehu 演示已就绪（{seconds} 秒）。',
    collector: '团队服务器（collector，PGlite 数据在 {dir}）',
    shop: '带问卷组件的演示商店',
    mailbox: '演示邮箱',
    teamConsole: '团队控制台（演示浏览器中已登录；在其他浏览器中用下面的团队令牌登录）',
    start: '开始页（可以试什么）',
    browser:
      'Chromium 已打开，Kehu 已加载并连接团队服务器。在这个浏览器中，https://mail.google.com/ 是演示邮箱（由本演示提供，请求不会发往 Google），因此那里会出现 Gmail 标记。',
    noBrowser: '未打开浏览器（{why}）。试用扩展的方法：',
    whyHeadless: '--headless',
    whyDisplay: '没有显示器：未设置 $DISPLAY 和 $WAYLAND_DISPLAY',
    whyChromium: '找不到 Chromium：请设置 CHROME_PATH，或安装 Debian 的 chromium 软件包',
    load: [
      'Chrome 或 Edge：打开 chrome://extensions，开启“开发者模式”，点击“加载已解压的扩展程序”，选择 {dir}',
      'Firefox：打开 about:debugging#/runtime/this-firefox，点击“临时载入附加组件…”，选择 {firefox}/manifest.json',
      '连接：Kehu 设置 → 团队服务器：服务器地址 {collector}，团队令牌 {token} → 测试连接（允许访问）→ 保存',
      '{mailbox} 上的邮箱仿照 Gmail，但 Kehu 的 Gmail 标记只在 mail.google.com 上运行。要在这里看到标记，请在 Kehu 设置的“隐私、网页与语言”中开启“在所有网页上显示客户标记”，页面中写出的邮箱地址就会显示标记。',
    ],
    keys: '站点密钥 {key}（允许来源 {origin}）；团队令牌 {token}（读、写、导出）。两者都保存在 {dir}/workspace.json。',
    files: '演示数据的交换文件（可导入扩展试用导入功能）：{dir}/files/',
    stop: '按 Ctrl-C 停止全部；再次运行 “npm start” 会沿用数据（“npm start -- --reset” 重新开始）。',
    stopping: '正在停止浏览器、演示页面和团队服务器……',
    stillStopping: '仍在停止……',
    stopped: '已停止。',
    tooSlow: '停止超过 20 秒：直接退出。',
    failed: '演示无法启动：{message}',
    reset: '已删除演示工作区 {dir}。',
    usage:
      '用法：npm start [-- --headless] [--reset] [--no-build] [--data 目录] [--collector-port 端口] [--pages-port 端口] [--customers 数量]\n  --customers 只在首次生成数据时生效（新的工作区，或使用 --reset）。',
  },
};

export function demoLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  return pickLocale((env.LC_ALL || env.LC_MESSAGES || env.LANG || '').replace(/_/g, '-'));
}

function port(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${flag} must be a port number (0 picks a free one)`);
  return n;
}

/**
 * `npm start` after the build. `findChromium` is scripts/ensure-browsers.mjs's; the process
 * stays up until SIGINT, SIGTERM or SIGHUP, then closes everything and exits.
 */
export async function main(argv: string[], findChromium: () => string | null): Promise<void> {
  const started = performance.now();
  const locale = demoLocale();
  const t = TEXT[locale];

  let options: DemoOptions;
  let why: string;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        headless: { type: 'boolean', default: false },
        data: { type: 'string', default: '.kehu/demo' },
        'collector-port': { type: 'string' },
        'pages-port': { type: 'string' },
        customers: { type: 'string' },
        reset: { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
      },
      strict: true,
    });
    const dir = resolve(values.data as string);
    const customers = values.customers === undefined ? DEFAULT_CUSTOMERS : Number(values.customers);
    if (!Number.isInteger(customers) || customers < 50 || customers > 4000) {
      throw new Error('--customers must be a whole number from 50 to 4000');
    }
    if (values.reset && existsSync(dir)) {
      rmSync(dir, { recursive: true, force: true });
      console.log(fill(t.reset, { dir }));
    }
    const display = !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
    const chromium = values.headless || !display ? null : findChromium();
    why = values.headless ? t.whyHeadless : !display ? t.whyDisplay : t.whyChromium;
    options = {
      dir,
      collectorPort: port(values['collector-port'], 8787, '--collector-port'),
      pagesPort: port(values['pages-port'], 8788, '--pages-port'),
      customers,
      chromiumPath: chromium,
      say: (line) => console.log(line),
      locale,
    };
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${t.usage}`);
    process.exit(2);
  }

  // Ctrl-C at any moment: during the start it waits for the start to finish (or fail), then stops.
  let demo: RunningDemo | null = null;
  let stopping = false;
  const stop = () => {
    if (stopping) {
      console.log(t.stillStopping);
      return;
    }
    stopping = true;
    console.log(`\n${t.stopping}`);
    setTimeout(() => {
      console.error(t.tooSlow);
      process.exit(1);
    }, 20_000).unref();
    if (demo) void finish(demo);
  };
  const finish = (running: RunningDemo) =>
    running.close().then(
      () => {
        console.log(t.stopped);
        process.exit(0);
      },
      (e) => {
        console.error((e as Error).message);
        process.exit(1);
      },
    );
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);

  try {
    demo = await startDemo(options);
  } catch (e) {
    console.error(fill(t.failed, { message: (e as Error).message }));
    process.exit(1);
  }
  if (stopping) {
    await finish(demo);
    return;
  }

  const q = locale === 'zh-CN' ? '?lang=zh-CN' : '';
  const lines = [
    '',
    fill(t.ready, { seconds: ((performance.now() - started) / 1000).toFixed(1) }),
    '',
    `  ${t.start}: ${demo.pagesUrl}/${q}`,
    `  ${t.shop}: ${demo.pagesUrl}/shop/${q}`,
    `  ${t.mailbox}: ${demo.pagesUrl}/mailbox/${q}`,
    `  ${fill(t.collector, { dir: resolve(options.dir, 'data') })}: ${demo.collectorUrl}`,
    `  ${t.teamConsole}: ${demo.collectorUrl}/console/`,
    '',
  ];
  if (demo.browser) lines.push(`  ${t.browser}`);
  else {
    lines.push(`  ${fill(t.noBrowser, { why })}`);
    const p = {
      dir: EXTENSION_DIR,
      firefox: FIREFOX_DIR,
      collector: demo.collectorUrl,
      token: demo.token,
      mailbox: `${demo.pagesUrl}/mailbox/`,
    };
    for (const [i, line] of t.load.entries()) lines.push(`    ${i + 1}. ${fill(line, p)}`);
  }
  lines.push(
    '',
    `  ${fill(t.keys, { key: demo.siteKey, origin: new URL(demo.pagesUrl).origin, token: demo.token, dir: options.dir })}`,
    `  ${fill(t.files, { dir: options.dir })}`,
    '',
    `  ${t.stop}`,
  );
  console.log(lines.join('\n'));
}
