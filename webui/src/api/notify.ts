import { request } from './client';
import type {
  NotificationRule,
  NotificationRuleInput,
  NotificationThrottle,
  Webhook,
  WebhookDelivery,
  WebhookInput,
} from './notifyTypes';

const rulePath = (id: number) => `/notification-rules/${id}`;
const hookPath = (id: number) => `/webhooks/${id}`;

export async function listNotificationRules(): Promise<NotificationRule[]> {
  return (await request<{ items: NotificationRule[] }>('GET', '/notification-rules')).items;
}
export function createNotificationRule(rule: NotificationRuleInput): Promise<NotificationRule> {
  return request<NotificationRule>('POST', '/notification-rules', { body: rule });
}
export function updateNotificationRule(id: number, rule: NotificationRuleInput): Promise<NotificationRule> {
  return request<NotificationRule>('PUT', rulePath(id), { body: rule });
}
export function deleteNotificationRule(id: number): Promise<void> {
  return request<void>('DELETE', rulePath(id));
}
/** The copy is named "<name> - Copy" and inactive. */
export function duplicateNotificationRule(id: number): Promise<NotificationRule> {
  return request<NotificationRule>('POST', `${rulePath(id)}/duplicate`);
}
export function getNotificationThrottle(): Promise<NotificationThrottle> {
  return request<NotificationThrottle>('GET', '/settings/notification-throttle');
}
export function putNotificationThrottle(throttle: NotificationThrottle): Promise<NotificationThrottle> {
  return request<NotificationThrottle>('PUT', '/settings/notification-throttle', { body: throttle });
}

export async function listWebhooks(): Promise<Webhook[]> {
  return (await request<{ items: Webhook[] }>('GET', '/webhooks')).items;
}
export function createWebhook(hook: WebhookInput): Promise<Webhook> {
  return request<Webhook>('POST', '/webhooks', { body: hook });
}
export function updateWebhook(id: number, hook: WebhookInput): Promise<Webhook> {
  return request<Webhook>('PUT', hookPath(id), { body: hook });
}
export function deleteWebhook(id: number): Promise<void> {
  return request<void>('DELETE', hookPath(id));
}
export async function listWebhookDeliveries(id: number): Promise<WebhookDelivery[]> {
  return (await request<{ items: WebhookDelivery[] }>('GET', `${hookPath(id)}/deliveries`)).items;
}
