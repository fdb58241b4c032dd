// The demo mailbox: a page shaped like Gmail, with the markup Kehu's Gmail adapter reads (the
// same selectors public Gmail tooling relies on, see tests/fixtures/webmail/README.md): inbox rows
// `tr.zA` with the sender in `span.zF[email]` (unread) or `span.yP[email]` (read); an open thread
// with the subject in `h2.hP`, messages `[data-message-id]`, the sender `span.gD[email]`, the
// recipients `span.g2[email]`, the date `span.g3[title]`. Views switch by hash, like Gmail:
// `#inbox`, `#inbox/<thread id>`. The rep's address is in the title, as in Gmail, so it gets no badge.
//
// Served two ways: at the real Gmail address in the browser `npm start` opens (Playwright routes
// https://mail.google.com/** to it, so the extension's Gmail content script runs), and at
// http://127.0.0.1:<port>/mailbox/, where Kehu's optional "all web pages" setting badges the
// addresses written in it (in that mode the inbox rows show the sender's address too).
import type { Locale } from '#shared/i18n/locale.ts';
import { DEMO_REP, type DemoThread } from '../data.ts';
import { esc, languageSwitch, scriptJson } from './html.ts';

const TEXT = {
  en: {
    compose: 'Compose',
    inbox: 'Inbox',
    starred: 'Starred',
    sent: 'Sent',
    search: 'Search mail',
    back: 'Back to Inbox',
    to: 'to',
    me: 'me',
    reply: 'Reply',
    forward: 'Forward',
    notFound: 'Conversation not found',
    demo: 'Kehu demo mailbox — not Gmail. Its markup follows Gmail’s, so Kehu’s badges appear as they do in Gmail.',
    mailList: 'Conversations',
    folders: 'Folders',
    from: 'From',
    subject: 'Subject',
    date: 'Date',
  },
  'zh-CN': {
    compose: '写邮件',
    inbox: '收件箱',
    starred: '已加星标',
    sent: '已发送',
    search: '搜索邮件',
    back: '返回收件箱',
    to: '发送至',
    me: '我',
    reply: '回复',
    forward: '转发',
    notFound: '找不到该会话',
    demo: 'Kehu 演示邮箱，并非 Gmail。页面结构与 Gmail 相同，Kehu 的标记会像在 Gmail 中一样出现。',
    mailList: '会话列表',
    folders: '文件夹',
    from: '发件人',
    subject: '主题',
    date: '日期',
  },
} satisfies Record<Locale, Record<string, string>>;

export interface MailboxOptions {
  /** Served at the real Gmail address: no addresses in the inbox rows, as in Gmail. */
  gmail: boolean;
  nonce: string;
}

/** The Content-Security-Policy the page is served with: as strict as Gmail's (nonces, Trusted Types). */
export function mailboxCsp(nonce: string): string {
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'none'; require-trusted-types-for 'script'; trusted-types 'none'; base-uri 'none'; form-action 'none'`;
}

export function mailboxPage(url: URL, locale: Locale, threads: DemoThread[], options: MailboxOptions): string {
  const t = TEXT[locale];
  const unread = threads.filter((x) => x.unread).length;
  const data = {
    rep: DEMO_REP,
    unread,
    gmail: options.gmail,
    locale,
    text: t,
    threads: threads.map((x) => ({
      id: x.id,
      subject: x.subject,
      body: x.body,
      sentAt: x.sentAt,
      unread: x.unread,
      from: { email: x.from.email, name: x.from.name },
    })),
  };
  const n = esc(options.nonce);
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${t.inbox} (${unread}) - ${DEMO_REP.email} - Gmail`)}</title>
<style nonce="${n}">${MAILBOX_CSS}</style>
</head>
<body>
<header>
  <div class="top">
    <span class="logo" aria-hidden="true">✉</span><span class="product">Gmail</span>
    <h1 class="sr">${esc(t.inbox)}</h1>
    <div class="search" role="search"><label class="sr" for="q">${esc(t.search)}</label><input id="q" type="search" placeholder="${esc(t.search)}"></div>
    ${options.gmail ? '' : languageSwitch(url, locale)}
  </div>
  <p class="demo-note">${esc(t.demo)}</p>
</header>
<div class="layout">
  <nav class="side" aria-label="${esc(t.folders)}">
    <button type="button" class="compose">${esc(t.compose)}</button>
    <a class="folder current" href="#inbox" aria-current="page">${esc(t.inbox)} <span class="count">${unread}</span></a>
    <a class="folder" href="#inbox">${esc(t.starred)}</a>
    <a class="folder" href="#inbox">${esc(t.sent)}</a>
  </nav>
  <div id="main" role="main"></div>
</div>
<script nonce="${n}">window.KEHU_DEMO_MAIL = ${scriptJson(data)};</script>
<script nonce="${n}">${MAILBOX_SCRIPT}</script>
</body>
</html>
`;
}

const MAILBOX_CSS = `
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 Roboto, Arial, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #1f1f1f; background: #f6f8fc; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.top { display: flex; align-items: center; gap: 12px; height: 64px; padding: 0 16px; }
.logo { font-size: 24px; color: #c5221f; }
.product { font-size: 22px; color: #444746; min-width: 160px; }
.search { flex: 1; max-width: 720px; }
.search input { width: 100%; height: 46px; border: 0; border-radius: 24px; background: #e9eef6; padding: 0 20px; font: inherit; font-size: 16px; }
.lang { margin-left: auto; }
.demo-note { margin: 0 16px 8px 256px; color: #5e5e5e; font-size: 12px; }
.layout { display: flex; }
.side { width: 240px; flex: none; padding: 0 8px; display: flex; flex-direction: column; gap: 2px; }
.compose { align-self: flex-start; margin: 0 0 16px 8px; height: 56px; padding: 0 24px; border: 0; border-radius: 16px; background: #c2e7ff; font: inherit; font-weight: 500; cursor: pointer; }
.folder { display: flex; justify-content: space-between; padding: 4px 12px 4px 24px; border-radius: 0 16px 16px 0; color: #1f1f1f; text-decoration: none; height: 32px; align-items: center; }
.folder.current { background: #d3e3fd; font-weight: 700; }
#main { flex: 1; min-width: 0; background: #fff; border-radius: 16px; margin-right: 16px; min-height: 70vh; padding: 8px 0; }
table.F { border-collapse: collapse; width: 100%; table-layout: fixed; }
tr.zA { height: 40px; border-bottom: 1px solid #f1f3f4; cursor: pointer; }
tr.zA:hover { box-shadow: inset 1px 0 0 #dadce0, inset -1px 0 0 #dadce0, 0 1px 2px rgba(60,64,67,.3); }
tr.zA:focus { outline: 2px solid #0b57d0; outline-offset: -2px; }
tr.zA td { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; padding: 0 8px; }
tr.zE { background: #fff; font-weight: 700; }
tr.yO { background: #f2f6fc; }
td.yX { width: 260px; padding-left: 24px !important; }
td.xW { width: 90px; text-align: right; padding-right: 16px !important; font-size: 12px; }
.addr { color: #5e5e5e; font-weight: 400; font-size: 12px; margin-left: 4px; }
.y2 { color: #5e5e5e; font-weight: 400; }
.thread { padding: 8px 24px 24px; }
.back { font: inherit; border: 0; background: none; color: #0b57d0; cursor: pointer; padding: 8px 0; }
h2.hP { font-size: 22px; font-weight: 400; margin: 8px 0 16px; }
.adn { border-top: 1px solid #eceff1; padding: 12px 0; }
.gE { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
.gD { font-weight: 700; }
.go { color: #5e5e5e; font-size: 12px; }
.g3 { margin-left: auto; color: #5e5e5e; font-size: 12px; }
.ajw { color: #5e5e5e; font-size: 12px; margin-top: 2px; }
.a3s { margin-top: 16px; white-space: pre-wrap; font-size: 14px; }
.actions { display: flex; gap: 8px; margin-top: 24px; }
.actions button { font: inherit; border: 1px solid #747775; border-radius: 18px; background: #fff; padding: 6px 20px; cursor: pointer; }
`;

// The page's own script: renders the inbox or a thread from KEHU_DEMO_MAIL, by the hash.
// DOM methods and textContent only (the page requires Trusted Types, like Gmail).
const MAILBOX_SCRIPT = `
(() => {
  const D = window.KEHU_DEMO_MAIL;
  const T = D.text;
  const main = document.getElementById('main');
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c);
    return e;
  }
  const fmt = (iso, long) => new Date(iso).toLocaleString(D.locale, long
    ? { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }
    : { month: 'short', day: 'numeric' });
  const snippet = (body) => body.replace(/\\s+/g, ' ').slice(0, 90);

  function row(t) {
    const sender = el('span', { class: t.unread ? 'zF' : 'yP', email: t.from.email, name: t.from.name }, t.from.name);
    const who = el('span', { class: 'bA4' }, sender);
    if (!D.gmail) who.append(el('span', { class: 'addr' }, t.from.email));
    const tr = el('tr', { class: 'zA ' + (t.unread ? 'zE' : 'yO'), tabindex: '0', 'data-thread-id': t.id },
      el('td', { class: 'yX xY' }, el('div', { class: 'yW' }, who)),
      el('td', { class: 'xY a4W' }, el('span', { class: 'bog' }, t.subject), el('span', { class: 'y2' }, ' – ' + snippet(t.body))),
      el('td', { class: 'xW xY' }, el('span', { title: fmt(t.sentAt, true) }, fmt(t.sentAt, false))));
    const open = () => { location.hash = 'inbox/' + t.id; };
    tr.addEventListener('click', open);
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
    return tr;
  }

  function inbox() {
    return el('table', { class: 'F cf zt', role: 'grid', 'aria-label': T.mailList },
      el('tbody', {}, ...D.threads.map(row)));
  }

  function thread(id) {
    const t = D.threads.find((x) => x.id === id);
    if (!t) return el('p', { class: 'thread' }, T.notFound);
    const back = el('button', { type: 'button', class: 'back' }, '← ' + T.back);
    back.addEventListener('click', () => { location.hash = 'inbox'; });
    const date = fmt(t.sentAt, true);
    const message = el('div', { class: 'adn ads', 'data-message-id': '#msg-f:' + t.id, 'data-legacy-message-id': 'msg-' + t.id, role: 'listitem' },
      el('div', { class: 'gE iv gt' },
        el('h3', { class: 'iw' }, el('span', { class: 'gD', email: t.from.email, name: t.from.name, 'data-hovercard-id': t.from.email }, t.from.name)),
        el('span', { class: 'go' }, '<' + t.from.email + '>'),
        el('span', { class: 'g3', title: new Date(t.sentAt).toString() }, date)),
      el('div', { class: 'iw ajw' }, T.to + ' ', el('span', { class: 'g2', email: D.rep.email, name: D.rep.name }, T.me)),
      el('div', { class: 'a3s aiL' }, t.body),
      el('div', { class: 'actions' }, el('button', { type: 'button' }, T.reply), el('button', { type: 'button' }, T.forward)));
    return el('div', { class: 'thread' }, back,
      el('h2', { class: 'hP', 'data-legacy-thread-id': t.id, 'data-thread-perm-id': 'thread-f:' + t.id }, t.subject),
      el('div', { role: 'list' }, message));
  }

  function route() {
    const id = (location.hash.slice(1) || 'inbox').split('/')[1];
    main.replaceChildren(id ? thread(id) : inbox());
    document.title = (id ? (D.threads.find((x) => x.id === id) || { subject: T.inbox }).subject : T.inbox + ' (' + D.unread + ')') + ' - ' + D.rep.email + ' - Gmail';
    if (id) main.querySelector('.back').focus();
  }
  addEventListener('hashchange', route);
  route();
})();
`;
