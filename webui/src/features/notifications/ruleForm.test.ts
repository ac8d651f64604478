import { describe, expect, it } from 'vitest';

import type { NotificationRule } from '../../api';
import { conditionCount, EMPTY_RULE, splitAddresses, toForm, toInput } from './ruleForm';

describe('notification rule form', () => {
  it('splits addresses typed with commas or line breaks', () => {
    expect(splitAddresses(['a@x.org, b@x.org', 'c@x.org\nd@x.org', ' '])).toEqual([
      'a@x.org',
      'b@x.org',
      'c@x.org',
      'd@x.org',
    ]);
  });

  it('round-trips a rule and leaves empty levels out', () => {
    const rule: NotificationRule = {
      id: 3,
      name: 'Toner',
      active: true,
      language: 'fr',
      to: ['a@x.org'],
      cc: [],
      groupIds: [2],
      notifyRecovery: true,
      conditions: {
        severityLevels: ['critical'],
        trainingLevels: [],
        errorCodes: [8],
        remainingAtMost: { toner: 10 },
        powerStates: ['no_response'],
        errorOngoingMinutes: 30,
      },
    };
    const form = toForm(rule);
    expect(form.errorCodes).toEqual(['8']);
    const { id: _id, ...input } = rule;
    expect(toInput(form)).toEqual(input);
    expect(
      toInput({ ...EMPTY_RULE, name: ' n ', levels: { toner: null, drum: 5 } }).conditions.remainingAtMost,
    ).toEqual({
      drum: 5,
    });
    expect(conditionCount(rule)).toBe(5);
  });
});
