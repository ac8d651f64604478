import { request, setCsrfToken } from './client';
import type { Health, LoginRequest, Session } from './types';

export function getHealth(): Promise<Health> {
  return request<Health>('GET', '/health', { redirectOnUnauthorized: false });
}

export async function login(credentials: LoginRequest): Promise<Session> {
  const session = await request<Session>('POST', '/auth/login', {
    body: credentials,
    redirectOnUnauthorized: false,
  });
  setCsrfToken(session.csrfToken);
  return session;
}

/** Restores the session on page load; rejects with a 401 ApiError when there is none. */
export async function getSession(): Promise<Session> {
  const session = await request<Session>('GET', '/auth/session', { redirectOnUnauthorized: false });
  setCsrfToken(session.csrfToken);
  return session;
}

export async function logout(): Promise<void> {
  try {
    await request<void>('POST', '/auth/logout', { redirectOnUnauthorized: false });
  } finally {
    setCsrfToken(null);
  }
}
