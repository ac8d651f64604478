// Types of the Printwarden Manager REST API (/api/v1). Source of truth:
// proto/openapi.json in the repository.

export const ROLES = ['system_manager', 'device_manager', 'user'] as const;
/** A role of the contract, or one a newer Manager added (shown as is). */
export type Role = (typeof ROLES)[number] | (string & {});

export interface User {
  username: string;
  role: Role;
}

export interface Session {
  csrfToken: string;
  user: User;
}

export interface LoginRequest {
  username: string;
  password: string;
  remember?: boolean;
}

export interface Health {
  status: 'ok';
  version: string;
}

export type AgentStatus = 'inactive' | 'active' | 'unreachable';

export interface Agent {
  id: number;
  name: string;
  local: boolean;
  status: AgentStatus;
  version: string | null;
  /** The computer the agent runs on, as it reported it ("" before activation). */
  hostname: string;
  /** ISO 8601 UTC, null when the agent never contacted the Manager. */
  lastContact: string | null;
  /** ISO 8601. */
  createdAt: string;
  activated: boolean;
  /** Only in GET /agents/{id}: the Agent's latest self-status (null before the first). */
  selfStatus?: AgentSelfStatus | null;
  /** Only in GET /agents/{id}: where the Agent's outbox stands on the Manager. */
  outbox?: AgentOutbox | null;
}

export interface AgentSelfStatus {
  sampledAt: string;
  cpuPercent: number;
  rssBytes: number;
  queueRecords: number;
  queueBytes: number;
  droppedRecords: number;
}

export interface AgentOutbox {
  position: number;
  droppedRecords: number;
  rejectedRecords: number;
  updatedAt: string;
}

export interface AgentList {
  items: Agent[];
}

export interface CreateAgentRequest {
  name: string;
  local?: boolean;
}

/** An agent and, while it is inactive, its activation key. */
export interface AgentWithKey {
  agent: Agent;
  /** Present only while the agent is inactive (so always after create and deactivate). */
  activationKey?: string;
}

export type AgentDetails = AgentWithKey;

export interface PingResult {
  roundTripMs: number;
}

/** Error body of every 4xx/5xx answer. `details` is an object or, for some codes, a list. */
export interface Problem {
  code: string;
  message: string;
  details?: Record<string, unknown> | unknown[];
}

// ---- Devices -------------------------------------------------------------------------------

export const DEVICE_STATES = ['managed', 'unmanaged', 'removed'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

export interface DeviceCommunication {
  protocol: 'snmp';
  version: 'v1' | 'v2c' | 'v3' | null;
  credentialId: number | null;
  lastError: { kind: string; message: string; at: string } | null;
}

export interface Device {
  id: number;
  agentId: number | null;
  state: DeviceState;
  vendor: string;
  model: string;
  serial: string;
  firmware: string;
  mac: string;
  name: string;
  location: string;
  contact: string;
  ipAddress: string;
  hostname: string;
  firstSeen: string;
  lastSeen: string;
  linkUrl: string;
  /** How the device was last reached, and the last failure to reach it. */
  communication: DeviceCommunication;
  /** As an import file named it (e.g. Printer, MFP); empty for a discovered device. */
  deviceType: string;
  /** How the device came into the registry. */
  registeredBy: 'discovery' | 'import';
  /** The last poll's status; null until the device was polled. */
  status?: DeviceStatusSummary | null;
  /** The lowest consumed supply: a percent, or null with its RFC 3805 state. */
  lowestSupply?: LowestSupply | null;
  /** The region the device belongs to (derived from the regions' rules); null outside every region. */
  region?: DeviceRegion | null;
}

export interface DeviceRegion {
  id: number;
  name: string;
}

export interface DeviceStatusSummary {
  severity: Severity;
  power: PowerState;
}

export interface LowestSupply {
  percent: number | null;
  state: string;
  /** The supply's description and colorant (empty when unknown). */
  name: string;
  colorant: string;
}

/** A severity or power state as a list filter takes it; notPolled: never polled. */
export const NOT_POLLED = 'notPolled';

/** The matching devices (all pages) counted by severity and by power; each adds up to total. */
export interface DeviceStatusCounts {
  severity: Partial<Record<Severity | typeof NOT_POLLED, number>>;
  power: Partial<Record<PowerState | typeof NOT_POLLED, number>>;
}

export interface DevicePage {
  items: Device[];
  total: number;
  page: number;
  pageSize: number;
  statusCounts: DeviceStatusCounts;
}

/**
 * How writing one identity field to the printer went. Not written: the printer refused
 * (reason: what it answered, e.g. noAccess, notWritable, timeout) or was not asked
 * (agentOffline, noWriteCredential, ...), and the field keeps its old value; except noAgent (no
 * Agent reaches the device), where the Manager's record is all there is and the value is stored.
 */
export interface IdentityWrite {
  field: 'name' | 'location' | 'contact';
  written: boolean;
  reason: string;
  message: string;
}

/** A device after an edit, with one entry per name/location/contact written to the printer. */
export interface DeviceEdited extends Device {
  writeBack: IdentityWrite[];
}

/** The fields a user can edit (PATCH /devices/{id}). */
export interface DeviceEdit {
  name?: string;
  location?: string;
  contact?: string;
  linkUrl?: string;
}

/** Fields the list can sort by. */
export const DEVICE_SORT_FIELDS = [
  'id',
  'state',
  'agentId',
  'vendor',
  'model',
  'serial',
  'firmware',
  'mac',
  'name',
  'location',
  'contact',
  'ipAddress',
  'hostname',
  'firstSeen',
  'lastSeen',
  'linkUrl',
  'region',
  'severity',
  'power',
  'lowestSupply',
] as const;
export type DeviceSortField = (typeof DEVICE_SORT_FIELDS)[number];

/**
 * Fields the list can filter on: text fields match a substring; state, agentId, severity and
 * power exactly (notPolled: never polled); lowestSupply "at most N %".
 */
export const DEVICE_FILTER_FIELDS = [
  'state',
  'agentId',
  'vendor',
  'model',
  'serial',
  'firmware',
  'mac',
  'name',
  'location',
  'contact',
  'ipAddress',
  'hostname',
  'linkUrl',
  'region',
  'severity',
  'power',
  'lowestSupply',
] as const;
export type DeviceFilterField = (typeof DEVICE_FILTER_FIELDS)[number];

/** One view of the device list: values of one field are OR-ed, fields are AND-ed. */
export interface DeviceQuery {
  page?: number;
  pageSize?: number;
  sort?: DeviceSortField;
  order?: 'asc' | 'desc';
  filters?: Partial<Record<DeviceFilterField, readonly string[]>>;
  /** filter[group]: devices of any of these groups (a group's own devices, never removed ones). */
  groups?: readonly number[];
}

/** A saved view of the device list (GET/POST /device-views, PATCH/DELETE /device-views/{id}). */
export interface DeviceViewSettings {
  /** Shown columns' keys in order; empty: the console's default columns. */
  columns: string[];
  sort: DeviceSortField | null;
  order: 'asc' | 'desc';
  filters: Partial<Record<DeviceFilterField, string[]>>;
}

export interface SavedDeviceView {
  id: number;
  name: string;
  settings: DeviceViewSettings;
  createdAt: string;
  updatedAt: string;
}

/** POST /devices/batch: one action on up to MAX_BATCH_DEVICES devices. */
export const MAX_BATCH_DEVICES = 5000;
export type DeviceBatchAction = 'edit' | 'remove' | 'refresh';
export interface DeviceBatch {
  action: DeviceBatchAction;
  deviceIds: readonly number[];
  /** The edit action only: stored in the Manager, not written to the printers. */
  edit?: Pick<DeviceEdit, 'location' | 'contact' | 'linkUrl'>;
}
export interface DeviceBatchFailure {
  id: number;
  code: string;
  message: string;
}
export interface DeviceBatchResult {
  succeeded: number;
  failures: DeviceBatchFailure[];
}

export type ExchangeFormat = 'csv' | 'txt' | 'xlsx';

export interface ImportResult {
  created: number;
  updated: number;
  rows: number;
}

/** One rejected row of an import (422 import_rejected, details.rows). */
export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

/** A file the Manager sent for download. */
export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

// ---- Device monitoring (GET /devices/{id}/status, /supplies, /counters, /status-history) -------

export const SEVERITIES = ['unknown', 'ok', 'warning', 'error', 'service_call'] as const;
/** The product's severity model: service call > error > warning > ok; unknown before a reading. */
export type Severity = (typeof SEVERITIES)[number];
export const POWER_STATES = ['on', 'sleep', 'unknown', 'no_response', 'conflict'] as const;
/** conflict: the MAC address answering at the device's IP is not the registered one. */
export type PowerState = (typeof POWER_STATES)[number];

/** A prtAlertTable row as the Agent read it, with the product's severity and condition. */
export interface DeviceAlert {
  index: string;
  severityLevel: number;
  severityLevelName: string;
  trainingLevel: number;
  trainingLevelName: string;
  group: number;
  groupName: string;
  groupIndex: number;
  location: number;
  code: number;
  codeName: string;
  description: string;
  timeTicks: number | null;
  severity: Severity;
  /** Empty when the alert code maps to no condition. */
  condition: string;
}

export interface DeviceStatus {
  /** False until the device's first reading (then severity and power are "unknown"). */
  polled: boolean;
  severity: Severity;
  power: PowerState;
  conditions: string[];
  alerts: DeviceAlert[];
  /** Why the last poll failed (e.g. timeout), null when it succeeded. */
  error?: { kind: string; message: string } | null;
  uptimeTicks?: number | null;
  readAt?: string;
  /** When the current status began. */
  since?: string;
}

/** An RFC 3805 quantity: a value, or one of its special states (-1 other, -2 unknown, -3 some remaining). */
export interface Amount {
  state: 'value' | 'other' | 'unknown' | 'some_remaining' | 'invalid' | 'absent';
  value?: number;
}

export interface Supply {
  index: string;
  description: string;
  class: string;
  type: string;
  unit: string;
  maxCapacity: Amount;
  level: Amount;
  /** Level / max capacity when both are values, else null. */
  percent: number | null;
  colorant: string;
  /** Estimated from the level history since the last refill; null when the data do not allow it. */
  daysToEmpty: number | null;
}

export interface InputTray {
  index: string;
  name: string;
  type: string;
  capacityUnit: string;
  maxCapacity: Amount;
  level: Amount;
  percent: number | null;
  mediaName: string;
}

export interface OutputBin {
  index: string;
  name: string;
  type: string;
  capacityUnit: string;
  maxCapacity: Amount;
  /** Remaining free capacity of the bin. */
  remaining: Amount;
  percentRemaining: number | null;
}

export interface DeviceSupplies {
  polled: boolean;
  readAt?: string;
  items: Supply[];
  inputTrays: InputTray[];
  outputBins: OutputBin[];
}

export const COUNTER_FIELDS = ['total', 'black', 'colour', 'print', 'copy', 'scan', 'fax', 'large', 'small'] as const;
/** The normalized counter model; a device gives a subset. */
export type CounterField = (typeof COUNTER_FIELDS)[number];

export interface CounterValue {
  value: number;
  unit: string;
  /** Which vendor table and entry gave it. */
  source?: string;
}

export interface CounterDay {
  day: string;
  readAt: string;
  counters: Partial<Record<CounterField, CounterValue>>;
  /** Use since the previous day; resets and wraps are detected, never negative. */
  usage: Partial<Record<CounterField, { used: number; change: 'increase' | 'wrap' | 'reset' | 'glitch' }>>;
}

export interface DeviceCounters {
  /** The latest reading as the Agent made it, null before the first. */
  latest: { normalized?: Partial<Record<CounterField, CounterValue>>; profile?: string } | null;
  readAt: string | null;
  daily: CounterDay[];
}

export interface StatusEdge {
  severity: Severity;
  power: PowerState;
  conditions: string[];
  start: string;
  /** Null while the status lasts. */
  end: string | null;
}

export interface StatusHistory {
  items: StatusEdge[];
}

/** A time range of a history query: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC). */
export interface TimeRange {
  from?: string;
  to?: string;
}

/** POST /devices/{id}/refresh: the poll was sent; `skipped` says why a device was not polled. */
export interface PollStarted {
  commandId: number;
  deviceIds: number[];
  skipped: { deviceId: number; reason: string }[];
}

// ---- Credentials (device communication settings) -------------------------------------------

export const CREDENTIAL_KINDS = ['snmpv1', 'snmpv3', 'user', 'domain', 'systemManager', 'password'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];
export type CredentialAccess = 'read' | 'readWrite';

export interface Credential {
  id: number;
  kind: CredentialKind;
  description: string;
  access: CredentialAccess;
  agentIds: number[];
  /** 0-based order within its kind (tried first to last). */
  position: number;
  /** Public fields of the kind; secrets are never returned. */
  fields: Record<string, string>;
  /** The names of the secrets that are stored. */
  secretsSet: string[];
  createdAt: string;
  updatedAt: string;
}

export interface CredentialList {
  items: Credential[];
}

export interface CreateCredentialRequest {
  kind: CredentialKind;
  description?: string;
  access?: CredentialAccess;
  agentIds?: number[];
  /** Public and secret fields. */
  fields: Record<string, string>;
}

/** A secret left out of `fields` keeps its stored value. */
export type UpdateCredentialRequest = Partial<Omit<CreateCredentialRequest, 'kind'>>;

// ---- Agent scopes ---------------------------------------------------------------------------

export type DiscoveryMethod = 'scope' | 'specified';

export interface AgentScope {
  ipv4: string[];
  fqdnSuffixes: string[];
  discovery: { method: DiscoveryMethod; addresses: string[]; hostNames: string[] };
}

/** One entry of a 409 scope_overlap problem's details. */
export interface ScopeOverlap {
  /** Our entry, e.g. "ipv4[1]" or "discovery.addresses[0]". */
  field?: string;
  rule: string;
  agentId: number;
  agentName: string;
  otherRule: string;
}

// ---- Discovery runs -------------------------------------------------------------------------

export type RunState = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed' | 'cancelled';
export type RunAgentState = RunState;

export const CONDITION_FIELDS = ['vendor', 'model', 'name', 'location', 'ipAddress', 'hostname', 'serial'] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];
export const CONDITION_OPERATORS = ['equals', 'notEquals', 'beginsWith', 'endsWith', 'contains'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export interface RegistrationCondition {
  field: ConditionField;
  operator: ConditionOperator;
  value: string;
}

/**
 * Which state new printers get: those matching the conditions (for every field with
 * conditions, one of them holds) get `method`, the others the opposite. Without conditions
 * every new printer is managed.
 */
export interface Registration {
  method: 'managed' | 'unmanaged';
  conditions: RegistrationCondition[];
}

export type StartDiscoveryRequest =
  | { agentIds: number[]; registration?: Registration }
  | { target: string; agentId?: number; registration?: Registration };

export interface DiscoveryRunAgent {
  agentId: number;
  agentName: string;
  state: RunAgentState;
  progress: { done: number; total: number; found: number };
  error: { code: string; message: string } | null;
}

export interface DiscoveryFailure {
  address: string;
  kind: string;
  message: string;
}

export interface DiscoveryRun {
  id: number;
  state: RunState;
  kind: 'scope' | 'single';
  /** The address or host name of a single-device run. */
  target: string | null;
  /** The SNMP port swept. */
  port: number;
  registration: Registration;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  agents: DiscoveryRunAgent[];
  summary: {
    probed: number;
    found: number;
    created: number;
    updated: number;
    managed: number;
    unmanaged: number;
    /** Devices that answered but are not printers. */
    notPrinters: number;
    failures: DiscoveryFailure[];
  };
}

export interface DiscoveryRunList {
  items: DiscoveryRun[];
}

export const BUILTIN_TASK_NAMES = [
  'monitorPrinters',
  'retrievePrinterInformation',
  'retrieveCounters',
  'checkAddressBook',
  'checkDeviceSettings',
] as const;
export type BuiltInTaskName = (typeof BUILTIN_TASK_NAMES)[number];

/** A periodic task of the Manager (it cannot be deleted; its switch and interval can be changed). */
export interface BuiltInTask {
  name: BuiltInTaskName;
  active: boolean;
  intervalMinutes: number;
  /** Runs only inside the communication windows. */
  boundByWindows: boolean;
  lastStarted: string | null;
}

export interface BuiltInTaskList {
  items: BuiltInTask[];
}

/** A daily window [start, end) in "HH:MM"; "24:00" ends the day. */
export interface TimeWindow {
  start: string;
  end: string;
}

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** When periodic status and counter retrieval may talk to printers. */
export interface CommunicationWindows {
  standard: TimeWindow[];
  /** Per weekday: replaces the standard windows that day (an empty list: none); null: no exception. */
  exceptions?: Partial<Record<Weekday, TimeWindow[] | null>>;
}

// ---- Device groups (/groups) ---------------------------------------------------------------------

export type GroupKind = 'static' | 'dynamic';
/** The device list's filter[field] as an object (values OR-ed, fields AND-ed). */
export type GroupFilter = Partial<Record<DeviceFilterField, readonly string[]>>;

export interface DeviceGroup {
  id: number;
  parentId: number | null;
  name: string;
  comment: string;
  /** Fixed at creation. */
  kind: GroupKind;
  /** A dynamic group's filter; null for a static group. */
  filter: GroupFilter | null;
  /** The group's own devices now (not its subgroups'). */
  memberCount: number;
  createdAt: string;
}

export interface DeviceGroupNode extends DeviceGroup {
  children: DeviceGroupNode[];
}

export interface NewDeviceGroup {
  name: string;
  kind: GroupKind;
  parentId?: number | null;
  comment?: string;
  filter?: GroupFilter | null;
}

export interface DeviceGroupEdit {
  name?: string;
  parentId?: number | null;
  comment?: string;
  filter?: GroupFilter;
}

/** Members to add: device ids, or the device list's current view (every matching device). */
export type GroupMembersSelection =
  { deviceIds: readonly number[] } | { filter: GroupFilter & { group?: readonly number[] } };

export interface GroupMembersChange {
  added?: number;
  removed?: number;
  memberCount: number;
}

/** How a region rule was typed: address, range and cidr are IPv4 rules. */
export const REGION_RULE_TYPES = ['address', 'range', 'cidr', 'suffix'] as const;
export type RegionRuleType = (typeof REGION_RULE_TYPES)[number];

export interface RegionRule {
  type: RegionRuleType;
  value: string;
}

/** The body of a region's create or edit. */
export interface RegionInput {
  name: string;
  description?: string;
  /** An IANA time zone name, e.g. Europe/Paris. */
  timeZone: string;
  rules: RegionRule[];
}

export interface Region {
  id: number;
  name: string;
  description: string;
  timeZone: string;
  rules: RegionRule[];
  /** Devices (not removed) in the region. */
  deviceCount: number;
}

export interface RegionList {
  items: Region[];
}

/** One entry of a 409 `region_overlap` problem's details. */
export interface RegionOverlap {
  field: string;
  rule: string;
  regionId: number;
  regionName: string;
  otherRule: string;
}

// ---- User tasks (decision 0024) ----

export type ScheduleKind = 'now' | 'once' | 'daily' | 'weekly' | 'monthly';

/** Local dates and one local time of day in the task's zone; weekdays 0 = Sunday. */
export interface TaskSchedule {
  kind: ScheduleKind;
  /** once: "YYYY-MM-DDTHH:MM" */
  at?: string;
  /** periodic: "HH:MM" */
  time?: string;
  every?: number;
  weekdays?: number[];
  monthDay?: number | 'last';
  weekOfMonth?: number | 'last';
  weekday?: number;
  starts?: string;
  ends?: string;
}

export interface TaskTargets {
  deviceIds: number[];
  groupIds: number[];
  agentIds: number[];
}

export type TaskRunState = 'scheduled' | 'running' | 'completed' | 'cancelled';
export type TaskRunResult = 'success' | 'error' | 'timeout';
export type TargetResult =
  'pending' | 'running' | 'success' | 'error' | 'timeout' | 'authenticationError' | 'cancelled';

export interface TaskRun {
  id: number;
  taskId: number | null;
  taskName: string;
  taskType: string;
  state: TaskRunState;
  result: TaskRunResult | null;
  detail: string | null;
  counts: Partial<Record<TargetResult, number>>;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
}

export interface TaskTargetResult {
  kind: 'device' | 'agent';
  id: number;
  result: TargetResult;
  detail: string;
  step: number;
  commandId: number | null;
  updatedAt: string | null;
}

export interface TaskRunDetails extends TaskRun {
  targets: TaskTargetResult[];
  targetTotal: number;
}

/** Who is mailed when a run ends (decision 0029); failure: only when it did not succeed. */
export interface TaskNotification {
  to: string[];
  when: 'always' | 'failure';
  attachDetails: boolean;
  /** The mail's language (en fr de it es ja) and priority. */
  language: string;
  priority: 'high' | 'normal' | 'low';
}

export interface Task {
  id: number;
  name: string;
  type: string;
  parameters: Record<string, unknown>;
  schedule: TaskSchedule;
  timeZone: string;
  active: boolean;
  targets: TaskTargets;
  notification: TaskNotification;
  nextRunAt: string | null;
  createdAt: string;
  updatedAt: string;
  lastRun: TaskRun | null;
}

export interface TaskInput {
  name: string;
  type: string;
  parameters?: Record<string, unknown>;
  schedule: TaskSchedule;
  timeZone?: string;
  active?: boolean;
  targets: Partial<TaskTargets>;
  notification?: Partial<TaskNotification>;
}
