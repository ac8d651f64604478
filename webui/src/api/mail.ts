import { request } from './client';
import type { MailSettings, MailSettingsInput, MailTestResult } from './mailTypes';

export function getMailSettings(): Promise<MailSettings> {
  return request<MailSettings>('GET', '/settings/mail');
}

/** 400 invalid_input names the field. */
export function putMailSettings(settings: MailSettingsInput): Promise<MailSettings> {
  return request<MailSettings>('PUT', '/settings/mail', { body: settings });
}

/** Answers once the server accepted the message; 502 mail_failed carries the SMTP error text. */
export function sendTestMail(to: string): Promise<MailTestResult> {
  return request<MailTestResult>('POST', '/settings/mail/test', { body: { to } });
}
