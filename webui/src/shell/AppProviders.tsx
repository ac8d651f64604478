import { App as AntApp, ConfigProvider } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { languageDefinition } from '../i18n/languages';

/** antd theme and locale following the i18next language, plus antd's App context (message, modal). */
export function AppProviders({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const { antdLocale } = languageDefinition(i18n.resolvedLanguage);
  return (
    <ConfigProvider locale={antdLocale} theme={{ token: { colorPrimary: '#1668dc', borderRadius: 6 } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
