import { isApiError, type RegionInput, type RegionOverlap, type RegionRule, type RegionRuleType } from '../../api';

/**
 * Client-side checks of region rules, so that the editor says what is wrong while typing. The
 * Manager checks again (and alone knows other regions' rules: overlaps come back as a 409).
 * Returns the i18n key of the problem (under regions.ruleErrors), or null when the value looks right.
 */
export type RuleProblem = 'required' | 'address' | 'range' | 'rangeOrder' | 'cidr' | 'hostBits' | 'suffix';

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** A strict dotted quad (no leading zeros, as the Manager reads it) as a number, else null. */
export function parseIpv4(text: string): number | null {
  const match = IPV4.exec(text);
  if (!match) return null;
  return match.slice(1).reduce((n, octet) => n * 256 + Number(octet), 0);
}

export function ruleProblem(type: RegionRuleType, raw: string): RuleProblem | null {
  const value = raw.trim();
  if (value === '') return 'required';
  switch (type) {
    case 'address':
      return parseIpv4(value) === null ? 'address' : null;
    case 'range': {
      const parts = value.split('-').map((p) => p.trim());
      if (parts.length !== 2) return 'range';
      const [first, last] = parts.map(parseIpv4);
      if (first === null || last === null) return 'range';
      return first > last ? 'rangeOrder' : null;
    }
    case 'cidr': {
      const parts = value.split('/');
      const network = parts.length === 2 ? parseIpv4(parts[0].trim()) : null;
      const length = parts.length === 2 && /^\d{1,2}$/.test(parts[1].trim()) ? Number(parts[1]) : NaN;
      if (network === null || !(length >= 0 && length <= 32)) return 'cidr';
      const hostBits = length === 32 ? 0 : 2 ** (32 - length) - 1;
      return network % (hostBits + 1) !== 0 ? 'hostBits' : null;
    }
    case 'suffix': {
      const name = value.toLowerCase().replace(/^\.+|\.+$/g, '');
      const labels = name.split('.');
      return name === '' || !labels.every((l) => LABEL.test(l)) ? 'suffix' : null;
    }
  }
}

/** The form of the create/edit drawer. */
export interface RegionForm {
  name: string;
  description: string;
  timeZone: string;
  rules: RegionRule[];
}

export const EMPTY_RULE: RegionRule = { type: 'cidr', value: '' };

export function formToInput(form: RegionForm): RegionInput {
  return {
    name: form.name.trim(),
    description: (form.description ?? '').trim(),
    timeZone: form.timeZone,
    rules: (form.rules ?? []).map((r) => ({ type: r.type, value: r.value.trim() })),
  };
}

/** Form path of a field: ['name'], ['timeZone'], ['rules', 2, 'value']... */
export type FieldPath = ['name'] | ['description'] | ['timeZone'] | ['rules', number, 'value'];

/** A problem the Manager found in one field of the form. */
export interface FieldError {
  name: FieldPath;
  message?: string;
  overlap?: RegionOverlap;
}

const isOverlap = (v: unknown): v is RegionOverlap =>
  typeof v === 'object' && v !== null && typeof (v as RegionOverlap).otherRule === 'string';

/** Form path of a field the Manager names ("rules[2].value" → ['rules', 2, 'value']). */
export function formPath(field: string): FieldPath | undefined {
  const rule = /^rules\[(\d+)\]\.value$/.exec(field);
  if (rule) return ['rules', Number(rule[1]), 'value'];
  if (field === 'name' || field === 'description' || field === 'timeZone') return [field];
  return undefined;
}

/** The fields a failed create or edit refuses, from the problem's details (400 and 409). */
export function regionErrors(error: unknown): FieldError[] {
  if (!isApiError(error)) return [];
  if (error.code === 'name_taken') return [{ name: ['name'], message: error.message }];
  const details: unknown[] = Array.isArray(error.details) ? error.details : [];
  const out: FieldError[] = [];
  for (const entry of details) {
    const field = (entry as { field?: unknown } | null)?.field;
    const name = typeof field === 'string' ? formPath(field) : undefined;
    if (!name) continue;
    if (isOverlap(entry)) out.push({ name, overlap: entry });
    else out.push({ name, message: String((entry as { message?: unknown }).message ?? '') });
  }
  return out;
}

/** IANA time zone names the browser knows (Chromium: every canonical one), UTC first. */
export function timeZoneNames(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  const names = supported ? supported('timeZone') : [];
  return ['UTC', ...names.filter((n) => n !== 'UTC')];
}

/** The browser's own zone, a sensible default for a new region. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
