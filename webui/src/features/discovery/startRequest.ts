import type {
  ConditionField,
  ConditionOperator,
  Registration,
  RegistrationCondition,
  StartDiscoveryRequest,
} from '../../api';

/** The "Start discovery" form as antd holds it: condition rows may be half filled. */
export interface StartDiscoveryForm {
  agentIds: number[];
  method: Registration['method'];
  conditions?: { field?: ConditionField; operator?: ConditionOperator; value?: string }[];
}

/**
 * The POST /discoveries body of the form. Complete condition rows become conditions (values
 * trimmed); blank rows are dropped. Without conditions the registration is left out: every new
 * printer is then managed, whatever the method.
 */
export function startDiscoveryBody(form: StartDiscoveryForm): StartDiscoveryRequest {
  const conditions: RegistrationCondition[] = [];
  for (const row of form.conditions ?? []) {
    const value = (row.value ?? '').trim();
    if (!row.field || !row.operator || value === '') continue;
    conditions.push({ field: row.field, operator: row.operator, value });
  }
  const agentIds = [...new Set(form.agentIds)];
  if (conditions.length === 0) return { agentIds };
  return { agentIds, registration: { method: form.method, conditions } };
}
