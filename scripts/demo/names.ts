// Readable, made-up names for the demo's customers and their contacts. Domains are under the
// reserved `.example` top-level domain (RFC 2606), so no address can reach a real company or person.

// biome-ignore format: a word list
const EN_FIRST = [
  'Amber', 'Birchwood', 'Bluebell', 'Bramble', 'Cedar', 'Clover', 'Copperleaf', 'Driftwood', 'Elderberry', 'Fernhill',
  'Foxglove', 'Gooseberry', 'Harbour', 'Hawthorn', 'Heather', 'Holly', 'Ivywood', 'Juniper', 'Kestrel', 'Lantern',
  'Lavender', 'Linden', 'Maple', 'Marigold', 'Meadow', 'Mistletoe', 'Nettle', 'Oakleaf', 'Orchard', 'Pebble',
  'Poppy', 'Primrose', 'Quince', 'Rosehip', 'Rowan', 'Saffron', 'Sorrel', 'Thistle', 'Willow', 'Wren',
];

// biome-ignore format: a word list
const EN_SECOND = [
  'Gifts', 'Home', 'Trading', 'Interiors', 'Crafts', 'Emporium', 'Living', 'Homeware',
  'Boutique', 'Supplies', 'Studio', 'Market', 'Design', 'Goods', '& Co', 'Wholesale',
];

/** Added when the first two words run out. */
const EN_THIRD = ['North', 'South', 'East', 'West', 'Central', 'Coast', 'Valley', 'Hills', 'Bay', 'Park'];

// biome-ignore format: a word list
const ZH_CITY: [string, string][] = [
  ['杭州', 'hangzhou'], ['苏州', 'suzhou'], ['宁波', 'ningbo'], ['广州', 'guangzhou'], ['深圳', 'shenzhen'],
  ['厦门', 'xiamen'], ['青岛', 'qingdao'], ['成都', 'chengdu'], ['武汉', 'wuhan'], ['南京', 'nanjing'],
];
// biome-ignore format: a word list
const ZH_BRAND: [string, string][] = [
  ['清风', 'qingfeng'], ['明月', 'mingyue'], ['华彩', 'huacai'], ['锦绣', 'jinxiu'], ['金桥', 'jinqiao'],
  ['百合', 'baihe'], ['松竹', 'songzhu'], ['东方', 'dongfang'], ['祥云', 'xiangyun'], ['瑞丰', 'ruifeng'],
];
// biome-ignore format: a word list
const ZH_KIND: [string, string][] = [
  ['礼品', 'gifts'], ['家居', 'home'], ['贸易', 'trading'], ['工艺品', 'crafts'], ['百货', 'goods'],
];

// biome-ignore format: a word list
const EN_GIVEN = [
  'Alice', 'Ben', 'Chloe', 'Daniel', 'Emma', 'Finn', 'Grace', 'Harry', 'Isla', 'Jack', 'Katie', 'Liam', 'Maya',
  'Noah', 'Olivia', 'Priya', 'Ravi', 'Sofia', 'Tom', 'Zara',
];
// biome-ignore format: a word list
const EN_FAMILY = [
  'Ahmed', 'Baker', 'Clarke', 'Davies', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Jones', 'Khan', 'Martin', 'Moreau',
  'Novak', 'Patel', 'Rossi', 'Smith', 'Taylor', 'Walsh', 'Wilson', 'Young',
];
// biome-ignore format: a word list
const ZH_FAMILY: [string, string][] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'],
  ['杨', 'yang'], ['赵', 'zhao'], ['黄', 'huang'], ['周', 'zhou'], ['吴', 'wu'],
];
// biome-ignore format: a word list
const ZH_GIVEN: [string, string][] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['磊', 'lei'], ['洋', 'yang'],
  ['艳', 'yan'], ['勇', 'yong'], ['军', 'jun'], ['杰', 'jie'], ['娟', 'juan'], ['涛', 'tao'], ['明', 'ming'],
];

/** A small deterministic hash (FNV-1a, 32 bits): the same demo every time from the same data. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/&/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export interface CompanyName {
  name: string;
  domain: string;
  chinese: boolean;
}

/**
 * Gives every customer its own name and domain, in the order asked. About one in eight customers
 * gets a Chinese company name (the interface is bilingual, and so are real customer lists).
 */
export function companyNamer(): (key: string) => CompanyName {
  const used = new Set<string>();
  let en = 0;
  let zh = 0;
  return (key) => {
    const chinese = hash(`zh:${key}`) % 8 === 0 && zh < ZH_CITY.length * ZH_BRAND.length * ZH_KIND.length;
    for (;;) {
      let out: CompanyName;
      if (chinese) {
        const n = zh++;
        const city = pick(ZH_CITY, n);
        const brand = pick(ZH_BRAND, Math.floor(n / ZH_CITY.length) + n);
        const kind = pick(ZH_KIND, Math.floor(n / (ZH_CITY.length * ZH_BRAND.length)) + n);
        out = {
          name: `${city[0]}${brand[0]}${kind[0]}有限公司`,
          domain: `${brand[1]}-${kind[1]}-${city[1]}.example`,
          chinese: true,
        };
      } else {
        const n = en++;
        const a = pick(EN_FIRST, n);
        const b = pick(EN_SECOND, Math.floor(n / EN_FIRST.length) + n);
        const round = Math.floor(n / (EN_FIRST.length * EN_SECOND.length));
        const c = round === 0 ? '' : ` ${pick(EN_THIRD, round - 1)}${round > EN_THIRD.length ? ` ${round}` : ''}`;
        const name = `${a} ${b}${c}`;
        out = { name, domain: `${slug(name)}.example`, chinese: false };
      }
      if (!used.has(out.domain)) {
        used.add(out.domain);
        return out;
      }
    }
  };
}

export interface PersonName {
  name: string;
  /** The part before the @. */
  local: string;
}

/** The n-th person at a company: Chinese names at Chinese companies, mixed names elsewhere. */
export function personName(key: string, n: number, chinese: boolean): PersonName {
  const h = hash(`${key}:${n}`);
  if (chinese) {
    const family = pick(ZH_FAMILY, h);
    const given = pick(ZH_GIVEN, Math.floor(h / 16));
    return { name: `${family[0]}${given[0]}`, local: `${given[1]}.${family[1]}` };
  }
  const given = pick(EN_GIVEN, h);
  const family = pick(EN_FAMILY, Math.floor(h / 32));
  return { name: `${given} ${family}`, local: `${given}.${family}`.toLowerCase() };
}
