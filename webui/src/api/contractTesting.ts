/**
 * For the api/*.test.ts files that check a part of the client against the REST contract: the
 * contract itself (proto/openapi.json), field-list helpers and a fetch that records the calls.
 * Test code only: nothing in the app imports it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';

export interface Schema {
  required?: string[];
  properties?: Record<string, Schema>;
  enum?: string[];
  items?: Schema;
}
export interface Operation {
  parameters?: { name: string; schema: Schema }[];
  responses?: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
export const spec = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'proto', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

/** A schema's field names, sorted, to compare with `keys` of a `Record<keyof T, true>`. */
export const fieldsOf = (schema: Schema) => Object.keys(schema.properties ?? {}).sort();
export const keys = (o: object) => Object.keys(o).sort();

export interface FetchCall {
  method: string;
  url: string;
  body?: string;
}

/**
 * Stubs fetch for every test of the calling describe block: each call is recorded in the array
 * returned (emptied before each test) and answered 200 with `answer`.
 */
export function recordFetchCalls(answer = '{}'): FetchCall[] {
  const calls: FetchCall[] = [];
  beforeEach(() => {
    calls.length = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string, init: RequestInit) => {
        calls.push({ method: init.method ?? 'GET', url, body: init.body as string | undefined });
        return Promise.resolve(new Response(answer, { status: 200 }));
      }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());
  return calls;
}
