import { describe, expect, it } from 'vitest';

import type { DeviceAlert } from '../../api';
import { alertsWorstFirst, severityRank, statusTags, worstSeverity } from './statusView';
import { jamAlert } from './testAlerts';

const alert = (index: string, severity: DeviceAlert['severity']) => jamAlert({ index, severity });

describe('severity model', () => {
  it('orders service call > error > warning > ok > unknown', () => {
    const ordered = ['service_call', 'error', 'warning', 'ok', 'unknown'].map(severityRank);
    expect([...ordered].sort((a, b) => b - a)).toEqual(ordered);
    expect(new Set(ordered).size).toBe(5);
  });

  it('takes the worst of several severities, and ranks a name it does not know as unknown', () => {
    expect(worstSeverity(['warning', 'service_call', 'error'])).toBe('service_call');
    expect(worstSeverity(['ok', 'warning'])).toBe('warning');
    expect(worstSeverity(['ok', 'fire'])).toBe('ok');
    expect(worstSeverity([])).toBe('unknown');
  });

  it('lists alerts worst first, keeping the device order among equals', () => {
    const sorted = alertsWorstFirst([
      alert('1.1', 'warning'),
      alert('1.2', 'error'),
      alert('1.3', 'warning'),
      alert('1.4', 'service_call'),
    ]);
    expect(sorted.map((a) => a.index)).toEqual(['1.4', '1.2', '1.1', '1.3']);
  });
});

describe('status at a glance', () => {
  it('shows the severity alone while the printer is on', () => {
    expect(statusTags('error', 'on')).toEqual({ severity: 'error', power: undefined });
  });

  it('adds the power state when it is not "on"', () => {
    expect(statusTags('ok', 'sleep')).toEqual({ severity: 'ok', power: 'sleep' });
    expect(statusTags('warning', 'conflict')).toEqual({ severity: 'warning', power: 'conflict' });
  });

  it('shows only "no response" for a printer that does not answer', () => {
    expect(statusTags('unknown', 'no_response')).toEqual({ power: 'no_response' });
  });

  it('shows values it does not know as unknown', () => {
    expect(statusTags('fire', 'hibernating')).toEqual({ severity: 'unknown', power: 'unknown' });
  });
});
