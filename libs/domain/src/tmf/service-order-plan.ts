import { Subject } from '../common/subject';
import type { ServiceSpecMapping, TmfItemAction } from './service-order-mapping.schema';
import type { TmfServiceOrderCreate } from './service-order.schema';

/** One order item as a Signalbox run: what it raises, with what, after which items. */
export interface TmfItemPlan {
  itemId: string;
  action: TmfItemAction;
  specificationId: string;
  eventCode: string;
  subject: Record<string, string>;
  data: Record<string, unknown>;
  /** Item ids that must complete before this one starts (serviceOrderItemRelationship). */
  dependsOn: string[];
}

export interface TmfPlanProblem {
  /** TMF path of the field, e.g. serviceOrderItem[1].service.serviceSpecification.id. */
  path: string;
  /** The item's id when the problem is inside an item. */
  itemId?: string;
  message: string;
}

/**
 * Maps every item of an order to a run, or lists every reason it cannot: an unknown
 * specification, an action without a mapping, a missing mandatory characteristic, a subject the
 * characteristics do not make valid, a relationship to an unknown item, a dependency cycle.
 * All problems are collected, so the caller fixes the order in one round.
 */
export function planTmfOrder(order: TmfServiceOrderCreate, mappings: ReadonlyMap<string, ServiceSpecMapping>): { items: TmfItemPlan[]; problems: TmfPlanProblem[] } {
  const problems: TmfPlanProblem[] = [];
  const items: TmfItemPlan[] = [];
  const ids = new Set(order.serviceOrderItem.map((i) => i.id));
  order.serviceOrderItem.forEach((item, index) => {
    const at = `serviceOrderItem[${index}]`;
    const problem = (path: string, message: string) => problems.push({ path: `${at}${path}`, itemId: item.id, message });
    const specId = item.service.serviceSpecification.id;
    const mapping = mappings.get(specId);
    const dependsOn: string[] = [];
    item.serviceOrderItemRelationship.forEach((rel, r) => {
      const target = rel.orderItem.itemId;
      if (!ids.has(target)) problem(`.serviceOrderItemRelationship[${r}].orderItem.itemId`, `item ${item.id} relates to item ${target}, which is not in this order`);
      else if (!dependsOn.includes(target)) dependsOn.push(target);
    });
    if (!mapping) return problem('.service.serviceSpecification.id', `unknown service specification ${specId}: no mapping is configured for it`);
    const action = mapping.actions[item.action];
    if (!action) return problem('.action', `service specification ${specId} has no mapping for action ${item.action} (mapped: ${Object.keys(mapping.actions).join(', ')})`);
    const values = new Map(item.service.serviceCharacteristic.map((c) => [c.name, c.value]));
    const required = new Set([...Object.values(action.subject), ...action.mandatory]);
    for (const name of required) {
      if (values.get(name) === undefined || values.get(name) === null || values.get(name) === '') {
        problem('.service.serviceCharacteristic', `item ${item.id} lacks the mandatory characteristic ${name}`);
      }
    }
    const subject: Record<string, string> = {};
    for (const [key, name] of Object.entries(action.subject)) {
      const value = values.get(name as string);
      if (typeof value === 'string' || typeof value === 'number') subject[key] = String(value);
      else if (value !== undefined && value !== null && value !== '') problem('.service.serviceCharacteristic', `characteristic ${name} of item ${item.id} must be a string or number (it fills the subject's ${key})`);
    }
    const checked = Subject.safeParse(subject);
    if (Object.keys(subject).length && !checked.success) {
      for (const issue of checked.error.issues) {
        const key = String(issue.path[0] ?? '');
        problem('.service.serviceCharacteristic', `characteristic ${key ? action.subject[key as keyof typeof action.subject] : ''} of item ${item.id}: ${issue.message}`);
      }
    }
    const data: Record<string, unknown> = {};
    for (const [field, name] of Object.entries(action.data)) if (values.has(name)) data[field] = values.get(name);
    data.tmf = { serviceOrderItemId: item.id, action: item.action, serviceSpecificationId: specId, ...(item.service.id ? { serviceId: item.service.id } : {}) };
    items.push({ itemId: item.id, action: item.action, specificationId: specId, eventCode: action.eventCode, subject, data, dependsOn });
  });
  const cycle = dependencyCycle(order.serviceOrderItem.map((i) => ({ id: i.id, dependsOn: i.serviceOrderItemRelationship.map((r) => r.orderItem.itemId).filter((t) => ids.has(t)) })));
  if (cycle) {
    const index = order.serviceOrderItem.findIndex((i) => i.id === cycle[0]);
    problems.push({ path: `serviceOrderItem[${index}].serviceOrderItemRelationship`, itemId: cycle[0], message: `the items' relationships form a cycle (${[...cycle, cycle[0]].join(' → ')}): no item of it could ever start` });
  }
  return { items, problems };
}

/** The first cycle found among the items' dependencies (item ids, in order), or undefined. */
export function dependencyCycle(items: readonly { id: string; dependsOn: readonly string[] }[]): string[] | undefined {
  const deps = new Map(items.map((i) => [i.id, i.dependsOn]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return path.slice(path.indexOf(id));
    state.set(id, 'visiting');
    path.push(id);
    for (const next of deps.get(id) ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const { id } of items) {
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}
