import type { TFunction } from 'i18next';

import { isApiError, NETWORK_ERROR } from '../api';

/**
 * The text to show for a failed API call: the Manager's problem message when it
 * sent one, a translated text when it could not be reached or sent nothing useful.
 */
export function errorMessage(error: unknown, t: TFunction): string {
  if (isApiError(error)) {
    if (error.code === NETWORK_ERROR) return t('errors.network');
    if (error.message && !error.code.startsWith('http_')) return error.message;
  }
  return t('errors.unexpected');
}
