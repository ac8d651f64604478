import { Button, Modal, Result } from 'antd';
import { useTranslation } from 'react-i18next';

import { ActivationKeyPanel } from './ActivationKeyPanel';

export interface IssuedKey {
  title: string;
  activationKey: string;
}

/** Shows a freshly issued activation key (after creating or deactivating an agent). */
export function ActivationKeyModal({ issued, onClose }: { issued: IssuedKey | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={issued !== null}
      onCancel={onClose}
      width={640}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="activation-key-done">
          {t('common.done')}
        </Button>
      }
    >
      {issued && (
        <Result
          status="success"
          title={issued.title}
          style={{ padding: '16px 0 0' }}
          extra={
            <div style={{ textAlign: 'start' }}>
              <ActivationKeyPanel activationKey={issued.activationKey} />
            </div>
          }
        />
      )}
    </Modal>
  );
}
