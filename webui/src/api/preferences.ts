import { request } from './client';

/** The signed-in user's remembered console choices (GET/PUT /me/preferences/{key}). */
export async function getPreference(key: string): Promise<Record<string, unknown>> {
  return (await request<{ value: Record<string, unknown> }>('GET', `/me/preferences/${encodeURIComponent(key)}`)).value;
}

export async function putPreference(key: string, value: object): Promise<void> {
  await request('PUT', `/me/preferences/${encodeURIComponent(key)}`, { body: { value } });
}
