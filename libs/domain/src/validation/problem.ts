export type Severity = 'error' | 'warning';

/** One thing wrong with a workflow, anchored to the node, edge and field an analyst must fix. */
export interface WorkflowProblem {
  severity: Severity;
  /** Stable machine code, e.g. UNKNOWN_ACTION_CODE. */
  code: string;
  /** A sentence a business analyst understands, naming the node by its label. */
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Dotted path inside the node (e.g. inputs.apn, branches.0.condition). */
  field?: string;
}

/** One thing wrong with an action code; `field` is a dotted path such as parameters.timeout. */
export interface ActionCodeProblem {
  severity: Severity;
  code: string;
  message: string;
  field: string;
}

/** A workflow can be published when it has no errors (warnings are allowed). */
export function isPublishable(problems: readonly { severity: Severity }[]): boolean {
  return problems.every((p) => p.severity !== 'error');
}

const cmp = (a: string | undefined, b: string | undefined): number => {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Deterministic order: workflow-level problems first, then by node, edge, code, field, message. */
export function sortProblems<P extends WorkflowProblem>(problems: P[]): P[] {
  return [...problems].sort(
    (a, b) => cmp(a.nodeId, b.nodeId) || cmp(a.edgeId, b.edgeId) || cmp(a.code, b.code) || cmp(a.field, b.field) || cmp(a.message, b.message),
  );
}
