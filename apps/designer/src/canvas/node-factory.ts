import type { GraphNode, NodeKind } from '@signalbox/domain';

/** A fresh id not in `taken`: short, stable, never derived from a display name. */
export function freshId(prefix: string, taken: ReadonlySet<string>): string {
  for (let i = taken.size + 1; ; i++) {
    const id = `${prefix}${i}`;
    if (!taken.has(id)) return id;
  }
}

export const KIND_TITLES: Record<NodeKind, string> = {
  start: 'Start',
  action: 'Action',
  communication: 'Message',
  decision: 'Decision',
  wait: 'Wait',
  parallel: 'Parallel',
  join: 'Join',
  'link-event': 'Linked event',
  end: 'End',
};

export const KIND_HINTS: Record<NodeKind, string> = {
  start: 'Where the run begins',
  action: 'Run an action code',
  communication: 'Send a templated message',
  decision: 'Branch on a condition',
  wait: 'Wait for time, a date or a signal',
  parallel: 'Run branches at once',
  join: 'Wait for all branches',
  'link-event': 'Raise another event code',
  end: 'Finish the run',
};

/** A new node of a kind with sensible defaults an analyst then edits. */
export function newNode(kind: NodeKind, id: string, extra: { actionCode?: string; template?: string; eventCode?: string } = {}): GraphNode {
  switch (kind) {
    case 'action':
      return { id, kind, actionCode: extra.actionCode ?? 'ACTION_CODE', inputs: {} };
    case 'communication':
      return { id, kind, template: extra.template ?? 'TEMPLATE' };
    case 'decision':
      return { id, kind, branches: [{ id: 'b1', label: 'Yes', condition: 'true' }] };
    case 'wait':
      return { id, kind, wait: { type: 'duration', duration: '5m' } };
    case 'link-event':
      return { id, kind, eventCode: extra.eventCode ?? 'EVENT_CODE' };
    case 'end':
      return { id, kind, result: 'completed' };
    default:
      return { id, kind } as GraphNode;
  }
}
