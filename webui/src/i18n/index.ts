import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';

import { FALLBACK_LANGUAGE, LANGUAGES, SUPPORTED_LANGUAGE_CODES } from './languages';

/** localStorage key holding a language the user picked explicitly. */
export const LANGUAGE_STORAGE_KEY = 'printwarden.language';

const resources = Object.fromEntries(LANGUAGES.map((l) => [l.code, { translation: l.catalogue }]));

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources,
    fallbackLng: FALLBACK_LANGUAGE,
    supportedLngs: [...SUPPORTED_LANGUAGE_CODES],
    // "fr-CH" is served by the "fr" catalogue while dates keep the regional format.
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes.
    returnNull: false,
    detection: {
      // ?lang=xx, then an explicit choice, then the browser's languages.
      order: ['querystring', 'localStorage', 'navigator'],
      lookupQuerystring: 'lang',
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      // Only an explicit choice is stored (see changeLanguage below), so the
      // console keeps following the browser language otherwise.
      caches: [],
    },
  });

function reflectLanguage(lng: string): void {
  if (typeof document !== 'undefined') {
    document.documentElement.lang = lng;
    document.title = i18n.t('app.name');
  }
}

reflectLanguage(i18n.resolvedLanguage ?? FALLBACK_LANGUAGE);
i18n.on('languageChanged', () => reflectLanguage(i18n.resolvedLanguage ?? FALLBACK_LANGUAGE));

/** Switches the language on the user's request and remembers the choice. */
export async function chooseLanguage(code: string): Promise<void> {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, code);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this page only.
  }
  await i18n.changeLanguage(code);
}

export default i18n;
