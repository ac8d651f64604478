import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Popover } from 'antd';
import { useTranslation } from 'react-i18next';

import { DEFAULT_COLUMNS, DEVICE_COLUMNS, type DeviceColumn } from './deviceView';

/** The title key of a column (the Agent column is keyed by the API field agentId). */
export const columnTitleKey = (c: DeviceColumn) => `devices.columns.${c === 'agentId' ? 'agent' : c}`;

/** Which columns the list shows; at least one. Saved with a view and kept in the URL. */
export function ColumnChooser({
  value,
  onChange,
}: {
  value: readonly DeviceColumn[];
  onChange: (columns: readonly DeviceColumn[]) => void;
}) {
  const { t } = useTranslation();
  const content = (
    <Flex vertical gap={8} data-testid="column-chooser">
      <Checkbox.Group
        style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(140px, auto))', gap: 4 }}
        value={[...value]}
        onChange={(checked) => {
          const next = DEVICE_COLUMNS.filter((c) => checked.includes(c));
          if (next.length > 0) onChange(next);
        }}
        options={DEVICE_COLUMNS.map((c) => ({
          value: c,
          label: <span data-testid={`column-option-${c}`}>{t(columnTitleKey(c))}</span>,
        }))}
      />
      <Button size="small" type="link" onClick={() => onChange(DEFAULT_COLUMNS)} data-testid="column-default">
        {t('devices.columnsChooser.reset')}
      </Button>
    </Flex>
  );
  return (
    <Popover trigger="click" placement="bottomRight" title={t('devices.columnsChooser.title')} content={content}>
      <Button icon={<SettingOutlined />} data-testid="column-chooser-button">
        {t('devices.columnsChooser.button')}
      </Button>
    </Popover>
  );
}
