/**
 * Browser test of Devices > Device Groups against the real Manager: a static group filled from
 * the device list's selection ("Add to group"), a dynamic group defined by a filter, both seen
 * in the group tree with their member counts and their devices in the group's table, each
 * compared with what the REST API answers.
 *
 * Needs PW_MANAGER_BIN and PW_WEBUI_DIST (see webui/README.md).
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';

import { ConsoleSession, rowIds } from './support/console';

const FLEET = 12;

/** An import file of `FLEET` printers: HP on even rows, Canon on odd ones. */
function fleetCsv(): string {
  const lines = [
    'DeviceType,ProductName,Manufacturer,PhysicalAddress,State,IPAddress,SerialNumber,DeviceName,Location',
  ];
  for (let i = 0; i < FLEET; i++) {
    const vendor = i % 2 === 0 ? 'HP' : 'Canon';
    const mac = `02:00:00:00:01:${i.toString(16).padStart(2, '0')}`;
    lines.push(`Printer,${vendor} Office,${vendor},${mac},Managed,10.30.0.${i + 1},GS${i},printer-${i},Floor ${i % 3}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

interface Group {
  id: number;
  name: string;
  kind: string;
  parentId: number | null;
  memberCount: number;
  filter: Record<string, string[]> | null;
}

describe('Device Groups with the real Manager', () => {
  const session = new ConsoleSession();
  let setupError: unknown;

  beforeAll(async () => {
    try {
      await session.start('groups');
      await session.login();
      const imported = await session.api('POST', '/devices/import?format=csv', Buffer.from(fleetCsv()));
      if (!imported.ok()) throw new Error(`import: ${imported.status()} ${await imported.text()}`);
    } catch (error) {
      setupError = error;
    }
  });

  afterAll(() => session.stop());

  it('creates a static group from the device list selection and a dynamic group from a filter', async () => {
    if (setupError) throw setupError;
    onTestFailed(() => session.screenshot('groups-failure.png'));
    const page = session.page;
    const devices = await session.apiJson<{ items: { id: number; vendor: string; name: string }[] }>(
      'GET',
      '/devices?sort=id&pageSize=200',
    );
    expect(devices.items).toHaveLength(FLEET);

    // A parent and a static group below it, made in the Device Groups page.
    await session.openMenu('devices', 'devices-groups');
    await page.waitForURL('**/devices/groups');
    await page.getByTestId('groups-page').waitFor();
    await page.getByTestId('group-create').click();
    await page.getByTestId('group-name').fill('Sites');
    await page.getByTestId('group-save').click();
    await page.getByTestId('group-node-Sites').waitFor();
    await expect.poll(() => page.getByTestId('group-title').textContent()).toBe('Sites'); // selected
    await page.getByTestId('group-create').click(); // under the selected group
    await page.getByTestId('group-name').fill('Front desk');
    await page.getByTestId('group-comment').fill('Printers at the reception');
    await page.getByTestId('group-save').click();
    await page.getByTestId('group-node-Front desk').waitFor();

    let groups = await session.apiJson<{ items: Group[] }>('GET', '/groups');
    const sites = groups.items.find((g) => g.name === 'Sites')!;
    const frontDesk = groups.items.find((g) => g.name === 'Front desk')!;
    expect(frontDesk).toMatchObject({ kind: 'static', parentId: sites.id, memberCount: 0 });

    // Device list: select three rows, "Add to group", choose the static group.
    await session.openMenu('devices', 'devices-list');
    await page.waitForURL('**/devices/list');
    const chosen = [devices.items[0].id, devices.items[3].id, devices.items[4].id];
    for (const id of chosen) {
      await page.getByTestId(`device-row-${id}`).locator('.ant-checkbox-input').check();
    }
    await page.getByTestId('add-to-group').click();
    const select = page.getByTestId('add-to-group-select');
    await select.click();
    await page.keyboard.type('Front');
    await page.locator('.ant-select-tree-node-content-wrapper[title="Front desk"]').click();
    await page.getByTestId('add-to-group-ok').click();
    await expect.poll(async () => (await session.apiJson<Group>('GET', `/groups/${frontDesk.id}`)).memberCount).toBe(3);

    // A dynamic group: every Canon printer, by the device list's manufacturer filter.
    await session.openMenu('devices', 'devices-groups');
    await page.getByTestId('group-node-Sites').waitFor();
    await page.getByTestId('group-create').click();
    await page.getByText('Dynamic (every device matching a filter)').click();
    await page.getByTestId('group-name').fill('Canon fleet');
    await page.getByTestId('group-add-condition').click();
    await session.chooseOption(page.getByTestId('group-condition-field-0'), 'Manufacturer');
    await page.getByTestId('group-condition-values-0').click();
    await page.keyboard.type('canon');
    await page.keyboard.press('Enter');
    await page.getByTestId('group-save').click();
    await page.getByTestId('group-node-Canon fleet').waitFor();

    groups = await session.apiJson<{ items: Group[] }>('GET', '/groups');
    const canon = groups.items.find((g) => g.name === 'Canon fleet')!;
    expect(canon).toMatchObject({ kind: 'dynamic', filter: { vendor: ['canon'] }, memberCount: FLEET / 2 });
    // The tree: parents before children, each with its own member count.
    expect(groups.items.map((g) => [g.name, g.memberCount])).toEqual([
      ['Canon fleet', FLEET / 2],
      ['Sites', 0],
      ['Front desk', 3],
    ]);
    await expect.poll(() => page.getByTestId('group-node-Canon fleet').textContent()).toBe('Canon fleet 6');
    await expect.poll(() => page.getByTestId('group-node-Front desk').textContent()).toBe('Front desk 3');

    // The dynamic group's devices, paged by the Manager through filter[group].
    await expect.poll(() => page.getByTestId('group-title').textContent()).toBe('Canon fleet');
    const canonIds = devices.items.filter((d) => d.vendor === 'Canon').map((d) => d.id);
    await expect
      .poll(() => rowIds(page.getByTestId('group-devices').locator('tbody tr[data-testid]')))
      .toEqual(
        await session
          .apiJson<{ items: { id: number }[] }>('GET', `/devices?filter[group]=${canon.id}&sort=name`)
          .then((p) => p.items.map((d) => d.id)),
      );
    expect(canonIds).toHaveLength(FLEET / 2);

    // The static group's devices: the three chosen rows; one removed from the group in its table.
    await page.getByTestId('group-node-Front desk').click();
    await expect.poll(() => page.getByTestId('group-title').textContent()).toBe('Front desk');
    const members = page.getByTestId('group-devices').locator('tbody tr[data-testid]');
    await expect.poll(async () => (await rowIds(members)).sort((a, b) => a - b)).toEqual(chosen);
    await session.screenshot('device-groups.png');

    await page.getByTestId(`group-device-${chosen[0]}`).locator('.ant-checkbox-input').check();
    await page.getByTestId('group-remove-members').click();
    await expect.poll(async () => (await rowIds(members)).sort((a, b) => a - b)).toEqual(chosen.slice(1));
    await expect.poll(() => page.getByTestId('group-node-Front desk').textContent()).toBe('Front desk 2');
  });
});
