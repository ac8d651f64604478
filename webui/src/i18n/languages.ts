import type { Locale } from 'antd/es/locale';
import de_DE from 'antd/locale/de_DE';
import en_US from 'antd/locale/en_US';
import es_ES from 'antd/locale/es_ES';
import fr_FR from 'antd/locale/fr_FR';
import it_IT from 'antd/locale/it_IT';
import ja_JP from 'antd/locale/ja_JP';

import de from './locales/de.json';
import en from './locales/en.json';
import es from './locales/es.json';
import fr from './locales/fr.json';
import it from './locales/it.json';
import ja from './locales/ja.json';

export type Catalogue = typeof en;

export interface LanguageDefinition {
  code: string;
  /** The language's name in itself (an autonym), shown in the language selector. */
  nativeName: string;
  catalogue: Catalogue;
  antdLocale: Locale;
}

/** Every language of the console. English is the fallback and the reference catalogue. */
export const LANGUAGES: readonly LanguageDefinition[] = [
  { code: 'en', nativeName: 'English', catalogue: en, antdLocale: en_US },
  { code: 'fr', nativeName: 'Français', catalogue: fr, antdLocale: fr_FR },
  { code: 'de', nativeName: 'Deutsch', catalogue: de, antdLocale: de_DE },
  { code: 'it', nativeName: 'Italiano', catalogue: it, antdLocale: it_IT },
  { code: 'es', nativeName: 'Español', catalogue: es, antdLocale: es_ES },
  { code: 'ja', nativeName: '日本語', catalogue: ja, antdLocale: ja_JP },
];

export const FALLBACK_LANGUAGE = 'en';

export const SUPPORTED_LANGUAGE_CODES: readonly string[] = LANGUAGES.map((l) => l.code);

export function languageDefinition(code: string | undefined): LanguageDefinition {
  const base = (code ?? FALLBACK_LANGUAGE).toLowerCase().split('-')[0];
  return LANGUAGES.find((l) => l.code === base) ?? LANGUAGES[0];
}
