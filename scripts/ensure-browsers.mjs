#!/usr/bin/env node
// Finds the browsers the end-to-end tests drive: Chromium ($CHROME_PATH, else /usr/bin/chromium) and
// Firefox ($FIREFOX_PATH, else Debian's firefox-esr, else firefox). When one is missing and this runs
// as root on Debian, installs Debian's package; otherwise stops with one line saying what to install.
// `node scripts/ensure-browsers.mjs` prints both paths.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BROWSERS = {
  chromium: {
    name: 'Chromium',
    env: 'CHROME_PATH',
    paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser'],
    debianPackage: 'chromium',
  },
  firefox: {
    name: 'Firefox',
    env: 'FIREFOX_PATH',
    paths: ['/usr/bin/firefox-esr', '/usr/bin/firefox'],
    debianPackage: 'firefox-esr',
  },
};

function find(browser) {
  const candidates = [process.env[browser.env], ...browser.paths].filter(Boolean);
  return candidates.find((p) => existsSync(p)) ?? null;
}

function ensure(browser) {
  const found = find(browser);
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  const isDebian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
  if (isRoot && isDebian) {
    console.log(`${browser.name} not found: installing Debian's "${browser.debianPackage}" package…`);
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', browser.debianPackage], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const installed = find(browser);
    if (installed) return installed;
  }
  console.error(
    `${browser.name} is needed for the end-to-end tests: install it (Debian: sudo apt-get install -y ${browser.debianPackage}) or set ${browser.env} to its binary.`,
  );
  process.exit(1);
}

export const findChromium = () => find(BROWSERS.chromium);
export const ensureChromium = () => ensure(BROWSERS.chromium);
export const findFirefox = () => find(BROWSERS.firefox);
export const ensureFirefox = () => ensure(BROWSERS.firefox);

if (import.meta.url === `file://${process.argv[1]}`) console.log(`${ensureChromium()}\n${ensureFirefox()}`);
