/**
 * The notification rule, storm control and webhook calls and types against the REST contract
 * (proto/openapi.json), as contract.test.ts does for the rest of the client.
 */
import { describe, expect, it } from 'vitest';

import * as api from '.';
import { fieldsOf, keys, recordFetchCalls, spec } from './contractTesting';
import type {
  NotificationConditions,
  NotificationRule,
  NotificationThrottle,
  Webhook,
  WebhookDelivery,
  WebhookInput,
} from '.';

const RULE: Record<keyof NotificationRule, true> = {
  id: true,
  name: true,
  active: true,
  conditions: true,
  groupIds: true,
  to: true,
  cc: true,
  language: true,
  notifyRecovery: true,
};
const CONDITIONS: Record<keyof NotificationConditions, true> = {
  severityLevels: true,
  trainingLevels: true,
  errorCodes: true,
  remainingAtMost: true,
  powerStates: true,
  errorOngoingMinutes: true,
};
const THROTTLE: Record<keyof NotificationThrottle, true> = { limit: true, windowMinutes: true };
const HOOK: Record<keyof Webhook, true> = {
  id: true,
  name: true,
  url: true,
  active: true,
  events: true,
  payload: true,
  tokenHeader: true,
  tokenSet: true,
};
const HOOK_INPUT: Record<keyof WebhookInput, true> = {
  name: true,
  url: true,
  active: true,
  events: true,
  payload: true,
  tokenHeader: true,
  token: true,
};
const DELIVERY: Record<keyof WebhookDelivery, true> = {
  id: true,
  event: true,
  state: true,
  attempts: true,
  statusCode: true,
  lastError: true,
  createdAt: true,
  nextAttemptAt: true,
  finishedAt: true,
};

describe('notifications and webhooks REST contract', () => {
  const calls = recordFetchCalls('{"items":[]}');

  it('calls documented operations only', async () => {
    const rule = {} as api.NotificationRuleInput;
    const hook = {} as WebhookInput;
    await api.listNotificationRules();
    await api.createNotificationRule(rule);
    await api.updateNotificationRule(1, rule);
    await api.deleteNotificationRule(1);
    await api.duplicateNotificationRule(1);
    await api.getNotificationThrottle();
    await api.putNotificationThrottle({ limit: 1, windowMinutes: 1 });
    await api.listWebhooks();
    await api.createWebhook(hook);
    await api.updateWebhook(1, hook);
    await api.deleteWebhook(1);
    await api.listWebhookDeliveries(1);
    expect(calls).toHaveLength(12);
    for (const call of calls) {
      const path = call.url.replace('/api/v1', '').replace(/\/1(\/|$)/, '/{id}$1');
      expect(spec.paths[`/api/v1${path}`]?.[call.method.toLowerCase()], `${call.method} ${call.url}`).toBeDefined();
    }
  });

  it('has the documented fields and values', () => {
    const s = spec.components.schemas;
    expect(keys(RULE)).toEqual(fieldsOf(s.NotificationRule));
    expect(keys(CONDITIONS)).toEqual(fieldsOf(s.NotificationRule.properties!.conditions));
    expect(keys(THROTTLE)).toEqual(fieldsOf(s.NotificationThrottle));
    expect(keys(HOOK)).toEqual(fieldsOf(s.Webhook));
    expect(keys(HOOK_INPUT)).toEqual(fieldsOf(s.WebhookInput).filter((f) => f !== 'id' && f !== 'tokenSet'));
    expect(keys(DELIVERY)).toEqual(fieldsOf(s.WebhookDelivery));
    const c = s.NotificationRule.properties!.conditions.properties!;
    expect(c.severityLevels.items!.enum).toEqual([...api.SEVERITY_LEVELS]);
    expect(c.trainingLevels.items!.enum).toEqual([...api.TRAINING_LEVELS]);
    expect(c.powerStates.items!.enum).toEqual([...api.NOTIFY_POWER_STATES]);
    expect(s.NotificationRule.properties!.language.enum).toEqual([...api.NOTIFY_LANGUAGES]);
    expect(s.Webhook.properties!.events.items!.enum).toEqual([...api.WEBHOOK_EVENTS]);
    expect(s.Webhook.properties!.payload.items!.enum).toEqual([...api.WEBHOOK_PAYLOAD_PARTS]);
    expect(s.WebhookDelivery.properties!.state.enum).toEqual(['pending', 'delivered', 'failed']);
  });
});
