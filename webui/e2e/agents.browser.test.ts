/**
 * Browser test of System > Agents against the real Manager and Agent binaries.
 *
 * Needs PW_MANAGER_BIN and PW_AGENT_BIN (executables) and PW_WEBUI_DIST (the
 * built console, default: webui/dist). Drives Debian's Chromium
 * (/usr/bin/chromium, or PW_CHROMIUM_BIN) with playwright-core.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';

import {
  startProcess,
  stopProcess,
  waitForEndpoints,
  type ManagerEndpoints,
  type TestProcess,
} from './support/processes';

const WEBUI_DIR = resolve(__dirname, '..');
const RESULTS_DIR = join(WEBUI_DIR, 'test-results');
const CHROMIUM_BIN = process.env.PW_CHROMIUM_BIN ?? '/usr/bin/chromium';
const ADMIN_USER = 'administrator';
const ADMIN_PASSWORD = 'Browser-Test-Pass-1';
const AGENT_NAME = 'browser-agent';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** An executable named by an environment variable; a missing one fails the test with a clear message. */
function requiredExecutable(variable: string, what: string): string {
  const value = process.env[variable];
  if (!value) {
    throw new Error(
      `${variable} is not set. The browser test runs the real ${what}: set ${variable} to its executable ` +
        '(PW_MANAGER_BIN, PW_AGENT_BIN and PW_WEBUI_DIST are all needed; see webui/README.md).',
    );
  }
  if (!existsSync(value)) throw new Error(`${variable}=${value}: no such file (the ${what} executable).`);
  return resolve(value);
}

describe('System > Agents with the real Manager and Agent', () => {
  let tmp: string | undefined;
  let manager: TestProcess | undefined;
  let agent: TestProcess | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let endpoints: ManagerEndpoints;
  // A setup failure (e.g. PW_MANAGER_BIN unset) is reported by the test itself,
  // so that it counts as a failed test, never as a skipped one.
  let setupError: unknown;

  beforeAll(async () => {
    try {
      await setUp();
    } catch (error) {
      setupError = error;
    }
  });

  async function setUp(): Promise<void> {
    const managerBin = requiredExecutable('PW_MANAGER_BIN', 'Printwarden Manager');
    requiredExecutable('PW_AGENT_BIN', 'Printwarden Agent');
    const dist = resolve(process.env.PW_WEBUI_DIST ?? join(WEBUI_DIR, 'dist'));
    if (!existsSync(join(dist, 'index.html'))) {
      throw new Error(`PW_WEBUI_DIST=${dist} has no index.html: run \`npm run build\` first.`);
    }
    if (!existsSync(CHROMIUM_BIN)) {
      throw new Error(`${CHROMIUM_BIN} not found: install Debian's chromium package (apt-get install chromium).`);
    }

    await mkdir(RESULTS_DIR, { recursive: true });
    await rm(join(RESULTS_DIR, 'agents-failure.png'), { force: true });
    tmp = await mkdtemp(join(tmpdir(), 'pw-webui-browser-'));
    const managerDir = join(tmp, 'manager');
    await mkdir(managerDir, { recursive: true });
    const configFile = join(tmp, 'manager.json');
    const passwordFile = join(tmp, 'admin.pw');
    await writeFile(
      configFile,
      JSON.stringify({
        listen: '127.0.0.1:0',
        agent_listen: '127.0.0.1:0',
        web_root: dist,
        agent_heartbeat_seconds: 1,
      }),
    );
    await writeFile(passwordFile, `${ADMIN_PASSWORD}\n`, { mode: 0o600 });

    manager = startProcess(
      'manager',
      managerBin,
      ['--data-dir', managerDir, '--config', configFile, '--admin-password-file', passwordFile],
      { cwd: tmp, logFile: join(RESULTS_DIR, 'manager.log') },
    );
    endpoints = await waitForEndpoints(join(managerDir, 'run', 'endpoints.json'), manager, 30_000);

    context = await chromium.launchPersistentContext(join(tmp, 'chromium-profile'), {
      executablePath: CHROMIUM_BIN,
      headless: true,
      args: CHROMIUM_ARGS,
      ignoreHTTPSErrors: true,
      locale: 'en-US',
      viewport: { width: 1440, height: 900 },
    });
    context.setDefaultTimeout(30_000);
    page = context.pages()[0] ?? (await context.newPage());
  }

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await stopProcess(agent);
    await stopProcess(manager);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('logs in, creates an agent, sees it become active, logs out', async () => {
    if (setupError) throw setupError;
    onTestFailed(async () => {
      await page?.screenshot({ path: join(RESULTS_DIR, 'agents-failure.png'), fullPage: true }).catch(() => undefined);
    });

    // Log in.
    await page.goto(endpoints.console);
    await page.getByTestId('login-page').waitFor();
    await page.getByTestId('login-username').fill(ADMIN_USER);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('app-shell').waitFor();
    expect(await page.getByTestId('current-user').textContent()).toBe(ADMIN_USER);

    // System > Agents through the menu.
    const agentsEntry = page.getByTestId('menu-system-agents');
    if (!(await agentsEntry.isVisible())) await page.getByTestId('menu-system').click();
    await agentsEntry.click();
    await page.waitForURL('**/system/agents');
    await page.getByTestId('agents-table').waitFor();

    // Create the agent and read its activation key.
    await page.getByTestId('create-agent-button').click();
    await page.getByTestId('agent-name-input').fill(AGENT_NAME);
    await page.getByTestId('create-agent-submit').click();
    const keyElement = page.getByTestId('activation-key');
    await keyElement.waitFor();
    const activationKey = (await keyElement.textContent())?.trim() ?? '';
    expect(activationKey).not.toBe('');
    const origin = new URL(endpoints.console).origin;
    expect(await page.getByTestId('activation-key-command').textContent()).toBe(
      `printwarden-agent --data-dir DIR --manager ${origin} --activation-key ${activationKey}`,
    );
    await page.getByTestId('activation-key-done').click();
    const status = page.getByTestId(`agent-status-${AGENT_NAME}`);
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('Inactive');

    // Start the agent with that key; the table (polled every 2 s) must show it active.
    const agentProcess = startProcess(
      'agent',
      requiredExecutable('PW_AGENT_BIN', 'Printwarden Agent'),
      ['--data-dir', join(tmp!, 'agent'), '--manager', origin, '--activation-key', activationKey],
      { cwd: tmp!, logFile: join(RESULTS_DIR, 'agent.log') },
    );
    agent = agentProcess;
    let shown: string | null = 'Inactive';
    const deadline = Date.now() + 60_000;
    while (shown !== 'Active') {
      if (agentProcess.hasExited()) {
        const { code, signal } = await agentProcess.exited;
        throw new Error(
          `The agent exited (code=${code}, signal=${signal}) while the table showed "${shown}". ` +
            `Its output:\n${agentProcess.output() || '(empty)'}`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(`The agent is still "${shown}" after 60 s. Its output:\n${agentProcess.output() || '(empty)'}`);
      }
      await page.waitForTimeout(500);
      shown = await status.textContent();
    }
    await page.screenshot({ path: join(RESULTS_DIR, 'agents.png'), fullPage: true });

    // Log out: the login page is back, and stays after a reload (the session is gone).
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.reload();
    await page.getByTestId('login-page').waitFor();
  });
});
