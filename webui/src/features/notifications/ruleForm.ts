import { LEVEL_KINDS, type LevelKind, type NotificationRule, type NotificationRuleInput } from '../../api';

/** The rule editor's fields: addresses as tags, each level kind as an optional percentage. */
export interface RuleForm {
  name: string;
  active: boolean;
  language: NotificationRuleInput['language'];
  to: string[];
  cc: string[];
  groupIds: number[];
  notifyRecovery: boolean;
  severityLevels: string[];
  trainingLevels: string[];
  errorCodes: string[];
  levels: Partial<Record<LevelKind, number | null>>;
  powerStates: string[];
  errorOngoingMinutes: number | null;
}

export const EMPTY_RULE: RuleForm = {
  name: '',
  active: true,
  language: 'en',
  to: [],
  cc: [],
  groupIds: [],
  notifyRecovery: false,
  severityLevels: [],
  trainingLevels: [],
  errorCodes: [],
  levels: {},
  powerStates: [],
  errorOngoingMinutes: null,
};

/** Addresses typed as one tag with commas or line breaks become several. */
export function splitAddresses(values: string[]): string[] {
  return values
    .flatMap((v) => v.split(/[,\n;]/))
    .map((v) => v.trim())
    .filter(Boolean);
}

export function toForm(rule: NotificationRule): RuleForm {
  const c = rule.conditions;
  return {
    name: rule.name,
    active: rule.active,
    language: rule.language,
    to: rule.to,
    cc: rule.cc,
    groupIds: rule.groupIds,
    notifyRecovery: rule.notifyRecovery,
    severityLevels: c.severityLevels,
    trainingLevels: c.trainingLevels,
    errorCodes: c.errorCodes.map(String),
    levels: { ...c.remainingAtMost },
    powerStates: c.powerStates,
    errorOngoingMinutes: c.errorOngoingMinutes,
  };
}

export function toInput(form: RuleForm): NotificationRuleInput {
  const remainingAtMost: Partial<Record<LevelKind, number>> = {};
  for (const kind of LEVEL_KINDS) {
    const value = form.levels[kind];
    if (value !== undefined && value !== null) remainingAtMost[kind] = value;
  }
  return {
    name: form.name.trim(),
    active: form.active,
    language: form.language,
    to: splitAddresses(form.to),
    cc: splitAddresses(form.cc),
    groupIds: form.groupIds,
    notifyRecovery: form.notifyRecovery,
    conditions: {
      severityLevels: form.severityLevels,
      trainingLevels: form.trainingLevels,
      errorCodes: form.errorCodes.map((c) => Number(c.trim())).filter((c) => Number.isInteger(c)),
      remainingAtMost,
      powerStates: form.powerStates,
      errorOngoingMinutes: form.errorOngoingMinutes ?? null,
    },
  };
}

/** How many conditions the rule has (what the table shows). */
export function conditionCount(rule: NotificationRule): number {
  const c = rule.conditions;
  return (
    c.severityLevels.length +
    c.trainingLevels.length +
    c.errorCodes.length +
    Object.keys(c.remainingAtMost).length +
    c.powerStates.length +
    (c.errorOngoingMinutes ? 1 : 0)
  );
}
