import { defineConfig } from '@playwright/test';

// End-to-end tests drive Debian's Chromium, and Debian's Firefox ESR through puppeteer-core
// (browser downloads are not possible here). scripts/ensure-browsers.mjs finds them or installs them
// before the run.
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e-artifacts',
  // Limits for a hang, not for speed: CI machines are shared, and at a load of 20 on two cores a
  // step that takes a second takes ten. Speed is measured by `npm run bench`.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    headless: true,
    trace: 'retain-on-failure',
  },
});
