/**
 * Browser test of the device details page against the real Manager, a real Agent and
 * printwarden-sim: a discovered printer (with a paper jam injected in the simulator) is polled
 * with "Refresh now", and the page shows what the printer reported (status, alert, supplies with
 * an RFC 3805 "some remaining" level, counters), as the REST API gives it; the Device List then
 * shows its status and lowest supply.
 *
 * Needs PW_MANAGER_BIN, PW_AGENT_BIN, PW_SIM_BIN, PW_WEBUI_DIST (see webui/README.md).
 */
import { describe, expect, it, onTestFailed } from 'vitest';

import { fleetForTests } from './support/console';

// Device 0 replays the first recording (brother_hl5370dw: a drum at "some remaining"), jammed.
const FLEET = 2;
const JAMMED = '127.16.0.1';

interface Device {
  id: number;
  ipAddress: string;
  status: { severity: string; power: string } | null;
  lowestSupply: { percent: number | null; state: string } | null;
}
interface Supplies {
  items: { index: string; percent: number | null; level: { state: string } }[];
}
interface Counters {
  latest: { normalized: Record<string, { value: number }> } | null;
}

describe('Device details with the real Manager, Agent and printer simulator', () => {
  const fleet = fleetForTests('details', FLEET, { '0': 'paper-jam' });
  const session = fleet.session;

  it('polls a printer from its details page and shows its status, supplies and counters', async () => {
    const { agentId, port: simPort } = fleet.ready();
    onTestFailed(() => session.screenshot('details-failure.png'));
    const page = session.page;

    // The simulated printer, discovered through the REST API on the simulator's port.
    const run = await session.apiJson<{ id: number }>('POST', '/discoveries', {
      target: JAMMED,
      agentId,
      port: simPort,
    });
    await expect
      .poll(async () => (await session.apiJson<{ state: string }>('GET', `/discoveries/${run.id}`)).state, {
        timeout: 60_000,
      })
      .toBe('succeeded');
    const found = await session.apiJson<{ items: Device[] }>('GET', `/devices?filter[ipAddress]=${JAMMED}`);
    expect(found.items.map((d) => d.ipAddress)).toEqual([JAMMED]);
    const device = found.items[0];

    // From the Device List to the printer's page.
    // (The console opened on the Device List before the discovery: its Refresh button reloads it.)
    await session.openMenu('devices', 'devices-list');
    await page.getByTestId('devices-page').getByRole('button', { name: 'Refresh' }).click();
    expect(await page.getByTestId(`device-status-${device.id}`).textContent()).toBe('Not polled yet');
    await page.getByTestId(`device-name-${device.id}`).click();
    await page.getByTestId('device-page').waitFor();
    expect(page.url()).toMatch(new RegExp(`/devices/list/${device.id}$`));
    const webPage = page.getByTestId('device-web-page');
    expect(await webPage.getAttribute('href')).toBe(`http://${JAMMED}/`);
    expect(await webPage.getAttribute('target')).toBe('_blank');

    // "Refresh now": the Agent polls the simulator, the page follows until the reading is there.
    const refresh = page.getByTestId('device-refresh');
    await refresh.click();
    await expect.poll(() => refresh.getAttribute('data-awaiting')).toBe('true');
    await page.getByText('New readings received').waitFor({ timeout: 60_000 });
    expect(await refresh.getAttribute('data-awaiting')).toBe('false');

    // Status: the jam as an error, with the printer's alert row.
    expect(await page.getByTestId('status-severity').getAttribute('data-severity')).toBe('error');
    expect(await page.getByTestId('status-power').getAttribute('data-power')).toBe('on');
    expect(await page.getByTestId('status-conditions').textContent()).toContain('Paper jam');
    const alerts = page.getByTestId('alerts-table');
    expect(await alerts.textContent()).toContain('jam (8)');
    expect(await alerts.textContent()).toContain('mediaPath (13)');

    // Supplies as the API gives them: bars for percentages, words for the special states.
    const supplies = await session.apiJson<Supplies>('GET', `/devices/${device.id}/supplies`);
    expect(supplies.items.some((s) => s.level.state === 'some_remaining')).toBe(true);
    for (const supply of supplies.items) {
      const level = page.getByTestId(`supply-level-${supply.index}`);
      if (supply.percent !== null) {
        expect(await level.getAttribute('data-percent')).toBe(String(supply.percent));
      } else {
        expect(await level.getAttribute('data-level')).not.toBe('percent');
        expect(await level.textContent()).not.toContain('%');
      }
    }
    const remaining = supplies.items.find((s) => s.level.state === 'some_remaining')!;
    expect(await page.getByTestId(`supply-level-${remaining.index}`).textContent()).toBe('Some remaining');

    // Counters: the normalized total, and one day of history in the chart.
    const counters = await session.apiJson<Counters>('GET', `/devices/${device.id}/counters`);
    const total = counters.latest!.normalized.total.value;
    expect(await page.getByTestId('counter-total').textContent()).toBe(total.toLocaleString('en-US'));
    const chart = page.getByTestId('counter-chart');
    await chart.waitFor();
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
    await chart.locator('svg[role="application"]').waitFor();
    expect(await chart.locator('.recharts-legend-item').allTextContents()).toContain('Total');

    // Status history: the current edge is open.
    await page.getByTestId('history-table').getByText('Ongoing').first().waitFor();
    // The picture without the button's tooltip and the refresh messages.
    await page.mouse.move(0, 0);
    await page.locator('.ant-tooltip:not(.ant-tooltip-hidden)').waitFor({ state: 'detached' });
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 15_000 });
    await session.screenshot('device-details.png');

    // Back in the Device List: the status and lowest supply columns.
    await page.getByTestId('device-page-back').click();
    const listed = await session.apiJson<{ items: Device[] }>('GET', `/devices?filter[ipAddress]=${JAMMED}`);
    expect(listed.items[0].status).toEqual({ severity: 'error', power: 'on' });
    const status = page.getByTestId(`device-status-${device.id}`);
    await expect.poll(() => status.textContent()).toBe('Error');
    const lowest = listed.items[0].lowestSupply!;
    const bar = page.getByTestId(`device-supply-${device.id}`);
    if (lowest.percent !== null) expect(await bar.getAttribute('data-percent')).toBe(String(lowest.percent));
    else expect(await bar.getAttribute('data-level')).not.toBe('percent');
  });
});
