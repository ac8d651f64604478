/**
 * The e-mail settings calls and types against the REST contract (proto/openapi.json), as
 * contract.test.ts does for the rest of the client.
 */
import { describe, expect, it } from 'vitest';

import * as api from '.';
import { fieldsOf, keys, recordFetchCalls, spec } from './contractTesting';
import type { MailSettings, MailSettingsInput, MailTestResult } from '.';

const SETTINGS: Record<keyof MailSettings, true> = {
  host: true,
  port: true,
  security: true,
  user: true,
  passwordSet: true,
  sender: true,
  caCertificate: true,
};
const INPUT: Record<keyof MailSettingsInput, true> = {
  host: true,
  port: true,
  security: true,
  user: true,
  password: true,
  sender: true,
  caCertificate: true,
};
const TEST: Record<keyof MailTestResult, true> = { sent: true, to: true };

describe('e-mail settings REST contract', () => {
  const calls = recordFetchCalls();

  it('calls documented operations only', async () => {
    await api.getMailSettings();
    await api.putMailSettings({ host: 'h', port: 25, security: 'none', user: '', sender: 'a@b.c', caCertificate: '' });
    await api.sendTestMail('a@b.c');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/v1/settings/mail',
      'PUT /api/v1/settings/mail',
      'POST /api/v1/settings/mail/test',
    ]);
    for (const call of calls) {
      const path = call.url.replace('/api/v1', '');
      expect(spec.paths[`/api/v1${path}`]?.[call.method.toLowerCase()], call.url).toBeDefined();
    }
  });

  it('has the documented fields', () => {
    const schemas = spec.components.schemas;
    expect(keys(SETTINGS)).toEqual(fieldsOf(schemas.MailSettings));
    // passwordSet is accepted back (ignored), so the input type need not list it.
    expect(keys(INPUT)).toEqual(fieldsOf(schemas.MailSettingsInput).filter((f) => f !== 'passwordSet'));
    expect(schemas.MailSettings.properties!.security.enum).toEqual([...api.MAIL_SECURITIES]);
    const test = spec.paths['/api/v1/settings/mail/test'].post.responses!['200'].content!['application/json'].schema;
    expect(keys(TEST)).toEqual(fieldsOf(test));
  });
});
