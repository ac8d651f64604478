import { DownloadOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { ExchangeFormat } from '../../api';

const FORMATS: readonly ExchangeFormat[] = ['csv', 'txt', 'xlsx'];

/**
 * The Export button of a list: a menu of the three file formats every export of the Manager
 * writes; the button spins while the file is built. Test ids: export-button, export-<format>.
 */
export function ExportMenu({ onExport }: { onExport: (format: ExchangeFormat) => Promise<void> }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const run = async (format: ExchangeFormat) => {
    setBusy(true);
    try {
      await onExport(format);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dropdown
      menu={{
        items: FORMATS.map((format) => ({
          key: format,
          label: <span data-testid={`export-${format}`}>{t(`devices.format.${format}`)}</span>,
        })),
        onClick: ({ key }) => void run(key as ExchangeFormat),
      }}
    >
      <Button icon={<DownloadOutlined />} loading={busy} data-testid="export-button">
        {t('devices.export')}
      </Button>
    </Dropdown>
  );
}
