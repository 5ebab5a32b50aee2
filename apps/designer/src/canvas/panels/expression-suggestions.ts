import { createContext } from 'react';
import { SUBJECT_KEYS, type PinnedSample } from '@signalbox/domain';
import type { NodeState } from '@signalbox/contracts';

interface Connection {
  source: string;
  target: string;
}

/** The id of the <datalist> the expression fields of the open step suggest from (none outside a step panel). */
export const ExpressionListContext = createContext<string | undefined>(undefined);

/** At most this many output fields per earlier step are offered (a large payload is not a menu). */
const MAX_FIELDS_PER_NODE = 20;

/**
 * What an expression in step `nodeId` can read, for the field's autocomplete: every subject key,
 * the event's data (its fields as the pinned sample has them) and code, and the outputs of the
 * steps that can run before it (those with a path to it) — each output's fields as the last test
 * run left them, or else as pinned.
 */
export function expressionSuggestions(edges: readonly Connection[], nodeId: string, runNodes: Readonly<Record<string, NodeState>>, sample?: Pick<PinnedSample, 'data' | 'nodes'> | null): string[] {
  const out = ['data', ...fieldsOf('data', sample?.data), 'event.code', ...SUBJECT_KEYS.map((k) => `subject.${k}`)];
  for (const id of [...upstreamOf(edges, nodeId)].sort()) {
    out.push(`nodes.${id}.outcome`, `nodes.${id}.output`);
    // The last test run's output where there is one, else the pinned one.
    out.push(...fieldsOf(`nodes.${id}.output`, runNodes[id]?.output ?? sample?.nodes[id]?.output));
  }
  return out;
}

/** `prefix.field` for each field of an object value (at most MAX_FIELDS_PER_NODE). */
function fieldsOf(prefix: string, value: unknown): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.keys(value)
    .slice(0, MAX_FIELDS_PER_NODE)
    .map((field) => `${prefix}.${field}`);
}

/** The steps with a path to `nodeId` (not counting itself unless it is in a loop). */
function upstreamOf(edges: readonly Connection[], nodeId: string): Set<string> {
  const into = new Map<string, string[]>();
  for (const e of edges) into.set(e.target, [...(into.get(e.target) ?? []), e.source]);
  const seen = new Set<string>();
  const queue = [...(into.get(nodeId) ?? [])];
  while (queue.length) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(into.get(id) ?? []));
  }
  return seen;
}
