// The demo shop: an order confirmation page of a wholesaler's web shop, with Kehu's survey and
// feedback widgets embedded exactly as a site would embed them (one script tag, the elements).
// The signed-in buyer is one of the demo's contacts, so an answer lands on their customer.
import type { Locale } from '#shared/i18n/locale.ts';
import type { DemoPerson } from '../data.ts';
import { esc, languageSwitch } from './html.ts';

export interface ShopConfig {
  siteKey: string;
  collectorUrl: string;
  buyer: DemoPerson;
  shoppers: DemoPerson[];
}

const TEXT = {
  en: {
    title: 'Teacup Wholesale — order confirmed',
    shop: 'Teacup Wholesale',
    demo: 'demo shop',
    signedIn: 'Signed in as',
    switchTo: 'Shop as',
    switchButton: 'Switch',
    thanks: 'Thank you, {name}! Your order is confirmed.',
    order: 'Order {number} for {customer} will ship within three working days.',
    item: 'Item',
    qty: 'Quantity',
    items: ['White hanging heart T-light holder', 'Regency cakestand, 3 tier', 'Jumbo bag, red retrospot'],
    npsHeading: 'One question',
    csatHeading: 'Your last delivery',
    csatQuestion: 'How satisfied were you with your last delivery?',
    complaintHeading: 'Something wrong with an order?',
    about:
      'This page is part of the Kehu demo. The widgets send answers to the demo collector at {collector} with the site key {key}; the collector matches the buyer’s address to their customer, and the reps’ extensions pull the answer on their next sync. View the page source to see how they are embedded.',
  },
  'zh-CN': {
    title: '茶杯批发 — 订单已确认',
    shop: '茶杯批发',
    demo: '演示商店',
    signedIn: '当前登录',
    switchTo: '切换买家',
    switchButton: '切换',
    thanks: '谢谢，{name}！您的订单已确认。',
    order: '{customer} 的订单 {number} 将在三个工作日内发货。',
    item: '商品',
    qty: '数量',
    items: ['白色心形挂式烛台', '三层摄政蛋糕架', '红色圆点大号购物袋'],
    npsHeading: '一个问题',
    csatHeading: '最近一次送货',
    csatQuestion: '您对最近一次送货满意吗？',
    complaintHeading: '订单有问题？',
    about:
      '本页面是 Kehu 演示的一部分。页面上的组件把回答发送到演示团队服务器（collector）{collector}，站点密钥为 {key}；服务器按买家的邮箱地址找到对应客户，销售代表的扩展在下次同步时取得这条回答。查看网页源代码即可了解嵌入方式。',
  },
} satisfies Record<Locale, Record<string, string | string[]>>;

const fill = (s: string, p: Record<string, string>) => s.replace(/\{(\w+)\}/g, (m, k: string) => esc(p[k] ?? m));

export function shopPage(url: URL, locale: Locale, config: ShopConfig): string {
  const t = TEXT[locale];
  const people = [config.buyer, ...config.shoppers];
  const asked = url.searchParams.get('buyer');
  const buyer = people.find((p) => p.email === asked) ?? config.buyer;
  const first = buyer.chinese ? buyer.name : (buyer.name.split(' ')[0] ?? buyer.name);
  const number = `#${(581_000 + ((buyer.email.length * 37) % 900)).toString()}`;
  const widget = (tag: string, attrs: string) =>
    `<${tag} ${attrs} site-key="${esc(config.siteKey)}" endpoint="${esc(config.collectorUrl)}" locale="${locale}" respondent-email="${esc(buyer.email)}" respondent-name="${esc(buyer.name)}"></${tag}>`;
  const options = people
    .map(
      (p) =>
        `<option value="${esc(p.email)}"${p.email === buyer.email ? ' selected' : ''}>${esc(p.name)} — ${esc(p.customerName ?? '')}</option>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t.title)}</title>
<link rel="stylesheet" href="/assets/shop.css">
<script src="/sdk/kehu.js" defer></script>
</head>
<body>
<header class="bar">
  <p class="brand">${esc(t.shop)} <span class="tag">${esc(t.demo)}</span></p>
  <form class="who" method="get" action="/shop/">
    <span>${esc(t.signedIn)} <strong>${esc(buyer.name)}</strong> (${esc(buyer.customerName ?? '')})</span>
    <label for="buyer">${esc(t.switchTo)}</label>
    <select id="buyer" name="buyer">${options}</select>
    <input type="hidden" name="lang" value="${locale}">
    <button type="submit">${esc(t.switchButton)}</button>
  </form>
  ${languageSwitch(url, locale)}
</header>
<main>
  <section class="card" aria-labelledby="confirmed">
    <h1 id="confirmed">${fill(t.thanks, { name: first })}</h1>
    <p>${fill(t.order, { number, customer: buyer.customerName ?? '' })}</p>
    <table>
      <thead><tr><th scope="col">${esc(t.item)}</th><th scope="col">${esc(t.qty)}</th></tr></thead>
      <tbody>${t.items.map((item, i) => `<tr><td>${esc(item)}</td><td>${[32, 4, 100][i]}</td></tr>`).join('')}</tbody>
    </table>
  </section>
  <section class="card" aria-labelledby="nps-heading">
    <h2 id="nps-heading">${esc(t.npsHeading)}</h2>
    ${widget('kehu-survey', 'kind="nps"')}
  </section>
  <section class="card" aria-labelledby="csat-heading">
    <h2 id="csat-heading">${esc(t.csatHeading)}</h2>
    ${widget('kehu-survey', `kind="csat" question="${esc(t.csatQuestion)}"`)}
  </section>
  <section class="card" aria-labelledby="complaint-heading">
    <h2 id="complaint-heading">${esc(t.complaintHeading)}</h2>
    ${widget('kehu-feedback', 'topic="complaint"')}
  </section>
</main>
<footer><p>${fill(t.about, { collector: config.collectorUrl, key: config.siteKey })}</p></footer>
</body>
</html>
`;
}

export const SHOP_CSS = `
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #1f2933; background: #f5f3ef; }
.bar { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: center; padding: 12px 24px; background: #2f4858; color: #fff; }
.brand { margin: 0; font-weight: 700; font-size: 1.2rem; }
.tag { font-weight: 400; font-size: .8rem; border: 1px solid #fff; border-radius: 4px; padding: 0 6px; margin-left: 6px; }
.who { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-left: auto; }
.who select, .who button { font: inherit; padding: 4px 8px; }
.lang a { color: #fff; }
main { max-width: 760px; margin: 24px auto; padding: 0 16px; display: grid; gap: 16px; }
.card { background: #fff; border-radius: 8px; padding: 20px 24px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
h1 { font-size: 1.5rem; margin: 0 0 8px; }
h2 { font-size: 1.1rem; margin: 0 0 12px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e4e7eb; }
footer { max-width: 760px; margin: 0 auto 32px; padding: 0 16px; color: #52606d; font-size: .9rem; }
`;
