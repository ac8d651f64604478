import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

import { errorMessage } from '../../i18n/errorMessage';

/**
 * A list's row action (run, duplicate, delete...): runs it, says "done" (when given) or the
 * error in a message, and reloads the list either way, since a failed action may still have
 * changed a row (another user, a half-done batch).
 */
export function useRowAction(refresh: () => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return useCallback(
    async (what: () => Promise<unknown>, done?: string) => {
      try {
        await what();
        if (done) void message.success(done);
      } catch (error) {
        void message.error(errorMessage(error, t));
      } finally {
        refresh();
      }
    },
    [t, message, refresh],
  );
}
