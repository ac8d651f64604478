// Benchmark: time until the device list's first page is visible in Chromium (goal: <= 1.5 s).
//
// Run by bench/device_list.py --browser WEBUI (which seeds the fleet and starts the Manager);
// by hand against a Manager left running with --keep:
//   node bench/device_list_browser.mjs --url URL --password PASSWORD [--runs 10] [--webui DIR]
// Signs in once through the login page, then --runs times opens the device list in a new tab
// with a cold page (the session cookie kept, the HTTP cache disabled) and measures from the
// navigation's start to the first table row on screen. Prints one JSON object; never fails on
// time. playwright-core is resolved from the web console's node_modules (--webui, default
// webui/ beside this folder); the browser is Debian's chromium (PW_CHROMIUM_BIN to override).
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    password: { type: 'string' },
    user: { type: 'string', default: 'administrator' },
    runs: { type: 'string', default: '10' },
    webui: { type: 'string', default: join(dirname(fileURLToPath(import.meta.url)), '..', 'webui') },
  },
});
if (!args.url || !args.password) {
  console.error('usage: device_list_browser.mjs --url URL --password PASSWORD [--runs N] [--webui DIR]');
  process.exit(2);
}

const require = createRequire(join(resolve(args.webui), 'package.json'));
const { chromium } = require('playwright-core');

const browser = await chromium.launch({
  executablePath: process.env.PW_CHROMIUM_BIN ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
});
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1600, height: 1000 } });
  const login = await context.newPage();
  await login.goto(args.url);
  await login.getByTestId('login-username').fill(args.user);
  await login.getByTestId('login-password').fill(args.password);
  await login.getByTestId('login-submit').click();
  await login.getByTestId('app-shell').waitFor();
  await login.close();

  const timings = [];
  for (let run = 0; run < Number(args.runs); run += 1) {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const started = Date.now();
    await page.goto(`${args.url}/devices/list`);
    await page.locator('[data-testid^="device-row-"]').first().waitFor({ timeout: 60_000 });
    timings.push(Date.now() - started);
    await page.close();
  }
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(JSON.stringify({ runs: timings.length, first_page_p50_ms: at(0.5), first_page_max_ms: sorted.at(-1), timings_ms: timings }));
} finally {
  await browser.close();
}
