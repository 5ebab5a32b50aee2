import type { CatalogView } from '../catalog/catalog-document.schema';
import { checkExpression } from '../expressions/check-expression';
import type { GraphNode } from '../graph/graph.schema';
import { NodeName, lowerFirst, nodeName } from './describe';
import type { WorkflowProblem } from './problem';
import { nodeExpressions } from './node-expressions';
import { channelProviderMismatch, validateActionCode } from './validate-action-code';

interface NodeCheckOptions {
  forPublish?: boolean;
}

/** What one node refers to and the expressions it holds, independent of its connections. */
export function checkNodeConfiguration(node: GraphNode, catalog: CatalogView, options: NodeCheckOptions): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  for (const { text, field, what } of nodeExpressions(node)) {
    const check = checkExpression(text);
    if (!check.ok) {
      problems.push({
        severity: 'error',
        code: 'INVALID_EXPRESSION',
        nodeId: node.id,
        field,
        message: `In ${nodeName(node)}, the ${what} is not a valid expression: ${lowerFirst(check.message)}`,
      });
    }
  }

  switch (node.kind) {
    case 'action': {
      const actionCode = catalog.actionCodes.get(node.actionCode);
      if (!actionCode) {
        problems.push({
          severity: 'error',
          code: 'UNKNOWN_ACTION_CODE',
          nodeId: node.id,
          field: 'actionCode',
          message: `${NodeName(node)} uses action code ${node.actionCode}, which does not exist.`,
        });
      } else {
        for (const p of validateActionCode(actionCode, catalog, options)) {
          problems.push({
            severity: p.severity,
            code: p.code,
            nodeId: node.id,
            field: 'actionCode',
            message: `${NodeName(node)} uses action code ${node.actionCode}, which has a problem: ${lowerFirst(p.message)}`,
          });
        }
      }
      break;
    }
    case 'communication':
      if (!catalog.templates.has(node.template)) {
        problems.push({
          severity: 'error',
          code: 'UNKNOWN_TEMPLATE',
          nodeId: node.id,
          field: 'template',
          message: `${NodeName(node)} sends template ${node.template}, which does not exist.`,
        });
      }
      problems.push(...communicationProviderProblems(node, catalog));
      break;
    case 'decision': {
      const seen = new Set<string>();
      node.branches.forEach((branch, i) => {
        if (branch.id === 'default') {
          problems.push({
            severity: 'error',
            code: 'RESERVED_BRANCH_ID',
            nodeId: node.id,
            field: `branches.${i}.id`,
            message: `${NodeName(node)} has a branch with the id default, which is reserved for the path taken when no condition is true; rename the branch.`,
          });
        } else if (seen.has(branch.id)) {
          problems.push({
            severity: 'error',
            code: 'DUPLICATE_BRANCH',
            nodeId: node.id,
            field: `branches.${i}.id`,
            message: `${NodeName(node)} has two branches with the id ${branch.id}; give each branch its own id.`,
          });
        }
        seen.add(branch.id);
      });
      break;
    }
    case 'link-event': {
      const target = catalog.eventCodes.get(node.eventCode);
      if (!target) {
        problems.push({
          severity: 'error',
          code: 'UNKNOWN_EVENT_CODE',
          nodeId: node.id,
          field: 'eventCode',
          message: `${NodeName(node)} raises event code ${node.eventCode}, which does not exist.`,
        });
      } else if (!target.enabled) {
        problems.push({
          severity: 'warning',
          code: 'LINKED_EVENT_DISABLED',
          nodeId: node.id,
          field: 'eventCode',
          message: `${NodeName(node)} raises event code ${node.eventCode}, which is disabled, so nothing will run.`,
        });
      }
      break;
    }
    default:
      break;
  }
  return problems;
}

/** A communication node's provider must exist and speak its template's channel (email has none). */
function communicationProviderProblems(node: Extract<GraphNode, { kind: 'communication' }>, catalog: CatalogView): WorkflowProblem[] {
  if (!node.provider) return [];
  const provider = catalog.providers.get(node.provider);
  const at = { severity: 'error' as const, nodeId: node.id, field: 'provider' };
  if (!provider) return [{ ...at, code: 'UNKNOWN_PROVIDER', message: `${NodeName(node)} sends through provider ${node.provider}, which does not exist.` }];
  const mismatch = channelProviderMismatch(catalog.templates.get(node.template)?.channel, provider.protocol, node.provider);
  return mismatch ? [{ ...at, code: 'CHANNEL_PROVIDER_MISMATCH', message: `${NodeName(node)}: ${lowerFirst(mismatch)}` }] : [];
}
