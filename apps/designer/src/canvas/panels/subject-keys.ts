import { SUBJECT_KEYS, type CatalogView, type SubjectKey, type WorkflowGraph } from '@signalbox/domain';

export interface SubjectKeyUse {
  key: SubjectKey;
  /** The raise must carry it (event code) or an order would go out without it (provisioning fields). */
  required: boolean;
  /** Where it is used: "event code", "HSS_ACTIVATE_SUBSCRIBER order", "n3 template WELCOME_SMS"… */
  usedBy: string[];
}

const KEYS = new Set<string>(SUBJECT_KEYS);
const SUBJECT_REF = /\bsubject\.([A-Za-z]+)/g;

/** A field name of an order ("msisdn" or "subject.msisdn") as a subject key, if it is one. */
function asSubjectKey(field: string): SubjectKey | undefined {
  const name = field.startsWith('subject.') ? field.slice('subject.'.length) : field;
  return KEYS.has(name) ? (name as SubjectKey) : undefined;
}

function refsIn(value: unknown, out: Set<SubjectKey>): void {
  if (typeof value === 'string') {
    for (const m of value.matchAll(SUBJECT_REF)) if (KEYS.has(m[1])) out.add(m[1] as SubjectKey);
  } else if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => refsIn(v, out));
}

/**
 * Every subject key the workflow reads — the event code's required keys, the fields its
 * provisioning orders copy from the subject, and `subject.*` in its expressions and templates —
 * in the subject's own key order, required ones marked.
 */
export function subjectKeysUsed(graph: WorkflowGraph, view: CatalogView, eventCode: string | undefined): SubjectKeyUse[] {
  const uses = new Map<SubjectKey, SubjectKeyUse>();
  const use = (key: SubjectKey, by: string, required: boolean) => {
    const u = uses.get(key) ?? { key, required: false, usedBy: [] };
    u.required ||= required;
    if (!u.usedBy.includes(by)) u.usedBy.push(by);
    uses.set(key, u);
  };
  for (const key of (eventCode && view.eventCodes.get(eventCode)?.requiredSubjectKeys) || []) use(key, `event code ${eventCode}`, true);
  for (const node of graph.nodes) {
    const refs = new Set<SubjectKey>();
    refsIn({ ...node, position: undefined }, refs);
    if (node.kind === 'action') {
      const code = view.actionCodes.get(node.actionCode);
      if (code?.actionType === 'provisioning') {
        const params = code.parameters as { fields?: unknown; serviceType?: unknown };
        const serviceType = typeof params.serviceType === 'string' ? view.serviceTypes.get(params.serviceType) : undefined;
        const fields = [...(Array.isArray(params.fields) ? params.fields : []), ...((serviceType as { fields?: string[] } | undefined)?.fields ?? [])];
        for (const f of fields) {
          const key = typeof f === 'string' ? asSubjectKey(f) : undefined;
          if (key) use(key, `${node.id} order ${code.code}`, true);
        }
      }
      if (code) refsIn(code.parameters, refs);
    }
    if (node.kind === 'communication') {
      const template = view.templates.get(node.template);
      if (template) refsIn(template.variants, refs);
    }
    for (const key of refs) use(key, `${node.id} (${node.kind})`, false);
  }
  return SUBJECT_KEYS.filter((k) => uses.has(k)).map((k) => uses.get(k)!);
}
