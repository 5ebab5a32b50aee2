import type { ActionCode } from '../catalog/action-code.schema';
import { getActionType } from '../action-types/registry';
import type { GraphNode } from './graph.schema';

/**
 * The outgoing handles of a node. Action outcomes come from the action type; decision handles
 * are its branch ids plus `default`; `end` has none.
 */
export function outcomesOf(node: GraphNode, actionCodes: ReadonlyMap<string, ActionCode>): string[] {
  switch (node.kind) {
    case 'start':
    case 'parallel':
    case 'join':
    case 'link-event':
      return ['next'];
    case 'wait':
      return node.wait.type === 'signal' || node.wait.type === 'message' ? ['next', 'timeout'] : ['next'];
    case 'communication':
      return ['success', 'failure'];
    case 'decision':
      return [...node.branches.map((b) => b.id), 'default'];
    case 'action': {
      const code = actionCodes.get(node.actionCode);
      const type = code ? getActionType(code.actionType) : undefined;
      return type ? [...type.outcomes] : ['success', 'failure'];
    }
    case 'end':
      return [];
  }
}
