import { describe, expect, it } from 'vitest';

import { levelTone, levelView } from './supplyLevel';

describe('supply levels (RFC 3805)', () => {
  it('gives a percentage only when the Manager computed one', () => {
    expect(levelView({ state: 'value', value: 42 }, 42)).toEqual({ kind: 'percent', percent: 42 });
    expect(levelView({ state: 'value', value: 120 }, 104)).toEqual({ kind: 'percent', percent: 100 });
  });

  it('shows a level without a usable capacity as a value, not as a percentage', () => {
    expect(levelView({ state: 'value', value: 350 }, null)).toEqual({ kind: 'value', value: 350 });
  });

  it('names the special values instead of inventing a percentage', () => {
    expect(levelView({ state: 'some_remaining' }, null)).toEqual({ kind: 'special', state: 'some_remaining' });
    expect(levelView({ state: 'unknown' }, null)).toEqual({ kind: 'special', state: 'unknown' });
    expect(levelView({ state: 'other' }, null)).toEqual({ kind: 'special', state: 'no_restriction' });
    expect(levelView({ state: 'invalid' }, null)).toEqual({ kind: 'special', state: 'invalid' });
    expect(levelView({ state: 'absent' }, null)).toEqual({ kind: 'special', state: 'absent' });
    expect(levelView(undefined, null)).toEqual({ kind: 'special', state: 'absent' });
  });

  it('ignores a percentage next to a special state, and reads an unknown state as unknown', () => {
    expect(levelView({ state: 'some_remaining' }, 50)).toEqual({ kind: 'special', state: 'some_remaining' });
    expect(levelView({ state: 'value' }, null)).toEqual({ kind: 'special', state: 'unknown' });
    expect(levelView({ state: 'brand-new' }, null)).toEqual({ kind: 'special', state: 'unknown' });
  });

  it('colours low levels', () => {
    expect(levelTone(0)).toBe('critical');
    expect(levelTone(10)).toBe('critical');
    expect(levelTone(11)).toBe('low');
    expect(levelTone(25)).toBe('low');
    expect(levelTone(26)).toBe('normal');
  });
});
