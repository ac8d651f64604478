import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';

import { chooseLanguage } from '../i18n';
import { LANGUAGES, languageDefinition } from '../i18n/languages';

const OPTIONS = LANGUAGES.map((l) => ({ value: l.code, label: l.nativeName }));

export function LanguageSelect({ variant = 'outlined' }: { variant?: 'outlined' | 'borderless' }) {
  const { t, i18n } = useTranslation();
  return (
    <Select
      aria-label={t('language.label')}
      data-testid="language-select"
      value={languageDefinition(i18n.resolvedLanguage).code}
      options={OPTIONS}
      onChange={(code: string) => void chooseLanguage(code)}
      prefix={<GlobalOutlined />}
      variant={variant}
      popupMatchSelectWidth={false}
      style={{ minWidth: 130 }}
    />
  );
}
