import { describe, expect, it } from 'vitest';

import type { Credential } from '../../api';
import { createBody, initialForm, KINDS, moved, secretRequired, updateBody } from './credentialKinds';

const stored: Credential = {
  id: 4,
  kind: 'snmpv3',
  description: 'Site A',
  access: 'readWrite',
  agentIds: [1],
  position: 0,
  fields: { username: 'ops', securityLevel: 'authPriv', authProtocol: 'SHA-256', privProtocol: 'AES', contextName: '' },
  secretsSet: ['authKey', 'privKey'],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('credential forms', () => {
  it('prefills public fields only, never a secret', () => {
    const form = initialForm('snmpv3', stored);
    expect(form.fields).toEqual(stored.fields);
    expect(form.fields.authKey).toBeUndefined();
    expect(initialForm('snmpv1').fields).toEqual({ version: 'v2c' });
  });

  it('creates with public fields trimmed and secrets as typed', () => {
    expect(
      createBody('domain', {
        description: ' HQ ',
        access: 'read',
        agentIds: [2],
        fields: { domain: ' CORP ', username: 'svc', password: ' p w ' },
      }),
    ).toEqual({
      kind: 'domain',
      description: 'HQ',
      access: 'read',
      agentIds: [2],
      fields: { domain: 'CORP', username: 'svc', password: ' p w ' },
    });
  });

  it('leaves an empty secret out of an update, so the stored one is kept', () => {
    const body = updateBody('snmpv3', {
      ...initialForm('snmpv3', stored),
      fields: { ...stored.fields, privKey: 'new-priv-key' },
    });
    expect(body).not.toHaveProperty('kind');
    expect(body.fields).toEqual({ ...stored.fields, privKey: 'new-priv-key' });
    expect(body.fields).not.toHaveProperty('authKey');
  });

  it('requires the SNMPv3 keys the security level needs, unless stored', () => {
    const [authKey, privKey] = KINDS.snmpv3.secretFields;
    expect(secretRequired(authKey, { securityLevel: 'noAuthNoPriv' })).toBe(false);
    expect(secretRequired(authKey, { securityLevel: 'authNoPriv' })).toBe(true);
    expect(secretRequired(privKey, { securityLevel: 'authNoPriv' })).toBe(false);
    expect(secretRequired(privKey, { securityLevel: 'authPriv' })).toBe(true);
    expect(secretRequired(privKey, { securityLevel: 'authPriv' }, stored)).toBe(false);
  });

  it('moves a credential one place, staying inside the list', () => {
    expect(moved([5, 3, 4], 3, -1)).toEqual([3, 5, 4]);
    expect(moved([5, 3, 4], 3, 1)).toEqual([5, 4, 3]);
    expect(moved([5, 3, 4], 5, -1)).toEqual([5, 3, 4]);
    expect(moved([5, 3, 4], 4, 1)).toEqual([5, 3, 4]);
    expect(moved([5, 3, 4], 9, 1)).toEqual([5, 3, 4]);
  });
});
