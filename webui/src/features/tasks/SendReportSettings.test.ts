import { describe, expect, it } from 'vitest';

import { sendReportDefaults, sendReportParameters, sendReportValues } from './SendReportSettings';

describe('send-report parameters', () => {
  it('sends only the chosen report options, Cc when given', () => {
    const values = { ...sendReportDefaults('fr'), kind: 'byCounter' as const, period: 'weekly' as const };
    expect(sendReportParameters(values, ['a@example.org'], 'Pages')).toEqual({
      report: 'counters',
      kind: 'byCounter',
      period: 'weekly',
      format: 'xlsx',
      language: 'fr',
      priority: 'normal',
      to: ['a@example.org'],
      subject: 'Pages',
    });
    const supplies = { ...values, report: 'supplies' as const, cc: ['b@example.org'], lowPercent: 5 };
    expect(sendReportParameters(supplies, ['a@example.org'], 'Toner')).toEqual({
      report: 'supplies',
      view: 'order',
      lowPercent: 5,
      horizonDays: 30,
      format: 'xlsx',
      language: 'fr',
      priority: 'normal',
      to: ['a@example.org'],
      cc: ['b@example.org'],
      subject: 'Toner',
    });
  });

  it('reads a stored task back, defaults for what it lacks, the UI language only when supported', () => {
    const stored = {
      report: 'status',
      period: 'daily',
      priority: 'low',
      language: 'ja',
      cc: ['c@example.org'],
      to: [],
    };
    expect(sendReportValues(stored, 'en')).toEqual({
      ...sendReportDefaults('en'),
      report: 'status',
      period: 'daily',
      priority: 'low',
      language: 'ja',
      cc: ['c@example.org'],
    });
    expect(sendReportDefaults('pt').language).toBe('en');
    expect(sendReportValues({ lowPercent: 'x' }, 'de').lowPercent).toBe(10);
  });
});
