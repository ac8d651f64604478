/**
 * Checks the API client against the REST contract, proto/openapi.json: every call it makes is a
 * documented operation, and the types it reads have exactly the documented fields.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import * as api from '.';
import type { Agent, Health, PingResult, Problem, Session, User } from '.';

interface Schema {
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  enum?: string[];
  $ref?: string;
}
interface OpenApi {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
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
};
const USER_FIELDS: Record<keyof User, true> = { username: true, role: true };
const SESSION_FIELDS: Record<keyof Session, true> = { csrfToken: true, user: true };
const PROBLEM_FIELDS: Record<keyof Problem, true> = { code: true, message: true, details: true };
const HEALTH_FIELDS: Record<keyof Health, true> = { status: true, version: true };
const PING_FIELDS: Record<keyof PingResult, true> = { roundTripMs: true };

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

    const documented = Object.entries(spec.paths).flatMap(([template, operations]) =>
      Object.keys(operations)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase(), pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`) })),
    );
    expect(calls).toHaveLength(10);
    for (const call of calls) {
      expect(
        documented.some((d) => d.method === call.method && d.pattern.test(call.path)),
        `${call.method} ${call.path}`,
      ).toBe(true);
    }
  });

  it('has the documented fields in its types', () => {
    const schemas = spec.components.schemas;
    expect(keys(AGENT_FIELDS)).toEqual(fieldsOf(schemas.Agent));
    expect(keys(USER_FIELDS)).toEqual(fieldsOf(schemas.User));
    expect(keys(SESSION_FIELDS)).toEqual(fieldsOf(schemas.SessionInfo));
    expect(keys(PROBLEM_FIELDS)).toEqual(fieldsOf(schemas.Problem));
    expect(keys(HEALTH_FIELDS)).toEqual(fieldsOf(schemas.Health));
    const ping = spec.paths['/api/v1/agents/{id}/ping'].post.responses['200'].content!['application/json'].schema;
    expect(keys(PING_FIELDS)).toEqual(fieldsOf(ping));
  });

  it('knows the documented agent statuses and user roles', () => {
    const schemas = spec.components.schemas;
    expect([...(schemas.Agent.properties!.status.enum ?? [])].sort()).toEqual(['active', 'inactive', 'unreachable']);
    expect([...(schemas.User.properties!.role.enum ?? [])].sort()).toEqual([...api.ROLES].sort());
  });
});
