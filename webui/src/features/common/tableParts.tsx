import { Alert, Empty, Tag } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

import { errorMessage } from '../../i18n/errorMessage';

/** A table's `onRow` that names each row `${prefix}-${key}` for the browser tests. */
export const rowTestId =
  <T,>(prefix: string, key: (row: T) => string | number) =>
  (row: T) =>
    ({ 'data-testid': `${prefix}-${key(row)}` }) as HTMLAttributes<HTMLElement>;

/** A table's `locale` with a small "nothing here" picture and text. */
export const emptyLocale = (description: string) => ({
  emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} />,
});

/** Green "yes" or grey "no" (a rule's or a subscription's active flag). */
export function YesNoTag({ value }: { value: boolean }) {
  const { t } = useTranslation();
  return value ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>;
}

/** A list's load error: what failed (`message`) and why; nothing when `error` is null. */
export function LoadFailedAlert({ error, message }: { error: unknown; message: string }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  return <Alert type="error" showIcon message={message} description={errorMessage(error, t)} />;
}
