import { isApiError, type ExchangeFormat, type ImportRowError } from '../../api';

/** The import format of a file name (csv, txt or xlsx; case-insensitive), or null. */
export function formatOfFile(name: string): ExchangeFormat | null {
  const match = /\.(csv|txt|xlsx)$/i.exec(name);
  return match ? (match[1].toLowerCase() as ExchangeFormat) : null;
}

/** The rejected rows of a 422 import_rejected answer (empty for any other error). */
export function importRowErrors(error: unknown): ImportRowError[] {
  if (!isApiError(error) || error.status !== 422 || !error.details || Array.isArray(error.details)) return [];
  const rows = error.details.rows;
  if (!Array.isArray(rows)) return [];
  return rows.filter(
    (r): r is ImportRowError =>
      typeof r === 'object' &&
      r !== null &&
      typeof (r as ImportRowError).row === 'number' &&
      typeof (r as ImportRowError).message === 'string',
  );
}

/** The import size limit of the Manager. */
export const IMPORT_MAX_BYTES = 16 * 1024 * 1024;
