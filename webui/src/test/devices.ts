import type { Device } from '../api';

/**
 * A device as the API lists it, for the tests: a managed HP LaserJet "printer" at 10.0.0.1,
 * never polled, unless `fields` say otherwise.
 */
export const testDevice = (fields: Partial<Device> = {}): Device => ({
  id: 1,
  agentId: null,
  state: 'managed',
  vendor: 'HP',
  model: 'LaserJet',
  serial: 'S1',
  firmware: '',
  mac: '',
  name: 'printer',
  location: '',
  contact: '',
  ipAddress: '10.0.0.1',
  hostname: '',
  firstSeen: '2026-01-01T00:00:00Z',
  lastSeen: '2026-01-02T00:00:00Z',
  linkUrl: '',
  communication: { protocol: 'snmp', version: 'v2c', credentialId: null, lastError: null },
  deviceType: '',
  registeredBy: 'discovery',
  ...fields,
});
