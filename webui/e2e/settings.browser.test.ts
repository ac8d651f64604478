/**
 * Browser tests of the settings pages against the real Manager: an Agent's scope (System >
 * Agents > Scope), the device communication settings (Devices > Communication Settings) and the
 * built-in tasks with the communication windows (Tasks > Built-in Tasks).
 * Set-up the tests are not about (the Agents, another Agent's scope) goes through the REST API
 * in the browser's own session; everything checked goes through the console.
 *
 * Needs PW_MANAGER_BIN and PW_WEBUI_DIST (see webui/README.md).
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';

import { ConsoleSession, rowIds } from './support/console';

const COMMUNITY = 'Browser-Secret-Community-7';

describe('Settings pages with the real Manager', () => {
  const session = new ConsoleSession();
  let setupError: unknown;
  let agentId = 0;

  beforeAll(async () => {
    try {
      await session.start('settings');
      await session.login();
      agentId = (await session.apiJson<{ agent: { id: number } }>('POST', '/agents', { name: 'site-a' })).agent.id;
    } catch (error) {
      setupError = error;
    }
  });

  afterAll(() => session.stop());

  it('shows, under the rule, that an Agent scope overlaps another Agent’s', async () => {
    if (setupError) throw setupError;
    onTestFailed(() => session.screenshot('scope-failure.png'));
    const page = session.page;
    const other = await session.apiJson<{ agent: { id: number } }>('POST', '/agents', { name: 'site-b' });
    const otherScope = {
      ipv4: ['127.16.0.0/24'],
      fqdnSuffixes: [],
      discovery: { method: 'scope', addresses: [], hostNames: [] },
    };
    await session.apiJson('PUT', `/agents/${other.agent.id}/scope`, otherScope);

    await session.openMenu('system', 'system-agents');
    await page.getByTestId('agent-details-site-a').click();
    await page.getByTestId('agent-tab-scope').click();
    const ipv4 = page.getByTestId('scope-ipv4');
    await ipv4.fill('127.17.0.1-127.17.0.20\n127.16.0.128/25');
    await page.getByTestId('scope-fqdn').fill('printers.example.com');
    await page.getByTestId('scope-save').click();

    const overlap = '127.16.0.128/25 overlaps 127.16.0.0/24 of agent “site-b”';
    await expect.poll(() => page.getByTestId('scope-overlap').textContent()).toBe(overlap);
    const field = page.locator('.ant-form-item', { has: ipv4 });
    await expect.poll(() => field.locator('.ant-form-item-explain').textContent()).toBe(overlap);
    expect(await page.getByTestId('scope-error').textContent()).toContain('site-b');
    await session.screenshot('scope-overlap.png');

    // Without the overlapping rule the scope is stored (FQDN suffix lower-cased by the Manager).
    await ipv4.fill('127.17.0.1-127.17.0.20');
    await page.getByTestId('scope-fqdn').fill('Printers.Example.COM');
    await page.getByTestId('scope-save').click();
    await page.getByText('Scope saved').waitFor();
    await expect.poll(() => page.getByTestId('scope-fqdn').inputValue()).toBe('printers.example.com');
    expect(await page.getByTestId('scope-error').count()).toBe(0);
    const stored = await session.apiJson<{ ipv4: string[] }>('GET', `/agents/${agentId}/scope`);
    expect(stored.ipv4).toEqual(['127.17.0.1-127.17.0.20']);
    await page.getByTestId('agent-details').locator('.ant-drawer-close').click();
  });

  it('stores an SNMP community and never shows it again', async () => {
    if (setupError) throw setupError;
    onTestFailed(() => session.screenshot('credentials-failure.png'));
    const page = session.page;
    await session.openMenu('devices', 'devices-communication');
    await page.getByTestId('communication-page').waitFor();
    await page.getByTestId('credential-add').click();
    await page.getByTestId('credential-description').fill('Browser SNMP');
    await page.getByTestId('credential-community').fill(COMMUNITY);
    await page.getByTestId('credential-save').click();

    const row = page.locator('[data-testid^="credential-row-"]', { hasText: 'Browser SNMP' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Community stored');
    const id = (await rowIds(row))[0];
    expect(await page.content()).not.toContain(COMMUNITY);
    const listed = await session.api('GET', '/credentials');
    expect(listed.ok()).toBe(true);
    expect(await listed.text()).not.toContain(COMMUNITY);

    // Editing without typing the secret keeps it; the input never shows it.
    await page.getByTestId(`credential-edit-${id}`).click();
    const secret = page.getByTestId('credential-community');
    await secret.waitFor();
    expect(await secret.inputValue()).toBe('');
    await page.getByTestId('credential-description').fill('Browser SNMP (edited)');
    await page.getByTestId('credential-save').click();
    await page.locator('[data-testid^="credential-row-"]', { hasText: 'Browser SNMP (edited)' }).waitFor();
    const edited = await session.apiJson<{ secretsSet: string[] }>('GET', `/credentials/${id}`);
    expect(edited.secretsSet).toEqual(['community']);
    await page.reload();
    await page.getByTestId(`credential-row-${id}`).waitFor();
    expect(await page.content()).not.toContain(COMMUNITY);
  });

  it('switches a built-in task off, executes one now and stores a weekday exception', async () => {
    if (setupError) throw setupError;
    onTestFailed(() => session.screenshot('builtin-tasks-failure.png'));
    const page = session.page;
    await session.openMenu('tasks', 'tasks-built-in');
    await page.getByTestId('builtin-tasks-page').waitFor();

    await page.getByTestId('task-row-retrieveCounters').getByRole('switch').click();
    await expect
      .poll(
        async () =>
          (await session.apiJson<{ items: { name: string; active: boolean }[] }>('GET', '/builtin-tasks')).items,
      )
      .toContainEqual(expect.objectContaining({ name: 'retrieveCounters', active: false }));

    const lastStarted = page.getByTestId('task-last-started-monitorPrinters');
    expect(await lastStarted.textContent()).toBe('Never');
    await page.getByTestId('task-run-monitorPrinters').click();
    await page.getByText('Started on every agent').waitFor();
    await expect.poll(() => lastStarted.textContent()).not.toBe('Never');

    // Saturday: no periodic communication; Monday: 06:00 to 20:00 only.
    await page.getByTestId('windows-exception-saturday').click();
    await page.getByTestId('windows-exception-monday').click();
    await page.getByTestId('windows-list-monday-add').click();
    await session.chooseOption(page.getByTestId('windows-list-monday-start-0'), '06:00');
    await session.chooseOption(page.getByTestId('windows-list-monday-end-0'), '20:00');
    await page.getByTestId('windows-save').click();
    await page.getByText('Windows saved').waitFor();
    const stored = await session.apiJson<{ exceptions: Record<string, unknown> }>(
      'GET',
      '/settings/communication-windows',
    );
    expect(stored.exceptions.saturday).toEqual([]);
    expect(stored.exceptions.monday).toEqual([{ start: '06:00', end: '20:00' }]);
    expect(stored.exceptions.sunday).toBeNull();
    await session.screenshot('builtin-tasks.png');

    await page.reload();
    await page.getByTestId('windows-list-monday').waitFor();
    expect(await page.getByTestId('windows-list-saturday').textContent()).toContain('No window');
  });
});
