import type { DeviceAlert, PowerState, Severity } from '../../api';

/** The product's severity order: service call > error > warning > ok > unknown. */
const RANK: Record<Severity, number> = { unknown: 0, ok: 1, warning: 2, error: 3, service_call: 4 };

/** A severity the console does not know (a newer Manager) ranks as unknown. */
export const severityRank = (severity: string): number => RANK[severity as Severity] ?? 0;

/** The worst of several severities ("unknown" for none). */
export function worstSeverity(severities: readonly string[]): Severity {
  return severities.reduce<Severity>(
    (worst, s) => (severityRank(s) > severityRank(worst) ? (s as Severity) : worst),
    'unknown',
  );
}

/** Alerts worst first; equal severities keep the device's order (its alert index). */
export function alertsWorstFirst(alerts: readonly DeviceAlert[]): DeviceAlert[] {
  return alerts
    .map((alert, position) => ({ alert, position }))
    .sort((a, b) => severityRank(b.alert.severity) - severityRank(a.alert.severity) || a.position - b.position)
    .map(({ alert }) => alert);
}

export const SEVERITY_COLORS: Record<Severity, string | undefined> = {
  unknown: undefined,
  ok: 'green',
  warning: 'gold',
  error: 'red',
  service_call: 'magenta',
};

export const POWER_COLORS: Record<PowerState, string | undefined> = {
  on: 'green',
  sleep: 'blue',
  unknown: undefined,
  no_response: 'default',
  conflict: 'volcano',
};

/**
 * What a one-glance status shows: the severity, and the power state when it says more than
 * "on" (asleep, not answering, or another device at the address). A device that does not
 * answer has no current severity of its own, so only its power state is shown.
 */
export function statusTags(severity: string, power: string): { severity?: Severity; power?: PowerState } {
  const knownPower = (power in POWER_COLORS ? power : 'unknown') as PowerState;
  const knownSeverity = (severity in SEVERITY_COLORS ? severity : 'unknown') as Severity;
  if (knownPower === 'no_response') return { power: knownPower };
  return { severity: knownSeverity, power: knownPower === 'on' ? undefined : knownPower };
}
