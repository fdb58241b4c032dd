// Deterministic ids for rows that carry none (interactions, responses), so that importing the same
// file twice updates records instead of duplicating them.

/** cyrb53: a fast, well-distributed 53-bit string hash (public domain, bryc). */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A 106-bit content hash as a short id: `prefix-<base36>`. Collisions are negligible at 10⁸ rows. */
export function stableId(prefix: string, parts: readonly (string | number | undefined | null)[]): string {
  const text = parts.map((p) => (p === undefined || p === null ? '' : String(p))).join('\u001f');
  return `${prefix}-${cyrb53(text, 1).toString(36)}${cyrb53(text, 2).toString(36)}`;
}
