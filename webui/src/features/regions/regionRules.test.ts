import { describe, expect, it } from 'vitest';

import { ApiError } from '../../api';
import { formPath, formToInput, parseIpv4, regionErrors, ruleProblem, timeZoneNames } from './regionRules';

describe('region rules', () => {
  it('reads IPv4 addresses strictly', () => {
    expect(parseIpv4('10.0.0.1')).toBe(0x0a000001);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIpv4('010.0.0.1')).toBeNull();
    expect(parseIpv4('10.0.1')).toBeNull();
    expect(parseIpv4('10.0.0.256')).toBeNull();
  });

  it('checks each type of rule', () => {
    expect(ruleProblem('address', ' 10.0.0.1 ')).toBeNull();
    expect(ruleProblem('address', '10.0.0.0/24')).toBe('address');
    expect(ruleProblem('range', '10.0.0.1-10.0.0.9')).toBeNull();
    expect(ruleProblem('range', '10.0.0.1 - 10.0.0.9')).toBeNull();
    expect(ruleProblem('range', '10.0.0.9-10.0.0.1')).toBe('rangeOrder');
    expect(ruleProblem('range', '10.0.0.1')).toBe('range');
    expect(ruleProblem('cidr', '10.0.0.0/24')).toBeNull();
    expect(ruleProblem('cidr', '0.0.0.0/0')).toBeNull();
    expect(ruleProblem('cidr', '10.0.0.1/32')).toBeNull();
    expect(ruleProblem('cidr', '10.0.0.1/24')).toBe('hostBits');
    expect(ruleProblem('cidr', '10.0.0.0/33')).toBe('cidr');
    expect(ruleProblem('suffix', '.Site.Example.')).toBeNull();
    expect(ruleProblem('suffix', 'bad..example')).toBe('suffix');
    expect(ruleProblem('suffix', 'sp ace.example')).toBe('suffix');
    expect(ruleProblem('cidr', '  ')).toBe('required');
  });

  it('trims the form into the request body', () => {
    expect(
      formToInput({
        name: ' Paris ',
        description: '',
        timeZone: 'Europe/Paris',
        rules: [{ type: 'cidr', value: ' 10.0.0.0/24 ' }],
      }),
    ).toEqual({
      name: 'Paris',
      description: '',
      timeZone: 'Europe/Paris',
      rules: [{ type: 'cidr', value: '10.0.0.0/24' }],
    });
  });

  it("puts the Manager's refusals on their fields", () => {
    expect(formPath('rules[3].value')).toEqual(['rules', 3, 'value']);
    expect(formPath('timeZone')).toEqual(['timeZone']);
    expect(formPath('rules')).toBeUndefined();
    const overlap = new ApiError(409, {
      code: 'region_overlap',
      message: 'overlap',
      details: [
        { field: 'rules[1].value', rule: '10.0.0.5', regionId: 2, regionName: 'Lyon', otherRule: '10.0.0.0/24' },
      ],
    });
    expect(regionErrors(overlap)).toEqual([
      {
        name: ['rules', 1, 'value'],
        overlap: {
          field: 'rules[1].value',
          rule: '10.0.0.5',
          regionId: 2,
          regionName: 'Lyon',
          otherRule: '10.0.0.0/24',
        },
      },
    ]);
    const invalid = new ApiError(400, {
      code: 'invalid_input',
      message: 'bad',
      details: [{ field: 'timeZone', message: 'timeZone "X" is not known' }],
    });
    expect(regionErrors(invalid)).toEqual([{ name: ['timeZone'], message: 'timeZone "X" is not known' }]);
    expect(regionErrors(new ApiError(409, { code: 'name_taken', message: 'taken' }))).toEqual([
      { name: ['name'], message: 'taken' },
    ]);
  });

  it('offers UTC first among the time zones', () => {
    expect(timeZoneNames()[0]).toBe('UTC');
  });
});
