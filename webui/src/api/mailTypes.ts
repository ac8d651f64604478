/** E-mail (SMTP) settings as GET /settings/mail answers them: the password only as passwordSet. */
export const MAIL_SECURITIES = ['none', 'starttls', 'tls'] as const;
export type MailSecurity = (typeof MAIL_SECURITIES)[number];

export interface MailSettings {
  host: string;
  port: number;
  security: MailSecurity;
  user: string;
  passwordSet: boolean;
  sender: string;
  caCertificate: string;
}

/** What PUT takes: password left out keeps the stored one, '' removes it. */
export interface MailSettingsInput {
  host: string;
  port: number;
  security: MailSecurity;
  user: string;
  password?: string;
  sender: string;
  caCertificate: string;
}

export interface MailTestResult {
  sent: boolean;
  to: string;
}
