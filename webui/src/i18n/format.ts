import { useTranslation } from 'react-i18next';

/**
 * The locale used for Intl formatting: the detected language tag (e.g. "fr-CH"
 * keeps Swiss formats even though the "fr" catalogue is used).
 */
function formattingLocale(language: string | undefined): string {
  if (!language || language === 'cimode') return 'en';
  try {
    return Intl.getCanonicalLocales(language)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

export function formatDateTime(value: string | Date, language: string | undefined): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleString(formattingLocale(language), { dateStyle: 'medium', timeStyle: 'medium' });
}

/** A calendar day ("2026-11-21", or the date of a timestamp) in the short local form. */
export function formatDate(value: string | Date, language: string | undefined): string {
  // A bare YYYY-MM-DD is a UTC day: format it in UTC so that it does not shift a day west of Greenwich.
  const day = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = typeof value === 'string' ? new Date(day ? `${value}T00:00:00Z` : value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleDateString(formattingLocale(language), {
    dateStyle: 'medium',
    ...(day ? { timeZone: 'UTC' } : {}),
  });
}

const DURATION_UNITS = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
] as const;

/** A duration as its two largest units ("2 days 3 hr", "5 min 12 sec"), with Intl's unit names. */
export function formatDuration(milliseconds: number, language: string | undefined): string {
  const locale = formattingLocale(language);
  let rest = Math.max(0, Math.floor(milliseconds / 1000));
  const parts: string[] = [];
  for (const [unit, seconds] of DURATION_UNITS) {
    const count = Math.floor(rest / seconds);
    rest -= count * seconds;
    if (count > 0 || (unit === 'second' && parts.length === 0)) {
      parts.push(count.toLocaleString(locale, { style: 'unit', unit, unitDisplay: 'short' }));
    }
    if (parts.length === 2) break;
    if (parts.length === 1 && count === 0) break;
  }
  return parts.join(' ');
}

export function formatNumber(value: number, language: string | undefined, options?: Intl.NumberFormatOptions): string {
  return value.toLocaleString(formattingLocale(language), options);
}

/** Formatting helpers bound to the current UI language. */
export function useFormatters() {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return {
    language,
    dateTime: (value: string | Date) => formatDateTime(value, language),
    date: (value: string | Date) => formatDate(value, language),
    duration: (milliseconds: number) => formatDuration(milliseconds, language),
    number: (value: number, options?: Intl.NumberFormatOptions) => formatNumber(value, language, options),
  };
}
