/**
 * What every browser test needs: the real Manager on loopback, Debian's Chromium logged in to
 * its console, REST calls in the browser's session (for set-up the test is not about), and the
 * real Agent and simulator when devices are needed. Every process is stopped by PID.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type APIResponse, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

import { startProcess, stopProcess, waitForEndpoints, type ManagerEndpoints, type TestProcess } from './processes';

export const WEBUI_DIR = resolve(__dirname, '..', '..');
export const RESULTS_DIR = join(WEBUI_DIR, 'test-results');
export const ADMIN_USER = 'administrator';
export const ADMIN_PASSWORD = 'Browser-Test-Pass-1';
const CHROMIUM_BIN = process.env.PW_CHROMIUM_BIN ?? '/usr/bin/chromium';
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
/** The printer recordings the simulator replays (shared/fixtures next to the repository). */
const RECORDINGS_DIR = resolve(
  process.env.PW_FIXTURES_DIR ?? join(WEBUI_DIR, '..', '..', 'shared', 'fixtures', 'printers'),
  'snmprec',
);

/** An executable named by an environment variable; a missing one fails the test with a clear message. */
export function requiredExecutable(variable: string, what: string): string {
  const value = process.env[variable];
  if (!value) {
    throw new Error(
      `${variable} is not set. The browser test runs the real ${what}: set ${variable} to its executable ` +
        '(PW_MANAGER_BIN, PW_AGENT_BIN, PW_SIM_BIN and PW_WEBUI_DIST; see webui/README.md).',
    );
  }
  if (!existsSync(value)) throw new Error(`${variable}=${value}: no such file (the ${what} executable).`);
  return resolve(value);
}

/** The ids of table rows whose test ids end in "-<id>" (e.g. device-row-12), in page order. */
export function rowIds(rows: Locator): Promise<number[]> {
  return rows.evaluateAll((elements) => elements.map((e) => Number(e.getAttribute('data-testid')!.split('-').pop())));
}

/** A running Manager with a logged-out browser on its console. */
export interface DiscoveredDevice {
  id: number;
  ipAddress: string;
}

export class ConsoleSession {
  readonly processes: TestProcess[] = [];
  tmp = '';
  endpoints!: ManagerEndpoints;
  context!: BrowserContext;
  page!: Page;
  private csrf: string | null = null;

  get origin(): string {
    return new URL(this.endpoints.console).origin;
  }

  /** Starts the Manager (its log in test-results/<name>-manager.log) and Chromium. */
  async start(name: string): Promise<void> {
    const managerBin = requiredExecutable('PW_MANAGER_BIN', 'Printwarden Manager');
    const dist = resolve(process.env.PW_WEBUI_DIST ?? join(WEBUI_DIR, 'dist'));
    if (!existsSync(join(dist, 'index.html'))) {
      throw new Error(`PW_WEBUI_DIST=${dist} has no index.html: run \`npm run build\` first.`);
    }
    if (!existsSync(CHROMIUM_BIN)) {
      throw new Error(`${CHROMIUM_BIN} not found: install Debian's chromium package (apt-get install chromium).`);
    }
    await mkdir(RESULTS_DIR, { recursive: true });
    await rm(join(RESULTS_DIR, `${name}-failure.png`), { force: true });
    this.tmp = await mkdtemp(join(tmpdir(), `pw-webui-${name}-`));
    const managerDir = join(this.tmp, 'manager');
    await mkdir(managerDir, { recursive: true });
    const configFile = join(this.tmp, 'manager.json');
    const passwordFile = join(this.tmp, 'admin.pw');
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
    const manager = startProcess(
      'manager',
      managerBin,
      ['--data-dir', managerDir, '--config', configFile, '--admin-password-file', passwordFile],
      { cwd: this.tmp, logFile: join(RESULTS_DIR, name === 'agents' ? 'manager.log' : `${name}-manager.log`) },
    );
    this.processes.push(manager);
    this.endpoints = await waitForEndpoints(join(managerDir, 'run', 'endpoints.json'), manager, 30_000);

    this.context = await chromium.launchPersistentContext(join(this.tmp, 'chromium-profile'), {
      executablePath: CHROMIUM_BIN,
      headless: true,
      args: CHROMIUM_ARGS,
      ignoreHTTPSErrors: true,
      acceptDownloads: true,
      locale: 'en-US',
      viewport: { width: 1600, height: 1000 },
    });
    this.context.setDefaultTimeout(30_000);
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
  }

  /** Logs in through the login page. */
  async login(): Promise<void> {
    const page = this.page;
    await page.goto(this.endpoints.console);
    await page.getByTestId('login-page').waitFor();
    await page.getByTestId('login-username').fill(ADMIN_USER);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('app-shell').waitFor();
    // The landing page's menu group unfolds by itself just after the shell appears: wait for its
    // selected entry, so that a first openMenu does not read the group folded and click it shut.
    await page.locator('.ant-menu-item-selected').waitFor();
  }

  /** Opens a page through the side menu (`group` is the menu group's test id suffix). */
  async openMenu(group: string, entry: string): Promise<void> {
    const page = this.page;
    const title = page.locator('.ant-menu-submenu-title').filter({ has: page.getByTestId(`menu-${group}`) });
    // The page's own group unfolds by itself after a navigation: deciding while it is still moving
    // would fold it again. Wait until no menu group is animating, then read its state.
    await page.waitForFunction(() => document.querySelector('.ant-menu [class*="ant-motion-collapse"]') === null);
    if ((await title.getAttribute('aria-expanded')) !== 'true') await title.click();
    await page
      .locator('.ant-menu-submenu-title[aria-expanded="true"]')
      .filter({ has: page.getByTestId(`menu-${group}`) })
      .waitFor();
    await page.getByTestId(`menu-${entry}`).click();
  }

  /** Picks `text` in a searchable select: types it (long lists render only what is in view), then clicks it. */
  async chooseOption(select: Locator, text: string): Promise<void> {
    await select.click();
    await this.page.keyboard.type(text);
    // The option of THIS select's dropdown (its listbox is the one the combobox controls): the
    // dropdown of a select used just before may still be fading out with the same options.
    const combobox = (await select.getAttribute('role')) === 'combobox' ? select : select.getByRole('combobox');
    const listbox = await combobox.getAttribute('aria-controls');
    await this.page
      .locator(`.ant-select-dropdown:has([id="${listbox}"]) .ant-select-item-option`)
      .and(this.page.getByTitle(text, { exact: true }))
      .click();
  }

  /** A REST call in the browser's session (its cookie; the CSRF token of the session). */
  async api(method: string, path: string, data?: unknown): Promise<APIResponse> {
    if (!this.csrf) {
      const session = await this.context.request.get(`${this.origin}/api/v1/auth/session`);
      if (!session.ok()) throw new Error(`GET /auth/session: ${session.status()} ${await session.text()}`);
      this.csrf = ((await session.json()) as { csrfToken: string }).csrfToken;
    }
    return this.context.request.fetch(`${this.origin}/api/v1${path}`, {
      method,
      headers: method === 'GET' ? {} : { 'X-CSRF-Token': this.csrf },
      data,
    });
  }

  /** `api` for a call that must succeed; returns its JSON. */
  async apiJson<T>(method: string, path: string, data?: unknown): Promise<T> {
    const response = await this.api(method, path, data);
    if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
    return (await response.json()) as T;
  }

  /** Creates an agent through the API, starts the real Agent with its key and waits until it is active. */
  async startAgent(name: string): Promise<number> {
    const bin = requiredExecutable('PW_AGENT_BIN', 'Printwarden Agent');
    const created = await this.apiJson<{ agent: { id: number }; activationKey: string }>('POST', '/agents', {
      name,
      local: true,
    });
    const agent = startProcess(
      `agent-${name}`,
      bin,
      [
        '--data-dir',
        join(this.tmp, `agent-${name}`),
        '--manager',
        this.origin,
        '--activation-key',
        created.activationKey,
      ],
      { cwd: this.tmp, logFile: join(RESULTS_DIR, `agent-${name}.log`) },
    );
    this.processes.push(agent);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { agent: shown } = await this.apiJson<{ agent: { status: string } }>('GET', `/agents/${created.agent.id}`);
      if (shown.status === 'active') return created.agent.id;
      if (agent.hasExited()) throw new Error(`The agent exited before becoming active:\n${agent.output()}`);
      if (Date.now() > deadline) throw new Error(`The agent is still ${shown.status} after 60 s:\n${agent.output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /**
   * Starts printwarden-sim with `count` printers from 127.16.0.1 on a kernel-chosen port; returns
   * the port. `states` injects error states by device index or address (e.g. {"0": "paper-jam"}).
   */
  async startSimulator(count: number, states?: Record<string, string>): Promise<number> {
    const bin = requiredExecutable('PW_SIM_BIN', 'printer simulator (printwarden-sim)');
    if (!existsSync(RECORDINGS_DIR)) throw new Error(`No printer recordings at ${RECORDINGS_DIR} (PW_FIXTURES_DIR).`);
    const stateArgs: string[] = [];
    if (states) {
      const statesFile = join(this.tmp, 'sim-states.json');
      await writeFile(statesFile, JSON.stringify(states));
      stateArgs.push('--states', statesFile);
    }
    const sim = startProcess(
      'sim',
      bin,
      [
        '--recordings',
        RECORDINGS_DIR,
        '--first-address',
        '127.16.0.1',
        '--count',
        String(count),
        '--port',
        '0',
        '--seed',
        '3',
        ...stateArgs,
      ],
      { cwd: this.tmp, logFile: join(RESULTS_DIR, 'sim.log') },
    );
    this.processes.push(sim);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = /printwarden-sim: \d+ devices on \S+ port (\d+)/.exec(sim.output());
      if (ready) return Number(ready[1]);
      if (sim.hasExited()) throw new Error(`printwarden-sim exited:\n${sim.output()}`);
      if (Date.now() > deadline) throw new Error(`printwarden-sim not ready after 30 s:\n${sim.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * The usual fleet: the Manager started as `name` and logged in, an Agent "site-a" and
   * printwarden-sim with `count` printers (and `states`, as startSimulator) whose community the
   * Agent has; returns the Agent's id and the simulator's port.
   */
  async startFleet(
    name: string,
    count: number,
    states?: Record<string, string>,
  ): Promise<{ agentId: number; port: number }> {
    await this.start(name);
    await this.login();
    const agentId = await this.startAgent('site-a');
    const port = await this.startSimulator(count, states);
    await this.addSimulatorCommunity(agentId);
    return { agentId, port };
  }

  /** Stores the simulator's SNMP v2c community ("public") for the Agent, through the API. */
  async addSimulatorCommunity(agentId: number): Promise<void> {
    await this.apiJson('POST', '/credentials', {
      kind: 'snmpv1',
      description: 'simulator',
      agentIds: [agentId],
      fields: { version: 'v2c', community: 'public' },
    });
  }

  /**
   * Discovers each simulated printer at `targets` through `agentId` and polls it once (set-up
   * through the REST API; call it inside a test); returns the devices with their addresses.
   */
  async discoverAndPoll<D extends DiscoveredDevice = DiscoveredDevice>(
    agentId: number,
    port: number,
    targets: readonly string[],
  ): Promise<D[]> {
    for (const target of targets) {
      const run = await this.apiJson<{ id: number }>('POST', '/discoveries', { target, agentId, port });
      await expect
        .poll(async () => (await this.apiJson<{ state: string }>('GET', `/discoveries/${run.id}`)).state, {
          timeout: 60_000,
        })
        .toBe('succeeded');
    }
    const devices = (await this.apiJson<{ items: D[] }>('GET', '/devices')).items;
    for (const device of devices) await this.apiJson('POST', `/devices/${device.id}/refresh`);
    for (const device of devices) {
      await expect
        .poll(async () => (await this.apiJson<{ polled: boolean }>('GET', `/devices/${device.id}/status`)).polled, {
          timeout: 90_000,
        })
        .toBe(true);
    }
    return devices;
  }

  /** Closes the browser, stops every process (newest first) by PID and removes the temp dir. */
  async stop(): Promise<void> {
    await this.context?.close().catch(() => undefined);
    for (const proc of [...this.processes].reverse()) await stopProcess(proc);
    if (this.tmp) await rm(this.tmp, { recursive: true, force: true });
  }

  /**
   * Types `values` into the filter of the column titled `title` (the column's test key is
   * `column`) and applies it. The role query skips the copy of the header antd keeps for measuring.
   */
  async filterColumn(title: string, column: string, values: string[]): Promise<void> {
    await this.page.getByRole('columnheader', { name: title }).locator('.ant-table-filter-trigger').click();
    const input = this.page.getByTestId(`filter-${column}-input`).locator('input');
    for (const value of values) {
      await input.fill(value);
      await input.press('Enter');
    }
    await this.page.getByTestId(`filter-${column}-apply`).click();
  }

  async screenshot(file: string): Promise<void> {
    await this.page?.screenshot({ path: join(RESULTS_DIR, file), fullPage: true }).catch(() => undefined);
  }
}

/** An Agent and printer simulator started for a test file (ConsoleSession.startFleet). */
export interface FleetForTests {
  session: ConsoleSession;
  /** The Agent's id and the simulator's port; throws the set-up's failure, for each test to fail with. */
  ready: () => { agentId: number; port: number };
}

/**
 * Starts the fleet before the file's tests (then `more`, further set-up) and stops it after
 * them. A set-up failure is kept for `ready()` to throw in each test rather than thrown by the
 * hook, so that every test reports the reason.
 */
export function fleetForTests(
  name: string,
  count: number,
  states?: Record<string, string>,
  more?: (session: ConsoleSession, started: { agentId: number; port: number }) => Promise<void>,
): FleetForTests {
  const session = new ConsoleSession();
  let started: { agentId: number; port: number } | undefined;
  let setupError: unknown;
  beforeAll(async () => {
    try {
      const fleet = await session.startFleet(name, count, states);
      await more?.(session, fleet);
      started = fleet;
    } catch (error) {
      setupError = error;
    }
  });
  afterAll(() => session.stop());
  return {
    session,
    ready: () => {
      if (setupError || !started) throw setupError ?? new Error('the fleet was not started');
      return started;
    },
  };
}
