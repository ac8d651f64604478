/**
 * Browser test of the Reports section against the real Manager, a real Agent and
 * printwarden-sim: two simulated printers are discovered and polled once, then Reports >
 * Counters (lifetime) shows each printer's counters as the REST API gives them and exports them
 * as CSV with a BOM; Consumables lists their supplies; Firmware lists their models; Status Info
 * lists both printers; back on Counters, the remembered choices (lifetime, a device type) and
 * sort order are still there, also after the browser's own copy is cleared and the page
 * reloaded (the Manager keeps them for the user). Writes reports.png.
 *
 * Needs PW_MANAGER_BIN, PW_AGENT_BIN, PW_SIM_BIN, PW_WEBUI_DIST (see webui/README.md).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it, onTestFailed } from 'vitest';

import { fleetForTests } from './support/console';

const PRINTERS = ['127.16.0.1', '127.16.0.2'];

interface Device {
  id: number;
  ipAddress: string;
  name: string;
  model: string;
}
interface Row {
  deviceId: number;
  name: string;
  values: (number | null)[];
}

describe('Reports with the real Manager, Agent and printer simulator', () => {
  const fleet = fleetForTests('reports', PRINTERS.length);
  const session = fleet.session;

  it('shows and exports what the REST API reports', async () => {
    const { agentId, port } = fleet.ready();
    onTestFailed(() => session.screenshot('reports-failure.png'));
    const page = session.page;

    // The readings arrive through the Agent's outbox: wait until both printers are polled.
    const devices = await session.discoverAndPoll<Device>(agentId, port, PRINTERS);
    expect(devices.map((d) => d.ipAddress).sort()).toEqual(PRINTERS);
    // Printers whose counters the Agent could not normalize are left out of the report.
    const lifetime = (await session.apiJson<{ rows: Row[] }>('GET', '/reports/counters?kind=lifetime')).rows;
    expect(lifetime.length).toBeGreaterThan(0);

    // Counters, lifetime: one row per printer with its total as the API gives it.
    await session.openMenu('reports', 'reports-counters');
    await session.chooseOption(page.getByTestId('counters-kind'), 'Lifetime');
    const rows = page.getByTestId('counters-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(lifetime.length);
    const text = await page.getByTestId('counters-table').textContent();
    for (const row of lifetime) {
      const given = row.values.filter((v): v is number => v !== null);
      expect(given.length, row.name).toBeGreaterThan(0);
      for (const value of given) expect(text).toContain(new Intl.NumberFormat('en').format(value));
    }
    await session.screenshot('reports.png');

    const download = page.waitForEvent('download');
    await page.getByTestId('report-export').hover();
    await page.getByTestId('report-export-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^counters-lifetime-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await file.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv
      .slice(1)
      .split(/\r\n/)
      .filter((line) => line !== '');
    expect(lines[0].split(',').slice(0, 6)).toEqual([
      'Device',
      'Model',
      'Serial number',
      'IP address',
      'Region',
      'Total',
    ]);
    expect(lines).toHaveLength(1 + lifetime.length);

    // Consumables: every supply the API lists.
    const supplies = await session.apiJson<{ rows: unknown[] }>('GET', '/reports/supplies');
    expect(supplies.rows.length).toBeGreaterThan(0);
    await session.openMenu('reports', 'reports-consumables');
    const supplyRows = page.getByTestId('supplies-devices').locator('tbody tr.ant-table-row');
    await expect.poll(() => supplyRows.count()).toBe(Math.min(supplies.rows.length, 50));

    // Firmware: the printers' models.
    await session.openMenu('reports', 'reports-firmware');
    const firmware = page.getByTestId('firmware-table');
    for (const device of devices) await expect.poll(() => firmware.textContent()).toContain(device.model);

    // Status Info: both printers listed.
    await session.openMenu('reports', 'reports-status');
    const statusRows = page.getByTestId('status-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => statusRows.count()).toBe(PRINTERS.length);

    // The drop-down choices and the sort are remembered across visits: back on Counters it is
    // still lifetime, for the device type chosen (the simulated printers have none: Printer),
    // sorted by device name.
    await session.openMenu('reports', 'reports-counters');
    await expect.poll(() => page.getByTestId('counters-kind').textContent()).toContain('Lifetime');
    await session.chooseOption(page.getByTestId('report-device-type'), 'Printer');
    await expect.poll(() => rows.count()).toBe(lifetime.length);
    const nameHeader = page.getByTestId('counters-table').locator('th.ant-table-column-has-sorters').first();
    await nameHeader.click();
    await expect.poll(() => nameHeader.getAttribute('aria-sort')).toBe('ascending');
    await session.openMenu('reports', 'reports-firmware');
    await page.getByTestId('firmware-table').waitFor();
    await session.openMenu('reports', 'reports-counters');
    await expect.poll(() => page.getByTestId('report-device-type').textContent()).toContain('Printer');
    await expect.poll(() => page.getByTestId('counters-kind').textContent()).toContain('Lifetime');
    await expect.poll(() => nameHeader.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => rows.count()).toBe(lifetime.length);

    // Kept by the Manager for the user, not only by this browser: still there without the
    // browser's copy, after a reload.
    const stored = await session.apiJson<{ value: { kind: string; deviceType: string } }>(
      'GET',
      '/me/preferences/reports.counters',
    );
    expect([stored.value.kind, stored.value.deviceType]).toEqual(['lifetime', 'Printer']);
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await expect.poll(() => page.getByTestId('counters-kind').textContent()).toContain('Lifetime');
    await expect.poll(() => page.getByTestId('report-device-type').textContent()).toContain('Printer');
    await expect.poll(() => nameHeader.getAttribute('aria-sort')).toBe('ascending');
  });
});
