/** The remembered console choices' calls against the REST contract (proto/openapi.json). */
import { describe, expect, it } from 'vitest';

import * as api from '.';
import { fieldsOf, recordFetchCalls, spec } from './contractTesting';

describe('preferences REST contract', () => {
  const calls = recordFetchCalls('{"key":"reports.counters","value":{"kind":"lifetime"}}');

  it('reads and writes one key of the signed-in user', async () => {
    expect(await api.getPreference('reports.counters')).toEqual({ kind: 'lifetime' });
    await api.putPreference('reports.counters.sort', { columnKey: 'name', order: 'ascend' });
    expect(calls.map((c) => [c.method, c.url])).toEqual([
      ['GET', '/api/v1/me/preferences/reports.counters'],
      ['PUT', '/api/v1/me/preferences/reports.counters.sort'],
    ]);
    expect(JSON.parse(calls[1].body ?? '')).toEqual({ value: { columnKey: 'name', order: 'ascend' } });
    const path = spec.paths['/api/v1/me/preferences/{key}'];
    expect(Object.keys(path).sort()).toEqual(['get', 'put']);
    expect(fieldsOf(spec.components.schemas.UserPreference)).toEqual(['key', 'value']);
  });
});
