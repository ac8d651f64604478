import { describe, expect, it } from 'vitest';

import { formatDate, formatDuration } from './format';

describe('formatDuration', () => {
  it('gives the two largest units, with the locale’s unit names', () => {
    expect(formatDuration(((2 * 24 + 3) * 3600 + 59) * 1000, 'en')).toBe('2 days 3 hr');
    expect(formatDuration((5 * 60 + 12) * 1000, 'en')).toBe('5 min 12 sec');
    expect(formatDuration(3600 * 1000, 'en')).toBe('1 hr');
    expect(formatDuration(400, 'en')).toBe('0 sec');
    expect(formatDuration(-5000, 'en')).toBe('0 sec');
    expect(formatDuration(3 * 3600 * 1000, 'de')).toBe('3 Std.');
  });
});

describe('formatDate', () => {
  it('reads a bare day as a UTC day, whatever the local time zone', () => {
    expect(formatDate('2026-11-21', 'en-US')).toBe('Nov 21, 2026');
    expect(formatDate('2026-11-21', 'fr')).toBe('21 nov. 2026');
  });
});
