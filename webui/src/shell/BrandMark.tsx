import { PrinterOutlined } from '@ant-design/icons';
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Product logo and name. */
export function BrandMark({ inverted = false, size = 20 }: { inverted?: boolean; size?: number }) {
  const { t } = useTranslation();
  const color = inverted ? '#fff' : undefined;
  return (
    <Flex align="center" gap={10} data-testid="brand">
      <PrinterOutlined style={{ fontSize: size + 4, color: inverted ? '#fff' : '#1668dc' }} />
      <Typography.Text strong style={{ fontSize: size, color, letterSpacing: 0.3 }}>
        {t('app.name')}
      </Typography.Text>
    </Flex>
  );
}
