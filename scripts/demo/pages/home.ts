// The demo's start page: what is running, where, and what to try.
import type { Locale } from '#shared/i18n/locale.ts';
import type { DemoPerson } from '../data.ts';
import { esc, languageSwitch } from './html.ts';

export interface HomeConfig {
  collectorUrl: string;
  pagesUrl: string;
  token: string;
  siteKey: string;
  extensionDir: string;
  buyer: DemoPerson;
  counts: Record<string, number>;
  /** The browser `npm start` opened serves the mailbox at the real Gmail address. */
  browserOpened: boolean;
}

const TEXT = {
  en: {
    title: 'Kehu demo',
    intro:
      'Kehu shows reps who a customer is and how at risk they are, right next to the sender in their mailbox, and collects what customers say through widgets on the team’s sites. This demo runs all of it on this computer.',
    running: 'Running now',
    collector: 'Collector (team server, embedded PostgreSQL)',
    data: '{customers} customers, {contacts} contacts, {interactions} orders and returns from the real Online Retail data set, {responses} survey answers and {cases} complaints.',
    shop: 'Demo shop',
    shopWhat: 'an order confirmation page with Kehu’s survey and complaint widgets; you are signed in as {name} of {customer}.',
    mailboxGmail: 'Demo mailbox at the Gmail address',
    mailboxGmailWhat:
      'in the browser the demo opened, https://mail.google.com/ shows the demo mailbox (it never reaches Google), so Kehu’s Gmail badges appear.',
    mailboxLocal: 'Demo mailbox on this computer',
    mailboxLocalWhat:
      'a page shaped like Gmail. Kehu’s Gmail badges run only on mail.google.com; here, badges appear on the addresses written in the page once you turn on “Show badges on all web pages” in Kehu’s settings (Privacy, pages and language).',
    try: 'Try this',
    steps: [
      'Open the mailbox: every sender from a customer has a badge with the customer’s warning level (none, blue, yellow, orange, red) — in words, not only in colour. Hover or focus a badge for the reasons; click it for the side panel.',
      'In the shop, answer “How likely are you to recommend us to a friend or colleague?” with 0–3 and a comment, tick “Send my contact details … with my answer”, and press Send.',
      'In Kehu’s popup (the toolbar button) or settings, press “Sync now” (Kehu also syncs on its own every few minutes). The badge of {name} in the mailbox turns orange or red, and the answer is among the reasons.',
    ],
    connect: 'Connect the extension yourself',
    connectSteps: [
      'Load the unpacked extension from {dir} (chrome://extensions → Developer mode → Load unpacked).',
      'Open Kehu’s settings, section Team collector: Collector address {collector}, Team token {token}. Press “Test connection”, allow access when the browser asks, then “Save”.',
    ],
    keys: 'Site key of the shop: {key}. Team token (read, write, export): {token}.',
  },
  'zh-CN': {
    title: 'Kehu 演示',
    intro:
      'Kehu 在销售代表的邮箱里、发件人旁边直接显示这是哪个客户、风险有多高，并通过团队网站上的组件收集客户的声音。本演示在这台电脑上运行全部组件。',
    running: '正在运行',
    collector: '团队服务器（collector，内置 PostgreSQL）',
    data: '{customers} 个客户、{contacts} 位联系人、{interactions} 笔来自真实 Online Retail 数据集的订单和退货、{responses} 条问卷回答和 {cases} 起投诉。',
    shop: '演示商店',
    shopWhat: '带有 Kehu 问卷和投诉组件的订单确认页；当前以 {customer} 的 {name} 身份登录。',
    mailboxGmail: 'Gmail 地址上的演示邮箱',
    mailboxGmailWhat:
      '在演示打开的浏览器中，https://mail.google.com/ 显示的是演示邮箱（请求不会发往 Google），因此会出现 Kehu 的 Gmail 标记。',
    mailboxLocal: '本机上的演示邮箱',
    mailboxLocalWhat:
      '一个仿照 Gmail 的页面。Kehu 的 Gmail 标记只在 mail.google.com 上运行；在这里，需要先在 Kehu 设置的“隐私、网页与语言”中开启“在所有网页上显示客户标记”，页面中写出的邮箱地址旁才会出现标记。',
    try: '试一试',
    steps: [
      '打开邮箱：每位客户发件人旁都有标记，显示客户的预警级别（无、蓝、黄、橙、红），用文字而不只是颜色表示。鼠标悬停或键盘聚焦标记可查看原因，点击打开侧边栏。',
      '在商店中回答“您有多大可能向朋友或同事推荐我们？”，选 0–3 并写一句意见，勾选“将我的联系方式……随回答一起发送”，然后点击“提交”。',
      '在 Kehu 的弹出窗口（工具栏按钮）或设置页中点击“立即同步”（Kehu 每隔几分钟也会自动同步）。邮箱中 {name} 的标记变为橙色或红色，原因中列出这条回答。',
    ],
    connect: '自行连接扩展',
    connectSteps: [
      '从 {dir} 加载未打包的扩展（chrome://extensions → 开发者模式 → 加载已解压的扩展程序）。',
      '打开 Kehu 设置的“团队服务器”部分：服务器地址 {collector}，团队令牌 {token}。点击“测试连接”，在浏览器询问时允许访问，然后点击“保存”。',
    ],
    keys: '商店的站点密钥：{key}。团队令牌（读、写、导出）：{token}。',
  },
} satisfies Record<Locale, Record<string, string | string[]>>;

const fill = (s: string, p: Record<string, string | number>) =>
  s.replace(/\{(\w+)\}/g, (m, k: string) => (k in p ? `<code>${esc(p[k])}</code>` : m));
const plain = (s: string, p: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (m, k: string) => esc(p[k] ?? m));

export function homePage(url: URL, locale: Locale, c: HomeConfig): string {
  const t = TEXT[locale];
  const q = locale === 'zh-CN' ? '?lang=zh-CN' : '';
  const params = {
    name: c.buyer.name,
    customer: c.buyer.customerName ?? '',
    dir: c.extensionDir,
    collector: c.collectorUrl,
    token: c.token,
    key: c.siteKey,
  };
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t.title)}</title>
<link rel="stylesheet" href="/assets/shop.css">
</head>
<body>
<header class="bar"><p class="brand">Kehu 客户 <span class="tag">demo</span></p>${languageSwitch(url, locale)}</header>
<main>
<section class="card">
  <h1>${esc(t.title)}</h1>
  <p>${esc(t.intro)}</p>
  <h2>${esc(t.running)}</h2>
  <ul>
    <li><a href="${esc(c.collectorUrl)}/healthz">${esc(t.collector)}</a>: <code>${esc(c.collectorUrl)}</code> — ${plain(t.data, c.counts)}</li>
    <li><a href="/shop/${q}">${esc(t.shop)}</a>: ${plain(t.shopWhat, params)}</li>
    ${c.browserOpened ? `<li><a href="https://mail.google.com/mail/u/0/#inbox">${esc(t.mailboxGmail)}</a>: ${esc(t.mailboxGmailWhat)}</li>` : ''}
    <li><a href="/mailbox/${q}">${esc(t.mailboxLocal)}</a>: ${esc(t.mailboxLocalWhat)}</li>
  </ul>
</section>
<section class="card">
  <h2>${esc(t.try)}</h2>
  <ol>${t.steps.map((s) => `<li>${plain(s, params)}</li>`).join('')}</ol>
</section>
<section class="card">
  <h2>${esc(t.connect)}</h2>
  <ol>${t.connectSteps.map((s) => `<li>${fill(s, params)}</li>`).join('')}</ol>
  <p>${fill(t.keys, params)}</p>
</section>
</main>
</body>
</html>
`;
}
