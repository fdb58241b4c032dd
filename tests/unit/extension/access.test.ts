// Which caller reaches which method: content scripts (in web pages) only the overlay's methods,
// the extension's own pages everything.
import { describe, expect, it } from 'vitest';
import { CONTENT_METHODS, callerOf } from '../../../extension/src/api/access.ts';
import { METHODS, type MethodName } from '../../../extension/src/api/methods.ts';
import { callFrom } from '../../../extension/src/api/router.ts';
import { testContext } from './context.ts';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const BASE = `chrome-extension://${ID}/`;

describe('callerOf', () => {
  it('is the extension for its own pages, in a tab or not', () => {
    expect(callerOf({ id: ID, url: `${BASE}options.html` }, ID, BASE)).toBe('extension');
    expect(callerOf({ id: ID, url: `${BASE}sidepanel.html?customer=acme` }, ID, BASE)).toBe('extension');
    expect(
      callerOf({ id: 'kehu@kehu.dev', url: 'moz-extension://6f1d7c1e/popup.html' }, 'kehu@kehu.dev', 'moz-extension://6f1d7c1e/'),
    ).toBe('extension');
  });

  it('is a content script for web pages, other extensions, and senders without a URL', () => {
    expect(callerOf({ id: ID, url: 'https://mail.google.com/mail/u/0/' }, ID, BASE)).toBe('content');
    expect(callerOf({ id: ID, url: `https://evil.example/${BASE}` }, ID, BASE)).toBe('content');
    expect(callerOf({ id: 'other', url: `${BASE}options.html` }, ID, BASE)).toBe('content');
    expect(callerOf({ id: ID }, ID, BASE)).toBe('content');
    expect(callerOf({ id: ID, url: 'not a url' }, ID, BASE)).toBe('content');
  });
});

describe('callFrom', () => {
  it('lets a content script reach the overlay methods only', async () => {
    const ctx = testContext();
    expect(await callFrom(ctx, 'content', 'lookupMany', { emails: ['wei@acme.example'] })).toHaveLength(1);
    expect(await callFrom(ctx, 'content', 'version', undefined)).toBe(ctx.version);
    for (const name of [
      'exportText',
      'getSettings',
      'setSettings',
      'eraseEverything',
      'importText',
      'syncNow',
      'lookup',
    ] as const) {
      await expect(callFrom(ctx, 'content', name, {}), name).rejects.toThrow(/only the extension's own pages/);
    }
    // Every method outside the overlay's list is refused, whatever is added later.
    for (const name of Object.keys(METHODS) as MethodName[]) {
      if (CONTENT_METHODS.has(name)) continue;
      await expect(callFrom(ctx, 'content', name, {}), name).rejects.toThrow(/only the extension's own pages/);
    }
    expect(CONTENT_METHODS).toEqual(
      new Set(['version', 'lookupMany', 'lookupHost', 'card', 'addSender', 'openCustomer', 'logEmails', 'reportProblem']),
    );
  });

  it('lets the extension pages reach everything', async () => {
    const ctx = testContext();
    expect(await callFrom(ctx, 'extension', 'getSettings', {})).toMatchObject({ locale: 'auto' });
    expect(typeof (await callFrom(ctx, 'extension', 'exportText', { entity: 'customers', format: 'csv' }))).toBe('string');
  });
});
