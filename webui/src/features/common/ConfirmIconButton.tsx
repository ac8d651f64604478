import { Button, Popconfirm, Tooltip, type ButtonProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ConfirmIconButtonProps {
  /** The tooltip, the accessible name and the text of the confirming button. */
  label: string;
  /** The question's title; the label when absent. */
  title?: string;
  description: ReactNode;
  icon: ReactNode;
  danger?: boolean;
  loading?: boolean;
  disabled?: boolean;
  testId: string;
  confirmTestId: string;
  onConfirm: () => void;
}

/** A table row's icon button that asks before it acts (remove, delete, deactivate...). */
export function ConfirmIconButton({
  label,
  title,
  description,
  icon,
  danger,
  loading,
  disabled,
  testId,
  confirmTestId,
  onConfirm,
}: ConfirmIconButtonProps) {
  const { t } = useTranslation();
  return (
    <Popconfirm
      placement="bottomRight"
      title={title ?? label}
      description={description}
      okText={label}
      cancelText={t('common.cancel')}
      disabled={disabled}
      okButtonProps={{ danger, 'data-testid': confirmTestId } as ButtonProps}
      onConfirm={onConfirm}
    >
      <Tooltip title={label}>
        <Button
          type="text"
          size="small"
          danger={danger}
          icon={icon}
          aria-label={label}
          loading={loading}
          disabled={disabled}
          data-testid={testId}
        />
      </Tooltip>
    </Popconfirm>
  );
}
