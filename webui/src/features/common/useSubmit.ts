import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { errorMessage } from '../../i18n/errorMessage';

/**
 * The state of a form's save: `submit` runs the request, marks it in flight and keeps its error
 * (translated) for the form to show; it resolves whether or not the request failed. `clear`
 * forgets the error (a modal opened again).
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
  const clear = useCallback(() => setError(undefined), []);
  return { saving, error, submit, clear };
}
