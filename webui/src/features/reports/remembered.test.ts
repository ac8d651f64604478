import { describe, expect, it } from 'vitest';

import { mergeRemembered } from './remembered';

describe('remembered report choices', () => {
  const defaults = { target: { kind: 'all' }, deviceType: undefined as string | undefined, period: 'daily' };

  it('takes the stored choices of known keys with the default type', () => {
    expect(
      mergeRemembered(defaults, { target: { kind: 'group', id: 4 }, deviceType: 'MFP', period: 'weekly' }),
    ).toEqual({
      target: { kind: 'group', id: 4 },
      deviceType: 'MFP',
      period: 'weekly',
    });
  });

  it('ignores unknown keys, wrong types and anything that is not an object', () => {
    expect(mergeRemembered(defaults, { period: 7, extra: 'x', deviceType: null })).toEqual(defaults);
    expect(mergeRemembered(defaults, null)).toEqual(defaults);
    expect(mergeRemembered(defaults, ['daily'])).toEqual(defaults);
    expect(mergeRemembered(defaults, 'weekly')).toEqual(defaults);
  });
});
