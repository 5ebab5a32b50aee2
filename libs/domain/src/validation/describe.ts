import type { GraphNode } from '../graph/graph.schema';

const KIND_NAMES: Record<GraphNode['kind'], string> = {
  start: 'start node',
  action: 'action',
  communication: 'message',
  decision: 'decision',
  wait: 'wait',
  parallel: 'parallel split',
  join: 'join',
  'link-event': 'linked event',
  end: 'end node',
};

/** "node ‘Activate GPRS’" when labelled, else "action n3", for use inside a sentence. */
export function nodeName(node: Pick<GraphNode, 'id' | 'kind' | 'label'>): string {
  const label = node.label?.trim();
  return label ? `node ‘${label}’` : `${KIND_NAMES[node.kind]} ${node.id}`;
}

/** nodeName with a capital letter, to start a sentence. */
export function NodeName(node: Pick<GraphNode, 'id' | 'kind' | 'label'>): string {
  return capitalize(nodeName(node));
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** "A, B and C" (at most `max` items, then "and N more"). */
export function listOf(items: readonly string[], max = 6): string {
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
