import { Alert, Button, Drawer } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { errorMessage } from '../../i18n/errorMessage';

/**
 * The state of a form's save: `submit` runs the request, marks it in flight and keeps its error
 * (translated) for the form to show; it resolves whether or not the request failed.
 */
export function useSubmit() {
  const { t } = useTranslation();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (request: () => Promise<unknown>) => {
    setSaving(true);
    setError(undefined);
    try {
      await request();
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setSaving(false);
    }
  };
  return { saving, error, submit };
}

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
