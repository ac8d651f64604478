/** The audit log as GET /audit-log answers it (proto/openapi.json AuditRecord, AuditPage). */
export const AUDIT_ACTORS = ['user', 'token', 'anonymous'] as const;
export type AuditActor = (typeof AUDIT_ACTORS)[number];
export type AuditResult = 'success' | 'failure';

export interface AuditRecord {
  id: number;
  at: string;
  actor: AuditActor;
  userId: number | null;
  tokenId: number | null;
  /** For a failed login: the name that was tried. */
  username: string;
  address: string;
  method: string;
  route: string;
  /** e.g. devices.update, auth.login, auth.lockout */
  action: string;
  /** The action's first word, e.g. devices. */
  category: string;
  target: string;
  status: number;
  result: AuditResult;
  /** request, before, after, locked, requestBytes...; secrets redacted by the Manager. */
  details: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditRecord[];
  total: number;
  page: number;
  pageSize: number;
}

/** The filters of the list and the export; all optional. */
export interface AuditFilter {
  /** Inclusive, ISO 8601 (YYYY-MM-DDTHH:MM:SSZ). */
  from?: string;
  /** Exclusive. */
  to?: string;
  user?: string;
  /** An action or a category. */
  action?: string;
  result?: AuditResult;
}

export interface AuditLogSettings {
  retentionDays: number;
}
