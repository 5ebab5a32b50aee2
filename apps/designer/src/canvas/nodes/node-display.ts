import type { ActionCode, GraphNode } from '@signalbox/domain';
import { KIND_TITLES } from '../node-factory';

/** Colour class of an outcome handle: success green, failure red, timeout amber, the rest neutral. */
export function outcomeClass(handle: string): string {
  if (handle === 'success') return 'oc-success';
  if (handle === 'failure') return 'oc-failure';
  if (handle === 'timeout') return 'oc-timeout';
  if (handle === 'next') return 'oc-next';
  if (handle === 'default') return 'oc-default';
  return 'oc-branch';
}

export function handleLabel(node: GraphNode, handle: string): string {
  if (node.kind === 'decision') {
    const b = node.branches.find((x) => x.id === handle);
    if (b) return b.label || b.id;
  }
  return handle;
}

/** Title and one-line detail shown on the node. */
export function describeNode(node: GraphNode, actionCodes: ReadonlyMap<string, ActionCode>): { title: string; detail: string } {
  const title = node.label?.trim();
  switch (node.kind) {
    case 'action': {
      const code = actionCodes.get(node.actionCode);
      return { title: title || code?.name || node.actionCode || 'Choose an action code', detail: node.actionCode ? `${node.actionCode}${code ? ` · ${code.actionType}` : ''}` : 'no action code' };
    }
    case 'communication':
      return { title: title || 'Send message', detail: node.template || 'no template' };
    case 'decision':
      return { title: title || 'Decision', detail: `${node.branches.length} branch${node.branches.length === 1 ? '' : 'es'} + default` };
    case 'wait': {
      const w = node.wait;
      const detail =
        w.type === 'duration'
          ? `for ${w.duration}`
          : w.type === 'until'
            ? `until ${w.expression}`
            : w.type === 'signal'
              ? `signal ${w.signal} (≤ ${w.timeout})`
              : `message ${w.message} by ${w.correlateBy.join(', ')} (≤ ${w.timeout})`;
      return { title: title || 'Wait', detail };
    }
    case 'link-event':
      return { title: title || 'Raise linked event', detail: `${node.eventCode || 'no event code'}${node.delay ? ` after ${node.delay}` : ''}` };
    case 'end':
      return { title: title || 'End', detail: node.result ?? 'completed' };
    default:
      return { title: title || KIND_TITLES[node.kind], detail: '' };
  }
}
