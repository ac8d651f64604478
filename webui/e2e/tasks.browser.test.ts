/**
 * Browser test of Tasks against the real Manager: a "restart printers" task made in the editor
 * with targets picked by searching devices by name and by address plus a device group, saved
 * with "run now" and a notification recipient; the task as the REST API stores it; its run in
 * Tasks > History with a result for each printer, the group's member included (the printers
 * are imported, no Agent reaches them, so each says so). A "send a report" task made in the
 * editor with its report, options, device type, Cc, file type, language and priority, as the API
 * stores it.
 *
 * Needs PW_MANAGER_BIN and PW_WEBUI_DIST (see webui/README.md).
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';

import { ConsoleSession } from './support/console';

const FLEET = 3;

function fleetCsv(): string {
  const lines = ['DeviceType,ProductName,Manufacturer,PhysicalAddress,State,IPAddress,SerialNumber,DeviceName'];
  for (let i = 0; i < FLEET; i++) {
    lines.push(`Printer,Office,HP,02:00:00:00:02:0${i},Managed,10.40.0.${i + 1},TS${i},printer-${i}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

interface Task {
  id: number;
  name: string;
  type: string;
  parameters: Record<string, unknown>;
  targets: { deviceIds: number[]; groupIds: number[]; agentIds: number[] };
  notification: { to: string[]; when: string; attachDetails: boolean; language: string; priority: string };
}

describe('Tasks with the real Manager', () => {
  const session = new ConsoleSession();
  let setupError: unknown;
  let devices: { id: number; name: string; ipAddress: string }[] = [];
  let groupId = 0;

  beforeAll(async () => {
    try {
      await session.start('tasks');
      await session.login();
      const imported = await session.api('POST', '/devices/import?format=csv', Buffer.from(fleetCsv()));
      if (!imported.ok()) throw new Error(`import: ${imported.status()} ${await imported.text()}`);
      devices = (await session.apiJson<{ items: typeof devices }>('GET', '/devices?sort=name&pageSize=10')).items;
      const group = await session.apiJson<{ id: number }>('POST', '/groups', {
        name: 'Back office',
        kind: 'static',
      });
      groupId = group.id;
      await session.apiJson('POST', `/groups/${groupId}/members`, { deviceIds: [devices[2].id] });
    } catch (error) {
      setupError = error;
    }
  });

  afterAll(() => session.stop());

  it('creates a task with picked targets, runs it and shows each target result', async () => {
    if (setupError) throw setupError;
    onTestFailed(() => session.screenshot('tasks-failure.png'));
    const page = session.page;
    expect(devices.map((d) => d.name)).toEqual(['printer-0', 'printer-1', 'printer-2']);

    await session.openMenu('tasks', 'tasks-list');
    await page.getByTestId('task-list-page').waitFor();
    await page.getByTestId('task-create').click();
    await page.getByTestId('task-name').fill('Restart the front desk');
    await session.chooseOption(page.getByTestId('task-type'), 'Restart / shut down printers');

    // Targets: one printer found by its name, one by its address, and a group.
    await page.getByRole('tab', { name: 'Targets' }).click();
    const pick = async (typed: string, title: string) => {
      const select = page.getByTestId('task-devices');
      await select.click();
      await page.keyboard.type(typed);
      await page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
        .and(page.getByTitle(title, { exact: true }))
        .click(); // the select clears the typed text once an option is chosen
    };
    await pick('printer-0', 'printer-0 (10.40.0.1)');
    await pick('10.40.0.2', 'printer-1 (10.40.0.2)');
    await page.locator('.ant-modal-title').click(); // closes the list
    await session.chooseOption(page.getByTestId('task-groups'), 'Back office');
    await page.locator('.ant-modal-title').click();
    await expect.poll(() => page.getByTestId('task-target-count').textContent()).toBe('3 selected (at most 5,000)');

    await page.getByRole('tab', { name: 'Task settings' }).click();
    await expect.poll(() => page.getByTestId('task-reset-kind').locator('input:checked').inputValue()).toBe('restart');
    await page.getByRole('tab', { name: 'Notification' }).click();
    await page.getByTestId('task-notify-to').click();
    await page.keyboard.type('ops@example.org');
    await page.keyboard.press('Enter');
    await page.getByTestId('task-attach-details').check();
    await page.getByTestId('task-save').click();
    await page.getByTestId('task-save').waitFor({ state: 'detached' });

    const tasks = await session.apiJson<{ items: Task[] }>('GET', '/tasks');
    const task = tasks.items.find((t) => t.name === 'Restart the front desk')!;
    expect(task.type).toBe('restart-printers');
    expect(task.parameters).toEqual({ kind: 'restart' });
    expect([...task.targets.deviceIds].sort()).toEqual([devices[0].id, devices[1].id].sort());
    expect(task.targets.groupIds).toEqual([groupId]);
    expect(task.notification).toEqual({
      to: ['ops@example.org'],
      when: 'always',
      attachDetails: true,
      language: 'en',
      priority: 'normal',
    });

    // Run now: the history shows each printer's result, the group's member among them.
    await session.openMenu('tasks', 'tasks-history');
    await page.getByTestId('task-history-page').waitFor();
    const runs = await session.apiJson<{ items: { id: number; taskId: number }[] }>('GET', `/tasks/${task.id}/runs`);
    expect(runs.items).toHaveLength(1);
    const row = page.getByTestId(`run-row-${runs.items[0].id}`);
    await row.locator('.ant-table-row-expand-icon').click();
    for (const device of devices) {
      await expect.poll(() => page.getByTestId(`target-result-device-${device.id}`).textContent()).toBe('Error');
    }
    const details = page.locator('.ant-table-expanded-row');
    await expect.poll(() => details.textContent()).toContain('noAgent');
  });

  it('creates a send-report task with its report settings in the editor', async () => {
    if (setupError) throw setupError;
    onTestFailed(() => session.screenshot('tasks-send-report-failure.png'));
    const page = session.page;
    await session.openMenu('tasks', 'tasks-list');
    await page.getByTestId('task-list-page').waitFor();
    await page.getByTestId('task-create').click();
    await page.getByTestId('task-name').fill('Monthly order list');
    await session.chooseOption(page.getByTestId('task-type'), 'Send a report by e-mail');
    await session.chooseOption(page.getByTestId('task-schedule-kind'), 'Once, at a date and time');
    await page.getByTestId('task-at').fill('2099-12-31T22:00');

    await page.getByRole('tab', { name: 'Targets' }).click();
    await session.chooseOption(page.getByTestId('task-groups'), 'Back office');
    await page.locator('.ant-modal-title').click();

    await page.getByRole('tab', { name: 'Task settings' }).click();
    const tags = async (testId: string, address: string) => {
      await page.getByTestId(testId).click();
      await page.keyboard.type(address);
      await page.keyboard.press('Enter');
    };
    await tags('task-mail-to', 'ops@example.org');
    await page.getByTestId('task-subject').fill('Toner to order');
    await tags('task-report-cc', 'buyer@example.org');
    await session.chooseOption(page.getByTestId('task-report'), 'Consumables');
    await session.chooseOption(page.getByTestId('report-device-type'), 'Printer');
    await page.getByTestId('task-report-view').getByText('Order list by model').waitFor();
    await session.chooseOption(page.getByTestId('task-report-format'), 'Text (tab-separated)');
    await session.chooseOption(page.getByTestId('task-report-language'), 'Deutsch');
    await page.getByTestId('task-report-priority-high').click();
    await expect
      .poll(() => page.getByTestId('task-report-priority').locator('input:checked').inputValue())
      .toBe('high');
    await page.getByTestId('task-save').click();
    await page.getByTestId('task-save').waitFor({ state: 'detached' });

    const tasks = await session.apiJson<{ items: Task[] }>('GET', '/tasks');
    const task = tasks.items.find((t) => t.name === 'Monthly order list')!;
    expect(task.type).toBe('send-report');
    expect(task.parameters).toEqual({
      report: 'supplies',
      view: 'order',
      lowPercent: 10,
      horizonDays: 30,
      format: 'txt',
      language: 'de',
      priority: 'high',
      to: ['ops@example.org'],
      cc: ['buyer@example.org'],
      subject: 'Toner to order',
      deviceType: 'Printer',
    });
    expect(task.targets.groupIds).toEqual([groupId]);

    // Opened again, the editor shows what was saved.
    await page.getByTestId(`task-edit-${task.id}`).click();
    await expect.poll(() => page.getByTestId('task-name').inputValue()).toBe('Monthly order list');
    await page.getByRole('tab', { name: 'Task settings' }).click();
    await expect.poll(() => page.getByTestId('task-report-language').textContent()).toContain('Deutsch');
    await expect
      .poll(() => page.getByTestId('task-report-priority').locator('input:checked').inputValue())
      .toBe('high');
  });
});
