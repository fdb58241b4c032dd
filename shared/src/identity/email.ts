// Email address identity: normalisation and extraction from display strings.

const LOCAL_PART = /^[^\s@<>()",;:\\[\]]+$/;

/**
 * The canonical form of an address: trimmed, without `mailto:` or angle brackets, lower-case,
 * with an internationalised domain in punycode. Null when the text is not an address.
 * Idempotent: normalising a normalised address gives it back unchanged.
 *
 * The local part is lower-cased too: providers treat it case-insensitively in practice, and a
 * rep must not see two contacts for Wei@acme.cn and wei@acme.cn.
 */
export function normaliseEmail(text: string): string | null {
  let s = text.trim();
  if (s.toLowerCase().startsWith('mailto:')) {
    // A mailto: URL is percent-encoded; a plain address is taken literally.
    s = s.slice(7).split('?')[0] ?? '';
    try {
      s = decodeURIComponent(s);
    } catch {
      return null;
    }
  }
  if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1).trim();
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return null;
  const local = s.slice(0, at).toLowerCase();
  const domain = normaliseDomain(s.slice(at + 1));
  if (!domain || !LOCAL_PART.test(local) || local.length > 64) return null;
  const address = `${local}@${domain}`;
  return address.length <= 254 ? address : null;
}

/**
 * A domain name in canonical form: lower-case punycode without a trailing dot, or null.
 * Uses the WHATWG URL parser's IDNA processing (available in every runtime Kehu targets).
 */
export function normaliseDomain(text: string): string | null {
  const raw = text.trim().replace(/\.$/, '');
  if (!raw || /[\s/?#@:\\[\]]/.test(raw)) return null;
  let host: string;
  try {
    host = new URL(`http://${raw}`).hostname;
  } catch {
    return null;
  }
  if (!/^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(host)) return null;
  if (/^\d+$/.test(host.split('.').pop() ?? '')) return null; // an IP address, not a domain
  return host;
}

export interface ParsedAddress {
  email: string;
  name: string;
}

/**
 * Addresses in a header-like string, with their display names:
 * `"王伟" <wei@acme.cn>`, `Wei Wang (ACME) <wei@acme.cn>`, `a@x.com, b@y.com; <c@z.com>`.
 * Invalid parts are skipped, duplicates dropped.
 */
export function parseAddressList(text: string): ParsedAddress[] {
  const out: ParsedAddress[] = [];
  const seen = new Set<string>();
  for (const part of splitTopLevel(text)) {
    const parsed = parseOne(part);
    if (parsed && !seen.has(parsed.email)) {
      seen.add(parsed.email);
      out.push(parsed);
    }
  }
  return out;
}

function parseOne(part: string): ParsedAddress | null {
  const angle = part.match(/<([^<>]*)>\s*$/);
  if (angle) {
    const email = normaliseEmail(angle[1] ?? '');
    if (!email) return null;
    return { email, name: cleanName(part.slice(0, angle.index)) };
  }
  // "wei@acme.cn (Wei Wang)" — the old comment form
  const comment = part.match(/^\s*([^\s()]+)\s*\(([^()]*)\)\s*$/);
  if (comment) {
    const email = normaliseEmail(comment[1] ?? '');
    return email ? { email, name: cleanName(comment[2] ?? '') } : null;
  }
  const email = normaliseEmail(part);
  return email ? { email, name: '' } : null;
}

function cleanName(raw: string): string {
  let name = raw.trim();
  if (name.startsWith('"') && name.endsWith('"') && name.length >= 2) {
    name = name.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return name.replace(/\s+/g, ' ').trim();
}

/** Split on commas and semicolons that are outside quotes, angle brackets and parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depthAngle = 0;
  let depthParen = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted) {
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted) {
      if (c === '<') depthAngle++;
      else if (c === '>') depthAngle = Math.max(0, depthAngle - 1);
      else if (c === '(') depthParen++;
      else if (c === ')') depthParen = Math.max(0, depthParen - 1);
      else if ((c === ',' || c === ';') && depthAngle === 0 && depthParen === 0) {
        parts.push(text.slice(start, i));
        start = i + 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** Addresses that appear anywhere in free text (for web pages): a conservative pattern. */
export function findEmailsInText(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,63}/g)) {
    const email = normaliseEmail(m[0]);
    if (email) found.add(email);
  }
  return [...found];
}
