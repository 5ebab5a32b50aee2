import jsonata from 'jsonata';

/** Node types that read the document an expression is evaluated against. */
const READS_INPUT = new Set(['name', 'wildcard', 'descendant', 'parent']);
/** Functions whose answer comes from the run (its clock), not from the expression. */
const READS_RUN = new Set(['now', 'millis']);

/**
 * Whether an expression gives the same answer, at the same cost, in every run: it reads no field
 * (`data.x`, `*`, `**`, `%`), neither `$` nor `$$`, and no clock. Such an expression can be
 * evaluated once when the graph is checked, and what it would do in a run is then known. Walks the
 * syntax tree without recursion; an expression that does not parse is not context-free.
 */
export function isContextFree(text: string): boolean {
  let root: unknown;
  try {
    root = jsonata(text).ast();
  } catch {
    return false;
  }
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (typeof node !== 'object' || node === null || node instanceof RegExp) continue;
    const n = node as { type?: string; value?: unknown };
    if (n.type !== undefined && READS_INPUT.has(n.type)) return false;
    // `$` is the variable named "", `$$` the one named "$"; `$now` counts called or aliased.
    if (n.type === 'variable' && (n.value === '' || n.value === '$' || READS_RUN.has(String(n.value)))) return false;
    for (const value of Object.values(n)) if (typeof value === 'object' && value !== null) stack.push(value);
  }
  return true;
}
