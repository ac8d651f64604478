/**
 * Browser test of System > E-mail Settings and System > Notifications against the real Manager
 * and a real SMTP server (tests/harness/smtp_server.py: Debian's python3-aiosmtpd with STARTTLS,
 * AUTH and its own CA): the settings typed in, a test mail sent and found at the server, then a
 * notification rule created in the drawer and read back through the API.
 *
 * Needs PW_MANAGER_BIN and PW_WEBUI_DIST (see webui/README.md).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';

import { ConsoleSession, RESULTS_DIR, WEBUI_DIR } from './support/console';
import { startProcess, stopProcess, type TestProcess } from './support/processes';

const SMTP_SERVER = resolve(WEBUI_DIR, '..', 'tests', 'harness', 'smtp_server.py');

describe('E-mail and notifications with the real Manager', () => {
  const session = new ConsoleSession();
  let smtp: TestProcess | undefined;
  let smtpDir = '';
  let setupError: unknown;

  beforeAll(async () => {
    try {
      await session.start('notifications');
      smtpDir = join(session.tmp, 'smtp');
      smtp = startProcess(
        'smtp',
        '/usr/bin/python3',
        [SMTP_SERVER, '--dir', smtpDir, '--mode', 'starttls', '--user', 'mailer', '--password', 'Smtp-Pass-1'],
        { cwd: session.tmp, logFile: join(RESULTS_DIR, 'notifications-smtp.log') },
      );
      // The server writes its port file once listening (or exits with its reason).
      const deadline = Date.now() + 30_000;
      while (!existsSync(join(smtpDir, 'port')) && !smtp.hasExited() && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (!existsSync(join(smtpDir, 'port')) && !smtp.hasExited()) throw new Error('the SMTP server did not start');
      if (smtp.hasExited()) throw new Error(`the SMTP server exited: ${smtp.output()}`);
      await session.login();
    } catch (error) {
      setupError = error;
    }
  });

  afterAll(async () => {
    await stopProcess(smtp);
    await session.stop();
  });

  it('sends a test mail and creates a notification rule', async () => {
    if (setupError) throw setupError;
    onTestFailed(() => session.screenshot('notifications-failure.png'));
    const page = session.page;
    const port = (await readFile(join(smtpDir, 'port'), 'utf8')).trim();
    const ca = await readFile(join(smtpDir, 'ca.pem'), 'utf8');

    await session.openMenu('system', 'system-email');
    await page.waitForURL('**/system/email');
    await page.getByTestId('mail-host').fill('127.0.0.1');
    await page.locator('#port').fill(port);
    await page.getByTestId('mail-user').fill('mailer');
    await page.getByTestId('mail-password').fill('Smtp-Pass-1');
    await page.getByTestId('mail-sender').fill('printwarden@example.org');
    await page.getByTestId('mail-ca').fill(ca);
    await page.getByTestId('mail-save').click();
    await page.getByText('A password is stored').waitFor();

    await page.getByTestId('mail-test-to').fill('ops@example.org');
    await page.getByTestId('mail-test-send').click();
    await expect.poll(() => page.getByTestId('mail-test-result').textContent()).toContain('accepted');
    const envelope = JSON.parse(await readFile(join(smtpDir, 'mail-0001.json'), 'utf8')) as Record<string, unknown>;
    expect(envelope).toEqual({ from: 'printwarden@example.org', to: ['ops@example.org'], login: 'mailer', tls: true });

    await session.openMenu('system', 'system-notifications');
    await page.waitForURL('**/system/notifications');
    await page.getByTestId('rule-create').click();
    await page.getByTestId('rule-name').fill('Toner low');
    await page.getByTestId('rule-to').click();
    await page.keyboard.type('ops@example.org,');
    await page.locator('#levels_toner').fill('10');
    await page.getByTestId('rule-save').click();
    await page.getByTestId('rule-table').getByText('Toner low').waitFor();

    const rules = await session.apiJson<{
      items: { name: string; to: string[]; conditions: { remainingAtMost: object } }[];
    }>('GET', '/notification-rules');
    expect(rules.items).toHaveLength(1);
    expect(rules.items[0].to).toEqual(['ops@example.org']);
    expect(rules.items[0].conditions.remainingAtMost).toEqual({ toner: 10 });
  });
});
