import { describe, expect, it } from 'vitest';

import { agentsPercent, runPercent } from './runs';
import { startDiscoveryBody } from './startRequest';

describe('start discovery body', () => {
  it('sends only the agents without conditions, whatever the method', () => {
    expect(startDiscoveryBody({ agentIds: [2, 1, 2], method: 'managed', conditions: [] })).toEqual({
      agentIds: [2, 1],
    });
    expect(startDiscoveryBody({ agentIds: [3], method: 'unmanaged' })).toEqual({ agentIds: [3] });
  });

  it('turns complete condition rows into conditions, trimmed, in order', () => {
    expect(
      startDiscoveryBody({
        agentIds: [1],
        method: 'unmanaged',
        conditions: [
          { field: 'vendor', operator: 'equals', value: ' Canon ' },
          { field: 'location', operator: undefined, value: 'lab' },
          { field: undefined, operator: 'contains', value: 'x' },
          { field: 'model', operator: 'contains', value: '   ' },
          { field: 'ipAddress', operator: 'beginsWith', value: '10.1.' },
        ],
      }),
    ).toEqual({
      agentIds: [1],
      registration: {
        method: 'unmanaged',
        conditions: [
          { field: 'vendor', operator: 'equals', value: 'Canon' },
          { field: 'ipAddress', operator: 'beginsWith', value: '10.1.' },
        ],
      },
    });
  });
});

describe('run progress', () => {
  const agent = (done: number, total: number) => ({ progress: { done, total, found: 0 } });
  it('is the share of addresses probed over all agents, rounded down', () => {
    expect(agentsPercent([agent(120, 256), agent(0, 256)])).toBe(23);
    expect(agentsPercent([agent(5, 0)])).toBe(0);
    expect(agentsPercent([agent(300, 256)])).toBe(100);
    expect(runPercent({ state: 'running', agents: [agent(1, 3)] })).toBe(33);
    expect(runPercent({ state: 'failed', agents: [agent(1, 3)] })).toBe(100);
  });
});
