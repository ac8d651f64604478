import { request } from './client';
import type { Region, RegionInput, RegionList } from './types';

const regionPath = (id: number) => `/regions/${encodeURIComponent(String(id))}`;

export async function listRegions(): Promise<Region[]> {
  const list = await request<RegionList>('GET', '/regions');
  return list.items;
}

export function getRegion(id: number): Promise<Region> {
  return request<Region>('GET', regionPath(id));
}

/**
 * Creates a region. A bad field is a 400 naming it ("rules[2].value"); a rule another region
 * has is a 409 `region_overlap` whose details list RegionOverlap entries; a name in use, 409
 * `name_taken`.
 */
export function createRegion(input: RegionInput): Promise<Region> {
  return request<Region>('POST', '/regions', { body: input });
}

/** Replaces a region's name, description, time zone and rules (errors as createRegion). */
export function updateRegion(id: number, input: RegionInput): Promise<Region> {
  return request<Region>('PUT', regionPath(id), { body: input });
}

export function deleteRegion(id: number): Promise<void> {
  return request<void>('DELETE', regionPath(id));
}
