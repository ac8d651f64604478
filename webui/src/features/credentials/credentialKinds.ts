import type {
  CreateCredentialRequest,
  Credential,
  CredentialAccess,
  CredentialKind,
  UpdateCredentialRequest,
} from '../../api';

/** A public field of a kind: free text, or one of fixed values. */
export interface PublicField {
  name: string;
  options?: readonly string[];
  required?: boolean;
  initial?: string;
}

/** A secret field: never shown, never prefilled; on edit an empty input keeps the stored one. */
export interface SecretField {
  name: string;
  minLength: number;
  maxLength: number;
  /** Whether the secret is needed, given the public values (SNMPv3 keys follow the security level). */
  requiredWhen: (fields: Record<string, string | undefined>) => boolean;
}

export interface KindSpec {
  publicFields: readonly PublicField[];
  secretFields: readonly SecretField[];
}

const always = () => true;
const PASSWORD: SecretField = { name: 'password', minLength: 1, maxLength: 128, requiredWhen: always };

/** The fields of each kind (REST contract, "Credentials"). */
export const KINDS: Record<CredentialKind, KindSpec> = {
  snmpv1: {
    publicFields: [{ name: 'version', options: ['v1', 'v2c'], required: true, initial: 'v2c' }],
    secretFields: [{ name: 'community', minLength: 1, maxLength: 64, requiredWhen: always }],
  },
  snmpv3: {
    publicFields: [
      { name: 'username', required: true },
      {
        name: 'securityLevel',
        options: ['noAuthNoPriv', 'authNoPriv', 'authPriv'],
        required: true,
        initial: 'authPriv',
      },
      { name: 'authProtocol', options: ['MD5', 'SHA', 'SHA-224', 'SHA-256', 'SHA-384', 'SHA-512'], initial: 'SHA' },
      { name: 'privProtocol', options: ['DES', 'AES', 'AES-256'], initial: 'AES' },
      { name: 'contextName' },
    ],
    secretFields: [
      {
        name: 'authKey',
        minLength: 8,
        maxLength: 64,
        requiredWhen: (f) => f.securityLevel === 'authNoPriv' || f.securityLevel === 'authPriv',
      },
      { name: 'privKey', minLength: 8, maxLength: 64, requiredWhen: (f) => f.securityLevel === 'authPriv' },
    ],
  },
  user: { publicFields: [{ name: 'username', required: true }], secretFields: [PASSWORD] },
  domain: {
    publicFields: [
      { name: 'domain', required: true },
      { name: 'username', required: true },
    ],
    secretFields: [PASSWORD],
  },
  systemManager: {
    publicFields: [{ name: 'systemManagerId', required: true }],
    secretFields: [{ name: 'pin', minLength: 1, maxLength: 7, requiredWhen: always }],
  },
  password: { publicFields: [], secretFields: [PASSWORD] },
};

/** The credential form as antd holds it (secret inputs are always empty at first). */
export interface CredentialForm {
  description?: string;
  access: CredentialAccess;
  agentIds: number[];
  fields: Record<string, string | undefined>;
}

export function initialForm(kind: CredentialKind, existing?: Credential): CredentialForm {
  const fields: Record<string, string | undefined> = {};
  for (const f of KINDS[kind].publicFields) fields[f.name] = existing?.fields[f.name] ?? f.initial ?? '';
  return {
    description: existing?.description ?? '',
    access: existing?.access ?? 'read',
    agentIds: existing?.agentIds ?? [],
    fields,
  };
}

/** Whether a secret input must be filled: needed by the kind and not already stored. */
export function secretRequired(secret: SecretField, form: CredentialForm['fields'], existing?: Credential): boolean {
  return secret.requiredWhen(form) && !(existing?.secretsSet.includes(secret.name) ?? false);
}

function fieldsOf(kind: CredentialKind, form: CredentialForm): Record<string, string> {
  const spec = KINDS[kind];
  const fields: Record<string, string> = {};
  for (const f of spec.publicFields) fields[f.name] = (form.fields[f.name] ?? '').trim();
  // Secrets are sent as typed (spaces may be part of them); an empty input is left out, which
  // on edit keeps the stored value.
  for (const s of spec.secretFields) {
    const value = form.fields[s.name] ?? '';
    if (value !== '') fields[s.name] = value;
  }
  return fields;
}

export function createBody(kind: CredentialKind, form: CredentialForm): CreateCredentialRequest {
  return {
    kind,
    description: (form.description ?? '').trim(),
    access: form.access,
    agentIds: form.agentIds,
    fields: fieldsOf(kind, form),
  };
}

export function updateBody(kind: CredentialKind, form: CredentialForm): UpdateCredentialRequest {
  const { description, access, agentIds, fields } = createBody(kind, form);
  return { description, access, agentIds, fields };
}

/** The ids of one kind's credentials after moving `id` one place up (-1) or down (+1). */
export function moved(ids: readonly number[], id: number, step: -1 | 1): number[] {
  const next = [...ids];
  const from = next.indexOf(id);
  const to = from + step;
  if (from < 0 || to < 0 || to >= next.length) return next;
  [next[from], next[to]] = [next[to], next[from]];
  return next;
}
