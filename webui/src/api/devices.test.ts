import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  deviceQueryParams,
  dispositionFilename,
  downloadImportTemplate,
  exportDevices,
  importDevices,
  listDevices,
  setCsrfToken,
} from '.';

let fetchMock: ReturnType<typeof vi.fn>;
const lastCall = () => fetchMock.mock.calls.at(-1) as [string, RequestInit];

beforeEach(() => {
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
  setCsrfToken('tok');
});
afterEach(() => vi.unstubAllGlobals());

describe('device list query', () => {
  it('repeats filter[field] per value, in order, and keeps fields apart', () => {
    const params = deviceQueryParams({
      page: 3,
      pageSize: 200,
      sort: 'vendor',
      order: 'desc',
      filters: { vendor: ['HP', 'Canon'], location: ['berlin'], state: ['managed'] },
    });
    expect(params.toString()).toBe(
      'page=3&pageSize=200&sort=vendor&order=desc&filter%5Bvendor%5D=HP&filter%5Bvendor%5D=Canon' +
        '&filter%5Blocation%5D=berlin&filter%5Bstate%5D=managed',
    );
    expect(params.getAll('filter[vendor]')).toEqual(['HP', 'Canon']);
  });

  it('asks for the devices of groups with filter[group], one value each', () => {
    const params = deviceQueryParams({ filters: { vendor: ['HP'] }, groups: [4, 9] });
    expect(params.getAll('filter[group]')).toEqual(['4', '9']);
    expect(params.getAll('filter[vendor]')).toEqual(['HP']);
  });

  it('drops blank values and empty filters, and sends the order only with a sort', () => {
    expect(deviceQueryParams({ filters: { vendor: [' ', ''], model: [] } }).toString()).toBe('');
    expect(deviceQueryParams({ order: 'desc' }).toString()).toBe('');
    expect(deviceQueryParams({ sort: 'name' }).toString()).toBe('sort=name&order=asc');
    expect(deviceQueryParams({ filters: { name: ['  a b  '] } }).get('filter[name]')).toBe('a b');
  });

  it('encodes values that look like query syntax', async () => {
    fetchMock.mockResolvedValueOnce(new Response('{"items":[],"total":0,"page":1,"pageSize":50}'));
    await listDevices({ filters: { name: ['a&b=c#d'] } });
    const [url] = lastCall();
    expect(new URL(url, 'https://x').searchParams.get('filter[name]')).toBe('a&b=c#d');
  });
});

describe('device export and import', () => {
  it('exports the view with its filters and sort but not its page', async () => {
    fetchMock.mockResolvedValueOnce(
      new Response('a,b', { headers: { 'Content-Disposition': 'attachment; filename="devices-20261121-101010.csv"' } }),
    );
    const file = await exportDevices(
      { page: 4, pageSize: 20, sort: 'name', order: 'asc', filters: { vendor: ['HP'] } },
      'csv',
    );
    const [url, init] = lastCall();
    expect(url).toBe('/api/v1/devices/export?sort=name&order=asc&filter%5Bvendor%5D=HP&format=csv');
    expect(init.method).toBe('GET');
    expect(file.filename).toBe('devices-20261121-101010.csv');
    expect(await file.blob.text()).toBe('a,b');
  });

  it('downloads the template, named by the fallback when the Manager names none', async () => {
    fetchMock.mockResolvedValueOnce(new Response('x'));
    const file = await downloadImportTemplate('xlsx');
    expect(lastCall()[0]).toBe('/api/v1/devices/export?format=xlsx&template=true');
    expect(file.filename).toBe('devices-template.xlsx');
  });

  it('uploads the raw file with its content type and the CSRF token', async () => {
    fetchMock.mockResolvedValueOnce(new Response('{"created":2,"updated":1,"rows":3}'));
    const body = new Blob(['IPAddress\n10.0.0.1\n']);
    await expect(importDevices(body, 'txt')).resolves.toEqual({ created: 2, updated: 1, rows: 3 });
    const [url, init] = lastCall();
    const headers = init.headers as Record<string, string>;
    expect(url).toBe('/api/v1/devices/import?format=txt');
    expect(init.method).toBe('POST');
    expect(init.body).toBe(body);
    expect(headers['Content-Type']).toBe('text/tab-separated-values');
    expect(headers['X-CSRF-Token']).toBe('tok');
  });

  it('reads file names from Content-Disposition', () => {
    expect(dispositionFilename('attachment; filename="a b.csv"')).toBe('a b.csv');
    expect(dispositionFilename('attachment; filename=plain.txt')).toBe('plain.txt');
    expect(dispositionFilename('attachment; filename="x.csv"; filename*=UTF-8\'\'%C3%A9t%C3%A9.csv')).toBe('été.csv');
    expect(dispositionFilename('attachment')).toBeNull();
    expect(dispositionFilename(null)).toBeNull();
  });
});
