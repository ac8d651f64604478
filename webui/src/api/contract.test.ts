/**
 * Checks the API client against the REST contract, proto/openapi.json: every call it makes is a
 * documented operation, and the types it reads have exactly the documented fields.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import * as api from '.';
import type {
  Agent,
  AgentScope,
  BuiltInTask,
  CommunicationWindows,
  Credential,
  Amount,
  CounterDay,
  Device,
  DeviceCounters,
  DeviceGroup,
  DevicePage,
  DeviceStatus,
  DeviceSupplies,
  DeviceViewSettings,
  LowestSupply,
  SavedDeviceView,
  DiscoveryRun,
  Health,
  IdentityWrite,
  PingResult,
  PollStarted,
  Problem,
  Region,
  RegionRule,
  Session,
  StatusEdge,
  StatusHistory,
  Supply,
  User,
} from '.';

interface Schema {
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  enum?: string[];
  $ref?: string;
  items?: Schema;
}
interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
        parameters?: { name: string; schema: Schema }[];
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

const OPENAPI_FILE = join(__dirname, '..', '..', '..', 'proto', 'openapi.json');
const spec = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as OpenApi;

// Every field of the TypeScript types, listed so that the compiler keeps the lists complete.
const AGENT_FIELDS: Record<keyof Agent, true> = {
  id: true,
  name: true,
  local: true,
  status: true,
  version: true,
  hostname: true,
  lastContact: true,
  createdAt: true,
  activated: true,
  selfStatus: true,
  outbox: true,
};
const USER_FIELDS: Record<keyof User, true> = { username: true, role: true };
const SESSION_FIELDS: Record<keyof Session, true> = { csrfToken: true, user: true };
const PROBLEM_FIELDS: Record<keyof Problem, true> = { code: true, message: true, details: true };
const HEALTH_FIELDS: Record<keyof Health, true> = { status: true, version: true };
const PING_FIELDS: Record<keyof PingResult, true> = { roundTripMs: true };
const DEVICE_FIELDS: Record<keyof Device, true> = {
  id: true,
  agentId: true,
  state: true,
  vendor: true,
  model: true,
  serial: true,
  firmware: true,
  mac: true,
  name: true,
  location: true,
  contact: true,
  ipAddress: true,
  hostname: true,
  firstSeen: true,
  lastSeen: true,
  linkUrl: true,
  communication: true,
  deviceType: true,
  registeredBy: true,
  status: true,
  lowestSupply: true,
  region: true,
};
const IDENTITY_WRITE_FIELDS: Record<keyof IdentityWrite, true> = {
  field: true,
  written: true,
  reason: true,
  message: true,
};
const REGION_FIELDS: Record<keyof Region, true> = {
  id: true,
  name: true,
  description: true,
  timeZone: true,
  rules: true,
  deviceCount: true,
};
const REGION_RULE_FIELDS: Record<keyof RegionRule, true> = { type: true, value: true };
const DEVICE_PAGE_FIELDS: Record<keyof DevicePage, true> = {
  items: true,
  total: true,
  page: true,
  pageSize: true,
  statusCounts: true,
};
const LOWEST_SUPPLY_FIELDS: Record<keyof LowestSupply, true> = {
  percent: true,
  state: true,
  name: true,
  colorant: true,
};
const DEVICE_VIEW_FIELDS: Record<keyof SavedDeviceView, true> = {
  id: true,
  name: true,
  settings: true,
  createdAt: true,
  updatedAt: true,
};
const DEVICE_VIEW_SETTINGS_FIELDS: Record<keyof DeviceViewSettings, true> = {
  columns: true,
  sort: true,
  order: true,
  filters: true,
};
const CREDENTIAL_FIELDS: Record<keyof Credential, true> = {
  id: true,
  kind: true,
  description: true,
  access: true,
  agentIds: true,
  position: true,
  fields: true,
  secretsSet: true,
  createdAt: true,
  updatedAt: true,
};
const SCOPE_FIELDS: Record<keyof AgentScope, true> = { ipv4: true, fqdnSuffixes: true, discovery: true };
const RUN_FIELDS: Record<keyof DiscoveryRun, true> = {
  id: true,
  state: true,
  kind: true,
  target: true,
  port: true,
  registration: true,
  createdBy: true,
  createdAt: true,
  finishedAt: true,
  agents: true,
  summary: true,
};

const BUILTIN_TASK_FIELDS: Record<keyof BuiltInTask, true> = {
  name: true,
  active: true,
  intervalMinutes: true,
  boundByWindows: true,
  lastStarted: true,
};
const WINDOWS_FIELDS: Record<keyof CommunicationWindows, true> = { standard: true, exceptions: true };
const DEVICE_STATUS_FIELDS: Record<keyof DeviceStatus, true> = {
  polled: true,
  severity: true,
  power: true,
  conditions: true,
  alerts: true,
  error: true,
  uptimeTicks: true,
  readAt: true,
  since: true,
};
const SUPPLIES_FIELDS: Record<keyof DeviceSupplies, true> = {
  polled: true,
  readAt: true,
  items: true,
  inputTrays: true,
  outputBins: true,
};
const SUPPLY_FIELDS: Record<keyof Supply, true> = {
  index: true,
  description: true,
  class: true,
  type: true,
  unit: true,
  maxCapacity: true,
  level: true,
  percent: true,
  colorant: true,
  daysToEmpty: true,
};
const AMOUNT_FIELDS: Record<keyof Amount, true> = { state: true, value: true };
const COUNTERS_FIELDS: Record<keyof DeviceCounters, true> = { latest: true, readAt: true, daily: true };
const COUNTER_DAY_FIELDS: Record<keyof CounterDay, true> = { day: true, readAt: true, counters: true, usage: true };
const HISTORY_FIELDS: Record<keyof StatusHistory, true> = { items: true };
const EDGE_FIELDS: Record<keyof StatusEdge, true> = {
  severity: true,
  power: true,
  conditions: true,
  start: true,
  end: true,
};
const GROUP_FIELDS: Record<keyof DeviceGroup, true> = {
  id: true,
  parentId: true,
  name: true,
  comment: true,
  kind: true,
  filter: true,
  memberCount: true,
  createdAt: true,
};
const POLL_FIELDS: Record<keyof PollStarted, true> = { commandId: true, deviceIds: true, skipped: true };

const pathPattern = (template: string) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);

const fieldsOf = (schema: Schema) => Object.keys(schema.properties ?? {}).sort();
const keys = (o: object) => Object.keys(o).sort();

describe('REST contract (proto/openapi.json)', () => {
  let calls: { method: string; path: string }[];

  beforeEach(() => {
    calls = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string, init: RequestInit) => {
        calls.push({ method: init.method ?? 'GET', path: url });
        return Promise.resolve(new Response('{"csrfToken":"t","user":{},"items":[]}', { status: 200 }));
      }),
    );
  });

  afterEach(() => vi.unstubAllGlobals());

  it('documents every call the client makes', async () => {
    await api.getHealth();
    await api.login({ username: 'u', password: 'p', remember: true });
    await api.getSession();
    await api.logout();
    await api.listAgents();
    await api.createAgent({ name: 'a', local: false });
    await api.getAgent(1);
    await api.deactivateAgent(1);
    await api.deleteAgent(1);
    await api.pingAgent(1);
    const before = calls.length;
    await api.getAgentScope(1);
    await api.putAgentScope(1, {
      ipv4: [],
      fqdnSuffixes: [],
      discovery: { method: 'scope', addresses: [], hostNames: [] },
    });
    await api.listDevices({ page: 2, pageSize: 50, sort: 'name', order: 'desc', filters: { vendor: ['HP'] } });
    await api.getDevice(1);
    await api.updateDevice(1, { name: 'n' });
    await api.removeDevice(1);
    await api.restoreDevice(1);
    await api.deleteDevice(1);
    await api.getDeviceStatus(1);
    await api.getDeviceSupplies(1);
    await api.getDeviceCounters(1, { from: '2026-01-01' });
    await api.getStatusHistory(1, { from: '2026-01-01', to: '2026-02-01T00:00:00Z' });
    await api.refreshDevice(1);
    await api.exportDevices({ filters: { vendor: ['HP'] } }, 'csv');
    await api.downloadImportTemplate('xlsx');
    await api.importDevices(new Blob(['a']), 'csv');
    await api.listCredentials();
    await api.listCredentials('snmpv3');
    await api.getCredential(1);
    await api.createCredential({ kind: 'snmpv1', fields: { version: 'v2c', community: 'c' } });
    await api.updateCredential(1, { description: 'd' });
    await api.deleteCredential(1);
    await api.orderCredentials('snmpv1', [2, 1]);
    await api.startDiscovery({ agentIds: [1] });
    await api.listDiscoveries();
    await api.getDiscovery(1);
    await api.cancelDiscovery(1);
    await api.listBuiltInTasks();
    await api.updateBuiltInTask('retrieveCounters', { intervalMinutes: 60 });
    await api.runBuiltInTask('monitorPrinters');
    await api.getCommunicationWindows();
    await api.putCommunicationWindows({ standard: [] });
    await api.listGroupTree();
    await api.listGroups();
    await api.getGroup(1);
    await api.createGroup({ name: 'g', kind: 'dynamic', filter: { vendor: ['HP'] } });
    await api.updateGroup(1, { parentId: null });
    await api.deleteGroup(1, true);
    await api.addGroupMembers(1, { deviceIds: [1] });
    await api.addGroupMembers(1, { filter: { vendor: ['HP'], group: [2] } });
    await api.removeGroupMembers(1, [1]);
    await api.listRegions();
    await api.getRegion(1);
    await api.createRegion({ name: 'r', timeZone: 'UTC', rules: [{ type: 'cidr', value: '10.0.0.0/8' }] });
    await api.updateRegion(1, { name: 'r', timeZone: 'UTC', rules: [] });
    await api.deleteRegion(1);
    await api.listDevices({ sort: 'region', filters: { region: ['1', 'none'] } });
    await api.listDeviceViews();
    await api.createDeviceView('v', { columns: [], sort: null, order: 'asc', filters: {} });
    await api.updateDeviceView(1, { name: 'w' });
    await api.deleteDeviceView(1);
    expect(calls.length - before).toBe(51);

    const documented = Object.entries(spec.paths).flatMap(([template, operations]) =>
      Object.keys(operations)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase(), pattern: pathPattern(template) })),
    );
    for (const call of calls) {
      const path = call.path.split('?')[0];
      const matches = (d: { method: string; pattern: RegExp }) => d.method === call.method && d.pattern.test(path);
      expect(documented.some(matches), `${call.method} ${call.path}`).toBe(true);
    }
  });

  it('has the documented fields in its types', () => {
    const schemas = spec.components.schemas;
    expect(keys(AGENT_FIELDS)).toEqual(fieldsOf(schemas.Agent));
    expect(keys(USER_FIELDS)).toEqual(fieldsOf(schemas.User));
    expect(keys(SESSION_FIELDS)).toEqual(fieldsOf(schemas.SessionInfo));
    expect(keys(PROBLEM_FIELDS)).toEqual(fieldsOf(schemas.Problem));
    expect(keys(HEALTH_FIELDS)).toEqual(fieldsOf(schemas.Health));
    expect(keys(CREDENTIAL_FIELDS)).toEqual(fieldsOf(schemas.Credential));
    expect(keys(SCOPE_FIELDS)).toEqual(fieldsOf(schemas.AgentScope));
    expect([...(schemas.CredentialKind.enum ?? [])].sort()).toEqual([...api.CREDENTIAL_KINDS].sort());
    expect(keys(DEVICE_FIELDS)).toEqual(fieldsOf(schemas.Device));
    expect(keys(IDENTITY_WRITE_FIELDS)).toEqual(fieldsOf(schemas.IdentityWrite));
    expect(keys(DEVICE_PAGE_FIELDS)).toEqual(fieldsOf(schemas.DevicePage));
    expect(keys(LOWEST_SUPPLY_FIELDS)).toEqual(fieldsOf(schemas.Device.properties!.lowestSupply));
    expect(keys(DEVICE_VIEW_FIELDS)).toEqual(fieldsOf(schemas.DeviceView));
    expect(keys(DEVICE_VIEW_SETTINGS_FIELDS)).toEqual(fieldsOf(schemas.DeviceViewSettings));
    const listParameters = spec.paths['/api/v1/devices'].get.parameters ?? [];
    // The console sorts and filters only by documented fields (the API may offer more).
    const sortEnum = listParameters.find((p) => p.name === 'sort')!.schema.enum ?? [];
    expect(sortEnum).toEqual(expect.arrayContaining([...api.DEVICE_SORT_FIELDS]));
    const filterFields = fieldsOf(listParameters.find((p) => p.name === 'filter')!.schema);
    expect(filterFields).toEqual(expect.arrayContaining([...api.DEVICE_FILTER_FIELDS]));
    expect(keys(RUN_FIELDS)).toEqual(fieldsOf(schemas.DiscoveryRun));
    expect(keys(BUILTIN_TASK_FIELDS)).toEqual(fieldsOf(schemas.BuiltInTask));
    expect(keys(WINDOWS_FIELDS)).toEqual(fieldsOf(schemas.CommunicationWindows));
    expect(fieldsOf(schemas.CommunicationWindows.properties!.exceptions)).toEqual([...api.WEEKDAYS].sort());
    expect([...(schemas.BuiltInTask.properties!.name.enum ?? [])].sort()).toEqual([...api.BUILTIN_TASK_NAMES].sort());
    expect([...(schemas.DiscoveryRun.properties!.state.enum ?? [])].sort()).toEqual([
      'cancelled',
      'failed',
      'partial',
      'queued',
      'running',
      'succeeded',
    ]);
    expect(keys(DEVICE_STATUS_FIELDS)).toEqual(fieldsOf(schemas.DeviceStatus));
    expect(keys(SUPPLIES_FIELDS)).toEqual(fieldsOf(schemas.DeviceSupplies));
    expect(keys(SUPPLY_FIELDS)).toEqual(fieldsOf(schemas.DeviceSupplies.properties!.items.items!));
    expect(keys(AMOUNT_FIELDS)).toEqual(fieldsOf(schemas.Amount));
    expect([...(schemas.Amount.properties!.state.enum ?? [])].sort()).toEqual(
      ['absent', 'invalid', 'other', 'some_remaining', 'unknown', 'value'].sort(),
    );
    expect(keys(COUNTERS_FIELDS)).toEqual(fieldsOf(schemas.DeviceCounters));
    expect(keys(COUNTER_DAY_FIELDS)).toEqual(fieldsOf(schemas.DeviceCounters.properties!.daily.items!));
    expect(keys(HISTORY_FIELDS)).toEqual(fieldsOf(schemas.StatusHistory));
    expect(keys(EDGE_FIELDS)).toEqual(fieldsOf(schemas.StatusHistory.properties!.items.items!));
    expect(keys(POLL_FIELDS)).toEqual(fieldsOf(schemas.PollStarted));
    expect(keys(GROUP_FIELDS)).toEqual(fieldsOf(schemas.DeviceGroup));
    expect(fieldsOf(schemas.DeviceGroupFilter)).toEqual([...api.DEVICE_FILTER_FIELDS].sort());
    expect(keys(REGION_FIELDS)).toEqual(fieldsOf(schemas.Region));
    expect(keys(REGION_RULE_FIELDS)).toEqual(fieldsOf(schemas.RegionRule));
    expect([...(schemas.RegionRule.properties!.type.enum ?? [])].sort()).toEqual([...api.REGION_RULE_TYPES].sort());
    expect(fieldsOf(schemas.Device.properties!.region)).toEqual(['id', 'name']);
    const summary = schemas.Device.properties!.status.properties!;
    expect([...(summary.severity.enum ?? [])].sort()).toEqual([...api.SEVERITIES].sort());
    expect([...(summary.power.enum ?? [])].sort()).toEqual([...api.POWER_STATES].sort());
    const ping = spec.paths['/api/v1/agents/{id}/ping'].post.responses['200'].content!['application/json'].schema;
    expect(keys(PING_FIELDS)).toEqual(fieldsOf(ping));
  });

  it('knows the documented agent statuses and user roles', () => {
    const schemas = spec.components.schemas;
    expect([...(schemas.Agent.properties!.status.enum ?? [])].sort()).toEqual(['active', 'inactive', 'unreachable']);
    expect([...(schemas.User.properties!.role.enum ?? [])].sort()).toEqual([...api.ROLES].sort());
  });
});
