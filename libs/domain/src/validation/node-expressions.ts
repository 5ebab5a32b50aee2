import type { GraphNode } from '../graph/graph.schema';

/** One expression a node holds: where it is (`field`, a dotted path in the node) and what it is for, in an analyst's words. */
export interface NodeExpression {
  field: string;
  what: string;
  text: string;
}

/** Every expression of a node, in a stable order: the one list that checking and costing both walk. */
export function nodeExpressions(node: GraphNode): NodeExpression[] {
  const found: NodeExpression[] = [];
  const add = (text: string | undefined, field: string, what: string) => {
    if (text !== undefined) found.push({ field, what, text });
  };
  if (node.schedule?.type === 'at') add(node.schedule.expression, 'schedule.expression', 'scheduled date');
  switch (node.kind) {
    case 'action':
      for (const [name, text] of Object.entries(node.inputs ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) add(text, `inputs.${name}`, `input ${name}`);
      break;
    case 'communication':
      add(node.to, 'to', 'recipient');
      add(node.locale, 'locale', 'language');
      break;
    case 'decision':
      node.branches.forEach((branch, i) => add(branch.condition, `branches.${i}.condition`, `condition of branch ${branch.label ? `‘${branch.label}’` : branch.id}`));
      break;
    case 'wait':
      if (node.wait.type === 'until') add(node.wait.expression, 'wait.expression', 'date to wait until');
      break;
    case 'link-event':
      add(node.data, 'data', 'data for the linked event');
      break;
    default:
      break;
  }
  return found;
}
