import { describe, expect, it } from 'vitest';

import type { DashboardPanel } from '../../api';
import { addPanel, dataOptions, effectiveOptions, movePanel, removePanel, replacePanel } from './layout';

const panel = (type: DashboardPanel['type'], title = ''): DashboardPanel => ({
  type,
  title,
  size: 'small',
  options: {},
});

describe('dashboard layout', () => {
  it('adds at the end, removes, moves and replaces', () => {
    let panels = addPanel([panel('agentHealth', 'a')], 'counterTrends');
    expect(panels.map((p) => p.type)).toEqual(['agentHealth', 'counterTrends']);
    expect(panels[1]).toEqual({ type: 'counterTrends', title: '', size: 'medium', options: {} });
    panels = addPanel(panels, 'lowSupplies');
    expect(movePanel(panels, 2, -1).map((p) => p.type)).toEqual(['agentHealth', 'lowSupplies', 'counterTrends']);
    expect(movePanel(panels, 0, 1).map((p) => p.type)).toEqual(['counterTrends', 'agentHealth', 'lowSupplies']);
    expect(movePanel(panels, 0, -1)).toEqual(panels);
    expect(movePanel(panels, 2, 1)).toEqual(panels);
    expect(removePanel(panels, 1).map((p) => p.type)).toEqual(['agentHealth', 'lowSupplies']);
    expect(replacePanel(panels, 0, panel('statusBreakdown'))[0].type).toBe('statusBreakdown');
    expect(panels[0].type).toBe('agentHealth'); // never changed in place
  });

  it('fills defaults and leaves drawing options out of the data query', () => {
    const trend: DashboardPanel = { ...panel('counterTrends'), options: { days: 90, chart: 'line' } };
    expect(effectiveOptions(trend)).toEqual({ days: 90, interval: 'day', chart: 'line' });
    expect(dataOptions(trend)).toEqual({ days: 90, interval: 'day' });
    expect(dataOptions(panel('statusBreakdown'))).toEqual({});
    expect(dataOptions(panel('agentHealth'))).toEqual({});
  });
});
