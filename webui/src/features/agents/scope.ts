import { isApiError, type AgentScope, type DiscoveryMethod, type ScopeOverlap } from '../../api';

/** The scope form: lists as one entry per line. */
export interface ScopeForm {
  ipv4: string;
  fqdnSuffixes: string;
  method: DiscoveryMethod;
  addresses: string;
  hostNames: string;
}

export type ScopeField = Exclude<keyof ScopeForm, 'method'>;

/** The entries of a text area: one per line (commas and blanks also separate), empty lines dropped. */
export function entries(text: string): string[] {
  return text
    .split(/[\n,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function scopeToForm(scope: AgentScope): ScopeForm {
  return {
    ipv4: scope.ipv4.join('\n'),
    fqdnSuffixes: scope.fqdnSuffixes.join('\n'),
    method: scope.discovery.method,
    addresses: scope.discovery.addresses.join('\n'),
    hostNames: scope.discovery.hostNames.join('\n'),
  };
}

export function formToScope(form: ScopeForm): AgentScope {
  return {
    ipv4: entries(form.ipv4),
    fqdnSuffixes: entries(form.fqdnSuffixes),
    discovery: { method: form.method, addresses: entries(form.addresses), hostNames: entries(form.hostNames) },
  };
}

// Names the Manager uses for entries ("ipv4[2]", "discovery.addresses[0]") → form fields.
const FIELD_OF_NAME: [RegExp, ScopeField][] = [
  [/\bipv4\[(\d+)\]/, 'ipv4'],
  [/\bfqdnSuffixes\[(\d+)\]/, 'fqdnSuffixes'],
  [/\baddresses\[(\d+)\]/, 'addresses'],
  [/\bhostNames\[(\d+)\]/, 'hostNames'],
];

/** The form field and 0-based index of the first entry named in `text`. */
export function namedEntry(text: string): { name: ScopeField; index: number } | undefined {
  for (const [pattern, name] of FIELD_OF_NAME) {
    const match = pattern.exec(text);
    if (match) return { name, index: Number(match[1]) };
  }
  return undefined;
}

/** A refused entry: its field, index and the Manager's message (or the overlap). */
export interface EntryError {
  name: ScopeField;
  index: number;
  message?: string;
  overlap?: ScopeOverlap;
}

function isOverlap(value: unknown): value is ScopeOverlap {
  const v = value as ScopeOverlap;
  return typeof v === 'object' && v !== null && typeof v.rule === 'string' && typeof v.otherRule === 'string';
}

/**
 * The entries a failed PUT /agents/{id}/scope refuses. The Manager lists them in details
 * ([{field, message}] for a 400, [{field, rule, agentId, agentName, otherRule}] for a 409
 * scope_overlap); a 400 about the body's shape names the entry in its message only.
 */
export function scopeErrors(error: unknown): EntryError[] {
  if (!isApiError(error) || (error.status !== 400 && error.status !== 409)) return [];
  const out: EntryError[] = [];
  const details: unknown[] = Array.isArray(error.details) ? error.details : [];
  for (const entry of details) {
    const field = (entry as { field?: unknown } | null)?.field;
    const named = typeof field === 'string' ? namedEntry(field) : undefined;
    if (isOverlap(entry)) {
      out.push({ ...(named ?? { name: 'ipv4', index: -1 }), overlap: entry });
    } else if (named) {
      const message = (entry as { message?: unknown }).message;
      out.push({ ...named, message: typeof message === 'string' ? message : undefined });
    }
  }
  if (out.length === 0) {
    const named = namedEntry(error.message);
    if (named) out.push({ ...named, message: error.message });
  }
  return out;
}
