import type { DashboardPanel, PanelOptions, PanelSize, PanelType } from '../../api';

/** An option a panel type takes: a whole number in [min, max] or one of a few words. Mirrors the Manager's rules. */
export type OptionSpec =
  | { name: string; kind: 'number'; min: number; max: number; default: number }
  | { name: string; kind: 'choice'; choices: readonly string[]; default: string };

export const OPTION_SPECS: Record<PanelType, readonly OptionSpec[]> = {
  statusBreakdown: [{ name: 'chart', kind: 'choice', choices: ['donut', 'pie'], default: 'donut' }],
  devicesWithErrors: [
    { name: 'limit', kind: 'number', min: 1, max: 50, default: 10 },
    { name: 'minSeverity', kind: 'choice', choices: ['warning', 'error', 'service_call'], default: 'error' },
  ],
  lowSupplies: [
    { name: 'thresholdPercent', kind: 'number', min: 0, max: 100, default: 10 },
    { name: 'limit', kind: 'number', min: 1, max: 50, default: 10 },
  ],
  counterTrends: [
    { name: 'days', kind: 'number', min: 7, max: 365, default: 30 },
    { name: 'interval', kind: 'choice', choices: ['day', 'week'], default: 'day' },
    { name: 'chart', kind: 'choice', choices: ['area', 'line'], default: 'area' },
  ],
  agentHealth: [],
};

/** The panel's options with the defaults filled in. */
export function effectiveOptions(panel: DashboardPanel): PanelOptions {
  const out: PanelOptions = {};
  for (const spec of OPTION_SPECS[panel.type]) out[spec.name] = panel.options[spec.name] ?? spec.default;
  return out;
}

/** Options that only change how the console draws the data, not what the Manager sends. */
const DRAWING_OPTIONS = new Set(['chart']);

/** The options to ask the Manager the panel's data with. */
export function dataOptions(panel: DashboardPanel): PanelOptions {
  return Object.fromEntries(Object.entries(effectiveOptions(panel)).filter(([name]) => !DRAWING_OPTIONS.has(name)));
}

/** Grid columns (of 24) per panel size. */
export const SIZE_SPANS: Record<PanelSize, number> = { small: 8, medium: 12, large: 24 };

export const MAX_PANELS = 24;

/** A new panel of the type, at the end (the guide's "added at the end"). */
export function addPanel(panels: readonly DashboardPanel[], type: PanelType): DashboardPanel[] {
  const size: PanelSize = type === 'counterTrends' || type === 'devicesWithErrors' ? 'medium' : 'small';
  return [...panels, { type, title: '', size, options: {} }];
}

export function removePanel(panels: readonly DashboardPanel[], index: number): DashboardPanel[] {
  return panels.filter((_, i) => i !== index);
}

/** Moves the panel one place up (-1) or down (+1); out of range leaves the list as it is. */
export function movePanel(panels: readonly DashboardPanel[], index: number, by: -1 | 1): DashboardPanel[] {
  const target = index + by;
  if (index < 0 || index >= panels.length || target < 0 || target >= panels.length) return [...panels];
  const out = [...panels];
  [out[index], out[target]] = [out[target], out[index]];
  return out;
}

export function replacePanel(
  panels: readonly DashboardPanel[],
  index: number,
  panel: DashboardPanel,
): DashboardPanel[] {
  return panels.map((p, i) => (i === index ? panel : p));
}
