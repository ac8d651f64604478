import type { DeviceAlert } from '../../api';

/**
 * For the tests: a printer's "jam" alert (Printer-MIB prtAlertTable, critical, media path), with
 * the fields a test cares about given in `fields`.
 */
export const jamAlert = (fields: Partial<DeviceAlert> = {}): DeviceAlert => ({
  index: '1.1',
  severityLevel: 3,
  severityLevelName: 'critical',
  trainingLevel: 3,
  trainingLevelName: 'untrained',
  group: 13,
  groupName: 'mediaPath',
  groupIndex: 1,
  location: -1,
  code: 8,
  codeName: 'jam',
  description: '',
  timeTicks: null,
  severity: 'error',
  condition: '',
  ...fields,
});
