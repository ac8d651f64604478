import { Alert, Flex } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

import type { IdentityWrite } from '../../api';

/** noAgent: the Manager's record is all there is, so the value was stored (not a refusal). */
export const isRefused = (w: IdentityWrite) => !w.written && w.reason !== 'noAgent';

/** Why the printer did not take a field, in the reader's language. */
export function refusalText(w: IdentityWrite, t: TFunction): string {
  const key = `devices.writeBack.reasons.${w.reason}`;
  const params = { message: w.message, code: w.reason };
  return t(key, { ...params, defaultValue: t('devices.writeBack.reasons.other', params) });
}

/** How the printer took the name, location and contact an edit wrote to it. */
export function WriteBackAlert({ writes }: { writes: IdentityWrite[] }) {
  const { t } = useTranslation();
  const field = (w: IdentityWrite) => t(`devices.columns.${w.field}`);
  const written = writes.filter((w) => w.written);
  const refused = writes.filter(isRefused);
  const managerOnly = writes.some((w) => w.reason === 'noAgent');
  return (
    <Flex vertical gap={8} data-testid="device-write-back">
      {refused.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message={t('devices.writeBack.refused')}
          data-testid="device-write-refused"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {refused.map((w) => (
                <li key={w.field} data-testid={`device-write-refused-${w.field}`} data-reason={w.reason}>
                  {t('devices.writeBack.refusedField', { field: field(w), reason: refusalText(w, t) })}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {written.length > 0 && (
        <Alert
          type="success"
          showIcon
          data-testid="device-write-written"
          message={t('devices.writeBack.written', { fields: written.map(field).join(', ') })}
        />
      )}
      {managerOnly && <Alert type="info" showIcon message={t('devices.writeBack.managerOnly')} />}
    </Flex>
  );
}
