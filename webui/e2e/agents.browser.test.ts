/**
 * Browser test of System > Agents against the real Manager and Agent binaries.
 *
 * Needs PW_MANAGER_BIN and PW_AGENT_BIN (executables) and PW_WEBUI_DIST (the
 * built console, default: webui/dist). Drives Debian's Chromium
 * (/usr/bin/chromium, or PW_CHROMIUM_BIN) with playwright-core.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';

import { ADMIN_USER, ConsoleSession, requiredExecutable, RESULTS_DIR } from './support/console';
import { startProcess } from './support/processes';

const AGENT_NAME = 'browser-agent';

describe('System > Agents with the real Manager and Agent', () => {
  const session = new ConsoleSession();
  // A setup failure (e.g. PW_MANAGER_BIN unset) is reported by the test itself,
  // so that it counts as a failed test, never as a skipped one.
  let setupError: unknown;

  beforeAll(async () => {
    try {
      requiredExecutable('PW_AGENT_BIN', 'Printwarden Agent');
      await session.start('agents');
    } catch (error) {
      setupError = error;
    }
  });

  afterAll(() => session.stop());

  it('logs in, creates an agent, sees it become active, logs out', async () => {
    if (setupError) throw setupError;
    onTestFailed(() => session.screenshot('agents-failure.png'));
    const page = session.page;

    await session.login();
    expect(await page.getByTestId('current-user').textContent()).toBe(ADMIN_USER);

    // System > Agents through the menu.
    await session.openMenu('system', 'system-agents');
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
    expect(await page.getByTestId('activation-key-command').textContent()).toBe(
      `printwarden-agent --data-dir DIR --manager ${session.origin} --activation-key ${activationKey}`,
    );
    await page.getByTestId('activation-key-done').click();
    const status = page.getByTestId(`agent-status-${AGENT_NAME}`);
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('Inactive');

    // Start the agent with that key; the table (polled every 2 s) must show it active.
    const agentProcess = startProcess(
      'agent',
      requiredExecutable('PW_AGENT_BIN', 'Printwarden Agent'),
      ['--data-dir', join(session.tmp, 'agent'), '--manager', session.origin, '--activation-key', activationKey],
      { cwd: session.tmp, logFile: join(RESULTS_DIR, 'agent.log') },
    );
    session.processes.push(agentProcess);
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
    await session.screenshot('agents.png');

    // Log out: the login page is back, and stays after a reload (the session is gone).
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.reload();
    await page.getByTestId('login-page').waitFor();
  });
});
