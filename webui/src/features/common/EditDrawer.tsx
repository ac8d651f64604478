import { Alert, Button, Drawer } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A create/edit drawer: the form as children, its Save button on top and its error below. */
export function EditDrawer({
  title,
  width,
  saving,
  error,
  testIdPrefix,
  onSave,
  onClose,
  children,
}: {
  title: string;
  width: number;
  saving: boolean;
  error: string | undefined;
  /** `${prefix}-save` names the Save button, `${prefix}-error` the error. */
  testIdPrefix: string;
  onSave: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      open
      width={width}
      title={title}
      onClose={onClose}
      extra={
        <Button type="primary" loading={saving} onClick={onSave} data-testid={`${testIdPrefix}-save`}>
          {t('common.save')}
        </Button>
      }
    >
      {children}
      {error && (
        <Alert type="error" showIcon message={error} style={{ marginTop: 16 }} data-testid={`${testIdPrefix}-error`} />
      )}
    </Drawer>
  );
}
