// The demo's web server on 127.0.0.1: the start page, the shop with the widgets, the mailbox, and
// the built SDK (dist/sdk/) under /sdk/ as a site would host it.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import type { DemoPerson, DemoThread } from '../data.ts';
import { type HomeConfig, homePage } from './home.ts';
import { nonce, pageLocale } from './html.ts';
import { mailboxCsp, mailboxPage } from './mailbox.ts';
import { SHOP_CSS, shopPage } from './shop.ts';

export interface PagesConfig {
  sdkDir: string;
  /** Null until the collector, the keys and the data are ready (the site key names this server's origin). */
  site: () => {
    siteKey: string;
    collectorUrl: string;
    buyer: DemoPerson;
    shoppers: DemoPerson[];
    threads: DemoThread[];
    home: Omit<HomeConfig, 'pagesUrl'>;
  } | null;
}

export interface PagesServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/** `/mailbox/?gmail=1` is what the browser `npm start` opens serves at https://mail.google.com/. */
export const GMAIL_MAILBOX_PATH = '/mailbox/?gmail=1';

export async function startPagesServer(config: PagesConfig, port: number, host = '127.0.0.1'): Promise<PagesServer> {
  // Only the files the SDK build wrote are served: no path from the request reaches the file system.
  const sdkFiles = new Set(readdirSync(config.sdkDir).filter((f) => /\.(m?js)$/.test(f)));
  let url = '';

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', url);
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': type,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(405, 'text/plain; charset=utf-8', 'GET only', { allow: 'GET, HEAD' });
    const locale = pageLocale(u, req.headers['accept-language']);
    const site = config.site();
    if (!site)
      return send(503, 'text/plain; charset=utf-8', 'The Kehu demo is still starting: try again in a few seconds.', {
        'retry-after': '2',
      });
    if (u.pathname === '/') return send(200, TYPES['.html'] as string, homePage(u, locale, { ...site.home, pagesUrl: url }));
    if (u.pathname === '/shop' || u.pathname === '/mailbox')
      return send(301, 'text/plain', '', { location: `${u.pathname}/${u.search}` });
    if (u.pathname === '/shop/') return send(200, TYPES['.html'] as string, shopPage(u, locale, site));
    if (u.pathname === '/mailbox/') {
      const n = nonce();
      return send(
        200,
        TYPES['.html'] as string,
        mailboxPage(u, locale, site.threads, { gmail: u.searchParams.has('gmail'), nonce: n }),
        {
          'content-security-policy': mailboxCsp(n),
        },
      );
    }
    if (u.pathname === '/assets/shop.css') return send(200, TYPES['.css'] as string, SHOP_CSS);
    if (u.pathname.startsWith('/sdk/')) {
      const file = u.pathname.slice('/sdk/'.length);
      if (sdkFiles.has(file)) {
        return send(200, TYPES[extname(file)] as string, readFileSync(join(config.sdkDir, file)), {
          'access-control-allow-origin': '*',
        });
      }
    }
    if (u.pathname === '/favicon.ico') return send(204, 'text/plain', '');
    send(404, 'text/plain; charset=utf-8', 'Not found');
  };

  const server: Server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      console.error(`demo pages: ${(e as Error).message}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal error');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  url = `http://${host}:${actual}`;
  return {
    url,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
