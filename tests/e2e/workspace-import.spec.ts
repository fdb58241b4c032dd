// Import through the options page (the real file chooser), then the badge in Gmail and the data
// card in the side panel; the same file again changes nothing; export and compare with the import.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from '#shared/codecs/csv.ts';
import { badgesFor, serveFixture } from './extension-support.ts';
import { expect, test } from './harness.ts';
import { kehu, readOpfsFile, useOpfsSavePicker, WS_FIXTURES, withoutSavePicker } from './workspace-support.ts';

async function chooseFile(page: import('@playwright/test').Page, name: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByLabel('File', { exact: true }).click();
  await (await chooser).setFiles(join(WS_FIXTURES, name));
}

test('import a Chinese-headed CSV through the options page, see the badge and the data card, re-import, export and compare', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  const options = await context.newPage();
  await options.setViewportSize({ width: 1200, height: 900 });
  await useOpfsSavePicker(options);
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByRole('heading', { name: 'Import', exact: true })).toBeVisible();

  // Customers: the columns are guessed from 客户编号, 客户名称, 网址 …
  await options.getByLabel('What the file holds').selectOption('customers');
  await chooseFile(options, 'customers-newco.csv');
  await expect(options.getByRole('combobox', { name: /^Name name/ })).toHaveValue('1');
  await expect(options.getByRole('combobox', { name: /^Id id/ })).toHaveValue('0');
  await expect(options.getByRole('combobox', { name: /^Domains domains/ })).toHaveValue('2');
  await expect(options.getByRole('combobox', { name: /^Classification tier/ })).toHaveValue('4');
  await options.getByRole('button', { name: 'Check the file' }).click();
  const summary = options.getByText('3 rows: 2 ready to import, 1 rejected.');
  await expect(summary).toBeVisible();
  const rejected = options.getByRole('region', { name: 'Rejected rows' });
  await expect(rejected.getByRole('row').nth(1)).toContainText(/4\s*name\s*is required/);
  await options.getByRole('button', { name: 'Import 2 rows, skip the rejected ones' }).click();
  await expect(options.getByText('Import finished.')).toBeVisible();
  await expect(options.getByText('2 added, 0 updated, 0 unchanged, 1 rejected.')).toBeVisible();

  // Contacts, English header.
  await options.getByRole('button', { name: 'Import another file' }).click();
  await options.getByLabel('What the file holds').selectOption('contacts');
  await chooseFile(options, 'contacts-newco.csv');
  await options.getByRole('button', { name: 'Check the file' }).click();
  await expect(options.getByText('1 rows: 1 ready to import, 0 rejected.')).toBeVisible();
  await options.getByRole('button', { name: 'Import 1 rows' }).click();
  await expect(options.getByText('1 added, 0 updated, 0 unchanged, 0 rejected.')).toBeVisible();

  // The sender from the new customer's domain is no longer unknown in Gmail.
  await serveFixture(context, 'https://mail.google.com/**', 'gmail.html');
  const gmail = await context.newPage();
  await gmail.goto('https://mail.google.com/mail/u/0/#inbox');
  await expect(badgesFor(gmail, 'sam@newco.example')).toHaveAttribute('data-level', 'none');
  await expect(badgesFor(gmail, 'sam@newco.example').getByRole('button')).toHaveAccessibleName(/新公司科技/);

  // The data card in the side panel.
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?customer=newco`);
  await expect(panel.getByRole('heading', { level: 1 })).toHaveText('新公司科技');
  const card = panel.locator('dl.facts');
  await expect(card).toContainText('newco.example');
  await expect(card).toContainText('软件');
  await expect(card).toContainText('Key customer');
  await expect(card).toContainText('Lin');
  await expect(card).toContainText('every 14 days');
  await expect(card).toContainText('首次合作，注意跟进');
  await expect(panel.locator('main')).toContainText('Sam Li');
  await expect(panel.locator('main')).toContainText('CTO · decision maker');

  // The same file again: nothing added, nothing doubled.
  await options.getByRole('button', { name: 'Import another file' }).click();
  await options.getByLabel('What the file holds').selectOption('customers');
  await chooseFile(options, 'customers-newco.csv');
  await options.getByRole('button', { name: 'Check the file' }).click();
  await options.getByRole('button', { name: 'Import 2 rows, skip the rejected ones' }).click();
  await expect(options.getByText('0 added, 0 updated, 2 unchanged, 1 rejected.')).toBeVisible();
  expect(await kehu<{ counts: Record<string, number> }>(serviceWorker, 'dataSummary')).toMatchObject({
    counts: { customers: 2, contacts: 1 },
  });

  // Export the customers as CSV to a file, and compare with the import.
  await options.getByLabel('What to export').selectOption('customers');
  await options.getByLabel('Format', { exact: true }).last().selectOption('csv');
  await options.getByRole('button', { name: 'Export…' }).click();
  await expect(options.getByText('Exported 2 rows to the file.')).toBeVisible();
  const saved = await readOpfsFile(options);
  expect(saved.name).toMatch(/^kehu-customers-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(saved.head).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark: Excel reads the file as UTF-8
  const exported: string[][] = [];
  for await (const row of readCsv([saved.text], { unguard: false })) exported.push(row.cells);
  const [header, ...rows] = exported;
  const col = (name: string) => header!.indexOf(name);
  const byId = new Map(rows.map((r) => [r[col('id')], r]));
  const imported: string[][] = [];
  for await (const row of readCsv([readFileSync(join(WS_FIXTURES, 'customers-newco.csv'), 'utf8')])) imported.push(row.cells);
  for (const source of imported.slice(1).filter((r) => r[1])) {
    const out = byId.get(source[0]!)!;
    expect(out[col('name')]).toBe(source[1]);
    expect(out[col('owner')]).toBe(source[5]);
    expect(out[col('cadence_days')]).toBe(source[6]);
  }
  expect(byId.get('newco')![col('domains')]).toBe('newco.example');
  expect(byId.get('newco')![col('tags')]).toBe('华东;软件');
  expect(byId.get('newco')![col('tier')]).toBe('key');
  // The formula from the file is exported defused.
  expect(byId.get('initech')![col('notes')]).toBe("'=SUM(A1:A9)");

  // Without the save picker (Firefox), the export is a download; NDJSON keeps every field.
  const plain = await context.newPage();
  await plain.setViewportSize({ width: 1200, height: 900 });
  await withoutSavePicker(plain);
  await plain.goto(`chrome-extension://${extensionId}/options.html#export`);
  await plain.getByLabel('What to export').selectOption('contacts');
  await plain.getByLabel('Format', { exact: true }).last().selectOption('ndjson');
  const download = plain.waitForEvent('download');
  await plain.getByRole('button', { name: 'Export…' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^kehu-contacts-.*\.ndjson$/);
  const lines = readFileSync((await file.path())!, 'utf8')
    .trim()
    .split('\n');
  expect(lines.map((l) => JSON.parse(l))).toEqual([
    expect.objectContaining({
      id: 'c-sam',
      customerId: 'newco',
      name: 'Sam Li',
      emails: ['sam@newco.example'],
      phones: ['+86 10 6666 0000'],
      title: 'CTO',
      role: 'decision maker',
      notes: 'likes short calls',
    }),
  ]);
  await expect(plain.getByText('Exported 1 rows; the browser saves the download.')).toBeVisible();
});

test('the preview lists the rows that will be imported with a warning, with line and field, before the rep confirms', async ({
  context,
  serviceWorker,
  extensionId,
}) => {
  const options = await context.newPage();
  await options.setViewportSize({ width: 1200, height: 900 });
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('What the file holds').selectOption('customers');
  await chooseFile(options, 'customers-warnings.csv');
  // The key-customer column is matched by its own name.
  await expect(options.getByRole('combobox', { name: /^Industry needs needs/ })).toHaveValue('3');
  await options.getByRole('button', { name: 'Check the file' }).click();
  await expect(options.getByText(/^4 rows: 3 ready to import, 1 rejected\. 2 of them with a warning/)).toBeVisible();
  const rejected = options.getByRole('region', { name: 'Rejected rows' });
  await expect(rejected.getByRole('row')).toHaveCount(2);
  await expect(rejected.getByRole('row').nth(1)).toContainText(/5\s*name\s*is required/);
  const warned = options.getByRole('region', { name: 'Rows imported with a warning' });
  await expect(warned.getByRole('row')).toHaveCount(3);
  await expect(warned.getByRole('row').nth(1)).toContainText(
    /^2\s*tier\s*"VIP" is not one of .*read as "key" \(the closest meaning\)/,
  );
  await expect(warned.getByRole('row').nth(2)).toContainText(/^4\s*tier\s*"gold" is not one of .*left empty/);
  // Nothing is written before the rep confirms.
  expect(await kehu<{ counts: Record<string, number> }>(serviceWorker, 'dataSummary')).toMatchObject({
    counts: { customers: 0 },
  });
  await options.getByRole('button', { name: 'Import 3 rows, skip the rejected ones' }).click();
  await expect(options.getByText('3 added, 0 updated, 0 unchanged, 1 rejected.')).toBeVisible();

  // In Chinese, the same lines say how each value was read.
  await kehu(serviceWorker, 'setSettings', { locale: 'zh-CN' });
  await options.reload();
  await options.getByLabel('文件内容').selectOption('customers');
  const chooser = options.waitForEvent('filechooser');
  await options.getByLabel('文件', { exact: true }).click();
  await (await chooser).setFiles(join(WS_FIXTURES, 'customers-warnings.csv'));
  await options.getByRole('button', { name: '检查文件' }).click();
  const warnedZh = options.getByRole('region', { name: '带警告导入的行' });
  await expect(warnedZh.getByRole('row').nth(1)).toContainText('“VIP”不在可选值');
  await expect(warnedZh.getByRole('row').nth(1)).toContainText('按最接近的含义读作“key”');
});
