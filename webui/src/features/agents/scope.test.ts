import { describe, expect, it } from 'vitest';

import { ApiError } from '../../api';
import { entries, formToScope, scopeErrors, scopeToForm } from './scope';

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

  it('lists every entry a 400 refuses, from details or else from the message', () => {
    const refused = new ApiError(400, {
      code: 'invalid_input',
      message: 'ipv4[1]: "10.0.0.300": not an IPv4 address (and 1 more)',
      details: [
        { field: 'ipv4[1]', message: 'ipv4[1]: "10.0.0.300": not an IPv4 address' },
        { field: 'discovery.hostNames[0]', message: 'not a host name' },
        { field: 'nonsense', message: 'x' },
      ],
    });
    expect(scopeErrors(refused)).toEqual([
      { name: 'ipv4', index: 1, message: 'ipv4[1]: "10.0.0.300": not an IPv4 address' },
      { name: 'hostNames', index: 0, message: 'not a host name' },
    ]);
    const shape = new ApiError(400, { code: 'invalid_input', message: 'fqdnSuffixes[3] must be a string' });
    expect(scopeErrors(shape)).toEqual([
      { name: 'fqdnSuffixes', index: 3, message: 'fqdnSuffixes[3] must be a string' },
    ]);
    expect(scopeErrors(new ApiError(400, { code: 'invalid_input', message: 'discovery is required' }))).toEqual([]);
    expect(scopeErrors(new ApiError(500, { code: 'x', message: 'ipv4[0]' }))).toEqual([]);
    expect(scopeErrors(new Error('ipv4[0]'))).toEqual([]);
  });

  it('lists the overlaps of a 409 under the entries they concern', () => {
    const overlap = {
      field: 'discovery.addresses[0]',
      rule: '10.0.0.0/24',
      agentId: 2,
      agentName: 'lyon',
      otherRule: '10.0.0.128/25',
    };
    const conflict = new ApiError(409, { code: 'scope_overlap', message: 'overlap', details: [overlap, { junk: 1 }] });
    expect(scopeErrors(conflict)).toEqual([{ name: 'addresses', index: 0, overlap }]);
  });
});
