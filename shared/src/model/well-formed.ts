// Well-formed text: no lone UTF-16 surrogate. A JavaScript string can hold half of a character
// ("\ud800", written as a JSON escape), which no encoding can carry: PostgreSQL refuses it, UTF-8
// files replace it, IndexedDB keys compare it oddly. Every schema that takes text refuses it, so
// it is stopped at the boundary it crosses, with the field named. No zod here: the SDK's
// zod/mini schema and the classic-zod schemas both use these.

/** With the `u` flag a pair is one code point, so only a lone surrogate is in \p{Cs}. */
const LONE_SURROGATE = /\p{Cs}/u;

export const ILL_FORMED_MESSAGE = 'must be well-formed text: it holds half of a character (a lone UTF-16 surrogate)';

export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

interface Node {
  value: unknown;
  key: string | number | null;
  parent: Node | null;
}

function pathOf(node: Node | null, last?: string): (string | number)[] {
  const path: (string | number)[] = last === undefined ? [] : [last];
  for (let n = node; n && n.key !== null; n = n.parent) path.push(n.key);
  return path.reverse();
}

/**
 * The path of the first string (or object key) in a JSON-like value that fails `bad`, or null.
 * Iterative, with each node pointing at its parent, so a value nested 50,000 deep is walked
 * without growing the call stack or copying paths.
 */
export function findString(value: unknown, bad: (text: string) => boolean): (string | number)[] | null {
  const stack: Node[] = [{ value, key: null, parent: null }];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const v = node.value;
    if (typeof v === 'string') {
      if (bad(v)) return pathOf(node);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: node });
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i] as [string, unknown];
        if (bad(k)) return pathOf(node, k);
        stack.push({ value: child, key: k, parent: node });
      }
    }
  }
  return null;
}

/** Whether a JSON-like value nests deeper than `max` arrays or objects. Iterative. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const v = item.value;
    if (v === null || typeof v !== 'object') continue;
    if (item.depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push({ value: child, depth: item.depth + 1 });
  }
  return false;
}
