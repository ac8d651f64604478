/**
 * The Manager–Agent golden examples (proto/agent/v1/examples) must satisfy their JSON Schemas.
 * The C++ side round-trips the same files through its message types, so the schemas, the
 * examples and both implementations cannot drift apart unnoticed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';

const PROTO_DIR = join(__dirname, '..', '..', '..', 'proto', 'agent', 'v1');
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

// Example file name -> schema it is an instance of.
const SCHEMA_OF: Record<string, string> = {
  'enrollment-request': 'enrollment-request',
  'enrollment-response': 'enrollment-response',
  heartbeat: 'heartbeat',
  'heartbeat-ack': 'heartbeat-ack',
  'command-batch': 'command-batch',
  'command-batch-empty': 'command-batch',
  'command-batch-discover': 'command-batch',
  'command-results': 'command-results',
  'command-results-discover': 'command-results',
  'command-progress': 'command-progress',
  'outbox-batch': 'outbox-batch',
  'outbox-ack': 'outbox-ack',
  'agent-status': 'agent-status',
  'command-batch-monitor': 'command-batch',
  'command-results-monitor': 'command-results',
  'monitor-reading': 'monitor-reading',
  'monitor-reading-error': 'monitor-reading',
  'monitor-reading-identity': 'monitor-reading',
  'command-batch-check-functions': 'command-batch',
  'command-results-check-functions': 'command-results',
  'command-batch-set-identity': 'command-batch',
  'command-results-set-identity': 'command-results',
  'command-batch-reset-device': 'command-batch',
  'command-results-reset-device': 'command-results',
};

// strictRequired off: a oneOf branch may require a property its parent schema defines (the SNMP
// credential requires "community" for v1/v2c), which is valid JSON Schema that Ajv's strict mode
// would refuse.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
for (const file of readdirSync(PROTO_DIR).filter((f) => f.endsWith('.schema.json'))) {
  ajv.addSchema(readJson(join(PROTO_DIR, file)) as object, file.replace('.schema.json', ''));
}

describe('Agent protocol golden examples (proto/agent/v1)', () => {
  const examples = readdirSync(join(PROTO_DIR, 'examples')).map((f) => f.replace('.json', ''));

  it('maps every example to a schema', () => {
    expect(examples.sort()).toEqual(Object.keys(SCHEMA_OF).sort());
  });

  it.each(examples)('%s is valid against its schema', (name) => {
    const validate = ajv.getSchema(SCHEMA_OF[name]);
    expect(validate).toBeDefined();
    const valid = validate!(readJson(join(PROTO_DIR, 'examples', `${name}.json`)));
    expect(validate!.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects an example with a required field removed', () => {
    const heartbeat = readJson(join(PROTO_DIR, 'examples', 'heartbeat.json')) as Record<string, unknown>;
    delete heartbeat.hostname;
    expect(ajv.getSchema('heartbeat')!(heartbeat)).toBe(false);
  });
});
