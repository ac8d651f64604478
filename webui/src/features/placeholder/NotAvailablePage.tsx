import { AppstoreOutlined } from '@ant-design/icons';
import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** Shown for menu entries whose pages do not exist in this version. */
export function NotAvailablePage({ labelKey }: { labelKey: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="not-available">
      <Result
        icon={<AppstoreOutlined />}
        title={t('shell.notAvailable.title')}
        subTitle={t('shell.notAvailable.description', { area: t(labelKey) })}
      />
    </div>
  );
}
