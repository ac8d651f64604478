/**
 * Browser test of Devices > Discovery against the real Manager, a real Agent and
 * printwarden-sim: a run started from the console's "Start discovery" dialog, its progress and
 * result in the run list and drawer, and the devices it registers in the Device List.
 *
 * The simulator listens on a kernel-chosen port, and the console (like a user) cannot choose
 * the SNMP port: the run started from the dialog sweeps port 161 and finds nothing, which
 * checks the dialog → Manager → Agent → drawer path; a second run with the same settings, started
 * through the REST API with the simulator's port, fills the registry, and the console must show it.
 *
 * Needs PW_MANAGER_BIN, PW_AGENT_BIN, PW_SIM_BIN, PW_WEBUI_DIST (see webui/README.md).
 */
import { describe, expect, it, onTestFailed } from 'vitest';

import { fleetForTests, rowIds } from './support/console';

const FLEET = 24;

interface DevicePage {
  items: { id: number; vendor: string }[];
  total: number;
}

interface Run {
  id: number;
  state: string;
  registration: unknown;
  summary: { found: number; created: number; unmanaged: number };
}

describe('Discovery with the real Manager, Agent and printer simulator', () => {
  const fleet = fleetForTests('discovery', FLEET, undefined, (started, { agentId }) =>
    started.apiJson('PUT', `/agents/${agentId}/scope`, {
      ipv4: [`127.16.0.1-127.16.0.${FLEET}`],
      fqdnSuffixes: [],
      discovery: { method: 'scope', addresses: [], hostNames: [] },
    }),
  );
  const session = fleet.session;

  it('starts a discovery from the console, follows it, and lists what a run registers', async () => {
    const { agentId, port: simPort } = fleet.ready();
    onTestFailed(() => session.screenshot('discovery-failure.png'));
    const page = session.page;
    await session.openMenu('devices', 'devices-discovery');
    await page.getByTestId('discovery-page').waitFor();

    // The dialog: the agent, one condition (Manufacturer contains "canon" → unmanaged).
    await page.getByTestId('start-discovery-button').click();
    const option = (text: string) =>
      page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text });
    await page.getByTestId('start-agents').click();
    await option('site-a').click();
    await page.locator('.ant-modal-title').click(); // closes the list (Escape would close the dialog)
    await page.getByTestId('add-condition').click();
    await page.getByTestId('condition-0-field').click();
    await option('Manufacturer').click();
    await page.getByTestId('condition-0-operator').click();
    await option('Contains').click();
    await page.getByTestId('condition-0-value').fill('canon');
    await page.getByTestId('start-method').getByText('Unmanaged').click();
    await page.getByTestId('start-discovery-submit').click();

    // The drawer follows the run to its end.
    const state = page.getByTestId('run-details-state');
    await state.waitFor();
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 60_000 }).not.toBe('running');
    const runs = await session.apiJson<{ items: Run[] }>('GET', '/discoveries?limit=50');
    const fromDialog = runs.items[0];
    expect(fromDialog.registration).toEqual({
      method: 'unmanaged',
      conditions: [{ field: 'vendor', operator: 'contains', value: 'canon' }],
    });
    expect(await state.getAttribute('data-state')).toBe(fromDialog.state);
    await page.getByTestId('run-details').locator('.ant-drawer-close').click();

    // The same run on the simulator's port: the list shows it running, then its result.
    const run = await session.apiJson<Run>('POST', '/discoveries', {
      agentIds: [agentId],
      port: simPort,
      registration: fromDialog.registration,
    });
    const row = page.getByTestId(`run-row-${run.id}`);
    await row.waitFor();
    await expect
      .poll(() => page.getByTestId(`run-state-${run.id}`).getAttribute('data-state'), { timeout: 60_000 })
      .toBe('succeeded');
    const done = await session.apiJson<Run>('GET', `/discoveries/${run.id}`);
    expect(done.summary.found).toBe(FLEET);
    await expect.poll(() => row.textContent()).toContain(`${FLEET} found, ${FLEET} new`);
    await session.screenshot('discovery.png');

    // The Device List shows the new devices, the matching ones under "Unmanaged".
    await session.openMenu('devices', 'devices-list');
    const total = page.getByTestId('devices-total');
    await expect.poll(() => total.textContent()).toBe(`Total: ${FLEET}`);
    await page.getByTestId('device-view-unmanaged').click();
    expect(done.summary.unmanaged).toBeGreaterThan(0);
    await expect.poll(() => total.textContent()).toBe(`Total: ${done.summary.unmanaged}`);
    const unmanaged = await session.apiJson<DevicePage>('GET', '/devices?filter[state]=unmanaged&pageSize=200');
    for (const d of unmanaged.items) expect(d.vendor.toLowerCase()).toContain('canon');

    // Back to all devices: 20 per page, sorted by IP address descending, then a Manufacturer filter.
    await page.getByTestId('device-view-inUse').click();
    await expect.poll(() => total.textContent()).toBe(`Total: ${FLEET}`);
    await page.locator('.ant-pagination-options .ant-select').click();
    await page.locator('.ant-select-item-option', { hasText: '20 / page' }).click();
    const rows = page.locator('[data-testid^="device-row-"]');
    await expect.poll(() => rows.count()).toBe(20);
    const ipHeader = page.locator('th.ant-table-column-has-sorters', { hasText: 'IP address' });
    // antd picks the next order from the header's drawn one: wait for each click's order (in the
    // URL and on the header) before the next click or the page change.
    await ipHeader.click();
    await expect.poll(() => ipHeader.getAttribute('aria-sort')).toBe('ascending');
    await ipHeader.click();
    await expect.poll(() => ipHeader.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => new URL(page.url()).searchParams.get('order')).toBe('desc');
    const sorted = await session.apiJson<DevicePage>('GET', '/devices?page=1&pageSize=20&sort=ipAddress&order=desc');
    await expect.poll(() => rowIds(rows)).toEqual(sorted.items.map((d) => d.id));
    await page.locator('.ant-pagination-item-2').click();
    const sorted2 = await session.apiJson<DevicePage>('GET', '/devices?page=2&pageSize=20&sort=ipAddress&order=desc');
    await expect.poll(() => rowIds(rows)).toEqual(sorted2.items.map((d) => d.id));

    await session.filterColumn('Manufacturer', 'vendor', ['canon']);
    const canon = await session.apiJson<DevicePage>(
      'GET',
      '/devices?page=1&pageSize=20&sort=ipAddress&order=desc&filter[vendor]=canon',
    );
    expect(canon.total).toBe(done.summary.unmanaged);
    await expect.poll(() => total.textContent()).toBe(`Total: ${canon.total}`);
    expect(await rowIds(rows)).toEqual(canon.items.map((d) => d.id));
    await session.screenshot('device-list.png');
  });
});
