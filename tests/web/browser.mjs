// Launches Debian's Chromium (package `chromium`; no browser download) headless through
// puppeteer-core, with the flags a root container needs, and gives the test a page and a
// screenshot helper that keeps full-page PNGs as test artifacts.
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms); }),
  ]);
}

function chromiumPath() {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  throw new Error('Chromium not found: install the Debian package chromium (deploy/setup-deps.sh) or set CHROMIUM_PATH');
}

export async function launchBrowser({ artifactsDir }) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const browser = await withTimeout(puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Root in a container: no sandbox; /dev/shm may be tiny; no GPU; nothing phones home.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--no-default-browser-check',
      '--disable-extensions', '--disable-background-networking', '--disable-sync', '--metrics-recording-only',
      '--disable-crash-reporter', '--disable-breakpad'],
    timeout: 30000,
    protocolTimeout: 30000,
  }), 45000, 'launching Chromium');
  const closeOnExit = () => { try { browser.process()?.kill('SIGKILL'); } catch { /* already gone */ } };
  process.once('exit', closeOnExit);
  process.once('uncaughtException', (e) => { console.error(e); closeOnExit(); process.exit(1); });
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  page.setDefaultTimeout(10000);
  page.setDefaultNavigationTimeout(10000);
  async function screenshot(name) {
    const file = path.join(artifactsDir, `${name}.png`);
    await withTimeout(page.screenshot({ path: file, fullPage: true }), 15000, `screenshot ${name}`);
    return file;
  }
  return { browser, page, screenshot };
}
