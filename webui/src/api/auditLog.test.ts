/**
 * The audit log calls and types against the REST contract (proto/openapi.json), as
 * contract.test.ts does for the rest of the client.
 */
import { describe, expect, it } from 'vitest';

import * as api from '.';
import { fieldsOf, keys, recordFetchCalls, spec } from './contractTesting';
import type { AuditLogSettings, AuditPage, AuditRecord } from '.';

const RECORD: Record<keyof AuditRecord, true> = {
  id: true,
  at: true,
  actor: true,
  userId: true,
  tokenId: true,
  username: true,
  address: true,
  method: true,
  route: true,
  action: true,
  category: true,
  target: true,
  status: true,
  result: true,
  details: true,
};
const PAGE: Record<keyof AuditPage, true> = { items: true, total: true, page: true, pageSize: true };
const SETTINGS: Record<keyof AuditLogSettings, true> = { retentionDays: true };

describe('audit log REST contract', () => {
  const calls = recordFetchCalls();

  it('calls documented operations with documented parameters only', async () => {
    const filter = { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z', user: 'a b', action: 'devices' };
    await api.listAuditLog({ ...filter, result: 'failure' }, 2, 50);
    await api.exportAuditLog(filter, 'xlsx');
    await api.getAuditLogSettings();
    await api.putAuditLogSettings({ retentionDays: 30 });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/v1/audit-log?from=2026-11-01T00%3A00%3A00Z&to=2026-11-02T00%3A00%3A00Z&user=a+b&action=devices&result=failure&page=2&pageSize=50',
      'GET /api/v1/audit-log/export?from=2026-11-01T00%3A00%3A00Z&to=2026-11-02T00%3A00%3A00Z&user=a+b&action=devices&format=xlsx',
      'GET /api/v1/settings/audit-log',
      'PUT /api/v1/settings/audit-log',
    ]);
    for (const call of calls) {
      const url = new URL(call.url, 'https://manager');
      const operation = spec.paths[url.pathname]?.[call.method.toLowerCase()];
      expect(operation, call.url).toBeDefined();
      const documented = (operation.parameters ?? []).map((p) => p.name);
      for (const name of url.searchParams.keys()) expect(documented, `${call.url}: ${name}`).toContain(name);
    }
  });

  it('leaves empty filters out', () => {
    expect(api.auditQueryParams({ user: '', action: undefined }).toString()).toBe('');
  });

  it('has the documented fields', () => {
    const schemas = spec.components.schemas;
    expect(keys(RECORD)).toEqual(fieldsOf(schemas.AuditRecord));
    expect(keys(PAGE)).toEqual(fieldsOf(schemas.AuditPage));
    expect(keys(SETTINGS)).toEqual(fieldsOf(schemas.AuditLogSettings));
    expect(schemas.AuditRecord.properties!.actor.enum).toEqual([...api.AUDIT_ACTORS]);
  });
});
