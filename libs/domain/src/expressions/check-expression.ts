import jsonata from 'jsonata';
import { describeJsonataFailure } from './expression-error';

export type ExpressionCheck = { ok: true } | { ok: false; message: string; position?: number };

/** Functions that would make a run non-deterministic or evaluate text as code. */
export const FORBIDDEN_FUNCTIONS: Readonly<Record<string, string>> = {
  random: '$random() is not allowed: a run must give the same result every time it is replayed',
  eval: '$eval() is not allowed: write the expression directly',
};

/**
 * Parses an expression without evaluating it. `position` is the 1-based character where the
 * problem was noticed.
 */
export function checkExpression(text: string): ExpressionCheck {
  if (text.trim() === '') return { ok: false, message: 'The expression is empty.' };
  let ast: jsonata.ExprNode;
  try {
    ast = jsonata(text).ast();
  } catch (err) {
    const { message, position } = describeJsonataFailure(err);
    const where = position !== undefined ? ` at character ${position}` : '';
    return { ok: false, message: `The expression does not parse${where}: ${message}.`, ...(position !== undefined ? { position } : {}) };
  }
  const forbidden = findForbiddenCall(ast);
  if (forbidden) return { ok: false, message: `${FORBIDDEN_FUNCTIONS[forbidden.name]}.`, ...(forbidden.position !== undefined ? { position: forbidden.position } : {}) };
  return { ok: true };
}

function findForbiddenCall(node: unknown): { name: string; position?: number } | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findForbiddenCall(item);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof node !== 'object' || node === null) return undefined;
  const n = node as jsonata.ExprNode;
  if ((n.type === 'function' || n.type === 'partial') && n.procedure?.type === 'variable' && typeof n.procedure.value === 'string' && n.procedure.value in FORBIDDEN_FUNCTIONS) {
    return { name: n.procedure.value, position: n.procedure.position };
  }
  for (const value of Object.values(n)) {
    const found = findForbiddenCall(value);
    if (found) return found;
  }
  return undefined;
}
