import { Flex, Spin } from 'antd';
import { useTranslation } from 'react-i18next';

export function SessionSpinner() {
  const { t } = useTranslation();
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" tip={t('auth.checkingSession')}>
        <div style={{ width: 200, height: 80 }} />
      </Spin>
    </Flex>
  );
}
