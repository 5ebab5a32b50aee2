// Minimal stand-ins used until @signalbox/domain ships the real checks (see domain.adapter.ts).
import jsonata from 'jsonata';
import { outcomesOf, type CatalogView, type GraphNode, type WorkflowGraph } from '@signalbox/domain';
import type { CatalogLists, ExpressionCheck, GraphDiff, WorkflowProblem } from './domain.adapter';

export function checkExpression(text: string): ExpressionCheck {
  if (!text.trim()) return { ok: false, message: 'is required' };
  try {
    jsonata(text);
    return { ok: true };
  } catch (e) {
    const err = e as { message?: string; position?: number };
    return { ok: false, message: err.message ?? 'invalid expression', position: err.position };
  }
}

function expressionsOf(node: GraphNode): [string, string][] {
  const out: [string, string][] = [];
  if (node.schedule?.type === 'at') out.push(['schedule.expression', node.schedule.expression]);
  switch (node.kind) {
    case 'action':
      for (const [k, v] of Object.entries(node.inputs ?? {})) out.push([`inputs.${k}`, v]);
      break;
    case 'communication':
      if (node.to) out.push(['to', node.to]);
      if (node.locale) out.push(['locale', node.locale]);
      break;
    case 'decision':
      node.branches.forEach((b, i) => out.push([`branches.${i}.condition`, b.condition]));
      break;
    case 'wait':
      if (node.wait.type === 'until') out.push(['wait.expression', node.wait.expression]);
      break;
    case 'link-event':
      if (node.data) out.push(['data', node.data]);
      break;
  }
  return out;
}

export function validateWorkflow(graph: WorkflowGraph, view: CatalogView): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const starts = graph.nodes.filter((n) => n.kind === 'start');
  if (starts.length === 0) problems.push({ severity: 'error', code: 'no-start', message: 'The workflow needs a Start node.' });
  if (starts.length > 1) for (const s of starts.slice(1)) problems.push({ severity: 'error', code: 'many-starts', message: 'Only one Start node is allowed.', nodeId: s.id });
  for (const e of graph.edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) problems.push({ severity: 'error', code: 'dangling-edge', message: 'Connection to a missing node.', edgeId: e.id });
  }
  for (const n of graph.nodes) {
    if (n.kind === 'action' && !view.actionCodes.has(n.actionCode))
      problems.push({ severity: 'error', code: 'unknown-action-code', message: `Action code ${n.actionCode} does not exist.`, nodeId: n.id, field: 'actionCode' });
    if (n.kind === 'communication' && !view.templates.has(n.template))
      problems.push({ severity: 'error', code: 'unknown-template', message: `Template ${n.template || '(none)'} does not exist.`, nodeId: n.id, field: 'template' });
    if (n.kind === 'link-event' && !view.eventCodes.has(n.eventCode))
      problems.push({ severity: 'error', code: 'unknown-event-code', message: `Event code ${n.eventCode || '(none)'} does not exist.`, nodeId: n.id, field: 'eventCode' });
    for (const [field, text] of expressionsOf(n)) {
      const c = checkExpression(text);
      if (!c.ok) problems.push({ severity: 'error', code: 'bad-expression', message: `${field}: ${c.message}`, nodeId: n.id, field });
    }
    const outs = outcomesOf(n, view.actionCodes);
    const connected = new Set(graph.edges.filter((e) => e.source === n.id).map((e) => e.sourceHandle));
    if (n.kind !== 'end' && connected.size === 0)
      problems.push({ severity: 'error', code: 'dead-end', message: 'Connect this step to the next one or to an End node.', nodeId: n.id });
    else
      for (const o of outs)
        if (!connected.has(o) && (o === 'failure' || o === 'timeout'))
          problems.push({ severity: 'warning', code: 'unhandled-outcome', message: `Outcome "${o}" is not connected; the run ends failed there.`, nodeId: n.id });
  }
  if (starts.length > 0) {
    const seen = new Set<string>([starts[0].id]);
    const queue = [starts[0].id];
    while (queue.length) {
      const id = queue.shift() as string;
      for (const e of graph.edges) if (e.source === id && !seen.has(e.target)) (seen.add(e.target), queue.push(e.target));
    }
    for (const n of graph.nodes)
      if (!seen.has(n.id)) problems.push({ severity: 'warning', code: 'unreachable', message: 'Not reachable from Start.', nodeId: n.id });
  }
  return problems;
}

export function diffGraphs(a: WorkflowGraph, b: WorkflowGraph): GraphDiff {
  const an = new Map(a.nodes.map((n) => [n.id, n]));
  const bn = new Map(b.nodes.map((n) => [n.id, n]));
  const changed: { id: string; fields: string[] }[] = [];
  for (const [id, nb] of bn) {
    const na = an.get(id);
    if (!na) continue;
    const keys = new Set([...Object.keys(na), ...Object.keys(nb)]);
    keys.delete('position');
    const fields = [...keys].filter((k) => JSON.stringify((na as Record<string, unknown>)[k]) !== JSON.stringify((nb as Record<string, unknown>)[k]));
    if (fields.length) changed.push({ id, fields });
  }
  const ae = new Set(a.edges.map((e) => `${e.id}`));
  const be = new Set(b.edges.map((e) => `${e.id}`));
  return {
    nodes: { added: [...bn.keys()].filter((id) => !an.has(id)), removed: [...an.keys()].filter((id) => !bn.has(id)), changed },
    edges: { added: [...be].filter((id) => !ae.has(id)), removed: [...ae].filter((id) => !be.has(id)) },
  };
}

export function buildCatalogView(lists: CatalogLists): CatalogView {
  return {
    eventCodes: new Map(lists.eventCodes.map((x) => [x.code, x])),
    actionCodes: new Map(lists.actionCodes.map((x) => [x.code, x])),
    templates: new Map(lists.templates.map((x) => [x.code, x])),
    providers: new Map(lists.providers.map((x) => [x.code, x])),
    serviceTypes: new Map(lists.serviceTypes.map((x) => [x.code, x])),
  };
}
