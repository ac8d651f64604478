/**
 * Browser test of Reports > Audit Log against the real Manager: the records of what was just
 * done (the administrator's sign-in, a setting changed, a failed sign-in) are listed with who,
 * what and the result; the result filter asks the Manager again; a record opens on its change;
 * the retention is saved; the export of the filtered view downloads those records as CSV.
 *
 * Needs PW_MANAGER_BIN and PW_WEBUI_DIST (see webui/README.md).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';

import type { AuditPage } from '../src/api';
import { ConsoleSession } from './support/console';

describe('Audit Log with the real Manager', () => {
  const session = new ConsoleSession();
  let setupError: unknown;

  beforeAll(async () => {
    try {
      await session.start('audit-log');
      await session.login();
    } catch (error) {
      setupError = error;
    }
  });

  afterAll(async () => {
    await session.stop();
  });

  it('lists, filters, opens and exports the records, and saves the retention', async () => {
    if (setupError) throw setupError;
    onTestFailed(() => session.screenshot('audit-log-failure.png'));
    const page = session.page;
    await session.apiJson('PUT', '/settings/task-history', { days: 45 });
    const refused = await session.api('POST', '/auth/login', { username: 'mallory', password: 'Guess-123' });
    expect(refused.status()).toBe(401);

    await session.openMenu('reports', 'reports-audit-log');
    await page.waitForURL('**/reports/audit-log');
    const rows = page.locator('[data-testid^="audit-row-"]');
    await expect.poll(() => rows.count()).toBe(3);
    const all = await session.apiJson<AuditPage>('GET', '/audit-log');
    expect(all.items.map((r) => [r.username, r.action, r.status])).toEqual([
      ['mallory', 'auth.login', 401],
      ['administrator', 'settings.task-history.update', 200],
      ['administrator', 'auth.login', 200],
    ]);
    const [failed, setting] = all.items;
    await expect.poll(() => page.getByTestId(`audit-row-${failed.id}`).textContent()).toContain('not signed in');
    expect(await page.getByTestId(`audit-result-${failed.id}`).textContent()).toBe('Failure (401)');
    expect(await page.getByTestId(`audit-result-${setting.id}`).textContent()).toBe('Success (200)');

    // The record of the setting opens on what changed.
    await page
      .getByTestId(`audit-row-${setting.id}`)
      .getByRole('button', { name: /expand row/i })
      .click();
    const details = page.getByTestId(`audit-details-${setting.id}`);
    await expect.poll(() => details.textContent()).toContain('PUT /api/v1/settings/task-history');
    expect(await details.textContent()).toContain('"days": 45');
    await session.screenshot('audit-log.png');

    // Only failures: the Manager is asked again.
    await session.chooseOption(page.getByTestId('audit-filter-result'), 'Failure');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByTestId(`audit-row-${failed.id}`).textContent()).toContain('mallory');

    // The export holds the filtered records, the failed sign-in's name neutralised or not.
    const download = page.waitForEvent('download');
    await page.getByTestId('report-export').hover();
    await page.getByTestId('report-export-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('audit-log.csv');
    const csv = await readFile((await file.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv
      .slice(1)
      .split('\r\n')
      .filter((line) => line !== '');
    expect(lines).toHaveLength(2);
    expect(lines[0].startsWith('Time (UTC),Actor,User,')).toBe(true);
    expect(lines[1]).toContain(',anonymous,mallory,');
    expect(lines[1]).not.toContain('Guess-123');

    // Retention: read, changed, saved.
    const retention = page.getByTestId('audit-retention');
    await expect.poll(() => retention.inputValue()).toBe('365');
    await retention.fill('120');
    await page.getByTestId('audit-retention-save').click();
    await page.getByText('Retention saved').waitFor();
    expect(await session.apiJson('GET', '/settings/audit-log')).toEqual({ retentionDays: 120 });
  });
});
