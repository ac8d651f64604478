/**
 * Browser test of System > Regions against the real Manager: devices imported through the API,
 * then two regions created in the drawer (a rule refused live, another refused by the Manager for
 * overlapping the first region), and the device list showing and filtering each device's region.
 *
 * Needs PW_MANAGER_BIN and PW_WEBUI_DIST (see webui/README.md).
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';

import { ConsoleSession, rowIds } from './support/console';

/** Three devices in 10.30.1.0/24, two named under lyon.example elsewhere, one in neither. */
const FLEET = [
  ['02:00:00:00:30:01', '10.30.1.10', 'p1.paris.example'],
  ['02:00:00:00:30:02', '10.30.1.11', 'p2.lyon.example'], // the IPv4 rule wins over the suffix
  ['02:00:00:00:30:03', '10.30.1.200', ''],
  ['02:00:00:00:40:01', '10.40.0.10', 'p3.LYON.example'],
  ['02:00:00:00:40:02', '10.40.0.11', 'q.lyon.example'],
  ['02:00:00:00:50:01', '10.50.0.10', 'p4.xlyon.example'], // not at a label boundary
];

function fleetCsv(): string {
  const lines = [
    'DeviceType,ProductName,Manufacturer,PhysicalAddress,State,IPAddress,HostName,SerialNumber,DeviceName',
  ];
  FLEET.forEach(([mac, ip, host], i) =>
    lines.push(`Printer,Series 1,HP,${mac},Managed,${ip},${host},RS${i},printer-${i}`),
  );
  return `${lines.join('\r\n')}\r\n`;
}

interface Device {
  id: number;
  ipAddress: string;
  region: { id: number; name: string } | null;
}

describe('Regions with the real Manager', () => {
  const session = new ConsoleSession();
  let setupError: unknown;

  beforeAll(async () => {
    try {
      await session.start('regions');
      await session.login();
    } catch (error) {
      setupError = error;
    }
  });

  afterAll(() => session.stop());

  it('creates regions with rules and the device list takes them', async () => {
    if (setupError) throw setupError;
    onTestFailed(() => session.screenshot('regions-failure.png'));
    const page = session.page;
    const imported = await session.apiJson<{ created: number }>(
      'POST',
      '/devices/import?format=csv',
      Buffer.from(fleetCsv()),
    );
    expect(imported.created).toBe(FLEET.length);

    await session.openMenu('system', 'system-regions');
    await page.waitForURL('**/system/regions');
    await page.getByTestId('regions-page').waitFor();

    // Paris: one CIDR rule, first typed with host bits set (refused as it is typed).
    await page.getByTestId('create-region-button').click();
    await page.getByTestId('region-name').fill('Paris');
    await session.chooseOption(page.getByTestId('region-time-zone'), 'Europe/Paris');
    const form = page.getByTestId('region-form');
    await page.getByTestId('region-rule-value-0').fill('10.30.1.5/24');
    await expect.poll(() => form.textContent()).toContain('host bits set');
    await page.getByTestId('region-rule-value-0').fill('10.30.1.0/24');
    await expect.poll(() => form.textContent()).not.toContain('host bits set');
    await page.getByTestId('region-submit').click();
    await page.getByTestId('region-row-Paris').waitFor();

    // Lyon: a suffix, and a range inside Paris's network, which the Manager refuses on that row.
    await page.getByTestId('create-region-button').click();
    await page.getByTestId('region-name').fill('Lyon');
    await session.chooseOption(page.getByTestId('region-time-zone'), 'Europe/Paris');
    await session.chooseOption(page.getByTestId('region-rule-type-0'), 'Domain suffix');
    await page.getByTestId('region-rule-value-0').fill('Lyon.Example');
    await page.getByTestId('region-rule-add').click();
    await session.chooseOption(page.getByTestId('region-rule-type-1'), 'IPv4 range');
    await page.getByTestId('region-rule-value-1').fill('10.30.1.250-10.30.2.5');
    await page.getByTestId('region-submit').click();
    const refused = page.getByTestId('region-rule-1');
    await expect.poll(() => refused.textContent()).toContain('Already covered by region Paris (10.30.1.0/24)');
    await page.getByTestId('region-rule-remove-1').click();
    await page.getByTestId('region-submit').click();
    await page.getByTestId('region-row-Lyon').waitFor();

    const regions = await session.apiJson<{ items: { id: number; name: string; deviceCount: number }[] }>(
      'GET',
      '/regions',
    );
    const byName = Object.fromEntries(regions.items.map((r) => [r.name, r]));
    expect(byName.Paris.deviceCount).toBe(3);
    expect(byName.Lyon.deviceCount).toBe(2);
    await expect.poll(() => page.getByTestId(`region-devices-${byName.Paris.id}`).textContent()).toBe('3');
    await expect.poll(() => page.getByTestId(`region-devices-${byName.Lyon.id}`).textContent()).toBe('2');
    await session.screenshot('regions.png');

    // The device list shows each device's region, as the API derives it from the rules.
    await session.openMenu('devices', 'devices-list');
    await page.waitForURL('**/devices/list');
    const list = await session.apiJson<{ items: Device[] }>('GET', '/devices?pageSize=200');
    const expected: Record<string, string | null> = {
      '10.30.1.10': 'Paris',
      '10.30.1.11': 'Paris',
      '10.30.1.200': 'Paris',
      '10.40.0.10': 'Lyon',
      '10.40.0.11': 'Lyon',
      '10.50.0.10': null,
    };
    for (const device of list.items) {
      expect(device.region?.name ?? null, device.ipAddress).toBe(expected[device.ipAddress]);
      const cell = page.getByTestId(`device-region-${device.id}`);
      await expect.poll(() => cell.textContent()).toBe(device.region?.name ?? '—');
    }

    // Filtered by the Region column: Lyon's devices only.
    await page.getByRole('columnheader', { name: 'Region' }).locator('.ant-table-filter-trigger').click();
    await page.locator('.ant-table-filter-dropdown:visible .ant-dropdown-menu-item', { hasText: 'Lyon' }).click();
    await page.locator('.ant-table-filter-dropdown:visible').getByRole('button', { name: 'OK' }).click();
    const rows = page.locator('[data-testid^="device-row-"]');
    const lyon = list.items.filter((d) => d.region?.name === 'Lyon').map((d) => d.id);
    await expect.poll(async () => (await rowIds(rows)).sort()).toEqual(lyon.sort());
  });
});
