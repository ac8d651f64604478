import { describe, expect, it } from 'vitest';

import { ApiError } from '../../api';
import { formatOfFile, importRowErrors } from './importFile';

describe('device import file', () => {
  it('knows the format by the file name extension', () => {
    expect(formatOfFile('devices.CSV')).toBe('csv');
    expect(formatOfFile('a.b.txt')).toBe('txt');
    expect(formatOfFile('fleet.xlsx')).toBe('xlsx');
    expect(formatOfFile('fleet.xls')).toBeNull();
    expect(formatOfFile('csv')).toBeNull();
  });

  it('lists the rejected rows of a 422 and nothing for other errors', () => {
    const rejected = new ApiError(422, {
      code: 'import_rejected',
      message: '2 rows are invalid',
      details: {
        rows: [
          { row: 7, column: 'PhysicalAddress', message: 'not a MAC address' },
          { row: 9, column: 'IPAddress', message: 'missing' },
          { nonsense: true },
        ],
      },
    });
    expect(importRowErrors(rejected)).toEqual([
      { row: 7, column: 'PhysicalAddress', message: 'not a MAC address' },
      { row: 9, column: 'IPAddress', message: 'missing' },
    ]);
    expect(importRowErrors(new ApiError(413, { code: 'too_large', message: 'm', details: { rows: [] } }))).toEqual([]);
    expect(importRowErrors(new ApiError(422, { code: 'x', message: 'm' }))).toEqual([]);
    expect(importRowErrors(new Error('x'))).toEqual([]);
  });
});
