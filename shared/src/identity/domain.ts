// Registrable domains and free-mail providers: how an address maps to a customer.
import { getDomain } from 'tldts';
import { normaliseDomain } from './email.ts';

/**
 * Mail providers whose domains say nothing about the sender's company. Chinese providers first
 * (the practice's home market), then the global ones. Addresses here match contacts by exact
 * address only, never a customer by domain.
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  // China
  'qq.com',
  'vip.qq.com',
  'foxmail.com',
  '163.com',
  'vip.163.com',
  '126.com',
  'vip.126.com',
  'yeah.net',
  '188.com',
  'sina.com',
  'sina.cn',
  'vip.sina.com',
  'sohu.com',
  'aliyun.com',
  '139.com',
  '189.cn',
  'wo.cn',
  'tom.com',
  '21cn.com',
  // global
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.co.uk',
  'live.com',
  'live.cn',
  'msn.com',
  'yahoo.com',
  'yahoo.co.jp',
  'yahoo.co.uk',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.com',
  'mail.ru',
  'yandex.com',
  'yandex.ru',
  'zoho.com',
  'fastmail.com',
  'hey.com',
  'tutanota.com',
  'naver.com',
  'daum.net',
]);

/**
 * The registrable domain ("eTLD+1") of a host, by the public-suffix list:
 * mail.acme.co.uk → acme.co.uk, shop.acme.com.cn → acme.com.cn. Null for hosts without one
 * (a bare public suffix, an IP address, localhost).
 */
export function registrableDomain(host: string): string | null {
  const normal = normaliseDomain(host);
  if (!normal) return null;
  return getDomain(normal, { allowPrivateDomains: false }) ?? null;
}

/** Whether a domain (any host under it) belongs to a free-mail provider. */
export function isFreeMailDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  if (FREE_MAIL_DOMAINS.has(d)) return true;
  const reg = registrableDomain(d);
  return reg !== null && FREE_MAIL_DOMAINS.has(reg);
}

/** The domain part of a normalised address. */
export function domainOfEmail(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/**
 * What a normalised address can identify: its contact always, and the customer owning its
 * registrable domain unless the address is free-mail.
 */
export function identityKeys(email: string): { email: string; customerDomain: string | null } {
  const domain = domainOfEmail(email);
  if (isFreeMailDomain(domain)) return { email, customerDomain: null };
  return { email, customerDomain: registrableDomain(domain) };
}
