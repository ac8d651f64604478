import { describe, expect, it } from 'vitest';

import { ApiError } from '../../api';
import { entries, formToScope, scopeProblem, scopeToForm } from './scope';

describe('agent scope form', () => {
  it('reads one entry per line, ignoring blank lines, spaces and commas', () => {
    expect(entries(' 10.0.0.0/24\n\n10.1.0.1-10.1.0.50 ,10.2.0.7\r\n')).toEqual([
      '10.0.0.0/24',
      '10.1.0.1-10.1.0.50',
      '10.2.0.7',
    ]);
    expect(entries('   \n')).toEqual([]);
  });

  it('round-trips a scope through the form', () => {
    const scope = {
      ipv4: ['10.0.0.0/24', '10.2.0.7'],
      fqdnSuffixes: ['printers.example.com'],
      discovery: { method: 'specified' as const, addresses: ['10.9.0.0/28'], hostNames: ['mfp1.example.com'] },
    };
    expect(scopeToForm(scope).ipv4).toBe('10.0.0.0/24\n10.2.0.7');
    expect(formToScope(scopeToForm(scope))).toEqual(scope);
  });

  it('finds the entry a 400 names', () => {
    const bad = (message: string, details?: Record<string, unknown>) =>
      scopeProblem(new ApiError(400, { code: 'invalid_input', message, details }));
    expect(bad('ipv4[2]: 10.0.0.300 is not an IPv4 address').field).toEqual({ name: 'ipv4', index: 2 });
    expect(bad('fqdnSuffixes[0] is a duplicate').field).toEqual({ name: 'fqdnSuffixes', index: 0 });
    expect(bad('bad entry', { field: 'discovery.addresses[1]' }).field).toEqual({ name: 'addresses', index: 1 });
    expect(bad('discovery.hostNames[3]: not a host name').field).toEqual({ name: 'hostNames', index: 3 });
    expect(bad('something else').field).toBeUndefined();
  });

  it('lists the overlaps of a 409, whether details is the list or holds it', () => {
    const overlap = { rule: '10.0.0.0/24', agentId: 2, agentName: 'lyon', otherRule: '10.0.0.128/25' };
    const asList = new ApiError(409, { code: 'scope_overlap', message: 'overlap', details: [overlap, { junk: 1 }] });
    expect(scopeProblem(asList)).toEqual({ overlaps: [overlap] });
    const nested = new ApiError(409, { code: 'scope_overlap', message: 'overlap', details: { overlaps: [overlap] } });
    expect(scopeProblem(nested).overlaps).toEqual([overlap]);
    expect(scopeProblem(new Error('x'))).toEqual({ overlaps: [] });
  });
});
