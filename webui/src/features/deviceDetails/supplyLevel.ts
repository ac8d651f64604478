/** RFC 3805 special values as the console names them. */
export type SpecialLevel = 'some_remaining' | 'unknown' | 'no_restriction' | 'invalid' | 'absent';

/**
 * How a level is shown: a percentage bar only when the device gave a level and a capacity
 * (`percent`); a bare value when it gave a level without a usable capacity; otherwise the
 * special state in words, never a made-up percentage.
 */
export type LevelView =
  { kind: 'percent'; percent: number } | { kind: 'value'; value: number } | { kind: 'special'; state: SpecialLevel };

const SPECIAL: Record<string, SpecialLevel> = {
  some_remaining: 'some_remaining', // -3: at least one unit remains
  unknown: 'unknown', // -2
  other: 'no_restriction', // -1: the sub-unit places no restriction on this value
  invalid: 'invalid',
  absent: 'absent',
};

/** An RFC 3805 amount as the API gives it (`Amount`), or a bare state (the device list's lowest supply). */
export interface LevelInput {
  state: string;
  value?: number;
}

export function levelView(level: LevelInput | undefined, percent: number | null): LevelView {
  if (!level) return { kind: 'special', state: 'absent' };
  if (level.state === 'value') {
    if (percent !== null && Number.isFinite(percent)) {
      return { kind: 'percent', percent: Math.min(100, Math.max(0, Math.round(percent))) };
    }
    if (level.value !== undefined) return { kind: 'value', value: level.value };
  }
  return { kind: 'special', state: SPECIAL[level.state] ?? 'unknown' };
}

/** Low levels are shown in warning (25 % or less) and error (10 % or less) colours. */
export function levelTone(percent: number): 'critical' | 'low' | 'normal' {
  if (percent <= 10) return 'critical';
  if (percent <= 25) return 'low';
  return 'normal';
}
