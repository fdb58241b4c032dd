// A small lexicon of negative words in zh-CN and en, for the negative-feedback indicator. Small on
// purpose: every word here is one a rep would agree signals a problem when a customer writes it,
// and the matched words are shown as evidence, so a wrong match is visible and can be reviewed.

/**
 * English word stems, matched on word starts: `disappoint` covers disappointed, disappointing.
 * A match preceded by a negation within two words ("not disappointed") is skipped.
 */
const EN_STEMS = [
  'disappoint',
  'unhappy',
  'dissatisf',
  'frustrat',
  'annoy',
  'terribl',
  'awful',
  'horribl',
  'delay',
  'broken',
  'damaged',
  'defective',
  'faulty',
  'refund',
  'cancel',
  'complain',
  'unacceptabl',
  'useless',
  'overcharg',
  'unresolved',
  'competitor',
];

/** Short English words, matched only in these exact forms ("bad" must not match "badge"). */
const EN_EXACT = new Set([
  'angry',
  'worst',
  'poor',
  'poorly',
  'bad',
  'badly',
  'slow',
  'slowly',
  'late',
  'rude',
  'rudely',
  'wasted',
  'wrong',
  'missing',
  'ignored',
  'switching',
  'leaving',
]);

/** English phrases, matched as they stand (a negation cannot sensibly precede them). */
const EN_PHRASES = ['never again', 'no response', 'no reply', 'not working', 'does not work', "doesn't work", 'not happy'];

/** Words that turn the following word around. */
const EN_NEGATIONS = new Set([
  'not',
  'no',
  'never',
  "isn't",
  "wasn't",
  "aren't",
  "weren't",
  "don't",
  "didn't",
  'hardly',
  'without',
]);

/**
 * Chinese: matched as substrings (no word breaks in Chinese text). A match directly preceded by
 * 不/没/无 is skipped unless the negation is itself part of the word (不满, 没人回复 are listed whole).
 */
const ZH_WORDS = [
  '不满',
  '失望',
  '投诉',
  '退货',
  '退款',
  '太慢',
  '很慢',
  '慢死',
  '差劲',
  '太差',
  '很差',
  '质量差',
  '服务差',
  '态度差',
  '生气',
  '愤怒',
  '糟糕',
  '垃圾',
  '欺骗',
  '骗人',
  '后悔',
  '取消订单',
  '换供应商',
  '换一家',
  '再也不',
  '不会再',
  '拖延',
  '延误',
  '破损',
  '损坏',
  '故障',
  '没人回复',
  '无人回应',
  '不回复',
  '敷衍',
  '推诿',
  '差评',
  '不靠谱',
  '坑人',
];
const ZH_NEGATIONS = new Set(['不', '没', '无', '非']);

const EN_TOKEN = /[a-z][a-z']*/g;

/**
 * The negative words in a text, lower-case, each once, in order of first appearance. English word
 * stems are reported as the word as written ("disappointed"), Chinese words as listed.
 */
export function findNegativeWords(text: string | undefined | null): string[] {
  if (!text) return [];
  const found: string[] = [];
  const add = (w: string) => {
    if (!found.includes(w)) found.push(w);
  };
  const lower = text.toLowerCase();
  for (const phrase of EN_PHRASES) if (lower.includes(phrase)) add(phrase);
  const tokens = lower.match(EN_TOKEN) ?? [];
  tokens.forEach((token, i) => {
    if (!EN_EXACT.has(token) && !EN_STEMS.some((w) => token.startsWith(w))) return;
    const before = tokens.slice(Math.max(0, i - 2), i);
    if (before.some((b) => EN_NEGATIONS.has(b) || b.endsWith("n't"))) return;
    add(token);
  });
  for (const word of ZH_WORDS) {
    let at = text.indexOf(word);
    while (at !== -1) {
      const prev = at > 0 ? text[at - 1] : '';
      if (!prev || !ZH_NEGATIONS.has(prev) || ZH_NEGATIONS.has(word[0] ?? '')) {
        add(word);
        break;
      }
      at = text.indexOf(word, at + word.length);
    }
  }
  return found;
}
