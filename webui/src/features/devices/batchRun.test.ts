import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { setCsrfToken } from '../../api';
import { BATCH_CHUNK, collectMatchingIds, runInChunks, type BatchProgress } from './batchRun';

let fetchMock: ReturnType<typeof vi.fn>;
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

beforeEach(() => {
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
  setCsrfToken('tok');
});
afterEach(() => vi.unstubAllGlobals());

describe('batch actions in chunks', () => {
  it('sends the ids in chunks, adds up the results and reports progress after each', async () => {
    const ids = Array.from({ length: BATCH_CHUNK * 2 + 5 }, (_, i) => i + 1);
    fetchMock.mockImplementation(async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as { deviceIds: number[] };
      const failed = body.deviceIds.filter((id) => id % 50 === 0);
      return json({
        succeeded: body.deviceIds.length - failed.length,
        failures: failed.map((id) => ({ id, code: 'device_removed', message: `#${id} removed` })),
      });
    });
    const seen: BatchProgress[] = [];
    const result = await runInChunks({ action: 'edit', edit: { location: 'B2' } }, ids, (p) => seen.push(p));

    expect(fetchMock).toHaveBeenCalledTimes(3);
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toContain('/api/v1/devices/batch');
    expect(JSON.parse(String(init.body))).toEqual({
      action: 'edit',
      edit: { location: 'B2' },
      deviceIds: ids.slice(0, BATCH_CHUNK),
    });
    expect(seen.map((p) => p.done)).toEqual([0, BATCH_CHUNK, BATCH_CHUNK * 2, ids.length, ids.length]);
    expect(result.phase).toBe('done');
    expect(result.failures.map((f) => f.id)).toEqual([50, 100, 150, 200]);
    expect(result.succeeded).toBe(ids.length - 4);
  });

  it('counts a chunk that fails as a whole against its devices and stops when asked', async () => {
    fetchMock.mockResolvedValueOnce(json({ code: 'forbidden', message: 'Not allowed' }, 403));
    fetchMock.mockResolvedValue(json({ succeeded: BATCH_CHUNK, failures: [] }));
    const ids = Array.from({ length: BATCH_CHUNK * 3 }, (_, i) => i + 1);
    let chunks = 0;
    const result = await runInChunks(
      { action: 'remove' },
      ids,
      () => chunks++,
      () => chunks > 2,
    );
    expect(result.phase).toBe('stopped');
    expect(result.done).toBe(BATCH_CHUNK * 2);
    expect(result.failures).toHaveLength(BATCH_CHUNK);
    expect(result.failures[0]).toEqual({ id: 1, code: 'request_failed', message: 'Not allowed' });
  });

  it('reads the ids of all matching devices page by page, up to the cap', async () => {
    const page = (n: number, size: number) =>
      json({
        items: Array.from({ length: size }, (_, i) => ({ id: n * 1000 + i })),
        total: 450,
        page: n,
        pageSize: 200,
      });
    fetchMock
      .mockResolvedValueOnce(page(1, 200))
      .mockResolvedValueOnce(page(2, 200))
      .mockResolvedValueOnce(page(3, 50));
    const all = await collectMatchingIds({ filters: { vendor: ['HP'] } });
    expect(all.total).toBe(450);
    expect(all.ids).toHaveLength(450);
    expect(String(fetchMock.mock.calls[1][0])).toContain('page=2&pageSize=200&filter%5Bvendor%5D=HP');

    fetchMock.mockReset();
    fetchMock.mockResolvedValueOnce(page(1, 200)).mockResolvedValueOnce(page(2, 200));
    const capped = await collectMatchingIds({}, 300);
    expect(capped.ids).toHaveLength(300);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});
