// The console's Export view in Chromium against a real `kehu serve` holding the demo data, in
// English and Chinese: filters, an .xlsx downloaded by keyboard and read back (Chinese names
// intact, each customer's level and score), a download cancelled, the view without the export
// scope, axe-clean.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { axe, demoConsole, signedInPage } from './console-support.ts';

// The demo data imported, and its levels computed (at least one customer is red).
const demo = demoConsole();
let lead: string;
let reader: string;
/** The demo customers the owner 林晓 has, by id, as the collector exports them. */
let linXiao: Map<string, { name: string; level: string; score: number }>;

test.beforeAll(() => {
  lead = demo.collector.token('lead', 'read,export');
  reader = demo.collector.token('viewer', 'read');
  const all = demo.collector.exportRecords<{ id: string; name: string; owner?: string; level: string; score: number }>(
    'customers',
  );
  linXiao = new Map(all.filter((c) => c.owner === '林晓').map((c) => [c.id, { name: c.name, level: c.level, score: c.score }]));
});

/** A new context in `locale` (downloads are accepted by default), signed in at the Export view. */
async function signIn(locale: 'en' | 'zh-CN', token: string) {
  const signedIn = await signedInPage(demo.browser, demo.collector.url, token, locale, { path: '/console/export' });
  await expect(signedIn.page.getByRole('heading', { name: locale === 'zh-CN' ? '导出' : 'Export', level: 1 })).toBeVisible();
  return signedIn;
}

/** The first sheet of an .xlsx file as objects by the header's names. */
async function readXlsx(path: string): Promise<Record<string, unknown>[]> {
  const bytes = readFileSync(path);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const ws = workbook.worksheets[0] as ExcelJS.Worksheet;
  const rows: unknown[][] = [];
  ws.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  const [header = [], ...data] = rows;
  return data.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i]])));
}

for (const locale of ['en', 'zh-CN'] as const) {
  const zh = locale === 'zh-CN';
  test.setTimeout(300_000);

  test(`downloads one owner's customers as .xlsx by keyboard and reads it back with Chinese names, level and score (${locale})`, async () => {
    expect(linXiao.size).toBeGreaterThan(0);
    expect([...linXiao.values()].some((c) => /[\u4e00-\u9fff]/.test(c.name))).toBe(true);
    const { context, page } = await signIn(locale, lead);
    await axe(page);

    await page.getByLabel(zh ? '记录' : 'Records').selectOption('customers');
    await expect(page.getByRole('radio', { name: zh ? 'Excel（.xlsx）' : 'Excel (.xlsx)' })).toBeChecked();
    // The owner list comes from the collector.
    await expect(page.getByLabel(zh ? '客户负责人' : 'Customer’s owner').locator('option', { hasText: '林晓' })).toHaveCount(1);
    await page.getByLabel(zh ? '客户负责人' : 'Customer’s owner').selectOption('林晓');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: zh ? '下载' : 'Download' }).focus();
    await page.keyboard.press('Enter');
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^kehu-customers-\d{4}-\d\d-\d\d\.xlsx$/);
    await expect(page.getByRole('status')).toContainText(zh ? '完成' : 'Done');
    await expect(page.getByRole('link', { name: new RegExp(zh ? '再次保存' : 'Save .* again') })).toBeFocused();
    await axe(page);

    const rows = await readXlsx((await file.path()) as string);
    expect(rows.length).toBe(linXiao.size);
    for (const row of rows) {
      const known = linXiao.get(String(row.id));
      expect(known, `customer ${String(row.id)}`).toBeDefined();
      expect(row.owner).toBe('林晓');
      expect(row.name).toBe(known?.name);
      expect(row.level).toBe(known?.level);
      expect(row.score).toBe(known?.score);
    }
    expect(rows.some((r) => /[\u4e00-\u9fff]/.test(String(r.name)))).toBe(true);
    await context.close();
  });

  test(`cancels a download, and explains the export scope to a token without it (${locale})`, async () => {
    const { context, page } = await signIn(locale, lead);
    // Hold the file's answer so the download is still running when Cancel is pressed.
    let held = false;
    await page.route('**/console/api/export/interactions.*', () => {
      held = true; // never answered: only the abort ends it
    });
    let downloaded = false;
    page.on('download', () => {
      downloaded = true;
    });
    await page.getByLabel(zh ? '记录' : 'Records').selectOption('interactions');
    await page.getByRole('radio', { name: zh ? 'CSV（可用 Excel 打开）' : 'CSV (opens in Excel)' }).check();
    await page.getByRole('checkbox', { name: zh ? '红色预警（I级）' : 'Red (I)' }).check();
    await page.getByRole('button', { name: zh ? '下载' : 'Download' }).click();
    await expect.poll(() => held).toBe(true);
    await expect(page.getByRole('status')).toHaveText(zh ? '正在导出……' : 'Exporting…');
    // Focus is on Cancel: Enter presses it.
    await expect(page.getByRole('button', { name: zh ? '取消下载' : 'Cancel download' })).toBeFocused();
    await axe(page);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status')).toHaveText(
      zh ? '已取消下载，未保存任何文件。' : 'Download cancelled. Nothing was saved.',
    );
    await expect(page.getByRole('button', { name: zh ? '取消下载' : 'Cancel download' })).toHaveCount(0);
    expect(downloaded).toBe(false);
    await page.unroute('**/console/api/export/interactions.*');

    // A bad date range comes back from the collector naming the field.
    await page.getByLabel(zh ? '起始日期' : 'From date').fill('2026-03-01');
    await page.getByLabel(zh ? '截止日期（不含）' : 'Before date').fill('2026-02-01');
    await page.getByRole('button', { name: zh ? '下载' : 'Download' }).click();
    await expect(page.getByRole('status')).toContainText('to: must be after from');
    await context.close();

    // Without the export scope the view says what to do instead of offering the form.
    const { context: other, page: page2 } = await signIn(locale, reader);
    await expect(page2.locator('#export-no-scope')).toContainText(
      zh ? '导出需要带 export 权限的团队令牌' : 'Exports need a team token',
    );
    await expect(page2.getByRole('button', { name: zh ? '下载' : 'Download' })).toHaveCount(0);
    await axe(page2);
    await other.close();
  });
}
