import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  ApiError,
  createAgent,
  deactivateAgent,
  deleteAgent,
  getSession,
  listAgents,
  login,
  logout,
  NETWORK_ERROR,
  onUnauthorized,
  pingAgent,
  setCsrfToken,
} from '.';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const agent = {
  id: 7,
  name: 'lyon',
  local: false,
  status: 'inactive',
  version: null,
  hostname: '',
  lastContact: null,
  createdAt: '2025-01-02T03:04:05Z',
  activated: false,
};

let fetchMock: ReturnType<typeof vi.fn>;

function lastCall(): { url: string; init: RequestInit; headers: Record<string, string> } {
  const [url, init] = fetchMock.mock.calls.at(-1) as [string, RequestInit];
  return { url, init, headers: (init.headers ?? {}) as Record<string, string> };
}

beforeEach(() => {
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
  setCsrfToken(null);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('API client', () => {
  it('logs in, remembers the CSRF token and sends it on every state-changing request', async () => {
    fetchMock.mockResolvedValueOnce(
      json(200, { csrfToken: 'tok-123', user: { username: 'administrator', role: 'administrator' } }),
    );
    const session = await login({ username: 'administrator', password: 'pw', remember: true });
    expect(session.user.username).toBe('administrator');
    let call = lastCall();
    expect(call.url).toBe('/api/v1/auth/login');
    expect(call.init.method).toBe('POST');
    expect(call.init.credentials).toBe('same-origin');
    expect(JSON.parse(call.init.body as string)).toEqual({ username: 'administrator', password: 'pw', remember: true });

    fetchMock.mockResolvedValueOnce(json(201, { agent, activationKey: 'KEY-1' }));
    await createAgent({ name: 'lyon', local: true });
    call = lastCall();
    expect(call.url).toBe('/api/v1/agents');
    expect(call.init.method).toBe('POST');
    expect(call.headers['X-CSRF-Token']).toBe('tok-123');
    expect(call.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(call.init.body as string)).toEqual({ name: 'lyon', local: true });

    fetchMock.mockResolvedValueOnce(json(200, { agent, activationKey: 'KEY-2' }));
    await deactivateAgent(7);
    expect(lastCall().url).toBe('/api/v1/agents/7/deactivate');
    expect(lastCall().headers['X-CSRF-Token']).toBe('tok-123');

    fetchMock.mockResolvedValueOnce(json(200, { roundTripMs: 12.5 }));
    await expect(pingAgent(7)).resolves.toEqual({ roundTripMs: 12.5 });
    expect(lastCall().headers['X-CSRF-Token']).toBe('tok-123');

    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    await expect(deleteAgent(7)).resolves.toBeUndefined();
    expect(lastCall().init.method).toBe('DELETE');
    expect(lastCall().url).toBe('/api/v1/agents/7');
    expect(lastCall().headers['X-CSRF-Token']).toBe('tok-123');
  });

  it('does not send the CSRF token on reads', async () => {
    setCsrfToken('tok-123');
    fetchMock.mockResolvedValueOnce(json(200, { items: [agent] }));
    await expect(listAgents()).resolves.toEqual([agent]);
    const call = lastCall();
    expect(call.init.method).toBe('GET');
    expect(call.init.credentials).toBe('same-origin');
    expect(call.headers['X-CSRF-Token']).toBeUndefined();
  });

  it('restores the session token and forgets it on logout', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { csrfToken: 'restored', user: { username: 'a', role: 'r' } }));
    await getSession();
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    await logout();
    expect(lastCall().headers['X-CSRF-Token']).toBe('restored');
    fetchMock.mockResolvedValueOnce(json(201, { agent, activationKey: 'K' }));
    await createAgent({ name: 'x' });
    expect(lastCall().headers['X-CSRF-Token']).toBeUndefined();
  });

  it('maps problem bodies to ApiError', async () => {
    setCsrfToken('tok');
    fetchMock.mockResolvedValueOnce(
      json(409, { code: 'conflict', message: 'An agent named lyon exists', details: { name: 'lyon' } }),
    );
    const error = await createAgent({ name: 'lyon' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 409,
      code: 'conflict',
      message: 'An agent named lyon exists',
      details: { name: 'lyon' },
    });

    fetchMock.mockResolvedValueOnce(json(504, { code: 'agent_timeout', message: 'The agent did not answer' }));
    await expect(pingAgent(1)).rejects.toMatchObject({
      status: 504,
      code: 'agent_timeout',
      message: 'The agent did not answer',
    });
  });

  it('maps a body that is not a problem to a generic error', async () => {
    fetchMock.mockResolvedValueOnce(
      new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    await expect(listAgents()).rejects.toMatchObject({ status: 502, code: 'http_502', message: 'Bad Gateway' });
  });

  it('maps a failed fetch to a network error', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(listAgents()).rejects.toMatchObject({ status: 0, code: NETWORK_ERROR });
  });

  it('reports a 401 to the unauthorized handler, except for the session calls', async () => {
    const handler = vi.fn();
    const unregister = onUnauthorized(handler);
    try {
      fetchMock.mockResolvedValueOnce(
        json(401, { code: 'invalid_credentials', message: 'Wrong user name or password' }),
      );
      await expect(login({ username: 'a', password: 'b' })).rejects.toMatchObject({
        status: 401,
        code: 'invalid_credentials',
        message: 'Wrong user name or password',
      });
      fetchMock.mockResolvedValueOnce(json(401, { code: 'unauthenticated', message: 'No session' }));
      await expect(getSession()).rejects.toMatchObject({ status: 401 });
      expect(handler).not.toHaveBeenCalled();

      fetchMock.mockResolvedValueOnce(json(401, { code: 'unauthenticated', message: 'Session expired' }));
      await expect(listAgents()).rejects.toMatchObject({ status: 401 });
      expect(handler).toHaveBeenCalledTimes(1);
    } finally {
      unregister();
    }
  });
});
