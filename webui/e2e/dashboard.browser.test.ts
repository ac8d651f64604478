/**
 * Browser test of the Dashboard against the real Manager, a real Agent and printwarden-sim: two
 * simulated printers (one jammed) are discovered and polled; the dashboard's status breakdown
 * counts the jammed one among the errors and the error list shows it, as the REST API says. On
 * "My dashboard" a Low supplies panel is added, given a title and a threshold, saved, and is
 * still there after a reload, while the shared dashboard keeps its default layout. Writes
 * dashboard.png (copied to docs/screenshots/).
 *
 * Needs PW_MANAGER_BIN, PW_AGENT_BIN, PW_SIM_BIN, PW_WEBUI_DIST (see webui/README.md).
 */
import { describe, expect, it, onTestFailed } from 'vitest';

import { fleetForTests } from './support/console';

const PRINTERS = ['127.16.0.1', '127.16.0.2'];
const JAMMED = PRINTERS[0];

describe('Dashboard with the real Manager, Agent and printer simulator', () => {
  const fleet = fleetForTests('dashboard', PRINTERS.length, { '0': 'paper-jam' });
  const session = fleet.session;

  it('counts a printer in error and keeps a panel added to my dashboard', async () => {
    const { agentId, port } = fleet.ready();
    onTestFailed(() => session.screenshot('dashboard-failure.png'));
    const page = session.page;

    // Both printers discovered and polled once (set-up through the REST API).
    const devices = await session.discoverAndPoll(agentId, port, PRINTERS);
    expect(devices.map((d) => d.ipAddress).sort()).toEqual(PRINTERS);
    const jammed = devices.find((d) => d.ipAddress === JAMMED)!;

    // The shared dashboard from the menu: the default layout, the jammed printer counted.
    await page.getByTestId('menu-dashboard').click();
    await page.getByTestId('dashboard-page').waitFor();
    expect(await page.getByTestId('dashboard-updated').textContent()).toContain('Default layout');
    const breakdown = await session.apiJson<{ counts: Record<string, number>; total: number }>(
      'GET',
      '/dashboard/panels/statusBreakdown',
    );
    expect(breakdown.total).toBe(PRINTERS.length);
    expect(breakdown.counts.error).toBeGreaterThanOrEqual(1);
    const shownTotal = page.getByTestId('status-breakdown');
    await expect.poll(() => shownTotal.getAttribute('data-total')).toBe(String(PRINTERS.length));
    expect(await page.getByTestId('status-count-error').getAttribute('data-count')).toBe(
      String(breakdown.counts.error),
    );
    await page.getByTestId('status-chart').locator('.recharts-pie-sector').first().waitFor();
    await page.getByTestId(`error-row-${jammed.id}`).waitFor();
    expect(await page.getByTestId(`error-row-${jammed.id}`).textContent()).toContain('Paper jam');
    await session.screenshot('dashboard.png');

    // My dashboard: add a Low supplies panel at the end, set it up, save.
    await page.getByTestId('dashboard-scope-mine').click();
    await page.waitForURL('**/dashboard?view=mine');
    await page.getByTestId('dashboard-edit').click();
    const panels = page.locator('[data-testid^="panel-"][data-type]');
    const before = await panels.count();
    await page.getByTestId('add-panel-type').click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .and(page.getByTitle('Low supplies', { exact: true }))
      .click();
    await page.getByTestId('add-panel').click();
    await expect.poll(() => panels.count()).toBe(before + 1);
    expect(await page.getByTestId(`panel-${before}`).getAttribute('data-type')).toBe('lowSupplies');
    await page.getByTestId(`panel-settings-${before}`).click();
    await page.getByTestId('panel-title-input').fill('Toner watch');
    await page.getByTestId('panel-settings').getByLabel('Threshold (%)').fill('100');
    await page.getByTestId('panel-settings-ok').click();
    await page.getByTestId('dashboard-save').click();
    await page.getByTestId('dashboard-edit').waitFor();

    const saved = await session.apiJson<{
      panels: { type: string; title: string; options: Record<string, unknown> }[];
    }>('GET', '/dashboards/mine');
    expect(saved.panels.at(-1)).toEqual({
      type: 'lowSupplies',
      title: 'Toner watch',
      size: 'small',
      options: { thresholdPercent: 100 },
    });

    // After a reload the panel is still there, with its data.
    await page.reload();
    await page.getByTestId('dashboard-page').waitFor();
    const added = page.getByTestId(`panel-${before}`);
    await expect.poll(() => added.textContent()).toContain('Toner watch');
    await added.getByTestId('low-supplies-total').waitFor();

    // The shared dashboard is unchanged.
    await page.getByTestId('dashboard-scope-shared').click();
    await expect.poll(() => panels.count()).toBe(before);
    expect(await page.getByTestId('dashboard-updated').textContent()).toContain('Default layout');
  });
});
