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
    number: (value: number, options?: Intl.NumberFormatOptions) => formatNumber(value, language, options),
  };
}
