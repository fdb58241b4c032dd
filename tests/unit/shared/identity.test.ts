import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityKeys, isFreeMailDomain, registrableDomain } from '#shared/identity/domain.ts';
import { findEmailsInText, normaliseDomain, normaliseEmail, parseAddressList } from '#shared/identity/email.ts';

describe('normaliseEmail', () => {
  it('trims, lower-cases and strips mailto: and angle brackets', () => {
    expect(normaliseEmail('  Wei.Wang@ACME.cn ')).toBe('wei.wang@acme.cn');
    expect(normaliseEmail('<alice@Example.COM>')).toBe('alice@example.com');
    expect(normaliseEmail('mailto:bob%2Bsales@acme.com?subject=hi')).toBe('bob+sales@acme.com');
  });
  it('converts internationalised domains to punycode', () => {
    expect(normaliseEmail('info@例子.中国')).toBe('info@xn--fsqu00a.xn--fiqs8s');
    expect(normaliseEmail('Jörg@Bücher.de')).toBe('jörg@xn--bcher-kva.de');
  });
  it('rejects what is not an address', () => {
    for (const bad of ['', 'no-at-sign', '@acme.com', 'a@', 'a b@acme.com', 'a@acme', 'a@1.2.3.4', 'a@acme..com']) {
      expect(normaliseEmail(bad), bad).toBeNull();
    }
  });
  it('is idempotent for any input (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string(), fc.string({ unit: 'binary' })), (s) => {
        const once = normaliseEmail(s);
        if (once === null) return true;
        return normaliseEmail(once) === once;
      }),
      { numRuns: 2000 },
    );
  });
  it('is idempotent when decorated with case, spaces and brackets (property)', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (s) => {
        const decorated = ` <${s.toUpperCase()}> `;
        const a = normaliseEmail(decorated);
        return a === null || normaliseEmail(a) === a;
      }),
    );
  });
});

describe('normaliseDomain', () => {
  it('lower-cases, drops a trailing dot and rejects IPs and junk', () => {
    expect(normaliseDomain('Mail.ACME.co.uk.')).toBe('mail.acme.co.uk');
    expect(normaliseDomain('192.168.0.1')).toBeNull();
    expect(normaliseDomain('acme.com/path')).toBeNull();
  });
});

describe('parseAddressList', () => {
  it('reads display strings with Chinese and Latin names', () => {
    expect(parseAddressList('"王伟" <wei@acme.cn>')).toEqual([{ email: 'wei@acme.cn', name: '王伟' }]);
    expect(parseAddressList('Wei Wang (ACME) <Wei@Acme.cn>')).toEqual([{ email: 'wei@acme.cn', name: 'Wei Wang (ACME)' }]);
  });
  it('splits lists on commas and semicolons outside quotes', () => {
    expect(parseAddressList('"Wang, Wei" <wei@acme.cn>, b@y.com; <c@z.com>; nonsense')).toEqual([
      { email: 'wei@acme.cn', name: 'Wang, Wei' },
      { email: 'b@y.com', name: '' },
      { email: 'c@z.com', name: '' },
    ]);
  });
  it('reads the old comment form and drops duplicates', () => {
    expect(parseAddressList('wei@acme.cn (Wei Wang), WEI@acme.cn')).toEqual([{ email: 'wei@acme.cn', name: 'Wei Wang' }]);
  });
});

describe('findEmailsInText', () => {
  it('finds addresses in running text', () => {
    expect(findEmailsInText('Write to Sales@Acme.com or 王伟 wei@acme.cn.')).toEqual(['sales@acme.com', 'wei@acme.cn']);
  });
});

describe('registrable domains and free mail', () => {
  it('uses the public-suffix list', () => {
    expect(registrableDomain('mail.acme.co.uk')).toBe('acme.co.uk');
    expect(registrableDomain('shop.acme.com.cn')).toBe('acme.com.cn');
    expect(registrableDomain('a.b.acme.com')).toBe('acme.com');
    expect(registrableDomain('co.uk')).toBeNull();
  });
  it('knows the Chinese and global free-mail providers', () => {
    for (const d of [
      'qq.com',
      'vip.qq.com',
      '163.com',
      '126.com',
      'yeah.net',
      'sina.com',
      'sohu.com',
      'foxmail.com',
      'aliyun.com',
      '139.com',
      'gmail.com',
      'outlook.com',
    ]) {
      expect(isFreeMailDomain(d), d).toBe(true);
    }
    expect(isFreeMailDomain('acme.cn')).toBe(false);
  });
  it('maps a company address to its customer domain and a free-mail address to none', () => {
    expect(identityKeys('wei@mail.acme.co.uk')).toEqual({ email: 'wei@mail.acme.co.uk', customerDomain: 'acme.co.uk' });
    expect(identityKeys('wei@qq.com')).toEqual({ email: 'wei@qq.com', customerDomain: null });
  });
});
