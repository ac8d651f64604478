import { describe, expect, it } from 'vitest';

import { formProblem, listProblem, TIME_CHOICES, toForm } from './windows';

describe('communication windows editing', () => {
  it('offers quarter hours from 00:00 to 24:00', () => {
    expect(TIME_CHOICES[0]).toBe('00:00');
    expect(TIME_CHOICES[1]).toBe('00:15');
    expect(TIME_CHOICES.at(-1)).toBe('24:00');
    expect(TIME_CHOICES).toHaveLength(97);
  });

  it('finds windows that end before they start, overlap, or are too many', () => {
    expect(listProblem([{ start: '08:00', end: '18:00' }])).toBeNull();
    expect(
      listProblem([
        { start: '22:00', end: '24:00' },
        { start: '00:00', end: '06:00' },
      ]),
    ).toBeNull();
    expect(listProblem([{ start: '18:00', end: '08:00' }])).toBe('endBeforeStart');
    expect(listProblem([{ start: '08:00', end: '08:00' }])).toBe('endBeforeStart');
    expect(
      listProblem([
        { start: '08:00', end: '12:00' },
        { start: '11:00', end: '13:00' },
      ]),
    ).toBe('overlap');
    expect(
      listProblem([
        { start: '08:00', end: '12:00' },
        { start: '12:00', end: '13:00' },
      ]),
    ).toBeNull();
    const many = Array.from({ length: 13 }, (_, i) => ({ start: `0${i % 10}:00`, end: `0${i % 10}:30` }));
    expect(listProblem(many)).toBe('tooMany');
  });

  it('keeps every weekday in the form and names the first list with a problem', () => {
    const form = toForm({ standard: [], exceptions: { monday: [{ start: '09:00', end: '08:00' }] } });
    expect(form.exceptions.sunday).toBeNull();
    expect(form.exceptions.monday).toHaveLength(1);
    expect(formProblem(form)).toEqual(['monday', 'endBeforeStart']);
    expect(formProblem(toForm({ standard: [{ start: '00:00', end: '24:00' }] }))).toBeNull();
  });
});
