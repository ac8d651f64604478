import { request } from './client';
import type {
  CreateCredentialRequest,
  Credential,
  CredentialKind,
  CredentialList,
  UpdateCredentialRequest,
} from './types';

const credentialPath = (id: number) => `/credentials/${encodeURIComponent(String(id))}`;

/** The credentials, ordered by kind then position (only one kind when `kind` is given). */
export async function listCredentials(kind?: CredentialKind): Promise<Credential[]> {
  const list = await request<CredentialList>('GET', kind ? `/credentials?kind=${kind}` : '/credentials');
  return list.items;
}

export function getCredential(id: number): Promise<Credential> {
  return request<Credential>('GET', credentialPath(id));
}

export function createCredential(input: CreateCredentialRequest): Promise<Credential> {
  return request<Credential>('POST', '/credentials', { body: input });
}

export function updateCredential(id: number, input: UpdateCredentialRequest): Promise<Credential> {
  return request<Credential>('PATCH', credentialPath(id), { body: input });
}

export function deleteCredential(id: number): Promise<void> {
  return request<void>('DELETE', credentialPath(id));
}

/** Sets the order of one kind's credentials; `ids` must list exactly that kind's credentials. */
export async function orderCredentials(kind: CredentialKind, ids: number[]): Promise<Credential[]> {
  const list = await request<CredentialList>('PUT', '/credentials/order', { body: { kind, ids } });
  return list.items;
}
