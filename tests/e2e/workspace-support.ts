// Helpers for the workspace's end-to-end tests: extension pages by URL, axe on a page, a save
// picker that writes into the page's private file system (the browser's own picker is a native
// dialog a test cannot drive), and granting a host permission the way the rep would in the prompt.
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { expect } from './harness.ts';
import { REPO } from './harness.ts';

export const WS_FIXTURES = join(REPO, 'tests/fixtures/workspace');

export async function openPage(
  context: BrowserContext,
  extensionId: string,
  path: string,
  viewport = { width: 420, height: 900 },
) {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setViewportSize(viewport);
  await page.goto(`chrome-extension://${extensionId}/${path}`);
  return Object.assign(page, { pageErrors: errors });
}

/**
 * No axe violations on the page as it is now: axe's default rules, best practices included (no tag
 * filter; e.g. page-has-heading-one and region are best-practice rules).
 */
export async function expectNoAxeViolations(page: Page, label: string) {
  const result = await new AxeBuilder({ page }).analyze();
  const ran = [...result.passes, ...result.violations, ...result.incomplete, ...result.inapplicable];
  expect(
    ran.some((r) => r.id === 'page-has-heading-one' && r.tags.includes('best-practice')),
    'best practices ran',
  ).toBe(true);
  const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, `axe on ${label}`).toEqual([]);
}

/**
 * `showSaveFilePicker` answered with a file in the origin-private file system: the export code
 * under test is the same (a FileSystemFileHandle, a writable stream), only the dialog is skipped.
 */
export async function useOpfsSavePicker(page: Page) {
  await page.addInitScript(() => {
    (window as unknown as { showSaveFilePicker: unknown }).showSaveFilePicker = async ({
      suggestedName,
    }: {
      suggestedName: string;
    }) => {
      const dir = await navigator.storage.getDirectory();
      (window as unknown as { lastSaved: string }).lastSaved = suggestedName;
      return dir.getFileHandle(suggestedName, { create: true });
    };
  });
}

/** The last file saved through that picker: its name, its text, and its first bytes (Blob#text() drops a byte-order mark). */
export async function readOpfsFile(page: Page): Promise<{ name: string; text: string; head: number[] }> {
  return page.evaluate(async () => {
    const name = (window as unknown as { lastSaved: string }).lastSaved;
    const dir = await navigator.storage.getDirectory();
    const file = await (await dir.getFileHandle(name)).getFile();
    return { name, text: await file.text(), head: [...new Uint8Array(await file.slice(0, 3).arrayBuffer())] };
  });
}

/** Without the File System Access API the export is saved as a download (the Firefox path). */
export async function withoutSavePicker(page: Page) {
  await page.addInitScript(() => {
    delete (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
}

/**
 * Grant the extension access to an origin, as the rep does when Chrome asks: through the
 * extensions page. The page's own permissions.request() then resolves without a prompt.
 */
export async function grantHost(context: BrowserContext, extensionId: string, pattern: string) {
  const page = await context.newPage();
  await page.goto('chrome://extensions');
  const error = await page.evaluate(
    ([id, host]) =>
      new Promise<string>((resolve) => {
        const dev = (
          globalThis as unknown as {
            chrome: {
              developerPrivate: { addHostPermission(id: string, host: string, cb: () => void): void };
              runtime: { lastError?: { message: string } };
            };
          }
        ).chrome;
        dev.developerPrivate.addHostPermission(id!, host!, () => resolve(dev.runtime.lastError?.message ?? ''));
      }),
    [extensionId, pattern] as const,
  );
  await page.close();
  if (error) throw new Error(`could not grant ${pattern}: ${error}`);
}

type KehuApi = Record<string, (input?: unknown) => Promise<unknown>>;

/** Call the extension's API in the service worker (globalThis.kehu). */
export function kehu<T = unknown>(sw: Worker, method: string, input?: unknown): Promise<T> {
  return sw.evaluate(([m, i]) => (globalThis as unknown as { kehu: KehuApi }).kehu[m as string]!(i), [
    method,
    input,
  ] as const) as Promise<T>;
}
