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

// Names the Manager uses in its 400 messages ("ipv4[2]", "discovery.addresses[0]") → form fields.
const FIELD_OF_NAME: [RegExp, ScopeField][] = [
  [/\bipv4\[(\d+)\]/, 'ipv4'],
  [/\bfqdnSuffixes\[(\d+)\]/, 'fqdnSuffixes'],
  [/\baddresses\[(\d+)\]/, 'addresses'],
  [/\bhostNames\[(\d+)\]/, 'hostNames'],
];

export interface ScopeProblem {
  /** The form field a rejected entry belongs to, with its 0-based index. */
  field?: { name: ScopeField; index: number };
  /** For 409 scope_overlap: which of our rules overlaps which rule of which Agent. */
  overlaps: ScopeOverlap[];
}

function isOverlap(value: unknown): value is ScopeOverlap {
  const v = value as ScopeOverlap;
  return typeof v === 'object' && v !== null && typeof v.rule === 'string' && typeof v.otherRule === 'string';
}

/** What a failed PUT /agents/{id}/scope says about the form. */
export function scopeProblem(error: unknown): ScopeProblem {
  if (!isApiError(error)) return { overlaps: [] };
  const details = error.details;
  if (error.status === 409) {
    const list = Array.isArray(details) ? details : Array.isArray(details?.overlaps) ? details.overlaps : [];
    return { overlaps: (list as unknown[]).filter(isOverlap) };
  }
  if (error.status === 400) {
    const named = [
      details && !Array.isArray(details) && typeof details.field === 'string' ? details.field : '',
      error.message,
    ].join(' ');
    for (const [pattern, name] of FIELD_OF_NAME) {
      const match = pattern.exec(named);
      if (match) return { field: { name, index: Number(match[1]) }, overlaps: [] };
    }
  }
  return { overlaps: [] };
}
