import { App } from 'antd';
import { useCallback, useState } from 'react';
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

/**
 * A row's own buttons (remove, delete...): `run` marks its action `busy` (the button spins),
 * then says `done` (when given) and calls `onChanged` on success, or shows the error.
 */
export function useBusyAction<Key extends string>(onChanged: () => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<Key | null>(null);
  const run = async (key: Key, action: () => Promise<unknown>, done?: string) => {
    setBusy(key);
    try {
      await action();
      if (done) void message.success(done);
      onChanged();
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(null);
    }
  };
  return { busy, run };
}
