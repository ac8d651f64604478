/**
 * Browser test of Devices > Device List against the real Manager: a fleet imported through
 * "Add devices > Import a file", then the list's column filters, sort, paging and export, each
 * compared with what the REST API answers for the same view.
 *
 * Needs PW_MANAGER_BIN and PW_WEBUI_DIST (see webui/README.md).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';

import { ConsoleSession, rowIds } from './support/console';

const FLEET = 250;
const VENDORS = ['HP', 'Canon', 'Brother', 'Kyocera', 'Xerox'];

/** An import file of `FLEET` printers: 5 manufacturers, 7 models each, unique MAC addresses. */
function fleetCsv(): string {
  const lines = [
    'DeviceType,ProductName,Manufacturer,PhysicalAddress,State,IPAddress,SerialNumber,DeviceName,Location',
  ];
  for (let i = 0; i < FLEET; i++) {
    const vendor = VENDORS[i % VENDORS.length];
    const mac = `02:00:00:00:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;
    const serial = `SN${String((i * 7919) % 100_000).padStart(5, '0')}`;
    const location = i % 3 === 0 ? 'Berlin floor 2' : 'Lyon';
    lines.push(
      `Printer,${vendor} Series ${i % 7},${vendor},${mac},Managed,10.20.${i >> 8}.${i & 0xff},${serial},printer-${i},${location}`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

interface DevicePage {
  items: { id: number; vendor: string; model: string }[];
  total: number;
}

describe('Device List with the real Manager', () => {
  const session = new ConsoleSession();
  let setupError: unknown;

  beforeAll(async () => {
    try {
      await session.start('devices');
      await session.login();
    } catch (error) {
      setupError = error;
    }
  });

  afterAll(() => session.stop());

  it('imports a file, shows a rejected file’s rows, then filters, sorts, pages and exports', async () => {
    if (setupError) throw setupError;
    onTestFailed(() => session.screenshot('devices-failure.png'));
    const page = session.page;
    await session.openMenu('devices', 'devices-list');
    await page.waitForURL('**/devices/list');
    await page.getByTestId('devices-page').waitFor();

    // A rejected file: nothing stored, every bad row listed.
    await page.getByTestId('add-devices-button').click();
    await page.getByTestId('add-tab-import').click();
    const upload = page.getByTestId('import-upload').locator('input[type=file]');
    const bad =
      'DeviceType,ProductName,Manufacturer,PhysicalAddress,State\r\n' +
      'Printer,A,HP,00:11:22:33:44,Managed\r\nPrinter,B,HP,02:00:00:00:00:01,Retired\r\n';
    await upload.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    const errors = page.getByTestId('import-row-errors');
    await errors.waitFor();
    expect(await errors.locator('tbody tr').count()).toBe(2);
    expect(await errors.textContent()).toContain('PhysicalAddress');
    expect(await errors.textContent()).toContain('State');

    // The fleet.
    await upload.setInputFiles({ name: 'fleet.csv', mimeType: 'text/csv', buffer: Buffer.from(fleetCsv()) });
    await expect
      .poll(() => page.getByTestId('import-result').textContent())
      .toContain(`Rows: ${FLEET} · created: ${FLEET} · updated: 0`);
    await page.getByTestId('add-devices-close').click();

    const total = page.getByTestId('devices-total');
    const rows = page.locator('[data-testid^="device-row-"]');
    await expect.poll(() => total.textContent()).toBe(`Total: ${FLEET}`);
    await expect.poll(() => rows.count()).toBe(200);

    // Page 2: the other 50, as the API pages them.
    await page.locator('.ant-pagination-item-2').click();
    await expect.poll(() => rows.count()).toBe(FLEET - 200);
    const api2 = await session.apiJson<DevicePage>('GET', '/devices?page=2&pageSize=200');
    expect(await rowIds(rows)).toEqual(api2.items.map((d) => d.id));

    // Sort by serial number, descending (two clicks): back to page 1, in the API's order.
    const serialHeader = page.locator('th.ant-table-column-has-sorters', { hasText: 'Serial number' });
    // Each click's state must be in the URL and on the header (antd picks the next order from
    // the header's current one) before the next click.
    await serialHeader.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('order')).toBe('asc');
    await expect.poll(() => serialHeader.getAttribute('aria-sort')).toBe('ascending');
    await serialHeader.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('order')).toBe('desc');
    await expect.poll(() => serialHeader.getAttribute('aria-sort')).toBe('descending');
    const sorted = await session.apiJson<DevicePage>('GET', '/devices?page=1&pageSize=200&sort=serial&order=desc');
    await expect.poll(() => rowIds(rows)).toEqual(sorted.items.map((d) => d.id));

    // Two manufacturers (OR, typed in lower case) and a model text (AND), through the column filters.
    await session.filterColumn('Manufacturer', 'vendor', ['canon', 'xerox']);
    const vendorQuery = 'filter[vendor]=canon&filter[vendor]=xerox';
    const byVendor = await session.apiJson<DevicePage>(
      'GET',
      `/devices?pageSize=200&sort=serial&order=desc&${vendorQuery}`,
    );
    expect(byVendor.total).toBe((FLEET * 2) / VENDORS.length);
    await expect.poll(() => total.textContent()).toBe(`Total: ${byVendor.total}`);
    expect(await rowIds(rows)).toEqual(byVendor.items.map((d) => d.id));

    await session.filterColumn('Model', 'model', ['series 3']);
    const both = await session.apiJson<DevicePage>(
      'GET',
      `/devices?pageSize=200&sort=serial&order=desc&${vendorQuery}&filter[model]=series%203`,
    );
    expect(both.total).toBeGreaterThan(0);
    expect(both.total).toBeLessThan(byVendor.total);
    await expect.poll(() => total.textContent()).toBe(`Total: ${both.total}`);
    expect(await rowIds(rows)).toEqual(both.items.map((d) => d.id));
    for (const d of both.items) {
      expect(['Canon', 'Xerox']).toContain(d.vendor);
      expect(d.model.toLowerCase()).toContain('series 3');
    }
    await session.screenshot('devices.png');

    // Export of this view: the same devices, as CSV with a BOM.
    const download = page.waitForEvent('download');
    await page.getByTestId('export-button').hover();
    await page.getByTestId('export-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^devices-\d{8}-\d{6}\.csv$/);
    const csv = await readFile((await file.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const dataLines = csv.split(/\r\n/).filter((line, i) => i > 0 && line !== '');
    expect(dataLines).toHaveLength(both.total);

    // Clearing the filters brings the whole fleet back.
    await page.getByTestId('clear-filters').click();
    await expect.poll(() => total.textContent()).toBe(`Total: ${FLEET}`);
  });
});
