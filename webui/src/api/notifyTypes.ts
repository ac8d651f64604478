/** Monitoring notification rules, storm control and webhooks, as proto/openapi.json has them. */
export const SEVERITY_LEVELS = ['other', 'critical', 'warning', 'warningBinaryChangeEvent'] as const;
export const TRAINING_LEVELS = [
  'other',
  'unknown',
  'untrained',
  'trained',
  'fieldService',
  'management',
  'noInterventionRequired',
] as const;
export const LEVEL_KINDS = ['toner', 'drum', 'paper', 'developer', 'wasteToner', 'staples'] as const;
export const NOTIFY_POWER_STATES = ['on', 'sleep', 'unknown', 'no_response', 'conflict'] as const;
export const NOTIFY_LANGUAGES = ['en', 'fr', 'de', 'it', 'es', 'ja'] as const;
export type LevelKind = (typeof LEVEL_KINDS)[number];

export interface NotificationConditions {
  severityLevels: string[];
  trainingLevels: string[];
  errorCodes: number[];
  remainingAtMost: Partial<Record<LevelKind, number>>;
  powerStates: string[];
  errorOngoingMinutes: number | null;
}

export interface NotificationRule {
  id: number;
  name: string;
  active: boolean;
  conditions: NotificationConditions;
  groupIds: number[];
  to: string[];
  cc: string[];
  language: (typeof NOTIFY_LANGUAGES)[number];
  notifyRecovery: boolean;
}

export type NotificationRuleInput = Omit<NotificationRule, 'id'>;

export interface NotificationThrottle {
  limit: number;
  windowMinutes: number;
}

export const WEBHOOK_EVENTS = ['device.status_changed', 'notification', 'task.finished'] as const;
export const WEBHOOK_PAYLOAD_PARTS = ['alerts', 'supplies', 'counters'] as const;

/** What a webhook subscription is, as read and as written. */
interface WebhookFields {
  name: string;
  url: string;
  active: boolean;
  events: string[];
  payload: string[];
  tokenHeader: string;
}

export interface Webhook extends WebhookFields {
  id: number;
  tokenSet: boolean;
}

/** token left out keeps the stored one, '' removes it. */
export interface WebhookInput extends WebhookFields {
  token?: string;
}

export interface WebhookDelivery {
  id: number;
  event: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  statusCode: number | null;
  lastError: string;
  createdAt: string;
  nextAttemptAt: string | null;
  finishedAt: string | null;
}
